"""Public search over the database index (``search.models.Entry``): PostgreSQL full
text, or the SQLite quick start's French stems. docs/search.md ("Ranking").

A search is one SQL statement, then a read of the page's rows. The statement takes the
``SEARCH_CANDIDATES`` most recent entries matching the words and the filters, scores
each (text score × (1 + recency) × historic factor), adds the editors' best bets, and
answers over that pool: the page's ids in order, the total, and every facet's counts.
Only those leave the database. When more items match than the bound, ``total`` and the
facets count the candidates only and the results say ``approximate``.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import re
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    Expression,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.delivery.models import Facet, State
from cms.delivery.queries import NEWS_KIND_LABELS
from cms.delivery.reads import instant
from search import text
from search.models import Entry
from search.query import FACETS, FacetValue, SearchHit, SearchQuery, SearchResults

#: Labels of the ``type`` facet's values.
TYPE_LABELS = {
    "news": _("actualité"),
    "ministry_news": _("actualité ministérielle"),
    "video": _("vidéo"),
    "document": _("document"),
}
#: Weights of the fields in the text score (PostgreSQL's ``ts_rank`` weights, D C B A).
WEIGHTS = {"title": 1.0, "chapo": 0.4, "body": 0.2}
PG_WEIGHTS = f"{{0.1, {WEIGHTS['body']}, {WEIGHTS['chapo']}, {WEIGHTS['title']}}}"
#: Filters whose items may bunch in time: filtered on them, the candidates are never
#: found by walking the recency index (:func:`sorted_after_reading`).
SELECTIVE = {"ministry", "topic", "year"}
#: Least trigram word similarity of a query to a title, when no item has all its words.
TYPO_SIMILARITY = 0.5
#: Least ratio of a typed word to a title's word for the SQLite typo fallback.
TYPO_RATIO = 0.8
#: Characters of a body read for an excerpt, and the length of an excerpt.
EXCERPT_SOURCE = 5000
EXCERPT_LENGTH = 240
#: Largest exponent of the recency boost (0.5 ** 1000 is about 1e-301): PostgreSQL
#: raises on a ``power`` that underflows.
MAX_HALF_LIVES = 1000
#: Columns of the pool a statement ranks and counts.
POOL_COLUMNS = (
    "id",
    "key",
    "published_at",
    "type",
    "kind",
    "locale",
    "year",
    "ministries",
    "topics",
)
#: The statement of a search (the module's docstring). ``{candidates}``: the entries
#: matching, newest first, at most the bound + 1, with their columns and ``final`` score
#: (PostgreSQL computes the score after the sort, for those rows only);
#: ``{promoted}`` and ``{pooled}``: :data:`PROMOTED` and :data:`POOLED`, or nothing;
#: ``{pairs}``: :data:`PAIRS` for ministries and topics. Parameters in that order, then
#: the bound and the page's first and last places (1-based, exclusive start). Answers
#: rows ``(part, value, label, number)`` (:func:`read_pool`).
STATEMENT = """
WITH candidates AS (
    SELECT {columns}, final, ROW_NUMBER() OVER (ORDER BY published_at DESC, id DESC) AS n
    FROM ({candidates}) AS matched
),{promoted}
pool AS (SELECT {columns}, final, NULL AS position FROM candidates WHERE n <= %s {pooled}),
ordered AS (
    SELECT id, position, ROW_NUMBER() OVER (
        ORDER BY CASE WHEN position IS NULL THEN 1 ELSE 0 END, position, {order}
        CASE WHEN published_at IS NULL THEN 1 ELSE 0 END, published_at DESC, id DESC
    ) AS place FROM pool
)
SELECT 'hit', CAST(id AS TEXT), CAST(position AS TEXT), place FROM ordered
    WHERE place > %s AND place <= %s
UNION ALL SELECT 'matched', NULL, NULL, COUNT(*) FROM candidates
UNION ALL SELECT 'total', NULL, NULL, COUNT(*) FROM pool
UNION ALL SELECT 'type', type, NULL, COUNT(*) FROM pool GROUP BY type
UNION ALL SELECT 'kind', kind, NULL, COUNT(*) FROM pool GROUP BY kind
UNION ALL SELECT 'locale', locale, NULL, COUNT(*) FROM pool GROUP BY locale
UNION ALL SELECT 'year', CAST(year AS TEXT), NULL, COUNT(*) FROM pool GROUP BY year
UNION ALL {pairs}
"""
#: The best bets (``{promoted}``: their entries with ``final`` and their ``position``),
#: and how they join the pool, in place of their match if they matched.
PROMOTED = "promoted AS ({promoted}),"
POOLED = """
    AND key NOT IN (SELECT key FROM promoted)
    UNION ALL SELECT {columns}, final, position FROM promoted
"""
#: The counts of the ``[id, label]`` pairs of a JSON list ``{column}`` of the pool, as
#: rows ``({name}, id, a label, count)``: PostgreSQL's ``jsonb``, SQLite's JSON1.
PAIRS = {
    "postgresql": """
        SELECT '{name}', pair ->> 0, MIN(pair ->> 1), COUNT(*) FROM pool
        CROSS JOIN LATERAL jsonb_array_elements(pool.{column}) AS pairs(pair)
        GROUP BY pair ->> 0
    """,
    "sqlite": """
        SELECT '{name}', json_extract(pairs.value, '$[0]'),
            MIN(json_extract(pairs.value, '$[1]')), COUNT(*)
        FROM pool, json_each(pool.{column}) AS pairs
        GROUP BY json_extract(pairs.value, '$[0]')
    """,
}
#: The rows of a page's hits (``{ids}``: placeholders), those of public documents only:
#: a statement written once (a queryset compiled at each search cost more than reading
#: the rows), plain SQL for both databases.
HITS = (
    "SELECT entry.id, entry.key, entry.type, entry.title, entry.url, entry.locale, "  # noqa: S608 (constants)
    f"entry.published_at, entry.chapo, SUBSTR(entry.body, 1, {EXCERPT_SOURCE}), entry.kind, "
    "entry.ministries, entry.topics FROM search_entry AS entry "
    "JOIN delivery_document AS document ON document.id = entry.document_id "
    "WHERE document.state = %s AND entry.id IN ({ids})"
)
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def candidates_bound() -> int:
    """``SEARCH_CANDIDATES``: the most items a search ranks (docs/search.md)."""
    return max(1, int(getattr(settings, "SEARCH_CANDIDATES", 1000)))


def half_life_days() -> float:
    """``SEARCH_RECENCY_HALF_LIFE_DAYS``: days after which the recency boost halves."""
    return float(getattr(settings, "SEARCH_RECENCY_HALF_LIFE_DAYS", 365))


def historic_factor() -> float:
    """``SEARCH_HISTORIC_FACTOR``: the score multiplier of a previous government's items."""
    return float(getattr(settings, "SEARCH_HISTORIC_FACTOR", 0.5))


#: Entries matching a query's words, and their text score (an SQL expression).
Match = tuple[QuerySet, Expression]


class Hit(NamedTuple):
    """A row of :data:`HITS`, as the cursor gives it (``start``: the body's first
    ``EXCERPT_SOURCE`` characters; JSON columns as text or decoded, by database)."""

    id: int
    key: str
    type: str
    title: str
    url: str
    locale: str
    published_at: datetime.datetime | str | None
    chapo: str
    start: str
    kind: str
    ministries: str | list
    topics: str | list


@dataclasses.dataclass
class Pool:
    """What a statement answers: the page's ``(entry id, promoted)`` in order, how many
    items matched (at most the bound + 1), the pool's size (``total``), the facets."""

    page: list[tuple[int, bool]]
    matched: int
    total: int
    facets: dict[str, list[FacetValue]]


class DatabaseBackend:
    """Search and autocomplete over ``Entry`` (PostgreSQL or SQLite, by the connection's
    vendor). Never raises on a query's text: syntax characters are words or nothing."""

    name = "database"

    # -- Search ---------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """The page ``query.page`` of the results of ``query``, with the facets of the
        whole result set (of the candidates when ``approximate``). Two queries (one for
        an empty page); when nothing matches the words, the typo fallback adds two on
        PostgreSQL (its threshold, its statement) and one on SQLite."""
        now = timezone.now()
        base = filtered(visible(Entry.objects.all(), now), query.filters)
        phrasings = [p for p in (text.clean(query.text), *map(text.clean, query.alternatives)) if p]
        if not phrasings:
            pool = self._pool(base, None, base, query, now)
        else:
            if connection.vendor == "postgresql":
                pool = self._pool(*self._postgresql(base, phrasings), base, query, now)
            else:
                pool = self._pool(*self._sqlite(base, phrasings), base, query, now)
            if not pool.matched:
                typos = self._typos(base, text.clean(query.text))
                if typos is not None:
                    pool = self._pool(*typos, base, query, now)
        return SearchResults(
            hits=self._hits(pool.page, phrasings),
            total=pool.total,
            facets=pool.facets,
            approximate=pool.matched > candidates_bound(),
        )

    def _postgresql(self, base: QuerySet, phrasings: list[str]) -> Match:
        # The texts are bound parameters; the SQL around them is constant.
        tsquery = " || ".join(["websearch_to_tsquery('french_unaccent', %s)"] * len(phrasings))
        condition = RawSQL(  # noqa: S611
            f"search_entry.vector @@ ({tsquery})", phrasings, output_field=BooleanField()
        )
        score = RawSQL(  # noqa: S611
            f"ts_rank('{PG_WEIGHTS}', search_entry.vector, ({tsquery}), 1)",
            phrasings,
            output_field=FloatField(),
        )
        return base.filter(condition), score

    def _sqlite(self, base: QuerySet, phrasings: list[str]) -> Match:
        groups = [group for phrasing in phrasings for group in parse(phrasing)]
        groups = [group for group in groups if group.required]
        if not groups:  # no word left: nothing matches (not even the typo fallback's)
            return base.filter(Value(False, output_field=BooleanField())), Value(0.0)
        condition = Q()
        for group in groups:
            condition |= group.condition()
        scores = [group.score() for group in groups]
        return base.filter(condition), Greatest(*scores) if len(scores) > 1 else scores[0]

    def _typos(self, base: QuerySet, typed: str) -> Match | None:
        """Items whose title has words like those typed (one letter off), scored by
        their similarity; ``None`` for a query of no word of 4 letters or more, or with
        an excluded word (what it excludes might be the typo's correction)."""
        tokens = _TOKEN.findall(typed)
        if any(token.startswith("-") and len(token) > 1 for token in tokens):
            return None
        folded = " ".join(word for word in text.words(typed) if len(word) >= 4)
        if not folded:
            return None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                    [str(TYPO_SIMILARITY)],
                )
            condition = RawSQL(
                "%s <%% search_entry.title_folded", [folded], output_field=BooleanField()
            )
            score = RawSQL(
                "word_similarity(%s, search_entry.title_folded)",
                [folded],
                output_field=FloatField(),
            )
            return base.filter(condition), score
        # SQLite: ``search_similarity`` (registered by ``search.apps``, see ``similarity``).
        score = RawSQL(
            "search_similarity(%s, search_entry.title_folded)", [folded], output_field=FloatField()
        )
        return base.annotate(similarity=score).filter(similarity__gt=0), score

    def _pool(self, matched: QuerySet, score, base: QuerySet, query: SearchQuery, now) -> Pool:
        """Run :data:`STATEMENT` for the entries ``matched`` and their text ``score`` (an
        SQL expression; ``None``: no words, newest first) and the best bets of ``query``
        among ``base``."""
        bound = candidates_bound()
        if score is not None and query.sort == "relevance":
            final = ranking(score, now)
        else:
            final = Value(1.0, output_field=FloatField())
        if connection.vendor == "postgresql" and SELECTIVE.intersection(query.filters or {}):
            ordered = sorted_after_reading(matched)
        else:
            ordered = newest(matched)
        candidates = ordered.annotate(final=final).values(*POOL_COLUMNS, "final")
        candidates_sql, params = candidates[: bound + 1].query.sql_with_params()
        params = list(params)
        promoted_sql = ""
        keys = tuple(dict.fromkeys(query.promoted))
        if keys:
            position = Case(
                *(When(key=key, then=Value(i)) for i, key in enumerate(keys)),
                output_field=IntegerField(),
            )
            promoted = base.filter(key__in=keys).annotate(final=Value(0.0), position=position)
            promoted = promoted.order_by().values(*POOL_COLUMNS, "final", "position")
            promoted_sql, promoted_params = promoted.query.sql_with_params()
            params += promoted_params
        params += [bound, query.offset, query.offset + query.page_size]
        columns = ", ".join(POOL_COLUMNS)
        pairs = PAIRS["postgresql" if connection.vendor == "postgresql" else "sqlite"]
        statement = STATEMENT.format(
            candidates=candidates_sql,
            columns=columns,
            promoted=PROMOTED.format(promoted=promoted_sql) if keys else "",
            pooled=POOLED.format(columns=columns) if keys else "",
            order="final DESC, " if query.sort == "relevance" else "",
            pairs=" UNION ALL ".join(
                pairs.format(name=name, column=column)
                for name, column in (("ministry", "ministries"), ("topic", "topics"))
            ),
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return read_pool(cursor.fetchall())

    def _hits(self, page: list[tuple[int, bool]], phrasings: list[str]) -> list[SearchHit]:
        if not page:
            return []
        ids = [entry_id for entry_id, _ in page]
        with connection.cursor() as cursor:
            cursor.execute(HITS.format(ids=", ".join(["%s"] * len(ids))), [State.PUBLIC, *ids])
            rows = {row[0]: Hit(*row) for row in cursor.fetchall()}
        words = text.words(" ".join(phrasings))
        hits = []
        for entry_id, promoted in page:
            row = rows.get(entry_id)
            if row is None:
                continue  # its document no longer public (a write outside the pipeline)
            hits.append(
                SearchHit(
                    key=row.key,
                    type=row.type,
                    title=row.title,
                    url=row.url,
                    locale=row.locale,
                    published_at=instant(row.published_at),
                    excerpt=row.chapo or excerpt(row.start, words),
                    kind=row.kind,
                    ministries=pairs_of(row.ministries),
                    topics=pairs_of(row.topics),
                    promoted=promoted,
                )
            )
        return hits

    # -- Autocomplete ---------------------------------------------------------------------

    def autocomplete(self, prefix: str, locale: str, limit: int) -> list[SearchHit]:
        """Items whose title has a word starting with ``prefix`` (accents and case
        ignored; at least 2 letters), in ``locale`` (any when empty): among the ``4 ×
        limit`` newest such titles, those starting so first, then newest first; at most
        ``limit`` (1 to 50)."""
        folded = " ".join(text.fold(text.clean(prefix)).split())
        if len(folded) < 2:
            return []
        limit = min(max(int(limit), 1), 50)
        entries = visible(Entry.objects.all(), timezone.now()).filter(
            Q(title_folded__startswith=folded) | Q(title_folded__contains=" " + folded)
        )
        if locale:
            entries = entries.filter(locale=locale)
        rows = list(
            newest(entries).values(
                "key", "type", "title", "title_folded", "url", "locale", "published_at", "kind"
            )[: limit * 4]
        )
        rows.sort(key=lambda row: not row["title_folded"].startswith(folded))
        return [
            SearchHit(
                key=row["key"],
                type=row["type"],
                title=row["title"],
                url=row["url"],
                locale=row["locale"],
                published_at=row["published_at"],
                kind=row["kind"],
            )
            for row in rows[:limit]
        ]


# -- Query pieces ---------------------------------------------------------------------------


def closest(word: str, candidates: list[str]) -> float:
    """The best similarity ratio (``difflib``) of ``word`` to one of ``candidates``, if
    at least ``TYPO_RATIO``, else 0."""
    best = 0.0
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, word, candidate)
        if matcher.real_quick_ratio() >= TYPO_RATIO and matcher.quick_ratio() >= TYPO_RATIO:
            best = max(best, matcher.ratio())
    return best if best >= TYPO_RATIO else 0.0


def visible(entries: QuerySet, now: datetime.datetime) -> QuerySet:
    """Entries not expired at ``now``. Entries exist for public documents only (the
    pipeline writes and deletes them with their document); the expiry is checked here,
    so an item is never found past it, even before its document is rendered again."""
    return entries.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def newest(entries: QuerySet) -> QuerySet:
    """``entries`` newest first (the ``search_entry_recent`` index)."""
    return entries.order_by("-published_at", "-id")


def sorted_after_reading(entries: QuerySet) -> QuerySet:
    """``entries`` newest first, in an order the recency index cannot give (PostgreSQL):
    the planner then reads the entries through the indexes of their conditions (a bitmap
    of the text's and the filter's GIN or B-tree indexes) and sorts them, instead of
    walking the recency index until enough of them are found. It costs that walk
    assuming the filter's items spread evenly in time; a ministry's, a topic's or a
    year's need not (a year's never do): with a ministry whose items are not the newest,
    the walk took 27 ms where reading its 5,121 matches and sorting them took 7 ms
    (100,000 items, docs/performance.md)."""
    not_indexed = ExpressionWrapper(
        RawSQL("search_entry.published_at + INTERVAL '0 seconds'", []),  # noqa: S611
        output_field=DateTimeField(),
    )
    return entries.order_by(OrderBy(not_indexed, descending=True), "-id")


def filtered(entries: QuerySet, filters: dict[str, tuple[str, ...]]) -> QuerySet:
    """``entries`` passing ``filters`` (facet name → values: any value of a facet, every
    facet). Unknown facet names and malformed years are ignored (the API refuses them)."""
    for name, values in (filters or {}).items():
        values = tuple(str(value) for value in values or ())
        if not values or name not in FACETS:
            continue
        if name in ("ministry", "topic") and connection.vendor == "postgresql":
            # ``ministry_ids @> '["<id>"]'``: a GIN index (``jsonb_path_ops``).
            condition = Q()
            for value in values:
                condition |= Q(**{f"{name}_ids__contains": [value]})
            entries = entries.filter(condition)
        elif name in ("ministry", "topic"):
            entries = entries.filter(
                Exists(
                    Facet.objects.filter(document=OuterRef("document"), name=name, value__in=values)
                )
            )
        elif name == "year":
            years = [int(value) for value in values if value.isdigit() and len(value) <= 4]
            if years:
                entries = entries.filter(year__in=years)
        else:
            entries = entries.filter(**{f"{name}__in": values})
    return entries


@dataclasses.dataclass
class Group:
    """Words that must all be found (``required`` stems and phrases), words that must
    not (``excluded``): one side of an ``or`` of a query (websearch syntax, as
    PostgreSQL's ``websearch_to_tsquery`` reads it)."""

    required: list[str] = dataclasses.field(default_factory=list)
    excluded: list[str] = dataclasses.field(default_factory=list)

    def condition(self) -> Q:
        condition = Q()
        for terms in self.required:
            condition &= (
                Q(title_terms__contains=f" {terms} ")
                | Q(chapo_terms__contains=f" {terms} ")
                | Q(body_terms__contains=f" {terms} ")
            )
        for terms in self.excluded:
            condition &= ~(
                Q(title_terms__contains=f" {terms} ")
                | Q(chapo_terms__contains=f" {terms} ")
                | Q(body_terms__contains=f" {terms} ")
            )
        return condition

    def score(self) -> Case | ExpressionWrapper:
        """The text score (SQL): the mean over the required words of the weight of the
        first field holding each — the title's, else the chapô's, else the body's (the
        entry matched, so the word is there)."""
        weights = [
            Case(
                When(title_terms__contains=f" {terms} ", then=Value(WEIGHTS["title"])),
                When(chapo_terms__contains=f" {terms} ", then=Value(WEIGHTS["chapo"])),
                default=Value(WEIGHTS["body"]),
                output_field=FloatField(),
            )
            for terms in self.required
        ]
        total = weights[0]
        for weight in weights[1:]:
            total = total + weight
        return ExpressionWrapper(total / Value(float(len(weights))), output_field=FloatField())


def parse(phrasing: str) -> list[Group]:
    """The ``or`` groups of a query in websearch syntax: words (stemmed, stop words
    left out), ``"quoted phrases"`` (their stems in order), ``-excluded`` words; an
    unbalanced quote runs to the end. Punctuation alone gives nothing."""
    groups, group = [], Group()
    for token in _TOKEN.findall(phrasing):
        if token.lower() == "or":
            groups.append(group)
            group = Group()
            continue
        negated = token.startswith("-") and len(token) > 1
        found = text.query_stems(token[1:] if negated else token)
        if not found:
            continue
        terms = [" ".join(found)] if token.lstrip("-").startswith('"') else found
        (group.excluded if negated else group.required).extend(terms)
    groups.append(group)
    return groups


def ranking(score, now: datetime.datetime) -> ExpressionWrapper:
    """The relevance of an entry (SQL) of text ``score`` (an SQL expression): text score
    × (1 + recency) × historic factor.

    Recency halves every ``SEARCH_RECENCY_HALF_LIFE_DAYS`` (1 at ``now``, 0.5 after one
    half life, 0 without a date or a half life): a new item weighs up to twice an old one
    of equal text score. Items of a previous government are multiplied by
    ``SEARCH_HISTORIC_FACTOR`` (GOV.UK's historic down-ranking).
    """
    half_life = half_life_days()
    if half_life > 0:
        if connection.vendor == "postgresql":
            # ``date_part`` answers a double; ``EXTRACT`` a numeric, twice as slow.
            instant, age = now, "date_part('epoch', %s - search_entry.published_at) / 86400.0"
        else:
            instant = now.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            age = "julianday(%s) - julianday(search_entry.published_at)"
        halvings = f"LEAST(GREATEST({age}, 0) / %s, {MAX_HALF_LIVES})"
        if connection.vendor != "postgresql":
            halvings = f"MIN(MAX({age}, 0) / %s, {MAX_HALF_LIVES})"
        recency = RawSQL(  # noqa: S611 (constants of this module only)
            "CASE WHEN search_entry.published_at IS NULL THEN 0.0"
            f" ELSE POWER(CAST(0.5 AS DOUBLE PRECISION), {halvings}) END",
            [instant, half_life],
            output_field=FloatField(),
        )
    else:
        recency = Value(0.0)
    factor = Case(
        When(current=True, then=Value(1.0)),
        default=Value(historic_factor()),
        output_field=FloatField(),
    )
    return ExpressionWrapper(
        score * (Value(1.0) + Coalesce(recency, Value(0.0))) * factor,
        output_field=FloatField(),
    )


def read_pool(rows: list[tuple]) -> Pool:
    """A :class:`Pool` from the rows ``(part, value, label, number)`` of a statement:
    ``hit`` rows (entry id, best bet position or ``None``, place), ``matched`` and
    ``total`` counts, facet counts (value, label, count). Facet values are sorted most
    frequent first (ties by label), years newest first; empty values are left out."""
    page, counts, labels = [], {name: {} for name in FACETS}, {}
    matched = total = 0
    for part, value, label, number in rows:
        if part == "hit":
            page.append((number, int(value), label is not None))
        elif part == "matched":
            matched = number
        elif part == "total":
            total = number
        elif value not in (None, ""):
            counts[part][value] = number
            labels[(part, value)] = label
    facets = {}
    for name, counted in counts.items():
        found = [
            FacetValue(str(value), label_of(name, value, labels), count)
            for value, count in counted.items()
        ]
        if name == "year":
            found.sort(key=lambda facet: -int(facet.value))
        else:
            found.sort(key=lambda facet: (-facet.count, facet.label.lower(), facet.value))
        facets[name] = found
    page.sort()
    return Pool(
        page=[(entry_id, promoted) for _, entry_id, promoted in page],
        matched=matched,
        total=total,
        facets=facets,
    )


def similarity(typed: str, title: str | None) -> float:
    """The SQLite typo fallback's score of a title (``search_similarity`` in SQL): the
    mean over the ``typed`` words of their best similarity to one of the words of
    ``title`` (folded), 0 when none is like one (:func:`closest`)."""
    typed_words = typed.split()
    title_words = re.findall(r"\w+", title or "")
    if not typed_words or not title_words:
        return 0.0
    return sum(closest(word, title_words) for word in typed_words) / len(typed_words)


def pairs_of(column: str | list) -> tuple[tuple[str, str], ...]:
    """The ``(id, label)`` pairs of a ``ministries`` or ``topics`` column as a cursor
    gives it (JSON text, or already decoded)."""
    pairs = json.loads(column) if isinstance(column, str) else column
    return tuple(tuple(pair) for pair in pairs or ())


def label_of(name: str, value, labels: dict[tuple[str, str], str | None]) -> str:
    """The label of the value ``value`` of the facet ``name``, as the public sees it: a
    type's French name (``TYPE_LABELS``), a news kind's (``NEWS_KIND_LABELS`` of the
    store's vocabulary: « Communiqué de presse »), a language's own name
    (``settings.LANGUAGES``: « Français », « English »), a ministry's or topic's as the
    store shows it (``labels``: ``(name, value)`` → label); otherwise the value itself
    as text (a year; a kind or language unknown to the vocabulary)."""
    if name == "type":
        return str(TYPE_LABELS.get(value, value))
    if name == "kind":
        return str(NEWS_KIND_LABELS.get(value, value))
    if name == "locale":
        return str(dict(settings.LANGUAGES).get(value, value))
    return labels.get((name, value)) or str(value)


def excerpt(body: str, words: list[str]) -> str:
    """A passage of ``body`` (plain text) of about ``EXCERPT_LENGTH`` characters around
    the first of ``words`` (folded) found in it, else its start; cut at spaces."""
    if not body:
        return ""
    folded = text.fold(body)
    starts = [folded.find(word) for word in words if len(word) > 2]
    found = min((start for start in starts if start >= 0), default=0)
    begin = max(found - EXCERPT_LENGTH // 3, 0)
    if begin:
        begin = body.find(" ", begin) + 1 or begin
    end = begin + EXCERPT_LENGTH
    passage = body[begin:end]
    if end < len(body) and " " in passage:
        passage = passage.rsplit(" ", 1)[0]
    return ("… " if begin else "") + passage.strip() + (" …" if end < len(body) else "")
