"""Drafts to preview: the ``site`` fixture's items with a draft revision whose title
carries ``DRAFT`` and chapô ``DRAFT`` and ``TEXT`` (``with_draft``), and an article with
everything info.gouv.fr shows (``make_article``)."""

import datetime

from wagtail.models import Collection
from wagtail.rich_text import RichText

import pytest

from cms.organisations.models import Government
from cms.workflows import setup
from news.models import NewsPage, NewsPageAttachment
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory
from tests.factories.organisations import GovernmentFactory

DRAFT = "ZX-BROUILLON"
#: In the draft's chapô only: the reading roles (social media, crisis cell) see every
#: item's title in the admin's listings, never its text.
TEXT = "ZX-TEXTE"


def with_draft(page, user=None, *, retitled: bool = True) -> NewsPage:
    """``page`` with a newer revision whose chapô (and title, if ``retitled``) carry
    ``DRAFT`` (the live row keeps its content); returns the page as stored."""
    page = NewsPage.objects.get(pk=page.pk).specific
    draft = page.get_latest_revision_as_object()
    if retitled:
        draft.title = f"Plan {DRAFT}"
    draft.chapo = f"Chapô {DRAFT} {TEXT}."
    draft.save_revision(user=user)
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def flows(site):
    """The ``site`` fixture, with the production workflows and an e-mail per user."""
    setup.setup_workflows()
    for user in site["users"].values():
        user.email = f"{user.username}@sig.gouv.fr"
        user.save()
    return site


def make_article(site) -> NewsPage:
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
