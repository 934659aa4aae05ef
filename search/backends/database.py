"""Public search over the database index (``search.models.Entry``): PostgreSQL full
text, or the SQLite quick start's French stems. docs/search.md ("Ranking").

A search reads a bounded set of candidates: the ``SEARCH_CANDIDATES`` most recent items
matching the words and the filters (one query, with the columns the facets need), ranks
them in Python (text score × recency boost × historic factor), then reads the page's
hits (one query). When more items match than the bound, ``total`` and the facets count
the candidates only and the results say ``approximate``.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import re
from collections import Counter

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.delivery.models import Facet, State
from cms.delivery.queries import NEWS_KIND_LABELS
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
#: Weights of the fields in the text score (PostgreSQL's ``ts_rank_cd`` weights, D C B A).
WEIGHTS = {"title": 1.0, "chapo": 0.4, "body": 0.2}
PG_WEIGHTS = f"{{0.1, {WEIGHTS['body']}, {WEIGHTS['chapo']}, {WEIGHTS['title']}}}"
#: Least trigram word similarity of a query to a title, when no item has all its words.
TYPO_SIMILARITY = 0.5
#: Least ratio of a typed word to a title's word for the SQLite typo fallback.
TYPO_RATIO = 0.8
#: Characters of a body read for an excerpt, and the length of an excerpt.
EXCERPT_SOURCE = 5000
EXCERPT_LENGTH = 240
#: Columns read for each candidate (ranking and facets).
CANDIDATE_COLUMNS = (
    "id",
    "key",
    "published_at",
    "current",
    "type",
    "kind",
    "locale",
    "year",
)
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def candidates_bound() -> int:
    """``SEARCH_CANDIDATES``: the most items a search ranks (docs/search.md)."""
    return max(1, int(getattr(settings, "SEARCH_CANDIDATES", 2000)))


def half_life_days() -> float:
    """``SEARCH_RECENCY_HALF_LIFE_DAYS``: days after which the recency boost halves."""
    return float(getattr(settings, "SEARCH_RECENCY_HALF_LIFE_DAYS", 365))


def historic_factor() -> float:
    """``SEARCH_HISTORIC_FACTOR``: the score multiplier of a previous government's items."""
    return float(getattr(settings, "SEARCH_HISTORIC_FACTOR", 0.5))


@dataclasses.dataclass
class Candidate:
    """A result being ranked: its row (``read``), its score, whether a best bet."""

    row: dict
    score: float = 1.0
    promoted: bool = False


class DatabaseBackend:
    """Search and autocomplete over ``Entry`` (PostgreSQL or SQLite, by the connection's
    vendor). Never raises on a query's text: syntax characters are words or nothing."""

    name = "database"

    # -- Search ---------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """The page ``query.page`` of the results of ``query``, with the facets of the
        whole result set (of the candidates when ``approximate``). At most five queries."""
        now = timezone.now()
        base = filtered(visible(Entry.objects.all(), now), query.filters)
        phrasings = [p for p in (text.clean(query.text), *map(text.clean, query.alternatives)) if p]
        bound = candidates_bound()
        if not phrasings:
            rows, scored = self._recent(base, bound), False
        elif connection.vendor == "postgresql":
            rows, scored = self._postgresql(base, phrasings, bound), True
        else:
            rows, scored = self._sqlite(base, phrasings, bound), True
        if phrasings and not rows:
            rows = self._typos(base, text.clean(query.text), bound)
        approximate = len(rows) > bound
        candidates = [Candidate(row, row.pop("score", 1.0)) for row in rows[:bound]]
        if query.sort != "relevance":
            # The typo fallback's candidates come best first: newest first instead.
            candidates.sort(
                key=lambda c: (
                    c.row["published_at"] is not None,
                    c.row["published_at"] or now,
                    c.row["id"],
                ),
                reverse=True,
            )
        elif scored:
            rank(candidates, now)
        promoted = self._promoted(base, query.promoted) if query.promoted else []
        promoted_keys = {candidate.row["key"] for candidate in promoted}
        ordered = promoted + [c for c in candidates if c.row["key"] not in promoted_keys]
        page = ordered[query.offset : query.offset + query.page_size]
        return SearchResults(
            hits=self._hits(page, phrasings),
            total=len(ordered),
            facets=facets([candidate.row for candidate in ordered]),
            approximate=approximate,
        )

    def _recent(self, base: QuerySet, bound: int) -> list[dict]:
        return read(newest(base), limit=bound + 1)

    def _postgresql(self, base: QuerySet, phrasings: list[str], bound: int) -> list[dict]:
        # The texts are bound parameters; the SQL around them is constant.
        tsquery = " || ".join(["websearch_to_tsquery('french_unaccent', %s)"] * len(phrasings))
        condition = f"search_entry.vector @@ ({tsquery})"
        matched = base.filter(
            RawSQL(condition, phrasings, output_field=BooleanField())  # noqa: S611
        ).annotate(
            score=RawSQL(  # noqa: S611
                f"ts_rank_cd('{PG_WEIGHTS}', search_entry.vector, ({tsquery}), 1)",
                phrasings,
                output_field=FloatField(),
            )
        )
        return read(newest(matched), "score", limit=bound + 1)

    def _sqlite(self, base: QuerySet, phrasings: list[str], bound: int) -> list[dict]:
        groups = [group for phrasing in phrasings for group in parse(phrasing)]
        groups = [group for group in groups if group.required]
        if not groups:
            return []
        condition = Q()
        for group in groups:
            condition |= group.condition()
        rows = read(newest(base.filter(condition)), "title_terms", "chapo_terms", limit=bound + 1)
        for row in rows:
            title, chapo = row.pop("title_terms"), row.pop("chapo_terms")
            row["score"] = max(group.score(title, chapo) for group in groups)
        return rows

    def _typos(self, base: QuerySet, typed: str, bound: int) -> list[dict]:
        """Items whose title has words like those typed (one letter off), best first;
        none for a query of no word of 4 letters or more, or with an excluded word (what
        it excludes might be the typo's correction)."""
        tokens = _TOKEN.findall(typed)
        if any(token.startswith("-") and len(token) > 1 for token in tokens):
            return []
        folded = " ".join(word for word in text.words(typed) if len(word) >= 4)
        if not folded:
            return []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                    [str(TYPO_SIMILARITY)],
                )
            matched = base.filter(
                RawSQL("%s <%% search_entry.title_folded", [folded], output_field=BooleanField())
            ).annotate(
                score=RawSQL(
                    "word_similarity(%s, search_entry.title_folded)",
                    [folded],
                    output_field=FloatField(),
                )
            )
            return read(matched.order_by("-score", "-published_at", "-id"), "score", limit=bound)
        typed_words = folded.split()
        rows = []
        for row in read(newest(base), "title_folded", limit=bound):
            title_words = re.findall(r"\w+", row.pop("title_folded"))
            score = sum(closest(word, title_words) for word in typed_words)
            if score:
                rows.append({**row, "score": score / len(typed_words)})
        rows.sort(key=lambda row: -row["score"])
        return rows

    def _promoted(self, base: QuerySet, keys: tuple[str, ...]) -> list[Candidate]:
        """The best bets among ``keys`` that are visible and pass the filters, in order."""
        found = {row["key"]: row for row in read(base.filter(key__in=keys), limit=len(keys))}
        return [Candidate(found[key], promoted=True) for key in dict.fromkeys(keys) if key in found]

    def _hits(self, page: list[Candidate], phrasings: list[str]) -> list[SearchHit]:
        if not page:
            return []
        rows = {
            row["id"]: row
            for row in Entry.objects.filter(id__in=[c.row["id"] for c in page])
            .annotate(start=Substr("body", 1, EXCERPT_SOURCE))
            .values(
                "id",
                "key",
                "type",
                "title",
                "url",
                "locale",
                "published_at",
                "chapo",
                "start",
                "kind",
                "ministries",
                "topics",
            )
        }
        words = text.words(" ".join(phrasings))
        hits = []
        for candidate in page:
            row = rows[candidate.row["id"]]
            hits.append(
                SearchHit(
                    key=row["key"],
                    type=row["type"],
                    title=row["title"],
                    url=row["url"],
                    locale=row["locale"],
                    published_at=row["published_at"],
                    excerpt=row["chapo"] or excerpt(row["start"], words),
                    kind=row["kind"],
                    ministries=tuple(tuple(pair) for pair in row["ministries"]),
                    topics=tuple(tuple(pair) for pair in row["topics"]),
                    promoted=candidate.promoted,
                )
            )
        return hits

    # -- Autocomplete ---------------------------------------------------------------------

    def autocomplete(self, prefix: str, locale: str, limit: int) -> list[SearchHit]:
        """Items whose title has a word starting with ``prefix`` (accents and case
        ignored; at least 2 letters), in ``locale`` (any when empty): titles starting so
        first, then newest first; at most ``limit`` (1 to 50)."""
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


def read(entries: QuerySet, *extra: str, limit: int) -> list[dict]:
    """The first ``limit`` of ``entries`` as dicts of ``CANDIDATE_COLUMNS`` and
    ``extra``, with their ``ministries`` and ``topics``: read as text and decoded here,
    several times faster than ``JSONField``'s own decoding for thousands of rows."""
    rows = list(
        entries.values(
            *CANDIDATE_COLUMNS,
            *extra,
            ministries_json=Cast("ministries", TextField()),
            topics_json=Cast("topics", TextField()),
        )[:limit]
    )
    for row in rows:
        row["ministries"] = json.loads(row.pop("ministries_json"))
        row["topics"] = json.loads(row.pop("topics_json"))
    return rows


def visible(entries: QuerySet, now: datetime.datetime) -> QuerySet:
    """Entries whose document the store lists at ``now`` (``DocumentQuerySet.listed``):
    public and not expired. Read from the document itself, joined, so an item is never
    found past its expiry even before it is rendered again, nor after any write of the
    store that did not go through the pipeline."""
    return entries.filter(document__state=State.PUBLIC).filter(
        Q(document__expires_at__isnull=True) | Q(document__expires_at__gt=now)
    )


def newest(entries: QuerySet) -> QuerySet:
    """``entries`` newest first (the ``search_entry_recent`` index)."""
    return entries.order_by("-published_at", "-id")


def filtered(entries: QuerySet, filters: dict[str, tuple[str, ...]]) -> QuerySet:
    """``entries`` passing ``filters`` (facet name → values: any value of a facet, every
    facet). Unknown facet names and malformed years are ignored (the API refuses them)."""
    for name, values in (filters or {}).items():
        values = tuple(str(value) for value in values or ())
        if not values or name not in FACETS:
            continue
        if name in ("ministry", "topic"):
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

    def score(self, title: str, chapo: str) -> float:
        """The fields' weights of each required word: the title's, else the chapô's,
        else the body's (the candidate matched, so the word is there)."""
        total = 0.0
        for terms in self.required:
            if f" {terms} " in title:
                total += WEIGHTS["title"]
            elif f" {terms} " in chapo:
                total += WEIGHTS["chapo"]
            else:
                total += WEIGHTS["body"]
        return total / max(len(self.required), 1)


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


def rank(candidates: list[Candidate], now: datetime.datetime) -> None:
    """Order ``candidates`` by relevance: text score × (1 + recency) × historic factor.

    Recency halves every ``SEARCH_RECENCY_HALF_LIFE_DAYS`` (1 today, 0.5 after one half
    life): a new item weighs up to twice an old one of equal text score. Items of a
    previous government are multiplied by ``SEARCH_HISTORIC_FACTOR``.
    """
    half_life, historic = half_life_days(), historic_factor()
    for candidate in candidates:
        published = candidate.row["published_at"]
        age = max((now - published).total_seconds() / 86400, 0) if published else None
        recency = 0.5 ** (age / half_life) if age is not None and half_life > 0 else 0.0
        factor = 1.0 if candidate.row["current"] else historic
        candidate.score = candidate.score * (1 + recency) * factor
    candidates.sort(key=lambda c: -c.score)


def facets(rows: list[dict]) -> dict[str, list[FacetValue]]:
    """Counts of each facet's values among ``rows``, most frequent first (ties by
    label); years newest first."""
    counts = {name: Counter() for name in FACETS}
    labels: dict[tuple[str, str], str] = {}
    for row in rows:
        counts["type"][row["type"]] += 1
        counts["kind"][row["kind"]] += 1
        counts["locale"][row["locale"]] += 1
        counts["year"][row["year"]] += 1
        for name, pairs in (("ministry", row["ministries"]), ("topic", row["topics"])):
            for value, label in pairs:
                counts[name][value] += 1
                labels.setdefault((name, value), label)
    result = {}
    for name, counted in counts.items():
        found = [
            FacetValue(str(value), label_of(name, value, labels), count)
            for value, count in counted.items()
            if value not in (None, "")
        ]
        if name == "year":
            found.sort(key=lambda facet: -int(facet.value))
        else:
            found.sort(key=lambda facet: (-facet.count, facet.label.lower(), facet.value))
        result[name] = found
    return result


def label_of(name: str, value, labels: dict[tuple[str, str], str]) -> str:
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
    return labels.get((name, value), str(value))


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
