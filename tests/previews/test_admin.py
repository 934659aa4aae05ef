"""The admin's previews: every way in, for those who may see the item, and nobody else.

Ways in: "Voir le brouillon" (``view_draft``), a revision's preview (``revisions_view``),
the editor's preview panel (a POST of the form, then a GET, as Wagtail's panel does) and
a workflow task's preview (the moderation e-mails' link). Each answers the DSFR page of
the draft, with ``Cache-Control: no-store`` and ``X-Robots-Tag: noindex``; a user who may
not see the item gets Wagtail's answer (404 from the ministries' isolation when the item
is hidden from them, else a redirect to the dashboard with Wagtail's refusal), and the
draft's text appears nowhere.
"""

import html

from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse

import pytest

from cms.pages import PREVIEW_MODES
from home.models import HomePage
from news.models import NewsPage
from tests.conftest import make_site, rolled_back_once
from tests.forms import news_form_data
from tests.previews.conftest import DRAFT, TEXT, with_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The ``site`` fixture built once for the module, in a transaction rolled back after
    its last test (each test runs in a savepoint of its own)."""
    yield from rolled_back_once(
        django_db_blocker, lambda: make_site(HomePage.objects.get(locale__language_code="fr"))
    )


REFUSAL = "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."


def view_draft(page):
    return reverse("wagtailadmin_pages:view_draft", args=[page.pk])


def revision(page):
    return reverse("wagtailadmin_pages:revisions_view", args=[page.pk, page.latest_revision_id])


WAYS = {"view draft": view_draft, "revision": revision}


def assert_preview_of_the_draft(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    body = response.content.decode()
    assert f"<h1>Plan {DRAFT}</h1>" in body
    assert f'<p class="fr-text--lead">Chapô {DRAFT} {TEXT}.</p>' in body
    assert "dsfr/dist/dsfr/dsfr.min.css" in body  # django-dsfr's assets
    assert '<meta name="robots" content="noindex, nofollow">' in body


def assert_refused(client, response, status):
    """Wagtail's answer to a user who may not see the item, naming nothing of it (the
    dashboard it leads to lists titles to the reading roles, never a draft's text)."""
    assert response.status_code == status
    assert DRAFT not in response.content.decode() and TEXT not in response.content.decode()
    if status == 302:
        assert response.url == reverse("wagtailadmin_home")
        messages = [
            html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)
        ]
        assert messages == [REFUSAL]
        assert TEXT not in client.get(response.url).content.decode()


def test_the_preview_modes_are_dsfr_by_default_and_the_front_end(site):
    page = site["pages"]["own_draft"].specific
    assert page.preview_modes == [("dsfr", "Aperçu DSFR"), ("headless", "Aperçu sur le site")]
    assert page.default_preview_mode == "dsfr"
    assert list(PREVIEW_MODES) == ["dsfr", "headless"]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("role", "key"),
    [("contributor", "own_draft"), ("editor", "government_draft"), ("chief", "other_draft")],
)
def test_who_may_edit_the_item_sees_its_draft(client, site, way, role, key):
    page = with_draft(site["pages"][key])
    client.force_login(site["users"][role])
    assert_preview_of_the_draft(client.get(WAYS[way](page)))
    assert_preview_of_the_draft(client.get(WAYS[way](page) + "?mode=dsfr"))


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("role", "key", "retitled", "status"),
    [
        # Hidden by the ministries' isolation: 404 before Wagtail's view runs.
        ("contributor", "other_draft", True, 404),
        ("contributor", "government_draft", True, 404),
        ("validator", "other_live", True, 404),  # a pending title is hidden too
        # Visible as published, not editable: Wagtail's refusal.
        ("contributor", "other_live", False, 302),
        ("validator", "other_live", False, 302),
        ("social", "government_draft", True, 302),
        ("crisis", "own_draft", True, 302),
    ],
)
def test_nobody_else_sees_the_draft(client, site, way, role, key, retitled, status):
    page = with_draft(site["pages"][key], retitled=retitled)
    client.force_login(site["users"][role])
    assert_refused(client, client.get(WAYS[way](page)), status)
    assert_refused(client, client.get(WAYS[way](page) + "?mode=headless"), status)


@pytest.mark.parametrize("way", WAYS)
def test_an_unknown_mode_is_not_found(client, site, way):
    page = with_draft(site["pages"]["own_draft"])
    client.force_login(site["users"]["contributor"])
    response = client.get(WAYS[way](page) + "?mode=unknown")
    assert response.status_code == 404
    assert DRAFT not in response.content.decode()


def test_the_preview_panel_shows_the_unsaved_form(client, site):
    """As Wagtail's panel: the form is POSTed, then the preview is loaded with GET."""
    page = site["pages"]["own_draft"]
    client.force_login(site["users"]["contributor"])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(
        url, news_form_data(title=f"Plan {DRAFT}", slug=page.slug, chapo=f"Chapô {DRAFT} {TEXT}.")
    )
    assert posted.json() == {"is_valid": True, "is_available": True}
    assert_preview_of_the_draft(client.get(url + "?in_preview_panel=true"))
    assert_preview_of_the_draft(client.get(url + "?mode=dsfr"))
    assert client.get(url + "?mode=unknown").status_code == 404
    # Nothing was saved: the page's latest revision is not the form's.
    assert DRAFT not in NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().title


@pytest.mark.parametrize(("role", "status"), [("validator", 200), ("chief", 200)])
def test_the_preview_panel_of_a_new_item(client, site, role, status):
    """Creating a ministry news item: the preview of the form, before any save."""
    section = site["pages"]["own_section"]
    client.force_login(site["users"][role])
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["news", "ministrynewspage", section.pk]
    )
    posted = client.post(url, news_form_data(title=f"Plan {DRAFT}", chapo=f"Chapô {DRAFT} {TEXT}."))
    assert posted.json()["is_valid"] is True
    response = client.get(url)
    assert_preview_of_the_draft(response)
    assert section.ministry.name in response.content.decode()  # the section's ministry
    headless = client.get(url + "?mode=headless")
    assert headless.status_code == 200
    assert "une fois le contenu enregistré" in headless.content.decode()


@pytest.mark.parametrize(("role", "status"), [("contributor", 404), ("social", 302)])
def test_the_preview_panel_refuses_who_may_not_edit(client, site, role, status):
    page = site["pages"]["other_draft"] if role == "contributor" else site["pages"]["own_draft"]
    client.force_login(site["users"][role])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(url, news_form_data(title=f"Plan {DRAFT}", slug=page.slug))
    assert_refused(client, posted, status)
    assert_refused(client, client.get(url), status)


def submit(page, user):
    """``user`` submits ``page`` to moderation through the edit view (in a browser of
    their own); returns the in-progress task."""
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        news_form_data(
            "submit", title=f"Plan {DRAFT}", slug=page.slug, chapo=f"Chapô {DRAFT} {TEXT}."
        ),
    )
    assert response.status_code == 302
    state = NewsPage.objects.get(pk=page.pk).current_workflow_state
    return state.current_task_state.task


def workflow_preview(page, task):
    return reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])


@pytest.mark.parametrize(
    ("key", "author", "reviewer"),
    [("government_draft", "editor", "chief"), ("own_draft", "contributor", "validator")],
)
def test_the_workflow_task_preview_shows_the_revision_under_review(
    client, flows, key, author, reviewer
):
    page = flows["pages"][key]
    task = submit(page, flows["users"][author])
    client.force_login(flows["users"][reviewer])
    assert_preview_of_the_draft(client.get(workflow_preview(page, task)))


@pytest.mark.parametrize(
    ("key", "author", "role", "status"),
    [
        ("government_draft", "editor", "contributor", 404),
        ("government_draft", "editor", "crisis", 302),
        ("own_draft", "contributor", "social", 302),
    ],
)
def test_the_workflow_task_preview_refuses_who_may_not_review(
    client, flows, key, author, role, status
):
    page = flows["pages"][key]
    task = submit(page, flows["users"][author])
    client.force_login(flows["users"][role])
    assert_refused(client, client.get(workflow_preview(page, task)), status)


def test_the_admin_forms_keep_wagtail_s_look(client, site, settings):
    """django-dsfr styles the previews only: Django's form renderer is not
    ``TemplatesSetting``, so its form templates never restyle the admin's forms."""
    assert not hasattr(settings, "FORM_RENDERER") or "TemplatesSetting" not in (
        settings.FORM_RENDERER
    )
    client.force_login(site["users"]["contributor"])
    page = site["pages"]["own_draft"]
    body = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "w-field" in body
    assert "fr-input" not in body and "fr-fieldset" not in body and "dsfr/dist" not in body


@override_settings(
    WAGTAIL_HEADLESS_PREVIEW={"CLIENT_URLS": {"default": "https://front.test/apercu/"}}
)
def test_the_site_preview_leads_to_the_front_end(client, site):
    page = with_draft(site["pages"]["own_draft"])
    client.force_login(site["users"]["contributor"])
    response = client.get(view_draft(page) + "?mode=headless")
    assert response.status_code == 302
    assert response.url.startswith(
        f"https://front.test/apercu/?content_type=news.ministrynewspage&id={page.pk}&token="
    )
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
