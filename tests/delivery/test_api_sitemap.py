"""/api/v1/sitemap.xml: the public URLs with their last modification (sitemaps.org), a
sitemap index of sections above SITEMAP_MAX_URLS."""

import datetime
import io
import xml.etree.ElementTree as ET

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from cms.delivery import views
from cms.delivery.models import Document, State
from tests.delivery.api_support import assert_matches_schema, publish, stored
from tests.factories import MinistryNewsPageFactory, NewsPageFactory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TAG = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOW = timezone.now()
FRONT_END = "https://www.info.gouv.fr"


def parse(response) -> ET.Element:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


@pytest.fixture
def store(db):
    items = {
        "public": stored(
            1, NOW - datetime.timedelta(hours=1), path="/actualites/a/", base_url=FRONT_END
        ),
        "english": stored(2, NOW, locale="en", path="/en/news/b/", base_url=FRONT_END),
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


def test_sitemap_lists_public_urls_with_their_last_modification(client, store):
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
    assert urls == [f"{FRONT_END}/actualites/a/", f"{FRONT_END}/en/news/b/"]
    assert client.get(f"/api/v1/sitemap-{store['gone'].pk}.xml").status_code == 404


def test_paths_are_escaped_in_the_xml(client, db):
    stored(1, NOW, path="/actualites/a&b/")
    assert b"/actualites/a&amp;b/" in client.get("/api/v1/sitemap.xml").content


def test_each_page_is_listed_on_its_own_sites_front_end(client, news_index, ministry_section):
    """A ministry's sub-site (a Wagtail site rooted at its section) has its own front end
    (``FRONTEND_BASE_URLS``): after a rebuild, the sitemap lists each page at its own
    site's URL, the one the admin's "Voir en ligne" gives (``page.full_url``)."""
    section = publish(ministry_section)
    under_section = publish(MinistryNewsPageFactory(parent=section, live=False, slug="plan"))
    elsewhere = publish(NewsPageFactory(parent=news_index, live=False, slug="eau"))
    Site.objects.create(hostname="www.interieur.gouv.fr", port=80, root_page=section)
    front_ends = {
        "localhost": "https://www.info.gouv.fr",
        "www.interieur.gouv.fr": "https://www.interieur.gouv.fr/",
    }
    with override_settings(FRONTEND_BASE_URLS=front_ends):
        call_command("rebuild_delivery", stdout=io.StringIO(), stderr=io.StringIO())
        expected = {
            Page.objects.get(pk=page.pk).specific.full_url
            for page in (section, under_section, elsewhere)
        }
    locs = {loc.text for loc in parse(client.get("/api/v1/sitemap.xml")).iter(TAG + "loc")}
    assert {
        f"https://www.interieur.gouv.fr/{ministry_section.get_parent().slug}/{section.slug}/",
        f"https://www.interieur.gouv.fr/{ministry_section.get_parent().slug}/{section.slug}/plan/",
        f"https://www.info.gouv.fr/{news_index.slug}/eau/",
    } == expected
    assert expected <= locs
    assert not [loc for loc in locs if loc.startswith("http://localhost:3000/")]
