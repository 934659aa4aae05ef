"""/api/v1/sitemap.xml: the public URLs with their last modification (sitemaps.org), a
sitemap index of sections above SITEMAP_MAX_URLS."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

import pytest

from cms.delivery import views
from cms.delivery.models import Document, State
from tests.delivery.api_support import assert_matches_schema, stored

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TAG = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOW = timezone.now()


def parse(response) -> ET.Element:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


@pytest.fixture
def store(db):
    items = {
        "public": stored(1, NOW - datetime.timedelta(hours=1), path="/actualites/a/"),
        "english": stored(2, NOW, locale="en", path="/en/news/b/"),
        "withdrawn": stored(3, NOW, state=State.WITHDRAWN, path="/actualites/retire/"),
        "gone": stored(4, NOW, state=State.GONE, path="/actualites/supprime/"),
        "expired": stored(
            5, NOW, expires_at=NOW - datetime.timedelta(seconds=1), path="/actualites/expire/"
        ),
    }
    Document.objects.create(
        key="ministry:1",
        kind="ministry",
        public_id="x",
        locale="fr",
        body="{}",
        etag="e",
        modified_at=NOW,
    )
    return items


def test_sitemap_lists_public_urls_with_their_last_modification(client, store, settings):
    settings.FRONTEND_BASE_URL = "https://www.info.gouv.fr/"
    response = client.get("/api/v1/sitemap.xml")
    root = parse(response)
    assert root.tag == TAG + "urlset"
    entries = {
        url.find("s:loc", NS).text: url.find("s:lastmod", NS).text
        for url in root.findall("s:url", NS)
    }
    public = store["public"]
    assert entries == {
        "https://www.info.gouv.fr/actualites/a/": public.modified_at.astimezone(
            datetime.UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "https://www.info.gouv.fr/en/news/b/": store["english"]
        .modified_at.astimezone(datetime.UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    assert_matches_schema(response, "/api/v1/sitemap.xml")


def test_above_the_limit_the_sitemap_is_an_index_of_sections(client, store, monkeypatch):
    monkeypatch.setattr(views, "SITEMAP_MAX_URLS", 1)
    index = parse(client.get("/api/v1/sitemap.xml"))
    assert index.tag == TAG + "sitemapindex"
    sections = [entry.find("s:loc", NS).text for entry in index.findall("s:sitemap", NS)]
    expected = sorted({store["public"].pk, store["english"].pk})
    assert sections == [f"http://testserver/api/v1/sitemap-{pk}.xml" for pk in expected]
    urls = []
    for section in sections:
        response = client.get(section)
        assert_matches_schema(response, "/api/v1/sitemap-{section}.xml")
        urls += [loc.text for loc in parse(response).iter(TAG + "loc")]
    assert urls == [
        "http://localhost:3000/actualites/a/",
        "http://localhost:3000/en/news/b/",
    ]
    assert client.get(f"/api/v1/sitemap-{store['gone'].pk}.xml").status_code == 404


def test_paths_are_escaped_in_the_xml(client, db):
    stored(1, NOW, path="/actualites/a&b/")
    assert b"/actualites/a&amp;b/" in client.get("/api/v1/sitemap.xml").content
