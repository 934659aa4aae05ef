"""The hot reads of the public API (details, path lookup, news and video listings) as SQL.

Each is one statement written here once, not a queryset compiled at every request:
building and compiling a queryset costs more Python than the rest of a detail request
(docs/performance.md, "The public API"). The SQL is plain (``%s`` parameters, no
vendor syntax), so the tests run it on SQLite and production on PostgreSQL; the ORM
models (``cms.delivery.models``) stay the schema's one definition, and the query budgets
(``tests/delivery/test_api_budgets.py``) count these statements like any other.

On PostgreSQL each statement is prepared once per connection (``PREPARE``, then
``EXECUTE`` at each request): PostgreSQL then plans it once, where planning costs more
than executing these index lookups. The ``PREPARE`` is connection set-up, like Django's
own ``SET`` statements, and not counted by the budgets; ``API_PREPARED_STATEMENTS=false``
turns it off behind a pooler in transaction mode (PgBouncer), which does not keep a
session's prepared statements.

Instants go in through ``connection.ops.adapt_datetimefield_value`` and come out through
:func:`instant`, as the ORM would convert them.
"""

from __future__ import annotations

import datetime
import hashlib
import weakref
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.utils.dateparse import parse_datetime

from cms.delivery.models import Kind, State


class Stored(NamedTuple):
    """The columns of a document that a detail or a lookup answers with."""

    kind: str
    public_id: str
    locale: str
    state: str
    path: str
    body: str
    etag: str
    modified_at: datetime.datetime
    expires_at: datetime.datetime | None
    #: The store's generation the row was read at (:func:`store_generation`).
    generation: int


#: The store's generation: the sum of every kind's (each only grows by one per write).
_STORE_GENERATION = "SELECT COALESCE(SUM(number), 0) FROM delivery_generation"
_STORED = (
    "kind, public_id, locale, state, path, body, etag, modified_at, expires_at, "
    f"({_STORE_GENERATION})"
)

_DETAIL = (
    f"SELECT {_STORED} FROM delivery_document "  # noqa: S608 (constant text)
    "WHERE kind = %s AND public_id = %s ORDER BY id LIMIT 1"
)

# A served document at the path first (public or withdrawn, not expired), else the
# latest written one there (a tombstone, an expired item): the newest first in each.
_AT_PATH = (
    f"SELECT {_STORED} FROM delivery_document WHERE path = %s "  # noqa: S608 (constant text)
    f"ORDER BY CASE WHEN state IN ('{State.PUBLIC}', '{State.WITHDRAWN}') "
    "AND (expires_at IS NULL OR expires_at > %s) THEN 0 ELSE 1 END, modified_at DESC LIMIT 1"
)


_WITH_FACET = "SELECT document_id FROM delivery_facet WHERE name = %s AND value = %s"


def instant(value) -> datetime.datetime | None:
    """A datetime column as read by a cursor: PostgreSQL gives an aware datetime; SQLite
    a naive one in UTC (how Django stores it there), or its text for an expression such
    as ``MAX()``; ``None`` stays ``None``."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=datetime.UTC)


#: The statements prepared on each PostgreSQL connection (psycopg's connection -> names):
#: a new connection prepares them again.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _execute(cursor, sql: str, args: list) -> None:
    """Run ``sql`` (``%s`` parameters) with ``args``: as a prepared statement on
    PostgreSQL (named after its text, prepared at its first use on the connection)."""
    if connection.vendor != "postgresql" or not settings.API_PREPARED_STATEMENTS:
        cursor.execute(sql, args)
        return
    name = "api_" + hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()
    raw = connection.connection
    names = _prepared.setdefault(raw, set())
    if name not in names:
        parts = sql.split("%s")
        numbered = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))
        raw.execute(f"PREPARE {name} AS {numbered}")
        names.add(name)
    parameters = f"({', '.join(['%s'] * len(args))})" if args else ""
    cursor.execute(f"EXECUTE {name}{parameters}", args)


def _param(moment: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _stored(row) -> Stored | None:
    if row is None:
        return None
    *columns, modified_at, expires_at, generation = row
    return Stored(*columns, instant(modified_at), instant(expires_at), int(generation))


def news_item(pk: int) -> Stored | None:
    """The stored news item of public id ``pk`` (any state), or ``None``, with the
    store's generation it was read at (the same snapshot): one query."""
    return detail(Kind.NEWS, pk)


def detail(kind: str, pk: int) -> Stored | None:
    """The stored document of ``kind`` and public id ``pk`` (any state: a tombstone or an
    expired one too, the caller answers 410), or ``None``, with the store's generation it
    was read at (the same snapshot): one query."""
    with connection.cursor() as cursor:
        _execute(cursor, _DETAIL, [kind, str(pk)])
        return _stored(cursor.fetchone())


def at_path(path: str, now: datetime.datetime) -> Stored | None:
    """The document at a public ``path``: the newest served at ``now`` if any, else the
    newest written there (gone or expired, a 410), else ``None``, with the store's
    generation it was read at (the same snapshot): one query."""
    with connection.cursor() as cursor:
        _execute(cursor, _AT_PATH, [path, _param(now)])
        return _stored(cursor.fetchone())


def as_text(column: str) -> str:
    """SQL for an instant ``column`` as text in UTC that sorts as the instants do, whatever
    the server's ``DateStyle``: ``YYYY-MM-DD HH:MM:SS.ffffff`` (SQLite stores that text,
    without ``.ffffff`` for a whole second); ``instant`` reads it back."""
    if connection.vendor == "postgresql":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    return f"CAST({column} AS TEXT)"


class Row(NamedTuple):
    """One entry of the news listing. Its instants are the database's text (UTC, which
    sorts as the instants do): only the ones a response needs are parsed (``instant``),
    not two per row."""

    id: int
    summary: str
    published_at: str | None
    expires_at: str | None


class Generation(NamedTuple):
    """A kind's generation (``models.Generation``): ``number`` (0 before the kind's first
    write) and ``stamp``, its ``modified_at`` as the database's text (``as_text``; ``None``
    before the first write), compared as it is, parsed only for a response."""

    number: int
    stamp: str | None

    @property
    def modified_at(self) -> datetime.datetime | None:
        return instant(self.stamp)


def _generation_sql() -> str:
    return (
        f"SELECT number, {as_text('modified_at')} FROM delivery_generation "  # noqa: S608
        "WHERE kind = %s"
    )


def store_generation() -> int:
    """The store's generation: the sum of every kind's, which grows at every write of any
    document (0 before the first): one query, of the few generation rows."""
    with connection.cursor() as cursor:
        _execute(cursor, _STORE_GENERATION, [])
        return int(cursor.fetchone()[0])


def generation(kind: str) -> Generation:
    """The generation of ``kind``: one query (a primary-key read)."""
    with connection.cursor() as cursor:
        _execute(cursor, _generation_sql(), [kind])
        row = cursor.fetchone()
    return Generation(0, None) if row is None else Generation(int(row[0]), row[1])


def news_page(
    params: dict,
    *,
    locale: str,
    limit: int,
    now: datetime.datetime,
    after_day: datetime.datetime | None = None,
    before_day: datetime.datetime | None = None,
) -> tuple[list[Row], Generation]:
    """Up to ``limit`` entries of the news listing for the validated ``params``
    (``cms.delivery.queries.NewsListQuery``) at ``now``, newest first (first
    publication, then id), from the cursor on; and the generation of the news documents
    the page was read at (the same snapshot: the listing's ``Last-Modified``, and what
    its cache checks). One query, an empty page too. ``after_day`` and ``before_day`` are
    the instants of ``published_after`` (included) and ``published_before`` (excluded).
    """
    conditions = [
        (f"d.{'news_kind' if name == 'kind' else name} = %s", params[name])
        for name in ("kind", "government")
        if name in params
    ]
    return listing_page(
        Kind.NEWS,
        params,
        locale=locale,
        conditions=conditions,
        limit=limit,
        now=now,
        after_day=after_day,
        before_day=before_day,
    )


def videos_page(
    params: dict,
    *,
    limit: int,
    now: datetime.datetime,
    after_day: datetime.datetime | None = None,
    before_day: datetime.datetime | None = None,
) -> tuple[list[Row], Generation]:
    """Up to ``limit`` entries of the video listing for the validated ``params``
    (``cms.delivery.queries.VideoListQuery`` or ``VideoFeedQuery``) at ``now``, newest
    first, from the cursor on, with the generation of the video documents: as
    :func:`news_page`. Every language without ``language``; ``duration_min`` and
    ``duration_max`` (seconds, both included) compare the ``duration`` column, so a video
    of unknown duration is left out by either. One query."""
    conditions = []
    if "duration_min" in params:
        conditions.append(("d.duration >= %s", params["duration_min"]))
    if "duration_max" in params:
        conditions.append(("d.duration <= %s", params["duration_max"]))
    return listing_page(
        Kind.VIDEO,
        params,
        locale=params.get("language"),
        conditions=conditions,
        limit=limit,
        now=now,
        after_day=after_day,
        before_day=before_day,
    )


def listing_page(
    kind: str,
    params: dict,
    *,
    locale: str | None,
    conditions: list[tuple[str, object]],
    limit: int,
    now: datetime.datetime,
    after_day: datetime.datetime | None = None,
    before_day: datetime.datetime | None = None,
) -> tuple[list[Row], Generation]:
    """Up to ``limit`` listed documents of ``kind`` (public, not expired) in ``locale``
    (every locale when ``None``), newest first (first publication, then id), filtered by
    the ``ministry`` and ``topic`` facets of ``params``, its ``cursor``, the days
    ``after_day`` (included) and ``before_day`` (excluded), and ``conditions`` (SQL on
    the document ``d`` with one ``%s``, and its value); and the kind's generation, read
    in the same statement. One query, an empty page too.

    With a ministry or topic filter, the query is driven by that facet's
    ``delivery_facet_listing`` index, already in listing order (``Facet.published_at``):
    PostgreSQL reads the facet's entries from the cursor on and stops at the page, where
    walking the whole listing for a ministry whose items are all old costs a scan of
    every newer item. Without one, by the ``delivery_listing`` index.
    """
    facets = [(name, str(params[name])) for name in ("ministry", "topic") if name in params]
    where: list[str] = []
    args: list = [kind]  # the generation's, first in the text
    if facets:
        name, value = facets.pop(0)
        source = "delivery_facet f JOIN delivery_document d ON d.id = f.document_id"
        order, pk = "f.published_at", "f.document_id"
        where += ["f.name = %s", "f.value = %s"]
        args += [name, value]
    else:
        source, order, pk = "delivery_document d", "d.published_at", "d.id"
    where += ["d.kind = %s"]
    args += [kind]
    if locale is not None:
        where.append("d.locale = %s")
        args.append(locale)
    where += ["d.state = %s", "(d.expires_at IS NULL OR d.expires_at > %s)"]
    args += [State.PUBLIC, _param(now)]
    for clause, value in conditions:
        where.append(clause)
        args.append(value)
    for name, value in facets:
        where.append(f"{pk} IN ({_WITH_FACET})")
        args += [name, value]
    if after_day is not None:
        where.append(f"{order} >= %s")
        args.append(_param(after_day))
    if before_day is not None:
        where.append(f"{order} < %s")
        args.append(_param(before_day))
    if "cursor" in params:
        moment, last = params["cursor"]
        where.append(f"({order} < %s OR ({order} = %s AND {pk} < %s))")
        args += [_param(moment), _param(moment), last]
    args.append(limit)
    # The generation is a row of its own (no id; its number as the summary), so that an
    # empty page reads it too; the text is constant but for the clauses above (S608).
    sql = (
        "SELECT id, summary, published_at, expires_at FROM ("  # noqa: S608
        "SELECT NULL AS id, CAST(number AS TEXT) AS summary, "
        f"{as_text('modified_at')} AS published_at, "
        "NULL AS expires_at FROM delivery_generation WHERE kind = %s "
        "UNION ALL SELECT * FROM ("
        f"SELECT {pk} AS id, d.summary AS summary, {as_text(order)} AS published_at, "
        f"{as_text('d.expires_at')} AS expires_at FROM {source} WHERE {' AND '.join(where)} "
        f"ORDER BY {order} DESC, {pk} DESC LIMIT %s) p) u "
        "ORDER BY published_at DESC, id DESC"
    )
    with connection.cursor() as cursor:
        _execute(cursor, sql, args)
        rows = cursor.fetchall()
    page = [Row(*row) for row in rows if row[0] is not None]
    found = [Generation(int(number), stamp) for pk, number, stamp, _ in rows if pk is None]
    return page, found[0] if found else Generation(0, None)
