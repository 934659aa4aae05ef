"""Errors of the public API (issue 7, sections 6 and 10): every refused request answers
problem+json with the right status, never a 500 nor DRF's defaults (a 200 that ignores a
filter, a 404 for a forged cursor, an HTML page)."""

import datetime

from django.core import signing
from django.utils import timezone

import pytest

from cms.delivery import queries
from tests.delivery.api_support import PROBLEM, assert_matches_schema, stored

ENDPOINTS = [
    ("/api/v1/news/", "/api/v1/news/"),
    ("/api/v1/pages/?path=/x/", "/api/v1/pages/"),
    ("/api/v1/home/", "/api/v1/home/"),
    ("/api/v1/crisis-alert/", "/api/v1/crisis-alert/"),
    ("/api/v1/ministries/", "/api/v1/ministries/"),
    ("/api/v1/topics/", "/api/v1/topics/"),
    ("/api/v1/governments/", "/api/v1/governments/"),
    ("/api/v1/sitemap.xml", "/api/v1/sitemap.xml"),
    ("/api/v1/feeds/news.rss", "/api/v1/feeds/news.rss"),
    ("/api/v1/feeds/news.atom", "/api/v1/feeds/news.atom"),
]


def signed(payload) -> str:
    return signing.dumps(payload, salt=queries.CURSOR_SALT, compress=False)


def assert_problem(response, status: int, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://gouvernail.gouv.fr/problems/")
    assert body["title"] and body["detail"]
    if parameter is not None:
        assert parameter in body["errors"], body
    return body


#: Refused listing parameters and the parameter each error names. Named by position:
#: signed cursors carry a timestamp, and test names must be the same in every xdist worker.
REFUSED = [
    ("colour=red", "colour"),
    ("limit=abc", "limit"),
    ("limit=101", "limit"),
    ("limit=100000", "limit"),
    ("limit=0", "limit"),
    ("limit=-1", "limit"),
    ("limit=1.5", "limit"),
    ("kind=blog", "kind"),
    ("locale=de", "locale"),
    ("ministry=not-a-uuid", "ministry"),
    ("topic=" + "x" * 10_000, "topic"),
    ("x" * 10_000 + "=1", "x" * 50),
    ("published_after=2026-13-45", "published_after"),
    ("published_after=yesterday", "published_after"),
    ("published_after=0001-01-01", "published_after"),
    ("published_before=2026-01-01&published_after=2026-02-01", "published_before"),
    ("government=abc", "government"),
    ("government=99999999999", "government"),
    ("limit=5&limit=6", "limit"),
    ("kind=communique&kind=discours", "kind"),
    ("cursor=forged", "cursor"),
    ("cursor=" + "a" * 201, "cursor"),
    ("cursor=" + signed(["2026-01-01T00:00:00+00:00", 5])[:-1] + "x", "cursor"),
    # Signed with the right key but pointing nowhere sensible:
    ("cursor=" + signed(["2026-01-01T00:00:00", 5]), "cursor"),  # naive instant
    ("cursor=" + signed(["0001-01-01T00:00:00+14:00", 5]), "cursor"),  # before year 1
    ("cursor=" + signed(["2026-01-01T00:00:00+00:00", 10**30]), "cursor"),  # no bigint
    ("cursor=" + signed(["2026-01-01T00:00:00+00:00", -3]), "cursor"),
    ("cursor=" + signed(["2026-01-01T00:00:00+00:00", True]), "cursor"),
    ("cursor=" + signed(["2026-01-01T00:00:00+00:00", "5"]), "cursor"),
    ("cursor=" + signed({"at": 1, "id": 2}), "cursor"),
    ("cursor=" + signed([1, 2, 3]), "cursor"),
    ("cursor=" + signed(None), "cursor"),
    ("cursor=" + signing.dumps(["2026-01-01T00:00:00+00:00", 5]), "cursor"),  # no salt
]


@pytest.mark.parametrize(
    "query, parameter",
    REFUSED,
    ids=[f"{index}-{parameter[:20]}" for index, (_, parameter) in enumerate(REFUSED)],
)
def test_refused_listing_parameters(client, db, query, parameter):
    response = client.get(f"/api/v1/news/?{query}")
    assert_problem(response, 400, parameter)
    assert_matches_schema(response, "/api/v1/news/")


def test_a_signed_cursor_far_in_the_future_is_a_position_not_an_error(client, db):
    stored(1, timezone.now() - datetime.timedelta(hours=1))
    cursor = signed(["9999-12-31T00:00:00+00:00", 2**63 - 1])
    response = client.get(f"/api/v1/news/?cursor={cursor}")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [1]


@pytest.mark.parametrize("url, template", ENDPOINTS)
def test_unknown_long_and_repeated_parameters_on_every_endpoint(client, db, url, template):
    separator = "&" if "?" in url else "?"
    for query, parameter in [
        ("colour=red", "colour"),
        ("format=json", "format"),
        ("locale=" + "x" * 10_000, "locale"),
        ("locale=fr&locale=en", "locale"),
    ]:
        response = client.get(f"{url}{separator}{query}")
        # The governments and the sitemap take no locale: unknown there.
        assert_problem(response, 400, parameter)
        assert_matches_schema(response, template)


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("", "path"),
        ("path=", "path"),
        ("path=relative/", "path"),
        ("path=/a b/", "path"),
        ("path=/" + "x" * 10_000, "path"),
        ("path=/a/&path=/b/", "path"),
    ],
)
def test_refused_paths(client, db, query, parameter):
    response = client.get(f"/api/v1/pages/?{query}")
    assert_problem(response, 400, parameter)


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/v1/",
        "/api/v2/news/",
        "/api/v1/news/abc/",
        "/api/v1/unknown/",
        "/api/v1/news/1/extra/",
        "/api/v1/sitemap-999999999999999999999999.xml",
        "/api/v1/sitemap-3.xml",
        "/api/" + "x" * 10_000,
    ],
)
def test_unknown_paths_under_api_answer_404_problem(client, db, url):
    body = assert_problem(client.get(url), 404)
    assert len(body["instance"]) <= 2000


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url", ["/api/v1/news/", "/api/v1/news/1/", "/api/v1/crisis-alert/", "/api/v1/feeds/news.rss"]
)
def test_other_methods_answer_405_problem(client, db, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_options_without_preflight_answers_405_and_post_elsewhere_404(client, db):
    assert_problem(client.options("/api/v1/news/"), 405)
    # Not a CSRF failure page: no session, no CSRF on the API.
    assert_problem(client.post("/api/v1/unknown/"), 404)


def test_problem_bodies_are_declared_on_every_operation():
    from tests.delivery.api_support import spec

    for template, operations in spec()["paths"].items():
        if not template.startswith("/api/v1/"):
            continue  # the planner: tests/planner/test_schema.py
        # The search has no 404, a 503 (tests/search/test_api.py).
        search = template.startswith("/api/v1/search/")
        for status in ("400", "503") if search else ("400", "404"):
            declared = operations["get"]["responses"][status]["content"]
            assert list(declared) == [PROBLEM], (template, status)
            assert declared[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
    for template in ("/api/v1/news/{id}/", "/api/v1/pages/"):
        assert "410" in spec()["paths"][template]["get"]["responses"]


def test_messages_are_in_english_whatever_the_site_language(client, db):
    body = assert_problem(client.get("/api/v1/news/?limit=abc&colour=red"), 400)
    assert body["errors"] == {"colour": ["Unknown parameter."]}
    body = assert_problem(client.get("/api/v1/news/?limit=abc"), 400)
    assert body["errors"] == {"limit": ["A valid integer is required."]}
    assert assert_problem(client.delete("/api/v1/news/"), 405)["detail"] == (
        'Method "DELETE" not allowed.'
    )


def test_an_editors_redirect_never_replaces_an_api_answer(client, db):
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/api/v1/news/5", redirect_link="https://example.org/")
    assert_problem(client.get("/api/v1/news/5/"), 404)


def test_neither_accept_nor_format_changes_the_content_type(client, db):
    for query in ("format=xml", "format=api"):
        assert_problem(client.get(f"/api/v1/news/?{query}"), 400, "format")
    for accept in ("text/html", "application/xml", "application/problem+json"):
        response = client.get("/api/v1/news/", headers={"Accept": accept})
        assert response.status_code == 200, accept
        assert response["Content-Type"] == "application/json"
