"""The public search API (``search/api.py``): its schema, its faults, and end to end
against the configured backend, with news items published through the pipeline."""

from __future__ import annotations

import pytest

from search import api
from search.query import MAX_PAGE_SIZE
from search.serializers import AutocompleteParameters, SearchParameters
from tests.delivery.api_support import PROBLEM, assert_matches_schema, spec

SEARCH, AUTOCOMPLETE = "/api/v1/search/", "/api/v1/search/autocomplete/"
OPERATIONS = {SEARCH: "search", AUTOCOMPLETE: "search_autocomplete"}


# -- Schema --------------------------------------------------------------------------------


def operation(path: str) -> dict:
    return spec()["paths"][path]["get"]


@pytest.mark.django_db
def test_the_schema_lists_the_search_operations():
    for path, operation_id in OPERATIONS.items():
        declared = operation(path)
        assert declared["operationId"] == operation_id
        assert declared["tags"] == ["Search"]
        assert declared["security"] == [{}]  # anonymous
        assert declared["summary"] and declared["description"]
        responses = declared["responses"]
        assert set(responses) == {"200", "304", "400", "503"}
        assert list(responses["400"]["content"]) == list(responses["503"]["content"]) == [PROBLEM]
        assert set(responses["200"]["headers"]) == {"ETag", "Cache-Control", "Surrogate-Key"}
        headers = {p["name"] for p in declared["parameters"] if p["in"] == "header"}
        assert headers == {"If-None-Match"}


@pytest.mark.django_db
def test_the_schema_declares_every_parameter():
    def names(path):
        return {p["name"] for p in operation(path)["parameters"] if p["in"] == "query"}

    assert names(SEARCH) == set(SearchParameters().fields)
    assert names(SEARCH) == {
        "q",
        "type",
        "kind",
        "ministry",
        "topic",
        "year",
        "locale",
        "sort",
        "page",
        "page_size",
    }
    assert names(AUTOCOMPLETE) == set(AutocompleteParameters().fields) == {"q", "locale"}
    parameters = {p["name"]: p["schema"] for p in operation(SEARCH)["parameters"]}
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (
        1,
        MAX_PAGE_SIZE,
    )
    assert parameters["page"]["minimum"] == 1
    assert parameters["sort"]["enum"] == ["relevance", "date"]
    answer = spec()["components"]["schemas"]["SearchAnswer"]["properties"]
    assert set(answer) == {
        "results",
        "count",
        "approximate",
        "degraded",
        "facets",
        "page",
        "page_size",
        "next",
        "previous",
    }


# -- Faults --------------------------------------------------------------------------------


class BrokenBackend:
    """A backend whose every call fails as a dead server's client would."""

    def search(self, query):
        raise ConnectionError("connection refused")

    def autocomplete(self, prefix, locale, limit):
        raise TimeoutError("timed out")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [f"{SEARCH}?q=sant%C3%A9", f"{AUTOCOMPLETE}?q=sant"])
def test_a_failing_backend_answers_503_never_500(client, monkeypatch, url):
    monkeypatch.setattr(api, "backend", BrokenBackend)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    problem = response.json()
    assert problem["type"] == "https://gouvernail.gouv.fr/problems/service-unavailable"
    assert problem["status"] == 503 and problem["instance"] == url
    assert_matches_schema(response, url.split("?")[0])
