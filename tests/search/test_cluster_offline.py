"""The cluster backend's index settings, mapping and request bodies, read without a
server (search.backends.cluster_bodies): what osmem-server ignores (elision) is checked
here; and the clients' configuration for both flavours (search.backends.cluster)."""

import dataclasses
import datetime
import json
from pathlib import Path

import elasticsearch
import opensearchpy
import pytest

from search.backends import cluster
from search.backends import cluster_bodies as bodies
from search.query import FACETS, IndexedItem, SearchQuery
from tests.settings_support import load_settings

ROOT = Path(__file__).resolve().parents[2]
ITEM = IndexedItem(
    key="news:42",
    type="news",
    title="L'État accélère la vaccination",
    url="https://www.info.gouv.fr/actualites/vaccination",
    locale="fr",
    published_at=datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC),
    chapo="Un chapô",
    body="Le corps du texte",
    kind="press_release",
    ministries=(("m-sante", "Ministère de la Santé"),),
    topics=(("t-1", "Santé"), ("t-2", "Prévention")),
    current=False,
)


def analyzer(name):
    return bodies.index_settings()["analysis"]["analyzer"][name]


def test_the_french_analyzer_chain():
    """Elision first (before lowercase, ``articles_case`` for "L'"), stop words before
    folding (the list is accented), the Snowball French stemmer last."""
    french = analyzer("french_text")
    assert french["tokenizer"] == "standard"
    assert french["filter"] == [
        "french_elision",
        "lowercase",
        "french_stop",
        "asciifolding",
        "french_stemmer",
    ]
    filters = bodies.index_settings()["analysis"]["filter"]
    assert filters["french_elision"]["type"] == "elision"
    assert filters["french_elision"]["articles_case"] is True
    assert {"l", "d", "qu", "jusqu", "lorsqu"} <= set(filters["french_elision"]["articles"])
    assert filters["french_stop"] == {"type": "stop", "stopwords": "_french_"}
    # Snowball's, as the database backend's: the same stems whichever answers.
    assert filters["french_stemmer"] == {"type": "snowball", "language": "French"}


def test_autocomplete_analyzers_fold_and_cut_edge_ngrams_at_index_time_only():
    filters = bodies.index_settings()["analysis"]["filter"]
    assert analyzer("autocomplete")["filter"] == [
        "french_elision",
        "lowercase",
        "asciifolding",
        "autocomplete_edge",
    ]
    assert filters["autocomplete_edge"]["type"] == "edge_ngram"
    assert filters["autocomplete_edge"]["min_gram"] == 1
    assert analyzer("french_folded")["filter"] == ["french_elision", "lowercase", "asciifolding"]
    title = bodies.index_mappings()["properties"]["title"]
    assert title["fields"]["autocomplete"] == {
        "type": "text",
        "analyzer": "autocomplete",
        "search_analyzer": "french_folded",
    }
    assert title["fields"]["folded"] == {"type": "text", "analyzer": "french_folded"}


def test_mapping_texts_are_french_facets_keywords_dates_dates():
    properties = bodies.index_mappings()["properties"]
    assert bodies.index_mappings()["dynamic"] == "strict"
    for name in ("title", "chapo", "body"):
        assert properties[name]["analyzer"] == "french_text"
    for name in FACETS:
        assert properties[name] == {"type": "keyword"}
    assert properties["published_at"] == properties["expires_at"] == {"type": "date"}
    assert properties["current"] == {"type": "boolean"}


def test_document_of_an_item_fills_exactly_the_mapping():
    source = bodies.document(ITEM)
    assert set(source) == set(bodies.index_mappings()["properties"])
    assert source["year"] == "2025"
    assert source["published_at"] == "2025-03-01T09:30:00+00:00"
    assert source["ministry"] == ["m-sante"]
    assert source["topic_pairs"] == ["t-1\x1fSanté", "t-2\x1fPrévention"]
    assert source["current"] is False
    assert source["expires_at"] is None
    expiry = datetime.datetime(2026, 6, 30, 22, tzinfo=datetime.UTC)
    assert bodies.document(ITEM, expiry)["expires_at"] == "2026-06-30T22:00:00+00:00"
    assert bodies.pairs_of(source, "topic") == ITEM.topics


@pytest.mark.parametrize(
    ("published_at", "year"),
    [
        (None, None),
        # 23:59:59 on 31 December in Paris (UTC+1 in winter).
        (datetime.datetime(2025, 12, 31, 22, 59, 59, tzinfo=datetime.UTC), "2025"),
        # 00:30 on 1 January 2026 in Paris.
        (datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC), "2026"),
    ],
)
def test_the_indexed_year_is_that_of_paris(published_at, year):
    dated = dataclasses.replace(ITEM, published_at=published_at)
    assert bodies.document(dated)["year"] == year
    # Filtered on as a keyword, aggregated as one: no date arithmetic in the cluster.
    body = bodies.search_body(SearchQuery(filters={"year": ("2026",)}))
    assert {"terms": {"year": ["2026"]}} in body["query"]["bool"]["filter"]
    assert body["aggs"]["year"] == {
        "terms": {"field": "year", "size": bodies.FACET_SIZE, "order": {"_key": "desc"}}
    }


def test_words_go_through_simple_query_string_with_safe_flags_and_and():
    body = bodies.search_body(SearchQuery(text='"code du travail" -retraite'))
    scored = body["query"]["bool"]["must"][0]
    text = scored["function_score"]["query"]["function_score"]["query"]
    (only,) = text["bool"]["should"]  # an operator in the text: no fuzzy branch
    assert only == {
        "simple_query_string": {
            "query": '"code du travail" -retraite',
            "fields": ["title^3", "chapo^2", "body"],
            "default_operator": "and",
            "flags": "AND|OR|NOT|PHRASE|WHITESPACE",
        }
    }
    assert "query_string" not in str(body).replace("simple_query_string", "")
    for flag in ("PREFIX", "FUZZY", "SLOP", "NEAR", "PRECEDENCE", "ALL"):
        assert flag not in only["simple_query_string"]["flags"].split("|")


def test_alternatives_are_ored_and_a_plain_query_gets_a_fuzzy_branch():
    query = SearchQuery(text="rsa", alternatives=("revenu de solidarité active",))
    text = bodies.text_query(query)
    assert text["bool"]["minimum_should_match"] == 1
    phrasings = [clause["simple_query_string"]["query"] for clause in text["bool"]["should"][:2]]
    assert phrasings == ["rsa", "revenu de solidarité active"]
    fuzzy = text["bool"]["should"][2]["multi_match"]
    assert fuzzy["fields"] == ["title^3", "chapo^2", "body"]
    assert fuzzy["fuzziness"] == "AUTO:5,100"  # stems: of words of about 7 letters
    assert fuzzy["operator"] == "and"
    assert fuzzy["query"] == "rsa"
    assert fuzzy["boost"] < 1
    # The words as typed: a mistyped word's stem is often no stem at all.
    folded = text["bool"]["should"][3]["multi_match"]
    assert folded["fields"] == ["title.folded^3", "chapo.folded^2"]
    assert folded["fuzziness"] == "AUTO:7,100"
    assert folded["boost"] < 1


def test_expired_items_are_left_out_at_query_time():
    """Items with no expiry, or one still ahead, as the cluster's clock reads it."""
    should = bodies.NOT_EXPIRED["bool"]["should"]
    assert should == [
        {"bool": {"must_not": [{"exists": {"field": "expires_at"}}]}},
        {"range": {"expires_at": {"gt": "now"}}},
    ]
    assert bodies.NOT_EXPIRED["bool"]["minimum_should_match"] == 1
    assert bodies.search_body(SearchQuery())["query"]["bool"]["filter"] == [bodies.NOT_EXPIRED]


def test_an_empty_query_matches_everything_newest_first():
    body = bodies.search_body(SearchQuery())
    scored = body["query"]["bool"]["must"][0]
    assert scored["function_score"]["query"]["function_score"]["query"] == {"match_all": {}}
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_sorts():
    assert bodies.search_body(SearchQuery(text="santé"))["sort"][0] == "_score"
    by_date = bodies.search_body(SearchQuery(text="santé", sort="date"))["sort"]
    assert by_date[0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_boosts_recency_half_life_and_historic_factor(settings):
    settings.SEARCH_RECENCY_HALF_LIFE_DAYS = 90
    settings.SEARCH_HISTORIC_FACTOR = 0.25
    historic = bodies.search_body(SearchQuery(text="santé"))["query"]["bool"]["must"][0][
        "function_score"
    ]
    assert historic["boost_mode"] == "multiply"
    assert historic["functions"] == [{"filter": {"term": {"current": False}}, "weight": 0.25}]
    recency = historic["query"]["function_score"]
    assert recency["score_mode"] == "sum"
    assert recency["boost_mode"] == "multiply"
    constant, decay = recency["functions"]
    assert constant == {"weight": 1}
    assert decay["exp"]["published_at"] == {"origin": "now", "scale": "2160h", "decay": 0.5}


def test_no_recency_boost_with_a_half_life_of_zero(settings):
    settings.SEARCH_RECENCY_HALF_LIFE_DAYS = 0
    historic = bodies.boosted({"match_all": {}})["function_score"]
    assert historic["query"] == {"match_all": {}}
    assert historic["functions"][0]["filter"] == {"term": {"current": False}}


def test_a_filter_per_facet_and_an_aggregation_per_facet():
    query = SearchQuery(
        text="santé",
        filters={"type": ("news", "video"), "ministry": ("m-sante",), "year": ("2025",)},
    )
    body = bodies.search_body(query)
    assert body["query"]["bool"]["filter"] == [
        bodies.NOT_EXPIRED,
        {"terms": {"type": ["news", "video"]}},
        {"terms": {"ministry": ["m-sante"]}},
        {"terms": {"year": ["2025"]}},
    ]
    assert list(body["aggs"]) == list(FACETS)
    assert body["aggs"]["ministry"]["terms"]["field"] == "ministry_pairs"
    assert body["aggs"]["year"]["terms"]["order"] == {"_key": "desc"}
    assert body["track_total_hits"] is True


@pytest.mark.parametrize(("page", "start", "size"), [(1, 0, 20), (2, 20, 20), (3, 40, 20)])
def test_pages_without_best_bets(page, start, size):
    body = bodies.search_body(SearchQuery(text="santé", page=page))
    assert (body["from"], body["size"]) == (start, size)
    assert "post_filter" not in body


def test_best_bets_count_in_facets_but_leave_the_hits_for_their_own_body():
    query = SearchQuery(text="santé", promoted=("news:7", "video:3"), filters={"locale": ("fr",)})
    body = bodies.search_body(query)
    main = body["query"]["bool"]
    assert main["should"][1] == {"ids": {"values": ["news:7", "video:3"]}}
    assert main["minimum_should_match"] == 1
    assert body["post_filter"] == {
        "bool": {"must_not": [{"ids": {"values": ["news:7", "video:3"]}}]}
    }
    assert (body["from"], body["size"]) == (0, 22)
    best = bodies.promoted_body(query)
    assert best["query"]["bool"]["filter"] == [
        {"ids": {"values": ["news:7", "video:3"]}},
        bodies.NOT_EXPIRED,
        {"terms": {"locale": ["fr"]}},
    ]


@pytest.mark.parametrize(
    ("page", "found", "expected"),
    [
        (1, 2, list(range(0, 8))),
        (1, 0, list(range(0, 10))),
        (2, 2, list(range(8, 18))),
        (2, 1, list(range(9, 19))),
    ],
)
def test_page_of_shifts_the_pages_by_the_best_bets_found(page, found, expected):
    query = SearchQuery(text="santé", promoted=("a", "b"), page=page, page_size=10)
    start = bodies.search_body(query)["from"]
    answered = list(range(start, start + 12))  # the hits the body asks for, by rank
    assert bodies.page_of(query, answered, found) == expected


def test_highlight_is_plain_text_and_the_body_stays_out_of_the_hits():
    body = bodies.search_body(SearchQuery(text="santé"))
    assert body["highlight"]["pre_tags"] == [""]
    assert body["highlight"]["post_tags"] == [""]
    assert body["highlight"]["fields"]["body"]["number_of_fragments"] == 1
    assert body["highlight"]["fields"]["body"]["no_match_size"] == 240  # the start, else
    assert body["_source"] == {"excludes": ["body"]}


def test_autocomplete_body():
    body = bodies.autocomplete_body("vacc", "fr", 5)
    assert body["query"]["bool"]["must"] == [
        {"match": {"title.autocomplete": {"query": "vacc", "operator": "and"}}}
    ]
    assert body["query"]["bool"]["filter"] == [bodies.NOT_EXPIRED, {"term": {"locale": "fr"}}]
    assert body["size"] == 5


def test_facets_and_hits_read_back_from_an_answer():
    aggs = {
        "ministry": {"buckets": [{"key": "m-sante\x1fMinistère de la Santé", "doc_count": 3}]},
        "year": {"buckets": [{"key": "2025", "doc_count": 2}]},
    }
    facets = bodies.facets_of(aggs)
    assert list(facets) == list(FACETS)
    assert facets["ministry"][0].value == "m-sante"
    assert facets["ministry"][0].label == "Ministère de la Santé"
    assert facets["ministry"][0].count == 3
    assert facets["year"][0].value == "2025"
    assert facets["type"] == []
    labelled = bodies.facets_of(
        {
            "type": {"buckets": [{"key": "video", "doc_count": 1}]},
            "kind": {
                "buckets": [
                    {"key": "communique", "doc_count": 4},
                    {"key": "compte_rendu_conseil", "doc_count": 2},
                    {"key": "tribune", "doc_count": 1},
                ]
            },
            "locale": {
                "buckets": [
                    {"key": "fr", "doc_count": 6},
                    {"key": "en", "doc_count": 1},
                    {"key": "de", "doc_count": 1},
                ]
            },
        }
    )
    assert [(f.value, f.label) for f in labelled["type"]] == [("video", "vidéo")]
    assert [(f.value, f.label, f.count) for f in labelled["kind"]] == [
        ("communique", "Communiqué de presse", 4),
        ("compte_rendu_conseil", "Compte rendu du Conseil des ministres", 2),
        ("tribune", "tribune", 1),  # unknown to the vocabulary: the value itself
    ]
    assert [(f.value, f.label) for f in labelled["locale"]] == [
        ("fr", "Français"),
        ("en", "English"),
        ("de", "de"),
    ]
    source = bodies.document(ITEM)
    found = bodies.hit({"_id": ITEM.key, "_source": source, "highlight": {"body": [" du texte "]}})
    assert found.excerpt == "Un chapô"  # the chapô first, as the database backend
    assert found.published_at == ITEM.published_at
    assert found.ministries == ITEM.ministries
    source["chapo"] = ""
    found = bodies.hit({"_id": ITEM.key, "_source": source, "highlight": {"body": [" du texte "]}})
    assert found.excerpt == "du texte"


@pytest.mark.parametrize("flavour", ["elasticsearch", "opensearch"])
def test_the_client_follows_the_url_set_with_the_timeout_and_no_retries(settings, flavour):
    settings.ELASTICSEARCH_URL = "http://es.example:9200" if flavour == "elasticsearch" else ""
    settings.OPENSEARCH_URL = "http://os.example:9200" if flavour == "opensearch" else ""
    settings.SEARCH_CLUSTER_TIMEOUT = 1.5
    backend = cluster.from_settings()
    if flavour == "elasticsearch":
        assert isinstance(backend.client, elasticsearch.Elasticsearch)
        # The client's options for every request (elasticsearch.BaseClient).
        assert backend.client._max_retries == 0
        assert backend.client._retry_on_timeout is False
        assert backend.client._request_timeout == 1.5
        assert backend.loader._request_timeout == cluster.LOAD_TIMEOUT  # rebuilds
        assert elasticsearch.ApiError in backend.errors
    else:
        assert isinstance(backend.client, opensearchpy.OpenSearch)
        assert backend.client.transport.max_retries == 0
        assert backend.client.transport.retry_on_timeout is False
        assert backend.client.transport.kwargs["timeout"] == 1.5
        assert backend.loader.transport.kwargs["timeout"] == cluster.LOAD_TIMEOUT
        assert backend.loader.transport.max_retries == 0
    assert backend.alias == "gouvernail"


def test_no_cluster_without_a_url_and_not_two(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ELASTICSEARCH_URL = settings.OPENSEARCH_URL = ""
    assert cluster.from_settings() is None
    settings.ELASTICSEARCH_URL = settings.OPENSEARCH_URL = "http://cluster.example:9200"
    with pytest.raises(ImproperlyConfigured):
        cluster.from_settings()


def settings_with(**env):
    """``settings.dev``'s search settings loaded with ``env`` (a process of its own)."""
    return load_settings(
        "dev",
        "{'admin': s.WAGTAILSEARCH_BACKENDS, 'timeout': s.SEARCH_CLUSTER_TIMEOUT}",
        unset={"ELASTICSEARCH_URL", "OPENSEARCH_URL"},
        env=env,
    )


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "wagtail.search.backends.database"),
        ({"ELASTICSEARCH_URL": "http://es:9200"}, "wagtail.search.backends.elasticsearch9"),
        ({"OPENSEARCH_URL": "http://os:9200"}, "wagtail.search.backends.opensearch3"),
    ],
)
def test_the_admin_searches_the_configured_cluster(env, backend):
    loaded = settings_with(SEARCH_CLUSTER_TIMEOUT="1.5", **env)
    assert loaded.returncode == 0, loaded.stderr
    admin = json.loads(loaded.stdout)["admin"]["default"]
    assert admin["BACKEND"] == backend
    if env:
        assert admin["URLS"] == list(env.values())
        assert admin["INDEX_PREFIX"] == "gouvernail-admin-"
        assert admin["TIMEOUT"] == 1.5


def test_two_cluster_urls_stop_the_start():
    loaded = settings_with(ELASTICSEARCH_URL="http://es:9200", OPENSEARCH_URL="http://os:9200")
    assert loaded.returncode != 0
    assert "Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both" in loaded.stderr
