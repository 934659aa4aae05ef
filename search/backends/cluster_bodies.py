"""What the cluster backend sends and reads: the index's settings and mapping, the
indexed documents, the request bodies of a search and an autocomplete, and how their
answers become ``search.query`` shapes. Plain functions of plain values, the same for
Elasticsearch 9 and OpenSearch (``search.backends.cluster`` sends them), read by the
offline tests (tests/search/test_cluster_offline.py).

- :func:`index_settings` and :func:`index_mappings`: a French analyzer (elision of the
  French articles, lowercase, French stop words, ASCII folding, the Snowball French
  stemmer) for titles, chapôs and bodies, folded sub-fields for typos, and an edge
  n-gram sub-field of the title for autocomplete; facets are keywords, dates dates. The
  stemmer is Snowball's, as in the database backend (PostgreSQL's ``french``
  dictionary, the SQLite quick start's Snowball stemmer), not Elasticsearch's
  ``light_french``: a query gives the same stems whichever backend answers it, the
  cluster or its fallback;
- :func:`search_body`: a ``bool`` query whose words go through ``simple_query_string``
  (quotes and ``-`` as in a web search, never ``query_string``'s full syntax), the
  editors' synonyms (``SearchQuery.alternatives``) OR'ed with them, fuzzy branches for
  a typo in a long word, expired items left out, a filter per facet, a terms
  aggregation per facet, and ``function_score`` for the boosts (:func:`boosted`); best
  bets (``promoted``) are fetched by :func:`promoted_body` in the same ``msearch`` and
  shown first on page 1 (:func:`page_of`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from search.backends.database import label_of
from search.query import FACETS, FacetValue, IndexedItem, SearchHit, SearchQuery

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
    towards 1 for old items; no recency boost with a half-life of 0, as the database
    backend), and an item of a previous government's by ``SEARCH_HISTORIC_FACTOR``
    (GOV.UK's historic down-ranking)."""
    # Hours: a cluster refuses a fractional "182.5d".
    half_life = round(settings.SEARCH_RECENCY_HALF_LIFE_DAYS * 24)
    if half_life > 0:
        decay = {"origin": "now", "scale": f"{half_life}h", "decay": 0.5}
        scored = {
            "function_score": {
                "query": scored,
                "functions": [{"weight": 1}, {"exp": {"published_at": decay}, "weight": 1}],
                "score_mode": "sum",
                "boost_mode": "multiply",
            }
        }
    return {
        "function_score": {
            "query": scored,
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
    """The facets of the answer's aggregations, in ``FACETS`` order, labelled as the
    database backend labels them (``database.label_of``)."""
    facets = {}
    for name in FACETS:
        values = []
        for bucket in aggs.get(name, {}).get("buckets", []):
            value = str(bucket.get("key_as_string", bucket["key"]))
            if name in PAIR_FIELDS:
                value, _separator, label = value.partition(PAIR_SEPARATOR)
            else:
                label = label_of(name, value, {})
            values.append(FacetValue(value=value, label=label, count=bucket["doc_count"]))
        facets[name] = values
    return facets
