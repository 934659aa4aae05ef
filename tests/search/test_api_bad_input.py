"""Bad input of the search API (issue 10, "Bad input"): each refused parameter answers a
400 problem+json naming it, and costs no query (nothing reaches a backend). The inputs a
backend must answer with a sensible 200 (query syntax, an empty query, a page past the
end) are in ``test_api.py``, against the real backend."""

from urllib.parse import urlencode

import pytest

from search.query import MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from search.serializers import MAX_RESULT_WINDOW
from tests.delivery.api_support import PROBLEM, assert_matches_schema

pytestmark = pytest.mark.django_db

SEARCH, AUTOCOMPLETE = "/api/v1/search/", "/api/v1/search/autocomplete/"
INVALID = "https://gouvernail.gouv.fr/problems/invalid-parameter"
UUID = "5f0c6a8e-9d7b-4a53-8f7e-3b1c2d4e5f60"

#: (id, query string pairs, the parameter refused, a word of its message)
SEARCH_CASES = [
    ("q of 10,000 characters", [("q", "a" * 10_000)], "q", "200 characters"),
    ("q one character too long", [("q", "é" * (MAX_QUERY_LENGTH + 1))], "q", "200 characters"),
    ("q with a NUL", [("q", "santé\x00")], "q", "Null characters"),
    ("q repeated", [("q", "santé"), ("q", "eau")], "q", "once"),
    ("unknown parameter", [("q", "eau"), ("colour", "red")], "colour", "Unknown"),
    ("unknown facet", [("q", "eau"), ("government", "1")], "government", "Unknown"),
    ("format", [("format", "xml")], "format", "Unknown"),
    ("limit is not page_size", [("limit", "10")], "limit", "Unknown"),
    ("unknown type", [("type", "article")], "type", "one of news"),
    ("one unknown type of two", [("type", "news,article")], "type", "article"),
    ("empty type", [("type", "")], "type", "may not be blank"),
    ("empty value among types", [("type", "news,,video")], "type", "none empty"),
    ("type repeated", [("type", "news"), ("type", "video")], "type", "once"),
    ("unknown locale", [("locale", "de")], "locale", "one of fr, en"),
    ("unknown sort", [("sort", "popularity")], "sort", "not a valid choice"),
    ("sort empty", [("sort", "")], "sort", "not a valid choice"),
    ("ministry not a UUID", [("ministry", "interieur")], "ministry", "UUID"),
    ("one topic not a UUID", [("topic", f"{UUID},12")], "topic", "UUID"),
    ("year of two digits", [("year", "26")], "year", "four digits"),
    ("year before 1900", [("year", "1899")], "year", "1900"),
    ("year not a number", [("year", "deux")], "year", "four digits"),
    ("kind with spaces", [("kind", "compte rendu")], "kind", "lowercase"),
    ("page 0", [("page", "0")], "page", "greater than or equal to 1"),
    ("page negative", [("page", "-3")], "page", "greater than or equal to 1"),
    ("page not a number", [("page", "deux")], "page", "valid integer"),
    ("page decimal", [("page", "1.5")], "page", "valid integer"),
    ("page huge", [("page", "9" * 30)], "page", "10,000"),
    ("page past the window", [("page", str(MAX_RESULT_WINDOW // 20 + 1))], "page", "at most page"),
    ("page repeated", [("page", "1"), ("page", "2")], "page", "once"),
    ("page_size 0", [("page_size", "0")], "page_size", "greater than or equal to 1"),
    (
        "page_size 999",
        [("page_size", "999")],
        "page_size",
        f"less than or equal to {MAX_PAGE_SIZE}",
    ),
    ("page_size over the maximum", [("page_size", str(MAX_PAGE_SIZE + 1))], "page_size", "less"),
    ("page_size empty", [("page_size", "")], "page_size", "valid integer"),
]

AUTOCOMPLETE_CASES = [
    ("no q", [("locale", "fr")], "q", "required"),
    ("empty q", [("q", "")], "q", "blank"),
    ("blank q", [("q", "   ")], "q", "blank"),
    ("q too long", [("q", "a" * 10_000)], "q", "200 characters"),
    ("unknown locale", [("q", "san"), ("locale", "de")], "locale", "not a valid choice"),
    ("several locales", [("q", "san"), ("locale", "fr,en")], "locale", "not a valid choice"),
    ("a limit", [("q", "san"), ("limit", "5")], "limit", "Unknown"),
    ("q repeated", [("q", "san"), ("q", "vac")], "q", "once"),
]


def refused(client, url: str, django_assert_num_queries) -> dict:
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == INVALID
    assert problem["status"] == 400
    assert "cache-control" not in {name.lower() for name in response.headers} or (
        "public" not in response["Cache-Control"]
    )
    return problem


@pytest.mark.parametrize(
    ("pairs", "name", "message"),
    [pytest.param(pairs, name, message, id=case) for case, pairs, name, message in SEARCH_CASES],
)
def test_search_refuses(client, django_assert_num_queries, pairs, name, message):
    url = f"{SEARCH}?{urlencode(pairs)}"
    problem = refused(client, url, django_assert_num_queries)
    assert list(problem["errors"]) == [name]
    assert any(message in text for text in problem["errors"][name]), problem["errors"]
    assert problem["instance"] == url[:2000]


@pytest.mark.parametrize(
    ("pairs", "name", "message"),
    [
        pytest.param(pairs, name, message, id=case)
        for case, pairs, name, message in AUTOCOMPLETE_CASES
    ],
)
def test_autocomplete_refuses(client, django_assert_num_queries, pairs, name, message):
    problem = refused(client, f"{AUTOCOMPLETE}?{urlencode(pairs)}", django_assert_num_queries)
    assert list(problem["errors"]) == [name]
    assert any(message in text for text in problem["errors"][name]), problem["errors"]


def test_every_refused_parameter_is_named(client, django_assert_num_queries):
    """Invalid values of several parameters: each one is named (unknown parameters are
    refused first, alone, as everywhere in the API)."""
    url = f"{SEARCH}?type=article&page=0&page_size=999&locale=de&sort=hasard"
    problem = refused(client, url, django_assert_num_queries)
    assert set(problem["errors"]) == {"type", "page", "page_size", "locale", "sort"}


def test_a_forged_parameter_name_is_not_echoed_whole(client, django_assert_num_queries):
    problem = refused(client, f"{SEARCH}?{'x' * 500}=1", django_assert_num_queries)
    assert list(problem["errors"]) == ["x" * 50]


def test_problems_match_the_schema(client):
    assert_matches_schema(client.get(f"{SEARCH}?page=0"), "/api/v1/search/")
    assert_matches_schema(client.get(AUTOCOMPLETE), "/api/v1/search/autocomplete/")


@pytest.mark.parametrize("url", [SEARCH, AUTOCOMPLETE])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_only_get_and_head(client, url, method):
    response = getattr(client, method)(f"{url}?q=eau")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["type"] == "https://gouvernail.gouv.fr/problems/method-not-allowed"
