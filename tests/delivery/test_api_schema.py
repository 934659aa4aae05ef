"""The OpenAPI document at /api/schema/ and the documentation at /api/docs/.

Real responses of every endpoint are validated against this schema in the endpoint
tests (``assert_matches_schema``); here, the document itself."""

import re

from openapi_spec_validator import validate

from cms.delivery import queries
from tests.delivery.api_support import PROBLEM, spec

OPERATIONS = {
    "/api/v1/news/": "news_list",
    "/api/v1/news/{id}/": "news_detail",
    "/api/v1/videos/": "videos_list",
    "/api/v1/videos/{id}/": "videos_detail",
    "/api/v1/pages/": "pages_lookup",
    "/api/v1/home/": "home",
    "/api/v1/crisis-alert/": "crisis_alert",
    "/api/v1/ministries/": "ministries_list",
    "/api/v1/topics/": "topics_list",
    "/api/v1/governments/": "governments_list",
    "/api/v1/sitemap.xml": "sitemap",
    "/api/v1/sitemap-{section}.xml": "sitemap_section",
    "/api/v1/feeds/news.rss": "feeds_news_rss",
    "/api/v1/feeds/news.atom": "feeds_news_atom",
    "/api/v1/feeds/videos.rss": "feeds_videos_rss",
    "/api/v1/feeds/videos.atom": "feeds_videos_atom",
    # The search (tests/search/test_api.py): no Last-Modified (the index follows the store
    # a moment later), a 503 when its backend fails, no 404.
    "/api/v1/search/": "search",
    "/api/v1/search/autocomplete/": "search_autocomplete",
    # The front ends' preview (tests/previews/test_api.py): never cached, token required.
    "/api/v1/preview/{id}/": "preview_detail",
}
PUBLIC = {path: operation for path, operation in OPERATIONS.items() if "preview" not in path}


#: The authenticated operations (tests/planner/test_schema.py), beside the public ones.
AUTHENTICATED = {"/api/planner/items", "/api/planner/calendar.ics"}


def public_paths() -> dict:
    return {path: ops for path, ops in spec()["paths"].items() if path in PUBLIC}


def test_the_schema_is_valid_openapi_and_public_only(db):
    document = spec()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) - set(OPERATIONS) == AUTHENTICATED
    assert {path: ops["get"]["operationId"] for path, ops in public_paths().items()} == PUBLIC
    assert all(list(operations) == ["get"] for operations in document["paths"].values())
    # Anonymous: the empty requirement, no scheme.
    assert all(ops["get"]["security"] == [{}] for ops in public_paths().values())


def test_every_operation_declares_its_answers(db):
    for path, operations in public_paths().items():
        if path.startswith("/api/v1/search/"):
            continue  # its own answers: tests/search/test_api.py
        operation = operations["get"]
        responses = operation["responses"]
        assert {"200", "304", "400", "404"} <= set(responses), path
        for status in ("400", "404", "410"):
            if status in responses:
                assert list(responses[status]["content"]) == [PROBLEM], (path, status)
        assert set(responses["200"]["headers"]) == {
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "Surrogate-Key",
        }
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"If-None-Match", "If-Modified-Since"}, path
        assert operation["description"] and operation["summary"], path
    lookup = spec()["paths"]["/api/v1/pages/"]["get"]["responses"]
    assert "Location" in lookup["301"]["headers"]
    assert "410" in spec()["paths"]["/api/v1/news/{id}/"]["get"]["responses"]
    assert "410" in spec()["paths"]["/api/v1/videos/{id}/"]["get"]["responses"]


def test_query_parameters_are_the_declared_ones(db):
    def names(path):
        operation = spec()["paths"][path]["get"]
        return {p["name"] for p in operation["parameters"] if p["in"] == "query"}

    assert names("/api/v1/news/") == set(queries.NewsListQuery().fields)
    assert names("/api/v1/videos/") == set(queries.VideoListQuery().fields)
    assert names("/api/v1/videos/{id}/") == set()
    for path in ("/api/v1/feeds/videos.rss", "/api/v1/feeds/videos.atom"):
        assert names(path) == {"language", "ministry", "topic"}
    assert names("/api/v1/pages/") == {"path"}
    for path in ("/api/v1/home/", "/api/v1/ministries/", "/api/v1/crisis-alert/"):
        assert names(path) == {"locale"}
    assert names("/api/v1/governments/") == set()
    for path in ("/api/v1/feeds/news.rss", "/api/v1/feeds/news.atom"):
        assert names(path) == {"locale", "ministry", "topic"}
    limit = next(
        p for p in spec()["paths"]["/api/v1/news/"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, queries.MAX_LIMIT)


def test_the_docs_page_points_at_the_schema(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"/api/schema/" in response.content
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/admin/" not in schema.content


def test_the_docs_page_asks_no_third_party(client, db):
    """Redoc's script comes from this server (drf-spectacular-sidecar), and no font is
    fetched from Google: a reader of the documentation is seen by nobody else."""
    page = client.get("/api/docs/").content.decode()
    assert "https://" not in page and "http://" not in page
    script = re.search(r'<script src="([^"]+)"', page).group(1)
    assert script.startswith("/static/") and "redoc" in script


def test_the_docs_group_operations_by_resource(db):
    tags = {
        operation["operationId"]: operation["tags"]
        for path in spec()["paths"].values()
        for operation in path.values()
    }
    assert tags["news_list"] == tags["news_detail"] == ["News"]
    assert tags["ministries_list"] == tags["topics_list"] == ["Organisations"]
    assert tags["feeds_news_rss"] == tags["feeds_news_atom"] == ["Feeds"]
    assert tags["videos_list"] == tags["videos_detail"] == ["Videos"]
    assert tags["feeds_videos_rss"] == tags["feeds_videos_atom"] == ["Feeds"]
    assert all(len(names) == 1 and names != ["public"] for names in tags.values())


def test_xml_operations_declare_their_media_types(db):
    media_types = {
        "/api/v1/sitemap.xml": "application/xml",
        "/api/v1/feeds/news.rss": "application/rss+xml",
        "/api/v1/feeds/news.atom": "application/atom+xml",
        "/api/v1/feeds/videos.rss": "application/rss+xml",
        "/api/v1/feeds/videos.atom": "application/atom+xml",
    }
    for path, media_type in media_types.items():
        ok = spec()["paths"][path]["get"]["responses"]["200"]
        assert list(ok["content"]) == [media_type], path
