"""Isolation of the ministries in the admin: no trace of another ministry's drafts.

Every hidden string carries ``SECRET``: another ministry's draft, the pending (unpublished)
title of another ministry's live item, a government draft, another ministry's media. Each
admin path is requested as a ministry contributor and validator; ``SECRET`` must never
appear, while their own drafts and the published pages of others still do. The Rédaction
keeps seeing everything.
"""

import json

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

import pytest

from cms.workflows import isolation, roles, setup
from news.models import MinistryNewsPage, NewsPageRelatedPage
from tests.factories import DocumentFactory, ImageFactory, MinistryNewsPageFactory
from tests.factories.pages import translate_section

pytestmark = pytest.mark.django_db

SECRET = "ZX-SECRET"
QUERY = "confidentiel"
OTHER_DRAFT = f"Réserves {QUERY} {SECRET}-brouillon"
OTHER_PENDING = f"Défense {QUERY} {SECRET}-en-attente"
GOVERNMENT_DRAFT = f"Plan {QUERY} {SECRET}-gouvernement"
OWN_DRAFT = "Vaccination hivernale"
OTHER_PUBLISHED = "Salon du Bourget"
ISOLATED = ("contributor", "validator")
REDACTION = ("editor", "chief")


def _retitle(page, title, user):
    page.title = page.draft_title = title
    page.save()
    return page.save_revision(user=user, log_action=True)


@pytest.fixture
def world(site, english, django_user_model):
    """The ``site`` fixture with traces everywhere: revisions, log entries, a lock, a
    workflow, a translation, references and media in every collection."""
    pages, users = site["pages"], site["users"]
    setup.setup_workflows()
    other_roles = roles.roles_for_ministry(pages["other_section"].ministry)
    outsider = django_user_model.objects.create_user(username="armees", password="x")
    outsider.groups.add(other_roles.contributors)
    collections = {
        "own": site["own_roles"].collection,
        "shared": roles.shared_collection(),
        "other": other_roles.collection,
    }
    secret = {"own": "", "shared": "", "other": f" {SECRET}"}
    images = {
        key: ImageFactory(title=f"Image {key}{secret[key]}", collection=collection)
        for key, collection in collections.items()
    }
    documents = {
        key: DocumentFactory(title=f"Note {key}{secret[key]}", collection=collection)
        for key, collection in collections.items()
    }

    _retitle(pages["own_draft"], OWN_DRAFT, users["contributor"])
    published = MinistryNewsPageFactory(parent=pages["other_section"], title=OTHER_PUBLISHED)
    live = pages["other_live"]
    live.title = OTHER_PENDING  # a pending revision only: the live title stays
    live.save_revision(user=outsider, log_action=True)
    live.refresh_from_db()
    _retitle(pages["government_draft"], GOVERNMENT_DRAFT, users["editor"])

    draft = pages["other_draft"].specific
    draft.hero_image = images["shared"]
    NewsPageRelatedPage.objects.create(page=draft, related_page=pages["own_live"])
    _retitle(draft, OTHER_DRAFT, outsider)
    _retitle(draft, OTHER_DRAFT, outsider)
    Page.objects.filter(pk=draft.pk).update(
        locked=True, locked_by=outsider, locked_at=timezone.now()
    )
    draft.get_workflow().start(draft, outsider)
    source, _created = TranslationSource.get_or_create_from_instance(draft)
    Translation.objects.create(source=source, target_locale=english)
    return {
        **site,
        "pages": {**pages, "other_published": published, "other_draft": draft},
        "images": images,
        "documents": documents,
        "collections": collections,
        "outsider": outsider,
    }


def _logged_in(user):
    """A client of its own: no messages left over from another user's requests."""
    client = Client()
    client.force_login(user)
    return client


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
    return response.status_code, response.content.decode()


def _bulk(action, query, model="wagtailcore/page"):
    return f"/admin/bulk/{model}/{action}/?{query}"


# Paths about one page, by Wagtail URL, in groups; ``own`` is the contributor's own draft.
PAGE_PATH_GROUPS = {
    "explorer and chooser": {
        "explorer": lambda p, own: reverse("wagtailadmin_explore", args=[p.pk]),
        "explorer results": lambda p, own: reverse("wagtailadmin_explore_results", args=[p.pk]),
        "chooser browse": lambda p, own: reverse("wagtailadmin_choose_page_child", args=[p.pk]),
        "chooser chosen": lambda p, own: (
            reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={p.pk}"
        ),
        "admin API": lambda p, own: f"/admin/api/main/pages/{p.pk}/",
    },
    "editing and preview": {
        "edit": lambda p, own: reverse("wagtailadmin_pages:edit", args=[p.pk]),
        "preview": lambda p, own: reverse("wagtailadmin_pages:preview_on_edit", args=[p.pk]),
        "view draft": lambda p, own: reverse("wagtailadmin_pages:view_draft", args=[p.pk]),
    },
    "history and revisions": {
        "history": lambda p, own: reverse("wagtailadmin_pages:history", args=[p.pk]),
        "history results": lambda p, own: reverse(
            "wagtailadmin_pages:history_results", args=[p.pk]
        ),
        "revision": lambda p, own: reverse(
            "wagtailadmin_pages:revisions_view", args=[p.pk, p.latest_revision_id]
        ),
        "revision revert": lambda p, own: reverse(
            "wagtailadmin_pages:revisions_revert", args=[p.pk, p.latest_revision_id]
        ),
        "compare": lambda p, own: reverse(
            "wagtailadmin_pages:revisions_compare", args=[p.pk, "earliest", "latest"]
        ),
        "workflow history": lambda p, own: reverse(
            "wagtailadmin_pages:workflow_history", args=[p.pk]
        ),
        "unschedule": lambda p, own: reverse(
            "wagtailadmin_pages:revisions_unschedule", args=[p.pk, p.latest_revision_id]
        ),
        "workflow preview": lambda p, own: reverse(
            "wagtailadmin_pages:workflow_preview",
            args=[p.pk, getattr(p.current_workflow_task, "pk", 0)],
        ),
        "usage": lambda p, own: reverse("wagtailadmin_pages:usage", args=[p.pk]),
    },
    "other actions": {
        "copy": lambda p, own: reverse("wagtailadmin_pages:copy", args=[p.pk]),
        "move": lambda p, own: reverse("wagtailadmin_pages:move", args=[p.pk]),
        "move own page into it": lambda p, own: reverse(
            "wagtailadmin_pages:move_confirm", args=[own.pk, p.pk]
        ),
        "delete": lambda p, own: reverse("wagtailadmin_pages:delete", args=[p.pk]),
        "unpublish": lambda p, own: reverse("wagtailadmin_pages:unpublish", args=[p.pk]),
        "privacy": lambda p, own: reverse("wagtailadmin_pages:set_privacy", args=[p.pk]),
        "translate": lambda p, own: reverse(
            "wagtail_localize:submit_page_translation", args=[p.pk]
        ),
    },
    "bulk actions": {
        "bulk delete": lambda p, own: _bulk("delete", f"id={p.pk}"),
        "bulk publish": lambda p, own: _bulk("publish", f"id={p.pk}"),
        "bulk unpublish": lambda p, own: _bulk("unpublish", f"id={p.pk}"),
        "bulk move": lambda p, own: _bulk("move", f"id={p.pk}"),
        "bulk on its siblings": lambda p, own: _bulk(
            "delete", f"id=all&childOf={p.get_parent().pk}"
        ),
    },
}
PAGE_PATHS = {name: url for group in PAGE_PATH_GROUPS.values() for name, url in group.items()}
HIDDEN_PAGES = ("other_draft", "other_live", "government_draft")


@pytest.mark.parametrize("group", PAGE_PATH_GROUPS)
def test_no_trace_of_hidden_pages(client, world, group):
    """Role × path × page state: another ministry's draft, another ministry's live item
    with a pending change, a government draft."""
    for name, path_of in PAGE_PATH_GROUPS[group].items():
        for state in HIDDEN_PAGES:
            url = path_of(world["pages"][state], world["pages"]["own_draft"])
            for role in ISOLATED:
                _status, body = _get(client, world["users"][role], url)
                assert SECRET not in body, (role, name, state, url)


def _media_bulk(action, kind):
    model = {"images": "media/customimage", "documents": "media/customdocument"}[kind]
    return lambda w: _bulk(action, f"id={w[kind]['other'].pk}", model)


# Paths listing many pages or media, in groups.
LISTING_PATH_GROUPS = {
    "explorer and search": {
        "dashboard": lambda w: reverse("wagtailadmin_home"),
        "explorer root": lambda w: reverse("wagtailadmin_explore_root"),
        "explorer search, whole tree": lambda w: (
            reverse("wagtailadmin_explore", args=[w["pages"]["own_section"].pk])
            + f"?q={QUERY}&search_all=1"
        ),
        "admin search": lambda w: reverse("wagtailadmin_pages:search") + f"?q={QUERY}",
        "admin search results": lambda w: (
            reverse("wagtailadmin_pages:search_results") + f"?q={QUERY}"
        ),
        "pages of a type": lambda w: (
            reverse("wagtailadmin_pages:type_use", args=["news", "ministrynewspage"])
            + f"?q={QUERY}"
        ),
        "API pages search": lambda w: f"/admin/api/main/pages/?search={QUERY}",
    },
    "page chooser": {
        "chooser root": lambda w: reverse("wagtailadmin_choose_page"),
        "chooser, other section": lambda w: reverse(
            "wagtailadmin_choose_page_child", args=[w["pages"]["other_section"].pk]
        ),
        "chooser, news index": lambda w: reverse(
            "wagtailadmin_choose_page_child", args=[w["pages"]["news_index"].pk]
        ),
        "chooser search": lambda w: reverse("wagtailadmin_choose_page_search") + f"?q={QUERY}",
    },
    "reports and usage": {
        "locked pages": lambda w: reverse("wagtailadmin_reports:locked_pages"),
        "workflows": lambda w: reverse("wagtailadmin_reports:workflow"),
        "workflow tasks": lambda w: reverse("wagtailadmin_reports:workflow_tasks"),
        "site history": lambda w: reverse("wagtailadmin_reports:site_history"),
        "aging pages": lambda w: reverse("wagtailadmin_reports:aging_pages"),
        "page types usage": lambda w: reverse("wagtailadmin_reports:page_types_usage"),
        "page types usage results": lambda w: reverse(
            "wagtailadmin_reports:page_types_usage_results"
        ),
        "translations": lambda w: reverse("wagtail_localize:translations_report"),
        "translations results": lambda w: reverse("wagtail_localize:translations_report_results"),
        "usage of own page cited by another ministry": lambda w: reverse(
            "wagtailadmin_pages:usage", args=[w["pages"]["own_live"].pk]
        ),
    },
    "media": {
        "API images": lambda w: "/admin/api/main/images/",
        "API image": lambda w: f"/admin/api/main/images/{w['images']['other'].pk}/",
        "API documents": lambda w: "/admin/api/main/documents/",
        "images": lambda w: reverse("wagtailimages:index"),
        "image chooser": lambda w: reverse("wagtailimages_chooser:choose"),
        "image chooser, other collection": lambda w: (
            reverse("wagtailimages_chooser:choose_results")
            + f"?collection_id={w['collections']['other'].pk}"
        ),
        "image usage": lambda w: reverse(
            "wagtailimages:image_usage", args=[w["images"]["shared"].pk]
        ),
        "image edit": lambda w: reverse("wagtailimages:edit", args=[w["images"]["other"].pk]),
        "documents": lambda w: reverse("wagtaildocs:index"),
        "document edit": lambda w: reverse("wagtaildocs:edit", args=[w["documents"]["other"].pk]),
        "document chooser": lambda w: reverse("wagtaildocs_chooser:choose"),
    },
    "media bulk actions": {
        f"bulk {action} of {kind}": _media_bulk(action, kind)
        for action in ("delete", "add_tags", "add_to_collection")
        for kind in ("images", "documents")
    },
}
LISTING_PATHS = {name: url for group in LISTING_PATH_GROUPS.values() for name, url in group.items()}


@pytest.mark.parametrize("group", LISTING_PATH_GROUPS)
def test_no_trace_in_listings_reports_and_choosers(client, world, group):
    for name, path_of in LISTING_PATH_GROUPS[group].items():
        url = path_of(world)
        for role in ISOLATED:
            _status, body = _get(client, world["users"][role], url)
            assert SECRET not in body, (role, name, url)


# What an isolated user still sees, and the Rédaction sees everything (regression guard).
def _page_url(name, page):
    return lambda w: PAGE_PATHS[name](w["pages"][page], None)


def _search(name, query):
    return lambda w: reverse(name) + f"?q={query}"


VISIBLE = [
    (
        ISOLATED,
        "own section in the explorer",
        _page_url("explorer", "own_section"),
        OWN_DRAFT,
    ),
    (
        ISOLATED,
        "own draft in the chooser",
        _search("wagtailadmin_choose_page_search", "Vaccination"),
        OWN_DRAFT,
    ),
    (
        ISOLATED,
        "own draft in the admin search",
        _search("wagtailadmin_pages:search_results", "Vaccination"),
        OWN_DRAFT,
    ),
    (
        ISOLATED,
        "others' published pages in the chooser",
        _page_url("chooser browse", "other_section"),
        OTHER_PUBLISHED,
    ),
    (
        ISOLATED,
        "others' published pages, chosen",
        _page_url("chooser chosen", "other_published"),
        OTHER_PUBLISHED,
    ),
    (REDACTION, "another ministry's section", _page_url("explorer", "other_section"), SECRET),
    (REDACTION, "the chooser", LISTING_PATHS["chooser search"], SECRET),
    (REDACTION, "chosen drafts", _page_url("chooser chosen", "other_draft"), SECRET),
    (REDACTION, "the admin search", LISTING_PATHS["admin search results"], SECRET),
    (REDACTION, "bulk actions", _page_url("bulk delete", "other_draft"), SECRET),
    (REDACTION, "page types usage", LISTING_PATHS["page types usage results"], SECRET),
    (REDACTION, "translations", LISTING_PATHS["translations"], SECRET),
    (REDACTION, "API images", LISTING_PATHS["API images"], SECRET),
    (REDACTION, "images", LISTING_PATHS["images"], SECRET),
    (REDACTION, "usage", LISTING_PATHS["usage of own page cited by another ministry"], SECRET),
]


@pytest.mark.parametrize(
    ("roles_", "name", "url", "expected"), VISIBLE, ids=[row[1] for row in VISIBLE]
)
def test_what_stays_visible(client, world, roles_, name, url, expected):
    for role in roles_:
        status, body = _get(client, world["users"][role], url(world))
        assert status == 200, (role, name)
        assert expected in body, (role, name)


def test_reports_menu_hides_reports_that_cannot_be_filtered(client, world):
    closed = [
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtail_localize:translations_report"),
    ]
    for role in (*ISOLATED, *REDACTION):
        _status, body = _get(client, world["users"][role], reverse("wagtailadmin_home"))
        shown = [url in body for url in closed]
        assert shown == ([False, False] if role in ISOLATED else [True, True]), role


# Media: (view, collection) -> shown to an isolated user; the Rédaction sees every one.
MEDIA_VIEWS = {
    "image chooser": ("images", lambda: reverse("wagtailimages_chooser:choose")),
    "image index": ("images", lambda: reverse("wagtailimages:index")),
    "image API": ("images", lambda: "/admin/api/main/images/"),
    "document chooser": ("documents", lambda: reverse("wagtaildocs_chooser:choose")),
    "document index": ("documents", lambda: reverse("wagtaildocs:index")),
    "document API": ("documents", lambda: "/admin/api/main/documents/"),
}


def _shown_to_isolated(view, collection):
    """Their ministry's collection everywhere; the shared one where they choose media."""
    return collection == "own" or (collection == "shared" and "index" not in view)


@pytest.mark.parametrize("view", MEDIA_VIEWS)
def test_media_by_collection(client, world, view):
    kind, url = MEDIA_VIEWS[view]
    for role in (*ISOLATED, *REDACTION):
        status, body = _get(client, world["users"][role], url())
        assert status == 200
        for collection, item in world[kind].items():
            expected = role in REDACTION or _shown_to_isolated(view, collection)
            assert (item.title in body) is expected, (role, view, collection)


# Moving and copying stay within the user's own section.
def _messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_cannot_move_into_another_ministry(world, method):
    own, other = world["pages"]["own_draft"], world["pages"]["other_section"]
    url = reverse("wagtailadmin_pages:move_confirm", args=[own.pk, other.pk])
    for role in ISOLATED:
        response = getattr(_logged_in(world["users"][role]), method)(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:move", args=[own.pk])
        assert _messages(response) == [str(isolation.MOVE_REFUSAL)]
        assert Page.objects.get(pk=own.pk).get_parent().pk == world["pages"]["own_section"].pk


def test_cannot_bulk_move_into_another_ministry(world):
    own, other = world["pages"]["own_draft"], world["pages"]["other_section"]
    for role in ISOLATED:
        client = _logged_in(world["users"][role])
        response = client.post(_bulk("move", f"id={own.pk}"), {"chooser": other.pk})
        assert response.status_code == 302
        assert _messages(response) == [str(isolation.MOVE_REFUSAL)]
        assert Page.objects.get(pk=own.pk).get_parent().pk == world["pages"]["own_section"].pk


def test_redaction_may_still_move_between_sections(client, world):
    own, other = world["pages"]["own_draft"], world["pages"]["other_section"]
    client.force_login(world["users"]["chief"])
    url = reverse("wagtailadmin_pages:move_confirm", args=[own.pk, other.pk])
    assert client.get(url).status_code == 200


def _copy(user, page, parent, **extra):
    data = {"new_title": "Copie", "new_slug": "copie", "new_parent_page": parent.pk, **extra}
    return _logged_in(user).post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)


@pytest.mark.parametrize("role", ISOLATED)
def test_copies_stay_in_own_section_and_unpublished(world, role):
    pages, user = world["pages"], world["users"][role]
    response = _copy(user, pages["own_live"], pages["own_section"], publish_copies="on")
    assert response.status_code == 302
    copy = MinistryNewsPage.objects.get(slug="copie")
    assert copy.get_parent().pk == pages["own_section"].pk
    assert not copy.live


@pytest.mark.parametrize("destination", ["other_section", "other_draft", "news_index"])
def test_cannot_copy_outside_own_section(world, destination):
    pages = world["pages"]
    for role in ISOLATED:
        response = _copy(world["users"][role], pages["own_draft"], pages[destination])
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "wagtailadmin_pages:copy", args=[pages["own_draft"].pk]
        )
        assert _messages(response) == [str(isolation.COPY_REFUSAL)]
        assert not Page.objects.filter(slug="copie").exists()


def test_cannot_copy_another_ministrys_draft(world):
    pages = world["pages"]
    for role in ISOLATED:
        response = _copy(world["users"][role], pages["other_draft"], pages["own_section"])
        assert response.status_code == 302
        assert not Page.objects.filter(slug="copie").exists()


# The rule itself.
@pytest.mark.parametrize(
    ("role", "restricted"),
    [
        ("contributor", True),
        ("validator", True),
        ("editor", False),
        ("chief", False),
        ("crisis", False),
        ("social", False),
    ],
)
def test_who_is_isolated(site, role, restricted):
    assert isolation.is_restricted(site["users"][role]) is restricted


def test_the_redaction_in_a_ministry_group_is_not_isolated(site):
    editor = site["users"]["editor"]
    editor.groups.add(site["own_roles"].contributors)
    assert not isolation.is_restricted(editor)


def test_without_page_permissions_only_published_pages_are_visible(site, django_user_model):
    user = django_user_model.objects.create_user(username="sans-droits", password="x")
    visible = isolation.visible_pages(user, Page.objects.all())
    assert isolation.is_restricted(user)
    assert not visible.filter(live=False).exists()
    assert visible.filter(pk=site["pages"]["other_live"].pk).exists()


def test_superuser_is_not_isolated(django_user_model):
    admin = django_user_model.objects.create_superuser(username="admin", password="x")
    assert not isolation.is_restricted(admin)


class TestBilingualContributor:
    """With a section in each language, the contributor's explorable root is the tree's
    root: Wagtail would then show any page's title when asked to explore it."""

    @pytest.fixture
    def bilingual(self, world, english):
        translated = translate_section(world["pages"]["own_section"], english)
        return {**world, "translated_section": translated}

    @pytest.mark.parametrize("view", ["wagtailadmin_explore", "wagtailadmin_explore_results"])
    def test_cannot_explore_other_pages(self, client, bilingual, view):
        others = ["other_draft", "other_live", "other_section", "news_index", "government_draft"]
        for page in others:
            url = reverse(view, args=[bilingual["pages"][page].pk])
            for role in ISOLATED:
                status, body = _get(client, bilingual["users"][role], url)
                assert status == 404, (role, url)
                assert SECRET not in body

    def test_explores_own_sections(self, client, bilingual):
        for section in (bilingual["pages"]["own_section"], bilingual["translated_section"]):
            url = reverse("wagtailadmin_explore", args=[section.pk])
            for role in ISOLATED:
                status, _body = _get(client, bilingual["users"][role], url)
                assert status == 200, (role, url)


def test_workflow_status_of_another_ministry_is_refused(client, world):
    draft = world["pages"]["other_draft"]
    url = reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[draft.pk])
    for role in ISOLATED:
        status, body = _get(client, world["users"][role], url)
        assert status in (302, 403), role
        assert "Actualit" not in body
    status, body = _get(client, world["outsider"], url)
    assert status == 200
    assert setup.MINISTRY_NEWS in json.loads(body)["html"]


def test_production_urls_include_the_overrides():
    match = resolve(reverse("wagtailadmin_choose_page_chosen_multiple"))
    assert match.func.view_class is isolation.IsolatedChosenMultipleView
