"""Caching of the public API (issue 7, section 7) and an API that ignores sessions
(section 9): validators, 304s, HEAD, max-age, surrogate keys, no Vary on cookies or
languages, no CSRF, CORS as an allow-list."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.http import http_date

import pytest

from cms.delivery import caching
from cms.delivery.models import Document, PathRedirect
from cms.publishing import pipeline
from tests.delivery.api_support import assert_matches_schema, publish, stored
from tests.factories import NewsPageFactory

NOW = timezone.now()


@pytest.fixture
def item(db):
    return stored(7, NOW - datetime.timedelta(hours=1))


def every_url(item) -> list[str]:
    return list(templates(item))


def templates(item) -> dict[str, str]:
    """URL -> its operation in the schema."""
    return {
        "/api/v1/news/": "/api/v1/news/",
        f"/api/v1/news/{item.public_id}/": "/api/v1/news/{id}/",
        f"/api/v1/pages/?path={item.path}": "/api/v1/pages/",
        "/api/v1/crisis-alert/": "/api/v1/crisis-alert/",
        "/api/v1/ministries/": "/api/v1/ministries/",
        "/api/v1/topics/": "/api/v1/topics/",
        "/api/v1/governments/": "/api/v1/governments/",
        "/api/v1/sitemap.xml": "/api/v1/sitemap.xml",
        "/api/v1/feeds/news.rss": "/api/v1/feeds/news.rss",
        "/api/v1/feeds/news.atom?locale=en": "/api/v1/feeds/news.atom",
    }


def test_every_200_has_validators_and_caching_headers(client, item, settings):
    settings.API_CACHE_MAX_AGE = 123
    for url in every_url(item):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"') and response["ETag"].endswith('"'), url
        assert response["Cache-Control"] == "public, max-age=123", url
        assert response["Surrogate-Key"].split()[0] == "api", url
        assert response.has_header("Last-Modified"), url


@pytest.mark.parametrize("conditional", ["If-None-Match", "If-Modified-Since"])
def test_conditional_requests_answer_304(client, item, conditional):
    for url in every_url(item):
        first = client.get(url)
        value = first["ETag"] if conditional == "If-None-Match" else first["Last-Modified"]
        again = client.get(url, headers={conditional: value})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == first["Cache-Control"]
        assert_matches_schema(first, templates(item)[url])
        assert_matches_schema(again, templates(item)[url])


def test_etag_and_last_modified_change_with_the_document(client, news_index):
    page = publish(NewsPageFactory(parent=news_index, live=False, title="Avant"))
    url = f"/api/v1/news/{page.pk}/"
    first = client.get(url)
    page.title = "Après"
    page.save_revision().publish()
    pipeline.run("page", page.pk)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again.json()["title"] == "Après"
    assert again["ETag"] != first["ETag"]


def test_a_listing_is_modified_when_an_item_leaves_it(client, db):
    """Last-Modified of a listing is its kind's generation: the latest write, removals
    included: a client holding a listing with a removed item never gets a 304 for it."""
    stored(1, NOW - datetime.timedelta(hours=2))
    gone = stored(2, NOW - datetime.timedelta(hours=1))
    first = client.get("/api/v1/news/")
    # Stamped a second past the first answer's Last-Modified (HTTP dates are in seconds).
    removed_at = timezone.now() + datetime.timedelta(seconds=2)
    Document.objects.filter(pk=gone.pk).update(state="gone", modified_at=removed_at)
    again = client.get("/api/v1/news/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 200
    assert [item["id"] for item in again.json()["results"]] == [1]
    assert again["Last-Modified"] == http_date(removed_at.timestamp())


def test_weak_and_listed_etags_match_and_others_do_not(client, item):
    url = f"/api/v1/news/{item.public_id}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    # If-None-Match decides when both are given (RFC 9110, 13.1.3).
    response = client.get(
        url,
        headers={"If-None-Match": '"other"', "If-Modified-Since": http_date(NOW.timestamp())},
    )
    assert response.status_code == 200


def test_head_answers_the_headers_of_get_without_a_body(client, item):
    for url in every_url(item):
        get, head = client.get(url), client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        for header in ("ETag", "Last-Modified", "Cache-Control", "Surrogate-Key", "Content-Type"):
            assert head[header] == get[header], (url, header)


def test_max_age_never_outlives_the_expiry(client, db, settings):
    settings.API_CACHE_MAX_AGE = 600
    now = timezone.now()  # not the module's NOW: the database set-up may take over 90 s
    soon = stored(
        1, now - datetime.timedelta(hours=1), expires_at=now + datetime.timedelta(seconds=90)
    )
    detail = client.get(f"/api/v1/news/{soon.public_id}/")
    listing = client.get("/api/v1/news/")
    for response in (detail, listing):
        max_age = int(response["Cache-Control"].split("max-age=")[1])
        assert 0 < max_age <= 90


def test_surrogate_keys_name_what_each_response_shows(client, item, db):
    stored(8, NOW - datetime.timedelta(hours=2), path="/accueil-en/x/", locale="en")
    expected = {
        "/api/v1/news/": "api news",
        "/api/v1/news/7/": "api news:7",
        f"/api/v1/pages/?path={item.path}": f"api path:{item.path} news:7",
        "/api/v1/crisis-alert/": "api crisis-alert",
        "/api/v1/ministries/?locale=en": "api ministries",
        "/api/v1/topics/": "api topics",
        "/api/v1/governments/": "api governments",
        "/api/v1/sitemap.xml": "api sitemap",
        "/api/v1/feeds/news.atom?locale=en": "api news home:en",
    }
    for url, keys in expected.items():
        assert client.get(url)["Surrogate-Key"] == keys, url


def test_keys_for_change_cover_every_response_showing_the_document():
    assert caching.keys_for_change("news", "42", "fr", "/a/", "/b/") == [
        "news:42",
        "news",
        "sitemap",
        "path:/a/",
        "path:/b/",
    ]
    assert caching.keys_for_change("home", "fr", "fr", "/") == ["home:fr", "sitemap", "path:/"]
    assert caching.keys_for_change("crisis_alert", "3", "fr") == ["crisis-alert"]
    assert caching.keys_for_change("ministry", "u", "en") == ["ministries"]
    assert caching.header(["news", "api", "news"]) == "api news"


# -- Sessions, CSRF, CORS -----------------------------------------------------------------


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "x")
    client.force_login(user)
    return client


def test_an_editors_session_never_widens_a_response(editor_client, news_index):
    live = publish(NewsPageFactory(parent=news_index, live=False, title="Public"))
    draft = NewsPageFactory(parent=news_index, live=False, title="Brouillon secret")
    draft.save_revision()
    pipeline.run("page", draft.pk)
    from django.test import Client

    anonymous = Client()
    urls = [
        "/api/v1/news/",
        f"/api/v1/news/{live.pk}/",
        f"/api/v1/news/{draft.pk}/",
        f"/api/v1/pages/?path=/actualites/{draft.slug}/",
        "/api/v1/sitemap.xml",
        "/api/v1/home/",
        "/api/v1/feeds/news.rss",
    ]
    for url in urls:
        as_editor, as_anonymous = editor_client.get(url), anonymous.get(url)
        assert as_editor.status_code == as_anonymous.status_code, url
        assert as_editor.content == as_anonymous.content, url
        assert "Brouillon secret" not in as_editor.content.decode()
        vary = as_editor.get("Vary", "").lower()
        assert "cookie" not in vary and "accept-language" not in vary, (url, vary)
        assert "Set-Cookie" not in as_editor.headers
    assert editor_client.get(f"/api/v1/news/{draft.pk}/").status_code == 404


def test_the_api_refuses_writes_with_405_not_a_csrf_failure(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/v1/news/", {"title": "x"})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_cors_allows_listed_origins_only(client, item, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.info.gouv.fr"]
    allowed = client.get("/api/v1/news/", headers={"Origin": "https://www.info.gouv.fr"})
    assert allowed["Access-Control-Allow-Origin"] == "https://www.info.gouv.fr"
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    refused = client.get("/api/v1/news/", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 200  # the browser, not the server, enforces CORS
    assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = client.options(
        "/api/v1/news/",
        headers={"Origin": "https://www.info.gouv.fr", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://www.info.gouv.fr"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    refused_preflight = client.options(
        "/api/v1/news/",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "Access-Control-Allow-Origin" not in refused_preflight.headers


def test_cors_lets_allowed_origins_read_the_validators_and_redirects(client, item, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.info.gouv.fr"]
    item.path = "/actualites/nouveau-chemin/"
    item.save()
    PathRedirect.objects.create(path="/actualites/ancien-chemin/", document=item)
    for url in ("/api/v1/news/", "/api/v1/pages/?path=/actualites/ancien-chemin/"):
        allowed = client.get(url, headers={"Origin": "https://www.info.gouv.fr"})
        assert allowed.status_code in (200, 301), url
        exposed = {
            name.strip().lower() for name in allowed["Access-Control-Expose-Headers"].split(",")
        }
        assert exposed == {"etag", "location"}, url
        refused = client.get(url, headers={"Origin": "https://evil.example"})
        assert refused.status_code == allowed.status_code
        assert not [name for name in refused.headers if name.lower().startswith("access-control")]
    moved = client.get(
        "/api/v1/pages/?path=/actualites/ancien-chemin/",
        headers={"Origin": "https://www.info.gouv.fr"},
    )
    assert moved.status_code == 301
    assert moved["Location"].endswith("path=%2Factualites%2Fnouveau-chemin%2F")
