"""The shapes every public search backend shares: what is indexed, what is asked, what
comes back.

A backend (``search.backends``: PostgreSQL or SQLite over the delivery store, an
Elasticsearch or OpenSearch cluster) indexes :class:`IndexedItem` values, made from the
delivery store's public documents only, and answers a :class:`SearchQuery` with
:class:`SearchResults`. The public API (``/api/v1/search/``) validates the request's
parameters into a :class:`SearchQuery`; the backends never see raw input.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

#: Result types (``IndexedItem.type``): a news item (``news``, ``ministry_news``), a
#: video, a document (an attachment of a public item).
TYPES = ("news", "ministry_news", "video", "document")
#: Facets counted and filtered on, in the response's order.
FACETS = ("type", "kind", "ministry", "topic", "year", "locale")
#: Orders of the results: relevance (boosts included), or newest first.
SORTS = ("relevance", "date")
#: Longest query kept, in characters (longer ones are refused with a 400 by the API:
#: bounded work per request, cf. Wagtail's CVE-2024-39317, a slow regex in query parsing).
MAX_QUERY_LENGTH = 200
#: Results per page: default and largest.
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


@dataclasses.dataclass(frozen=True)
class IndexedItem:
    """One searchable public item, as every backend indexes it.

    ``key`` is the delivery store's document key (``"news:42"``), or for a document (an
    attachment) its item's key with the file's (``"news:42/file:7"``). Texts are plain
    (no HTML), in the item's ``locale``: ``title``, ``chapo`` (a news item's standfirst, a
    video's description), ``body`` (the body's text; a video's transcript and captions;
    a PDF attachment's text).
    ``ministries`` and ``topics`` are ``(id, label)`` pairs (translation keys and names,
    as the store shows them). ``published_at`` is an aware UTC instant. ``current``
    says whether the item belongs to the current government (or to none): items of a
    previous government rank lower (GOV.UK's historic down-ranking).
    """

    key: str
    type: str
    title: str
    url: str
    locale: str
    published_at: datetime.datetime | None
    chapo: str = ""
    body: str = ""
    kind: str = ""
    ministries: tuple[tuple[str, str], ...] = ()
    topics: tuple[tuple[str, str], ...] = ()
    current: bool = True

    @property
    def year(self) -> int | None:
        """The year of ``published_at`` in the site's time zone (``TIME_ZONE``, Paris),
        as the public sees the date: published 2025-12-31 at 23:30 UTC is 2026.
        ``None`` when never published. The ``year`` facet and filter of every backend."""
        if self.published_at is None:
            return None
        return timezone.localtime(self.published_at, timezone.get_default_timezone()).year


@dataclasses.dataclass(frozen=True)
class SearchQuery:
    """A validated search request.

    ``text`` is the query as typed (stripped, at most ``MAX_QUERY_LENGTH`` characters,
    possibly empty: then every item matches, newest first unless sorted otherwise).
    ``filters`` maps a name of ``FACETS`` to the values asked (several values of one
    facet: any of them; several facets: all of them). ``page`` counts from 1.

    ``alternatives`` are other phrasings of ``text`` from the editors' synonyms list
    (``search.curation``: "RSA" for "revenu de solidarité active"): an item matching any
    of them matches. ``promoted`` are the keys of the items editors made best bets for
    this query, shown first on the first page, in this order, when they are public and
    pass the filters.
    """

    text: str = ""
    filters: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    alternatives: tuple[str, ...] = ()
    promoted: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclasses.dataclass(frozen=True)
class SearchHit:
    """One result: the item's fields the API shows, ``excerpt`` (a chapô, or a passage of
    the text around the words found; plain text), and ``promoted`` when an editor made
    it a best bet for this query."""

    key: str
    type: str
    title: str
    url: str
    locale: str
    published_at: datetime.datetime | None
    excerpt: str = ""
    kind: str = ""
    ministries: tuple[tuple[str, str], ...] = ()
    topics: tuple[tuple[str, str], ...] = ()
    promoted: bool = False


@dataclasses.dataclass(frozen=True)
class FacetValue:
    """A facet's value, its label (a ministry's name…) and its number of results."""

    value: str
    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class SearchResults:
    """A page of results with the facets of the whole result set.

    ``total`` counts every result; ``approximate`` says that ``total`` and the facet
    counts were computed on a bounded set of candidates, not on every match (a word
    found in most items). ``degraded`` says the configured cluster could not answer and
    the database answered instead.
    """

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetValue]]
    approximate: bool = False
    degraded: bool = False
