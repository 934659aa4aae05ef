"""What the DSFR preview shows: the public serializer's JSON of the draft, as
info.gouv.fr presents an article (title, chapô, blocks, images with credits,
attachments, history notice, change notes), media through the editors' URLs, and
nothing written to the delivery store."""

import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.delivery.models import Document
from tests.previews.conftest import make_article

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def article(site):
    return make_article(site)


def test_the_preview_shows_the_article_as_info_gouv_fr(client, site, article):
    stored = Document.objects.count()
    client.force_login(site["users"]["editor"])
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Plan hiver</h1>" in body
    assert (
        "Ce contenu a été publié sous le gouvernement de la Première ministre, Élisabeth Borne."
        in body
    )
    assert "Publié 25/05/2023" in body
    assert f"Source{NBSP}: Service d&#x27;information du Gouvernement" in body
    assert f"La salle — Source{NBSP}: Agence" in body
    assert "<h2>Les mesures</h2>" in body
    assert "<p>Voir ce brouillon.</p>" in body  # an unpublished page is not linked
    assert "« Nous agirons. »" in body
    assert re.search(
        r"Dossier de presse\s*<span class=\"fr-download__detail\">PDF - \d+ octets", body
    )
    assert f"{timezone.localdate():%d/%m/%Y}{NBSP}: Ajout des mesures." in body
    # Media through the editors' URLs, which serve them to this editor.
    sources = re.findall(r'<img[^>]* src="([^"]+)"', body)
    assert sources and all(src.startswith("/admin/media/renditions/") for src in sources)
    assert all(client.get(src).status_code == 200 for src in sources)
    [document] = re.findall(r'href="(/admin/media/documents/[^"]+)"', body)
    assert client.get(document).status_code == 200
    assert "/media/renditions/" not in body.replace("/admin/media/renditions/", "")
    assert Document.objects.count() == stored  # the store is never written


def test_the_dsfr_page_loads_nothing_from_elsewhere(client, site, article):
    client.force_login(site["users"]["editor"])
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "https://" not in re.sub(r'href="https?://[^"]*"', "", response.content.decode())


def test_an_index_has_no_preview_but_says_so(client, site):
    client.force_login(site["users"]["editor"])
    index = site["pages"]["news_index"]
    index.save_revision()
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[index.pk]))
    assert response.status_code == 200
    assert "il n&#x27;a pas d&#x27;aperçu" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_front_end_gets_the_editors_media_urls(client, site, article, settings):
    client.force_login(site["users"]["editor"])
    redirect = client.get(
        reverse("wagtailadmin_pages:view_draft", args=[article.pk]) + "?mode=headless"
    )
    token = parse_qs(urlsplit(redirect.url).query)["token"][0]
    data = Client().get(f"/api/v1/preview/{article.pk}/", {"token": token}).json()
    editors = settings.WAGTAILADMIN_BASE_URL + "/admin/media/"
    assert data["image"]["credit"] == "Service d'information du Gouvernement"
    assert all(
        r["url"].startswith(editors + "renditions/") for r in data["image"]["renditions"].values()
    )
    assert data["attachments"][0]["url"].startswith(editors + "documents/")
    assert data["change_history"][-1]["note"] == "Ajout des mesures."
    assert data["history_notice"].startswith("Ce contenu a été publié sous le gouvernement")
