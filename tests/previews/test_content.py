"""What the DSFR preview shows: the public serializer's JSON of the draft, as
info.gouv.fr presents an article (title, chapô, blocks, images with credits,
attachments, history notice, change notes), media through the editors' URLs, and
nothing written to the delivery store."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Collection
from wagtail.rich_text import RichText

import pytest

from cms.delivery.models import Document
from cms.organisations.models import Government
from news.models import NewsPage, NewsPageAttachment
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory
from tests.factories.organisations import GovernmentFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def article(site):
    """A government news item first published under an ended government, whose draft
    has a hero image, blocks, an attachment and a pending major change."""
    GovernmentFactory(
        label="Gouvernement Borne",
        prime_minister="Élisabeth Borne",
        prime_minister_title=Government.PrimeMinisterTitle.PREMIERE_MINISTRE,
        start_date=datetime.date(2022, 5, 16),
        end_date=datetime.date(2024, 1, 9),
    )
    root = Collection.get_first_root_node()  # the Rédaction's media
    hero = ImageFactory(
        collection=root, credit="Service d'information du Gouvernement", description="Le perron"
    )
    inline = ImageFactory(collection=root, credit="Agence", description="Une salle")
    document = DocumentFactory(collection=root, title="Dossier de presse")
    unpublished = NewsPageFactory(parent=site["pages"]["news_index"], live=False)
    page = NewsPageFactory(parent=site["pages"]["news_index"], title="Plan hiver")
    NewsPage.objects.filter(pk=page.pk).update(
        first_published_at=datetime.datetime(2023, 5, 25, 10, tzinfo=datetime.UTC)
    )
    page = NewsPage.objects.get(pk=page.pk)
    page.hero_image = hero
    page.body = [
        ("heading", {"text": "Les mesures", "level": "h2"}),
        (
            "paragraph",
            RichText(f'<p>Voir <a id="{unpublished.pk}" linktype="page">ce brouillon</a>.</p>'),
        ),
        (
            "image",
            {
                "image": inline,
                "decorative": False,
                "alt_text": "",
                "caption": "La salle",
                "credit": "",
            },
        ),
        ("quote", {"quote": "Nous agirons.", "attribution": "La ministre", "role": ""}),
    ]
    page.attachments = [NewsPageAttachment(document=document, title="")]
    page.major_change = True
    page.change_note = "Ajout des mesures."
    page.save_revision()
    return page


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
