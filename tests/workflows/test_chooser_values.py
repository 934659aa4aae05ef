"""Chooser values a ministry user submits must be objects they may choose.

Ministry A's contributor and validator post the edit and create views of their own item
with another ministry's draft page, private image or private document in every place a
chooser value goes: a foreign key of the form, an inline form, a StreamField block
(nested or not) and a rich-text link. The form is refused with a French message that
names nothing, nothing is saved, and the response carries no trace of the hidden object:
no title, no alt text, no file name, no URL, no rendition made for it. Every hidden string
carries ``SECRET``.
"""

import html

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

import pytest

from cms.crisis.models import CrisisAlert
from cms.workflows import roles
from cms.workflows.choosers import CHOICE_REFUSAL, CONTENT_REFUSAL, may_choose, without_refused
from home.models import HomePage
from news.models import MinistryNewsPage, NewsPageRelatedPage
from tests.conftest import make_site, rolled_back_once
from tests.factories import DocumentFactory, ImageFactory, TopicFactory, image_file
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db

SECRET = "ZX-SECRET"
FIELD_ERROR = str(CHOICE_REFUSAL)
BODY_ERROR = str(CONTENT_REFUSAL % {"field": "Corps du texte"})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The ``site`` fixture, with ministry B's draft retitled and media in every collection;
    A's own draft has a first revision. Built once for the module, in a transaction rolled
    back after its last test."""
    yield from rolled_back_once(django_db_blocker, _build_world)


def _build_world() -> dict:
    site = make_site(HomePage.objects.get(locale__language_code="fr"))
    pages, users = site["pages"], site["users"]
    other_roles = roles.roles_for_ministry(pages["other_section"].ministry)
    collections = {
        "own": site["own_roles"].collection,
        "shared": roles.shared_collection(),
        "other": other_roles.collection,
    }
    images, documents = {}, {}
    for key, collection in collections.items():
        secret = SECRET if key == "other" else ""
        images[key] = ImageFactory(
            title=f"Image {key} {secret}",
            description=f"Texte alternatif {key} {secret}",
            collection=collection,
            file=image_file(name=f"photo-{key}-{secret}.png".lower()),
        )
        documents[key] = DocumentFactory(
            title=f"Note {key} {secret}",
            collection=collection,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"note-{key}-{secret}.pdf".lower()),
        )
    draft = pages["other_draft"]
    draft.title = draft.draft_title = f"Réserves {SECRET}"
    draft.slug = f"reserves-{SECRET}".lower()
    draft.save()
    own = pages["own_draft"]
    own.save_revision(user=users["contributor"])
    return {**site, "images": images, "documents": documents}


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _paragraph(link):
    return ("paragraph", rich_text(f"<p>Voir {link}.</p>"))


def _accordion(answer):
    """An accordion (a list of structs) whose only answer is ``answer`` (rich text)."""
    item = {"value": {"title": "Question", "body": rich_text(answer)}, "deleted": "", "order": "0"}
    return ("accordion", {"title": "", "items": {"count": "1", "0": item}})


def _image_block(image):
    values = {"image": image.pk, "decorative": "", "alt_text": "", "caption": "", "credit": ""}
    return ("image", values)


#: Each way of choosing another ministry's object: form data, and the error expected.
FOREIGN_CHOICES = {
    "hero image": lambda w: (
        {"hero_image": w["images"]["other"].pk},
        FIELD_ERROR,
    ),
    "related page (inline form)": lambda w: (
        {"related_links": inline_formset([{"related_page": w["pages"]["other_draft"].pk}])},
        FIELD_ERROR,
    ),
    "attachment (inline form)": lambda w: (
        {"attachments": inline_formset([{"document": w["documents"]["other"].pk, "title": ""}])},
        FIELD_ERROR,
    ),
    "image block": lambda w: (
        {"body": streamfield([_image_block(w["images"]["other"])])},
        BODY_ERROR,
    ),
    "call-to-action block": lambda w: (
        {
            "body": streamfield(
                [("call_to_action", {"label": "Voir", "page": w["pages"]["other_draft"].pk})]
            )
        },
        BODY_ERROR,
    ),
    "call-to-action block, itself invalid": lambda w: (
        {
            "body": streamfield(
                [
                    (
                        "call_to_action",
                        {
                            "label": "Voir",
                            "page": w["pages"]["other_draft"].pk,
                            "url": "https://www.example.org/",
                        },
                    )
                ]
            )
        },
        BODY_ERROR,
    ),
    "document block": lambda w: (
        {"body": streamfield([("document", {"document": w["documents"]["other"].pk})])},
        BODY_ERROR,
    ),
    "page link in a paragraph": lambda w: (
        {
            "body": streamfield(
                [_paragraph(f'<a linktype="page" id="{w["pages"]["other_draft"].pk}">ceci</a>')]
            )
        },
        BODY_ERROR,
    ),
    "document link in a paragraph": lambda w: (
        {
            "body": streamfield(
                [_paragraph(f'<a linktype="document" id="{w["documents"]["other"].pk}">ceci</a>')]
            )
        },
        BODY_ERROR,
    ),
    "page link in an accordion answer": lambda w: (
        {
            "body": streamfield(
                [_accordion(f'<p><a linktype="page" id="{w["pages"]["other_draft"].pk}">a</a></p>')]
            )
        },
        BODY_ERROR,
    ),
}


def _assert_no_trace(response, world):
    body = html.unescape(response.content.decode())
    assert SECRET.lower() not in body.lower()
    for message in get_messages(response.wsgi_request):
        assert SECRET.lower() not in str(message).lower()
    assert not world["images"]["other"].renditions.exists()


@pytest.mark.parametrize(("role", "action"), [("contributor", None), ("validator", "submit")])
@pytest.mark.parametrize("choice", FOREIGN_CHOICES)
def test_foreign_choice_in_own_item_is_refused_without_a_trace(client, world, role, action, choice):
    own = world["pages"]["own_draft"]
    before = Page.objects.get(pk=own.pk).latest_revision_id
    overrides, error = FOREIGN_CHOICES[choice](world)
    client.force_login(world["users"][role])

    response = client.post(
        _edit_url(own), news_form_data(action, title=own.title, slug=own.slug, **overrides)
    )

    assert response.status_code == 200
    assert error in html.unescape(response.content.decode())
    _assert_no_trace(response, world)
    saved = MinistryNewsPage.objects.get(pk=own.pk)
    assert saved.latest_revision_id == before
    assert saved.hero_image_id is None
    assert not saved.related_links.exists()
    assert not saved.attachments.exists()
    assert [block.block_type for block in saved.body] == []


def test_foreign_choice_in_a_new_item_is_refused(client, world):
    section = world["pages"]["own_section"]
    client.force_login(world["users"]["contributor"])
    url = reverse("wagtailadmin_pages:add", args=["news", "ministrynewspage", section.pk])

    response = client.post(
        url, news_form_data(slug="nouvelle", hero_image=world["images"]["other"].pk)
    )

    assert response.status_code == 200
    assert FIELD_ERROR in html.unescape(response.content.decode())
    _assert_no_trace(response, world)
    assert not Page.objects.filter(slug="nouvelle").exists()


def test_own_shared_and_published_choices_are_accepted(client, world):
    own = world["pages"]["own_draft"]
    published = world["pages"]["other_live"]
    topic = TopicFactory()
    client.force_login(world["users"]["contributor"])

    response = client.post(
        _edit_url(own),
        news_form_data(
            title=own.title,
            slug=own.slug,
            hero_image=world["images"]["own"].pk,
            body=streamfield(
                [
                    _image_block(world["images"]["shared"]),
                    ("call_to_action", {"label": "Voir", "page": published.pk}),
                    _paragraph(f'<a linktype="document" id="{world["documents"]["own"].pk}">a</a>'),
                ]
            ),
            related_links=inline_formset([{"related_page": published.pk}]),
            attachments=inline_formset([{"document": world["documents"]["shared"].pk}]),
            topic_links=inline_formset([{"topic": topic.pk}]),
        ),
    )

    assert response.status_code == 302
    saved = MinistryNewsPage.objects.get(pk=own.pk).get_latest_revision_as_object()
    assert saved.hero_image == world["images"]["own"]
    assert saved.body[0].value["image"] == world["images"]["shared"]
    assert saved.body[1].value["page"].pk == published.pk
    assert [link.related_page_id for link in saved.related_links.all()] == [published.pk]
    assert [link.topic for link in saved.topic_links.all()] == [topic]


def test_the_redaction_may_choose_anything(client, world):
    own = world["pages"]["own_draft"]
    draft = world["pages"]["other_draft"]
    client.force_login(world["users"]["chief"])

    response = client.post(
        _edit_url(own),
        news_form_data(
            title=own.title,
            slug=own.slug,
            hero_image=world["images"]["other"].pk,
            related_links=inline_formset([{"related_page": draft.pk}]),
            body=streamfield([("document", {"document": world["documents"]["other"].pk})]),
        ),
    )

    assert response.status_code == 302
    saved = MinistryNewsPage.objects.get(pk=own.pk).get_latest_revision_as_object()
    assert saved.hero_image == world["images"]["other"]
    assert [link.related_page_id for link in saved.related_links.all()] == [draft.pk]


def test_a_value_already_in_the_item_is_kept(client, world):
    """A link the Rédaction put in the item: the ministry may still save the item."""
    own = world["pages"]["own_draft"]
    draft = world["pages"]["other_draft"]
    link = NewsPageRelatedPage.objects.create(page=own, related_page=draft)
    own.specific.save_revision(user=world["users"]["chief"])
    client.force_login(world["users"]["contributor"])

    response = client.post(
        _edit_url(own),
        news_form_data(
            title=own.title,
            slug=own.slug,
            chapo="Un autre chapô.",
            related_links=inline_formset([{"id": link.pk, "related_page": draft.pk}], initial=1),
        ),
    )

    assert response.status_code == 302
    saved = MinistryNewsPage.objects.get(pk=own.pk).get_latest_revision_as_object()
    assert saved.chapo == "Un autre chapô."
    assert [link.related_page_id for link in saved.related_links.all()] == [draft.pk]


def test_a_deleted_inline_form_is_cleared_but_not_refused(client, world):
    own = world["pages"]["own_draft"]
    client.force_login(world["users"]["contributor"])
    related = {"related_page": world["pages"]["other_draft"].pk, "DELETE": "1"}

    response = client.post(
        _edit_url(own),
        news_form_data(title=own.title, slug=own.slug, related_links=inline_formset([related])),
    )

    assert response.status_code == 302
    assert not MinistryNewsPage.objects.get(pk=own.pk).related_links.exists()


def test_snippets_with_drafts_are_for_those_with_a_permission_on_them(world):
    users = world["users"]
    alert = CrisisAlert.objects.create(
        title="Alerte", level="alerte", message="Message", live=False
    )
    topic = TopicFactory()
    assert not may_choose(users["contributor"], alert)
    assert may_choose(users["editor"], alert)
    assert may_choose(users["contributor"], topic)


def test_pages_and_media_follow_what_the_user_sees(world):
    contributor, chief = world["users"]["contributor"], world["users"]["chief"]
    pages, images = world["pages"], world["images"]
    assert may_choose(contributor, pages["own_draft"])
    assert may_choose(contributor, pages["other_live"])
    assert not may_choose(contributor, pages["other_draft"])
    assert may_choose(contributor, images["shared"])
    assert not may_choose(contributor, images["other"])
    assert may_choose(chief, pages["other_draft"])
    assert may_choose(chief, images["other"])


def test_refused_rich_text_links_keep_their_text_and_embeds_go(world):
    image, document = world["images"]["other"], world["documents"]["other"]
    page = world["pages"]["other_draft"]
    kept = world["images"]["own"]
    source = (
        f'<p>Voir <a linktype="page" id="{page.pk}">la page</a> et '
        f'<a linktype="document" id="{document.pk}">la note</a>.</p>'
        f'<embed alt="photo" embedtype="image" format="left" id="{image.pk}"/>'
        f'<embed alt="la nôtre" embedtype="image" format="left" id="{kept.pk}"/>'
    )
    refused = {
        (Page, str(page.pk)),
        (type(document), str(document.pk)),
        (type(image), str(image.pk)),
    }

    assert without_refused(source, refused) == (
        "<p>Voir la page et la note.</p>"
        f'<embed alt="la nôtre" embedtype="image" format="left" id="{kept.pk}"/>'
    )
