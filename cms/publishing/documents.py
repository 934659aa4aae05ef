"""Writing the delivery store: one source rendered, compared, and stored with its version.

A *source* is an editorial object the store shows: ``("page", id)``, ``("crisis_alert",
id)``, ``("ministry", id)``, ``("topic", id)``, ``("government", id)``. :func:`sync` renders
it from its state at the moment it runs (never from the event that asked for it) and
writes the result: a public or withdrawn document, a tombstone if it was public and is
no longer, or nothing at all if it never was.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from cms.delivery.models import Document, Facet, PublicFile, State

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Rendered:
    """What a renderer makes of a public source: the document's JSON and its columns.

    ``body`` and ``summary`` are JSON-serialisable dicts (dates as ``datetime``); ``url``
    is the absolute front-end URL of ``path`` (on the page's own site's front end);
    ``facets`` are ``(name, value)`` pairs (``("topic", "<uuid>")``); ``files`` are the
    storage names of the media files the document shows.
    """

    kind: str
    public_id: str
    locale: str
    body: dict
    summary: dict | None = None
    state: str = State.PUBLIC
    path: str = ""
    url: str = ""
    translation_key: str | None = None
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None
    refresh_at: datetime.datetime | None = None
    news_kind: str = ""
    government: str = ""
    duration: float | None = None
    facets: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    files: list[str] = dataclasses.field(default_factory=list)


#: source name -> function(pk) returning ``Rendered`` for a public source, ``None`` otherwise.
RENDERERS: dict[str, Callable[[int], Rendered | None]] = {}


#: source name -> function() returning every pk of that source the store may show, in
#: the order a rebuild renders them (what others show of comes first).
SOURCES: dict[str, Callable[[], Iterable[int]]] = {}


def renderer(source: str, every: Callable[[], Iterable[int]]):
    """Register the renderer of a source and the function listing its pks (decorator);
    sources are rebuilt in the order they are registered."""

    def register(function):
        RENDERERS[source] = function
        SOURCES[source] = every
        return function

    return register


class Outcome:
    """What :func:`sync` did: ``UNCHANGED``, ``WRITTEN`` (created or changed),
    ``TOMBSTONED`` (was public, is no longer) or ``ABSENT`` (never was)."""

    UNCHANGED = "unchanged"
    WRITTEN = "written"
    TOMBSTONED = "tombstoned"
    ABSENT = "absent"


@dataclasses.dataclass
class Result:
    outcome: str
    document: Document | None = None
    #: Whether what other documents show of this one changed (state, path, summary), or
    #: its expiry (a translation's follows its source's: ``visibility.expires_at``).
    summary_changed: bool = False
    previous_path: str = ""
    #: The document's state before the change (``State``), ``""`` when it had none.
    previous_state: str = ""
    #: Its ``(name, value)`` facets before the change and after it (sorted lists): a
    #: video's document follows the documents that show it (``videos.after_change``).
    previous_facets: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    facets: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def key_of(source: str, pk: int) -> str:
    return f"{source}:{pk}"


def to_json(data) -> str:
    """Compact JSON text, keys in their given order, dates in ISO 8601."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def lock(key: str) -> None:
    """Serialise the writers of one document until the end of the transaction (PostgreSQL
    advisory lock; SQLite writes one at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def sync(source: str, pk: int, savepoint: bool = True) -> Result:
    """Render ``source`` ``pk`` as it stands now and bring its stored document up to date.

    Atomic, under the document's lock: two jobs for one document never interleave, and
    the one that runs last renders the latest state, so a late or replayed job never
    leaves an older rendering behind. Without ``savepoint``, inside a caller's
    transaction (a rebuild's batch, which fails as a whole), two queries are saved and a
    failure leaves that transaction unusable. Raises ``KeyError`` for an unknown source.
    """
    render = RENDERERS[source]
    key = key_of(source, pk)
    with transaction.atomic(savepoint=savepoint):
        lock(key)
        rendered = render(pk)
        document = Document.objects.filter(key=key).first()
        if rendered is None:
            return _tombstone(document)
        return _write(key, document, rendered)


def _columns(rendered: Rendered) -> dict:
    body = to_json(rendered.body)
    return {
        "kind": rendered.kind,
        "public_id": rendered.public_id,
        "locale": rendered.locale,
        "translation_key": uuid.UUID(rendered.translation_key)
        if rendered.translation_key
        else None,
        "state": rendered.state,
        "path": rendered.path,
        "url": rendered.url,
        "body": body,
        "summary": to_json(rendered.summary) if rendered.summary is not None else "",
        "etag": hashlib.blake2b(body.encode(), digest_size=16).hexdigest(),
        "published_at": rendered.published_at,
        "updated_at": rendered.updated_at,
        "expires_at": rendered.expires_at,
        "refresh_at": rendered.refresh_at,
        "news_kind": rendered.news_kind,
        "government": rendered.government,
        "duration": rendered.duration,
    }


def _write(key: str, document: Document | None, rendered: Rendered) -> Result:
    columns = _columns(rendered)
    facets = sorted(set(rendered.facets))
    files = sorted(set(rendered.files))
    previous_facets = []
    if document is not None:
        same = all(getattr(document, name) == value for name, value in columns.items())
        previous_facets = sorted(document.facets.values_list("name", "value"))
        if (
            same
            and facets == previous_facets
            and files == sorted(document.files.values_list("name", flat=True))
        ):
            return Result(Outcome.UNCHANGED, document, previous_facets=facets, facets=facets)
        summary_changed = any(
            getattr(document, name) != columns[name]
            for name in ("state", "path", "summary", "expires_at")
        )
        previous_path, previous_state = document.path, document.state
        for name, value in columns.items():
            setattr(document, name, value)
        document.version += 1
    else:
        summary_changed, previous_path, previous_state = True, "", ""
        document = Document(key=key, version=1, **columns)
    document.modified_at = timezone.now()
    created = document.pk is None
    document.save()
    if not created:
        document.facets.all().delete()
        document.files.all().delete()
    Facet.objects.bulk_create(Facet(document=document, name=n, value=v) for n, v in facets)
    PublicFile.objects.bulk_create(PublicFile(document=document, name=name) for name in files)
    return Result(
        Outcome.WRITTEN,
        document,
        summary_changed,
        previous_path,
        previous_state,
        previous_facets=previous_facets,
        facets=facets,
    )


def differences(source: str, pk: int) -> list[str]:
    """How the stored document of ``source`` ``pk`` differs from its rendering now: one
    line per difference, empty when they agree (``check_delivery``)."""
    key = key_of(source, pk)
    rendered = RENDERERS[source](pk)
    document = Document.objects.filter(key=key).first()
    if rendered is None:
        if document is not None and document.state != State.GONE:
            return [f"{key}: stored as {document.state}, but not public"]
        return []
    if document is None:
        return [f"{key}: public, but missing from the store"]
    found = []
    for name, value in _columns(rendered).items():
        if name == "etag":
            continue
        if getattr(document, name) != value:
            found.append(f"{key}: {name} differs")
    if sorted(set(rendered.facets)) != sorted(document.facets.values_list("name", "value")):
        found.append(f"{key}: facets differ")
    if sorted(set(rendered.files)) != sorted(document.files.values_list("name", flat=True)):
        found.append(f"{key}: files differ")
    return found


def _tombstone(document: Document | None) -> Result:
    """A document that was public stays as a tombstone (410); one that never was, nothing."""
    if document is None:
        return Result(Outcome.ABSENT)
    if document.state == State.GONE:
        return Result(Outcome.UNCHANGED, document)
    body = {"id": document.public_id, "path": document.path, "gone": True}
    previous_facets = sorted(document.facets.values_list("name", "value"))
    previous_state, document.state = document.state, State.GONE
    document.body = to_json(body)
    document.summary = ""
    document.etag = hashlib.blake2b(document.body.encode(), digest_size=16).hexdigest()
    document.refresh_at = None
    document.version += 1
    document.modified_at = timezone.now()
    document.save()
    document.facets.all().delete()
    document.files.all().delete()
    return Result(
        Outcome.TOMBSTONED,
        document,
        True,
        document.path,
        previous_state,
        previous_facets=previous_facets,
    )
