"""The public search index on an Elasticsearch 9 or OpenSearch cluster.

One :class:`ClusterBackend` serves both flavours: the client is chosen by the URL that is
set (``ELASTICSEARCH_URL``: the ``elasticsearch`` client, which talks to Elasticsearch 9
servers only; ``OPENSEARCH_URL``: ``opensearch-py``). Both are called with the same
request bodies (``body=``), built here by plain functions that the offline tests read:

- :func:`index_settings` and :func:`index_mappings`: a French analyzer (elision of the
  French articles, lowercase, French stop words, ASCII folding, the Snowball French
  stemmer) for titles, chapôs and bodies, and an edge n-gram sub-field of the title for
  autocomplete; facets are keywords, ``published_at`` a date. The stemmer is Snowball's,
  as in the database backend (PostgreSQL's ``french`` dictionary, the SQLite quick
  start's Snowball stemmer), not Elasticsearch's ``light_french``: a query gives the same
  stems whichever backend answers it, the cluster or its fallback;
- :func:`search_body`: a ``bool`` query whose words go through ``simple_query_string``
  (quotes and ``-`` as in a web search, never ``query_string``'s full syntax), the
  editors' synonyms (``SearchQuery.alternatives``) OR'ed with them, a fuzzy branch for a
  typo in a long word, a filter per facet, a terms aggregation per facet, and
  ``function_score`` for the boosts (:func:`boosted`); best bets (``promoted``) are
  fetched by a second body of the same ``msearch`` and shown first on page 1.

Reads go to an alias (``SEARCH_CLUSTER_INDEX``); :meth:`ClusterBackend.rebuild` loads a
new timestamped index and swaps the alias onto it in one atomic request. Requests time
out after ``SEARCH_CLUSTER_TIMEOUT`` seconds and are never retried by the client: when
the cluster fails, :meth:`ClusterBackend.search` answers from the fallback backend (the
database index, always current) with ``degraded=True``, and leaves the cluster alone for
``SEARCH_CLUSTER_PAUSE`` seconds (:class:`Breaker`); writes raise :class:`ClusterError`
so that the outbox job (``search.tasks``) is retried.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from search.backends.database import TYPE_LABELS
from search.query import FACETS, FacetValue, IndexedItem, SearchHit, SearchQuery, SearchResults

logger = logging.getLogger(__name__)

#: The elisions of French (``l'``, ``qu'``…), as Elasticsearch's own ``french`` analyzer
#: lists them.
FRENCH_ARTICLES = (
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
)
#: Title (×3), chapô (×2) and body.
TEXT_FIELDS = ("title^3", "chapo^2", "body")
#: ``simple_query_string`` operators kept: ``"phrases"``, ``-word``, ``+`` and ``|``.
#: Prefixes (``*``), fuzziness and slop (``~``) and parentheses are read as text: no
#: request can ask for an expensive expansion.
QUERY_FLAGS = "AND|OR|NOT|PHRASE|WHITESPACE"
#: Typos: one edit in stems of 5 letters or more (words of about 7 letters or more: the
#: edit distance is counted on the analysed terms), none in shorter ones.
FUZZINESS = "AUTO:5,100"
#: The same on the words as typed (folded, not stemmed) of titles and chapôs: one edit
#: in words of 7 letters or more.
FOLDED_FIELDS = ("title.folded^3", "chapo.folded^2")
FOLDED_FUZZINESS = "AUTO:7,100"
#: Weight of the fuzzy branches against exact (stemmed) matches.
FUZZY_BOOST = 0.3
#: Values listed per facet (ministries, topics: tens).
FACET_SIZE = 200
#: Facets aggregated on another field than their filter: ``id\x1flabel`` pairs.
PAIR_FIELDS = {"ministry": "ministry_pairs", "topic": "topic_pairs"}
PAIR_SEPARATOR = "\x1f"
#: Length of the passage of the body shown as an excerpt, in characters (as the
#: database backend's).
EXCERPT_LENGTH = 240
#: Fields left out of the hits (read by the excerpt's highlighter only).
SOURCE_EXCLUDES = ["body"]
#: Items sent per bulk request by :meth:`ClusterBackend.rebuild`, and the seconds each
#: request of a rebuild may take.
BULK_SIZE = 500
LOAD_TIMEOUT = 120.0


class ClusterError(Exception):
    """The cluster could not be reached, timed out, or refused a request."""


def index_settings() -> dict:
    """The index's settings: its analyzers (``french`` for the texts, ``autocomplete``
    and ``autocomplete_search`` for the title's edge n-grams)."""
    return {
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": list(FRENCH_ARTICLES),
                },
                "french_stop": {"type": "stop", "stopwords": "_french_"},
                "french_stemmer": {"type": "snowball", "language": "French"},
                "autocomplete_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
            },
            "analyzer": {
                # Stop words before folding: the list is accented ("été", "à").
                "french_text": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "french_elision",
                        "lowercase",
                        "french_stop",
                        "asciifolding",
                        "french_stemmer",
                    ],
                },
                "autocomplete": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "asciifolding", "autocomplete_edge"],
                },
                # Words folded, not stemmed: typos (a stem of a mistyped word is often
                # no stem at all), and the autocomplete's query.
                "french_folded": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "asciifolding"],
                },
            },
        }
    }


def index_mappings() -> dict:
    """The mapping of :func:`document`: texts analysed in French, facets as keywords."""
    keyword = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "properties": {
            "key": keyword,
            "type": keyword,
            "kind": keyword,
            "locale": keyword,
            "year": keyword,
            "ministry": keyword,
            "topic": keyword,
            "ministry_pairs": keyword,
            "topic_pairs": keyword,
            "current": {"type": "boolean"},
            "published_at": {"type": "date"},
            "expires_at": {"type": "date"},
            "url": {"type": "keyword", "index": False},
            "title": {
                "type": "text",
                "analyzer": "french_text",
                "fields": {
                    "autocomplete": {
                        "type": "text",
                        "analyzer": "autocomplete",
                        "search_analyzer": "french_folded",
                    },
                    "folded": {"type": "text", "analyzer": "french_folded"},
                },
            },
            "chapo": {
                "type": "text",
                "analyzer": "french_text",
                "fields": {"folded": {"type": "text", "analyzer": "french_folded"}},
            },
            "body": {"type": "text", "analyzer": "french_text"},
        },
    }


def document(item: IndexedItem, expires_at: datetime.datetime | None = None) -> dict:
    """The indexed source of ``item`` (its id in the index is ``item.key``), found until
    ``expires_at`` (its document's expiry) if given."""
    return {
        "key": item.key,
        "type": item.type,
        "kind": item.kind,
        "locale": item.locale,
        "year": str(item.year) if item.year else None,
        "ministry": [value for value, _label in item.ministries],
        "topic": [value for value, _label in item.topics],
        "ministry_pairs": [PAIR_SEPARATOR.join(pair) for pair in item.ministries],
        "topic_pairs": [PAIR_SEPARATOR.join(pair) for pair in item.topics],
        "current": item.current,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "expires_at": expires_at.isoformat() if expires_at else None,
        "url": item.url,
        "title": item.title,
        "chapo": item.chapo,
        "body": item.body,
    }


def text_query(query: SearchQuery) -> dict:
    """What the words of ``query`` (or one of its alternatives) match: every word
    (``default_operator`` AND) in the title, chapô or body, stemmed and folded, or within
    one typo of it (:data:`FUZZINESS`, when the text has no operator); ``match_all`` for
    an empty query."""
    phrasings = [text for text in (query.text, *query.alternatives) if text.strip()]
    if not phrasings:
        return {"match_all": {}}
    should: list[dict] = [
        {
            "simple_query_string": {
                "query": text,
                "fields": list(TEXT_FIELDS),
                "default_operator": "and",
                "flags": QUERY_FLAGS,
            }
        }
        for text in phrasings
    ]
    if query.text.strip() and not any(mark in query.text for mark in '"-+|'):
        should.append(
            {
                "multi_match": {
                    "query": query.text,
                    "fields": list(TEXT_FIELDS),
                    "operator": "and",
                    "fuzziness": FUZZINESS,
                    "prefix_length": 1,
                    "boost": FUZZY_BOOST,
                }
            }
        )
        should.append(
            {
                "multi_match": {
                    "query": query.text,
                    "fields": list(FOLDED_FIELDS),
                    "operator": "and",
                    "fuzziness": FOLDED_FUZZINESS,
                    "prefix_length": 1,
                    "boost": FUZZY_BOOST,
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def boosted(scored: dict) -> dict:
    """``scored`` with the boosts: a recent item's score is multiplied by up to 2
    (``1 + 0.5 ** (age / SEARCH_RECENCY_HALF_LIFE_DAYS)``: 2 today, 1.5 a half-life ago,
    towards 1 for old items), and an item of a previous government's by
    ``SEARCH_HISTORIC_FACTOR`` (GOV.UK's historic down-ranking)."""
    recency = {
        "function_score": {
            "query": scored,
            "functions": [
                {"weight": 1},
                {
                    "exp": {
                        "published_at": {
                            "origin": "now",
                            # Hours: a cluster refuses a fractional "182.5d".
                            "scale": f"{round(settings.SEARCH_RECENCY_HALF_LIFE_DAYS * 24)}h",
                            "decay": 0.5,
                        }
                    },
                    "weight": 1,
                },
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }
    return {
        "function_score": {
            "query": recency,
            "functions": [
                {"filter": {"term": {"current": False}}, "weight": settings.SEARCH_HISTORIC_FACTOR}
            ],
            "boost_mode": "multiply",
        }
    }


#: Items not expired at the instant of the query (the database backend reads the store's
#: expiry at query time too: an item is never found past it, even before the pipeline
#: removes it).
NOT_EXPIRED = {
    "bool": {
        "should": [
            {"bool": {"must_not": [{"exists": {"field": "expires_at"}}]}},
            {"range": {"expires_at": {"gt": "now"}}},
        ],
        "minimum_should_match": 1,
    }
}


def facet_filters(query: SearchQuery) -> list[dict]:
    """The items not expired, and one ``terms`` filter per facet asked (any of its
    values)."""
    return [
        NOT_EXPIRED,
        *({"terms": {name: list(values)}} for name, values in query.filters.items() if values),
    ]


def sort_of(query: SearchQuery) -> list:
    """Relevance (then newest), or newest first (the order of an empty query too)."""
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    if query.sort == "date" or not (query.text.strip() or query.alternatives):
        return [newest, "_score"]
    return ["_score", newest]


def aggregations() -> dict:
    """A terms aggregation per facet (years newest first, the others by count)."""
    aggs = {}
    for name in FACETS:
        terms: dict[str, Any] = {"field": PAIR_FIELDS.get(name, name), "size": FACET_SIZE}
        if name == "year":
            terms["order"] = {"_key": "desc"}
        aggs[name] = {"terms": terms}
    return aggs


def highlight() -> dict:
    """One plain-text passage of the body around the words found (its start if none)."""
    return {
        "pre_tags": [""],
        "post_tags": [""],
        "fields": {
            "body": {
                "fragment_size": EXCERPT_LENGTH,
                "number_of_fragments": 1,
                "no_match_size": EXCERPT_LENGTH,
            }
        },
    }


def search_body(query: SearchQuery) -> dict:
    """The request body of the results of ``query`` but its best bets, with the facets
    of all of them. The best bets found (:func:`promoted_body`) are shown first on page
    1 and shift the pages after it: the body asks for as many more hits before and in
    the page as there are best bets asked, and :func:`page_of` cuts the page out."""
    promoted = list(query.promoted)
    scored = boosted(text_query(query))
    main: dict[str, Any] = {"filter": facet_filters(query)}
    if promoted:
        main["should"] = [scored, {"ids": {"values": promoted}}]
        main["minimum_should_match"] = 1
    else:
        main["must"] = [scored]
    body: dict[str, Any] = {
        "query": {"bool": main},
        "from": max(query.offset - len(promoted), 0),
        "size": query.page_size + len(promoted),
        "sort": sort_of(query),
        "aggs": aggregations(),
        "highlight": highlight(),
        "_source": {"excludes": SOURCE_EXCLUDES},
        "track_total_hits": True,
    }
    if promoted:
        body["post_filter"] = {"bool": {"must_not": [{"ids": {"values": promoted}}]}}
    return body


def page_of(query: SearchQuery, hits: list, promoted_found: int) -> list:
    """The page of ``query`` among ``hits`` (those of :func:`search_body`'s answer),
    when ``promoted_found`` best bets take the first places of page 1."""
    start = max(query.offset - len(query.promoted), 0)
    if query.page == 1:
        return hits[: max(query.page_size - promoted_found, 0)]
    first = query.offset - promoted_found - start
    return hits[first : first + query.page_size]


def promoted_body(query: SearchQuery) -> dict:
    """The request body of the best bets of ``query`` that pass its filters."""
    return {
        "query": {
            "bool": {"filter": [{"ids": {"values": list(query.promoted)}}, *facet_filters(query)]}
        },
        "size": len(query.promoted),
        "_source": {"excludes": SOURCE_EXCLUDES},
    }


def autocomplete_body(prefix: str, locale: str, limit: int) -> dict:
    """Titles of ``locale`` whose words start with the words of ``prefix`` (accents and
    case folded), best match then newest first."""
    return {
        "query": {
            "bool": {
                "must": [{"match": {"title.autocomplete": {"query": prefix, "operator": "and"}}}],
                "filter": [NOT_EXPIRED, {"term": {"locale": locale}}],
            }
        },
        "size": limit,
        "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
        "_source": {"excludes": SOURCE_EXCLUDES},
    }


def hit(entry: dict, promoted: bool = False) -> SearchHit:
    """A :class:`SearchHit` from a hit of the cluster's answer."""
    source = entry["_source"]
    passages = entry.get("highlight", {}).get("body") or []
    published = source.get("published_at")
    return SearchHit(
        key=entry["_id"],
        type=source["type"],
        title=source["title"],
        url=source["url"],
        locale=source["locale"],
        published_at=datetime.datetime.fromisoformat(published) if published else None,
        excerpt=source.get("chapo") or (passages[0].strip() if passages else ""),
        kind=source.get("kind", ""),
        ministries=pairs_of(source, "ministry"),
        topics=pairs_of(source, "topic"),
        promoted=promoted,
    )


def pairs_of(source: dict, name: str) -> tuple[tuple[str, str], ...]:
    """The ``(id, label)`` pairs of facet ``name`` in an indexed ``source``."""
    return tuple(
        tuple(pair.split(PAIR_SEPARATOR, 1)) for pair in source.get(PAIR_FIELDS[name]) or ()
    )


def facets_of(aggs: dict) -> dict[str, list[FacetValue]]:
    """The facets of the answer's aggregations, in ``FACETS`` order."""
    facets = {}
    for name in FACETS:
        values = []
        for bucket in aggs.get(name, {}).get("buckets", []):
            value = str(bucket.get("key_as_string", bucket["key"]))
            label = str(TYPE_LABELS.get(value, value)) if name == "type" else value
            if name in PAIR_FIELDS:
                value, _separator, label = value.partition(PAIR_SEPARATOR)
            values.append(FacetValue(value=value, label=label, count=bucket["doc_count"]))
        facets[name] = values
    return facets


class Backend(Protocol):
    def search(self, query: SearchQuery) -> SearchResults: ...

    def autocomplete(self, prefix: str, locale: str, limit: int) -> list[SearchHit]: ...


class Breaker:
    """Leaves a failing cluster alone for ``pause`` seconds (one per process and cluster):
    while a cluster that never answers is paused, searches go straight to the fallback
    instead of each waiting for the timeout."""

    def __init__(self, pause: float):
        self.pause = pause
        self.paused_until = 0.0

    def paused(self) -> bool:
        return time.monotonic() < self.paused_until

    def trip(self) -> None:
        self.paused_until = time.monotonic() + self.pause


class ClusterBackend:
    """The public index on a cluster (see the module).

    ``client`` is an ``elasticsearch.Elasticsearch`` or ``opensearchpy.OpenSearch``
    client, ``errors`` the exception classes its failures raise, ``alias`` the name
    searches read, ``fallback`` the backend that answers when the cluster cannot, and
    ``breaker`` what pauses the searches on the cluster after a failure (none: every
    search tries the cluster; writes never pause: their jobs fail and are retried), and
    ``loader`` a client with a longer timeout for :meth:`rebuild` (default: ``client``).
    """

    def __init__(
        self,
        client: Any,
        errors: tuple[type[BaseException], ...],
        alias: str,
        fallback: Backend | None = None,
        breaker: Breaker | None = None,
        loader: Any = None,
    ):
        self.client = client
        self.loader = loader
        self.errors = errors
        self.alias = alias
        self.fallback = fallback
        self.breaker = breaker

    # Reading

    def search(self, query: SearchQuery) -> SearchResults:
        """A page of results of ``query`` with its facets; the fallback's results with
        ``degraded=True`` when the cluster fails or is paused (or :class:`ClusterError`
        without a fallback)."""
        try:
            return self._read(lambda: self._search(query))
        except ClusterError:
            if self.fallback is None:
                raise
            results = self.fallback.search(query)
            return SearchResults(
                hits=results.hits,
                total=results.total,
                facets=results.facets,
                approximate=results.approximate,
                degraded=True,
            )

    def autocomplete(self, prefix: str, locale: str, limit: int) -> list[SearchHit]:
        """Up to ``limit`` items of ``locale`` whose title has words starting with those
        of ``prefix``; the fallback's when the cluster fails or is paused."""
        body = autocomplete_body(prefix, locale, limit)
        try:
            answer = self._read(lambda: self._call(self.client.search, index=self.alias, body=body))
        except ClusterError:
            if self.fallback is None:
                raise
            return self.fallback.autocomplete(prefix, locale, limit)
        return [hit(entry) for entry in answer["hits"]["hits"]]

    def _read(self, work: Callable[[], Any]) -> Any:
        """``work()`` unless the breaker pauses the cluster; a failure trips the breaker."""
        if self.breaker is not None and self.breaker.paused():
            raise ClusterError("The cluster failed a moment ago: paused")
        try:
            return work()
        except ClusterError:
            pause = self.breaker.pause if self.breaker is not None else 0
            logger.warning(
                "Search cluster failed: the database answers for %s s", pause, exc_info=True
            )
            if self.breaker is not None:
                self.breaker.trip()
            raise

    def _search(self, query: SearchQuery) -> SearchResults:
        if query.promoted:
            best, answer = self._msearch(
                [
                    {"index": self.alias},
                    promoted_body(query),
                    {"index": self.alias},
                    search_body(query),
                ]
            )
            found = {entry["_id"]: hit(entry, promoted=True) for entry in best["hits"]["hits"]}
            promoted = [found[key] for key in query.promoted if key in found]
        else:
            promoted = []
            answer = self._call(self.client.search, index=self.alias, body=search_body(query))
        total = answer["hits"]["total"]
        aggs = answer.get("aggregations", {})
        approximate = total.get("relation", "eq") != "eq" or any(
            agg.get("doc_count_error_upper_bound", 0) for agg in aggs.values()
        )
        hits = page_of(query, [hit(entry) for entry in answer["hits"]["hits"]], len(promoted))
        return SearchResults(
            hits=(promoted + hits) if query.page == 1 else hits,
            total=total["value"] + len(promoted),
            facets=facets_of(aggs),
            approximate=approximate,
        )

    def _msearch(self, bodies: list[dict]) -> list[dict]:
        answers = self._call(self.client.msearch, body=bodies)["responses"]
        for answer in answers:
            if "error" in answer:
                raise ClusterError(f"The cluster refused a search: {answer['error']}")
        return answers

    def _call(self, method: Callable, **kwargs) -> Any:
        try:
            answer = method(**kwargs)
        except self.errors as error:
            raise ClusterError(str(error)) from error
        return getattr(answer, "body", answer)

    # Writing

    def index(
        self,
        items: Iterable[IndexedItem],
        index: str | None = None,
        expires_at: Mapping[str, datetime.datetime] | None = None,
    ) -> int:
        """Add or replace ``items`` in ``index`` (the alias by default); returns how many.
        Raises :class:`ClusterError` when the cluster fails or refuses one, or when the
        alias does not exist yet (``manage.py reindex --backend cluster`` creates it).
        ``expires_at`` maps the keys of the items that expire to their instant."""
        expires_at = expires_at or {}
        target = index or self.alias
        operations: list[dict] = []
        for item in items:
            operations += [
                {"index": {"_index": target, "_id": item.key}},
                document(item, expires_at.get(item.key)),
            ]
        if operations:
            # Through the alias, never into an index the write itself would create (with
            # a guessed mapping, in the alias's place): refused until the first rebuild.
            self._bulk(operations, require_alias=index is None)
        return len(operations) // 2

    def replace(
        self, key: str, items: list[IndexedItem], expires_at: datetime.datetime | None = None
    ) -> None:
        """Make the index hold exactly ``items`` for the store's document ``key``: its
        item ``key`` and its attachments' (``key/…``), found until ``expires_at``; those
        of them no longer among ``items`` are removed. Raises :class:`ClusterError`."""
        mine = {"bool": {"should": [{"term": {"key": key}}, {"prefix": {"key": f"{key}/"}}]}}
        answer = self._call(
            self.client.search,
            index=self.alias,
            body={"query": mine, "size": 10_000, "_source": False},
        )
        kept = {item.key for item in items}
        self.delete(entry["_id"] for entry in answer["hits"]["hits"] if entry["_id"] not in kept)
        self.index(items, expires_at={item.key: expires_at for item in items if expires_at})

    def delete(self, keys: Iterable[str]) -> None:
        """Remove the items of ``keys`` (those not indexed are ignored). Raises
        :class:`ClusterError` when the cluster fails."""
        operations = [{"delete": {"_index": self.alias, "_id": key}} for key in keys]
        if operations:
            self._bulk(operations)

    def _bulk(self, operations: list[dict], require_alias: bool = False) -> None:
        extra = {"require_alias": True} if require_alias else {}
        answer = self._call(self.client.bulk, body=operations, **extra)
        if answer.get("errors"):
            failures = [
                result
                for entry in answer["items"]
                for action, result in entry.items()
                if result.get("status", 200) >= 300
                and not (action == "delete" and result["status"] == 404)
            ]
            if failures:
                raise ClusterError(f"The cluster refused {len(failures)} items: {failures[0]}")

    def refresh(self) -> None:
        """Make what was written searchable now (the tests: otherwise within the cluster's
        refresh interval, 1 s by default)."""
        self._call(self.client.indices.refresh, index=self.alias)

    def rebuild(
        self,
        items: Iterable[IndexedItem],
        progress: Callable[[int], None] | None = None,
        expires_at: Mapping[str, datetime.datetime] | None = None,
    ) -> str:
        """Load ``items`` into a new index named after the alias and the time (UTC, to the
        microsecond), then point the alias at it and drop the indices it pointed at, in
        one atomic alias update: searches read the old index until the swap. Calls
        ``progress(count)`` after each bulk request with the number of items loaded so
        far; ``expires_at`` maps the keys of the items that expire to their instant
        (read as each batch is sent). Requests go through ``loader`` (a longer timeout: a
        bulk request of ``BULK_SIZE`` long texts). Returns the new index's name; raises
        :class:`ClusterError` (the old index stays in place, the new one is dropped)."""
        builder = ClusterBackend(self.loader or self.client, self.errors, self.alias)
        now = datetime.datetime.now(datetime.UTC)
        name = f"{self.alias}-{now.strftime('%Y%m%d%H%M%S%f')}"
        builder._call(
            builder.client.indices.create,
            index=name,
            body={"settings": index_settings(), "mappings": index_mappings()},
        )
        try:
            loaded = 0
            for batch in batches(items, BULK_SIZE):
                loaded += builder.index(batch, index=name, expires_at=expires_at)
                if progress:
                    progress(loaded)
            builder._call(builder.client.indices.refresh, index=name)
            previous = builder.indices()
            actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
            actions.append({"add": {"index": name, "alias": self.alias}})
            builder._call(builder.client.indices.update_aliases, body={"actions": actions})
        except ClusterError:
            builder._drop(name)
            raise
        for old in previous:
            builder._drop(old)
        return name

    def indices(self) -> list[str]:
        """The indices the alias points at (none before the first rebuild)."""
        try:
            return sorted(self._call(self.client.indices.get_alias, name=self.alias))
        except ClusterError as error:
            if getattr(error.__cause__, "status_code", None) == 404 or "404" in str(error):
                return []
            raise

    def _drop(self, name: str) -> None:
        try:
            self._call(self.client.indices.delete, index=name)
        except ClusterError:
            logger.warning("Could not drop the search index %s", name, exc_info=True)


def batches(items: Iterable, size: int) -> Iterable[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def configured_flavour() -> str | None:
    """``"elasticsearch"``, ``"opensearch"`` or ``None``: which cluster URL is set."""
    if settings.ELASTICSEARCH_URL and settings.OPENSEARCH_URL:
        raise ImproperlyConfigured(
            "Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both (docs/search.md)."
        )
    if settings.ELASTICSEARCH_URL:
        return "elasticsearch"
    if settings.OPENSEARCH_URL:
        return "opensearch"
    return None


@functools.lru_cache(maxsize=4)
def client_for(
    flavour: str, url: str, timeout: float
) -> tuple[Any, tuple[type[BaseException], ...]]:
    """A client of ``flavour`` for ``url`` with ``timeout`` seconds per request and no
    retries, and the exception classes its failures raise. One client per process and
    configuration: it keeps its connections open between requests."""
    if flavour == "elasticsearch":
        import elastic_transport
        import elasticsearch

        client = elasticsearch.Elasticsearch(
            url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        return client, (
            elasticsearch.ApiError,
            elastic_transport.TransportError,
            elasticsearch.SerializationError,
        )
    import opensearchpy

    client = opensearchpy.OpenSearch(
        hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False
    )
    return client, (opensearchpy.exceptions.OpenSearchException,)


def from_settings(fallback: Backend | None = None) -> ClusterBackend | None:
    """The configured cluster's backend (``None`` when no cluster URL is set), answering
    from ``fallback`` when the cluster fails."""
    flavour = configured_flavour()
    if flavour is None:
        return None
    url = settings.ELASTICSEARCH_URL if flavour == "elasticsearch" else settings.OPENSEARCH_URL
    client, errors = client_for(flavour, url, settings.SEARCH_CLUSTER_TIMEOUT)
    return ClusterBackend(
        client,
        errors,
        settings.SEARCH_CLUSTER_INDEX,
        fallback=fallback,
        breaker=breaker_for(flavour, url, settings.SEARCH_CLUSTER_PAUSE),
        loader=client_for(flavour, url, LOAD_TIMEOUT)[0],
    )


@functools.lru_cache(maxsize=4)
def breaker_for(flavour: str, url: str, pause: float) -> Breaker:
    """The breaker of the cluster at ``url`` (one per process and configuration)."""
    return Breaker(pause)
