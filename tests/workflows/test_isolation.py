"""Isolation in the admin: no trace of what a user may not see.

Every hidden string carries a marker: ``SECRET`` in ministry B's draft, scheduled,
embargoed and in-moderation news items, the pending (unpublished) title of B's live item,
a government draft and a crisis alert draft; ``MEDIA_SECRET`` in B's private image and
document (titles, alt text, file names). The matrices below request each admin path as ministry A's contributor and
validator (and, for media, as the social-media and crisis-cell roles); each row asserts
the exact status and that the marker appears neither in the body, nor in the flash
messages, nor after following a redirect. Other tests check that everyone still sees
what they should: their own drafts, others' published pages, and, for the Rédaction,
everything.

The world is built once for the module (in a transaction rolled back at its end); each
test runs in its own savepoint.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from wagtail.models import Locale, Page, Task, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

import pytest

from cms.crisis.models import CrisisAlert
from cms.workflows import isolation, roles, setup
from home.models import HomePage
from news.models import MinistryNewsPage, NewsPageRelatedPage
from tests.conftest import make_site, rolled_back_once
from tests.factories import DocumentFactory, ImageFactory, MinistryNewsPageFactory
from tests.factories.media import image_file
from tests.factories.organisations import TopicFactory
from tests.factories.pages import translate_section

pytestmark = pytest.mark.django_db

SECRET = "ZX-SECRET"
#: The marker of ministry B's private media: the reading roles (social media, crisis cell)
#: read every news item, titles with ``SECRET`` included, but not B's media.
MEDIA_SECRET = "ZX-MEDIA"
QUERY = "confidentiel"
OTHER_DRAFT = f"Réserves {QUERY} {SECRET}-brouillon"
OTHER_PENDING = f"Défense {QUERY} {SECRET}-en-attente"
GOVERNMENT_DRAFT = f"Plan {QUERY} {SECRET}-gouvernement"
OWN_DRAFT = "Vaccination hivernale"
OTHER_PUBLISHED = "Salon du Bourget"
ISOLATED = ("contributor", "validator")
REDACTION = ("editor", "chief")
#: Roles that see the pages as Wagtail shows them, but media by collection only.
MEDIA_ROLES = (*ISOLATED, "social", "crisis")
#: Wagtail's answer to a user who may not open a view: a redirect to the dashboard, with a
#: message naming nothing ("Désolé, vous n'avez pas la permission…").
REFUSED = 302
#: The status of the media listings: ministries list their collection, the social-media
#: and crisis roles, who only choose from the shared one, are refused.
MEDIA_INDEX = {"contributor": 200, "validator": 200, "social": REFUSED, "crisis": REFUSED}


def _retitle(page, title, user, **revision):
    page.title = page.draft_title = title
    page.save()
    return page.save_revision(user=user, log_action=True, **revision)


def _hidden_news(section, title, user, **fields):
    """A never-published news item of ``section`` whose latest revision is titled ``title``."""
    page = MinistryNewsPageFactory(parent=section, live=False, **fields)
    _retitle(page, title, user)
    return page


def _build_world():
    """The ``site`` fixture's content with traces everywhere: revisions, log entries, a
    lock, workflows, a translation, references, schedules, media in every collection."""
    site = make_site(HomePage.objects.get(locale__language_code="fr"))
    english = Locale.objects.get_or_create(language_code="en")[0]
    pages, users = site["pages"], site["users"]
    setup.setup_workflows()
    other_roles = roles.roles_for_ministry(pages["other_section"].ministry)
    outsider = get_user_model().objects.create_user(username="armees", password="x")
    outsider.groups.add(other_roles.contributors)
    collections = {
        "own": site["own_roles"].collection,
        "shared": roles.shared_collection(),
        "other": other_roles.collection,
    }
    secret = {"own": "", "shared": "", "other": f" {MEDIA_SECRET}"}
    images = {
        key: ImageFactory(
            title=f"Image {key}{secret[key]}",
            collection=collection,
            file=image_file(name=f"image-{key}{secret[key].strip().lower()}.png"),
        )
        for key, collection in collections.items()
    }
    documents = {
        key: DocumentFactory(
            title=f"Note {key}{secret[key]}",
            collection=collection,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", f"note-{key}{secret[key].strip().lower()}.pdf"),
        )
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

    section = pages["other_section"]
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    scheduled = _hidden_news(section, f"Programmée {SECRET}", outsider)
    scheduled.save_revision(user=users["chief"], approved_go_live_at=tomorrow)
    embargoed = _hidden_news(
        section, f"Embargo {SECRET}", outsider, embargo_until=tomorrow, go_live_at=tomorrow
    )
    embargoed.save_revision(user=users["chief"], approved_go_live_at=tomorrow)
    moderated = _hidden_news(section, f"En modération {SECRET}", outsider)
    moderated.get_workflow().start(moderated, outsider)

    TopicFactory(name="Santé publique")
    alert = CrisisAlert.objects.create(
        title=f"Alerte {SECRET}", level="vigilance", message=f"Message {SECRET}", live=False
    )
    alert.save_revision(user=users["crisis"])
    fresh = {
        **pages,
        "other_published": published,
        "other_draft": draft,
        "other_scheduled": scheduled,
        "other_embargoed": embargoed,
        "other_moderation": moderated,
    }
    return {
        **site,
        "pages": {key: Page.objects.get(pk=page.pk).specific for key, page in fresh.items()},
        "images": images,
        "documents": documents,
        "collections": collections,
        "outsider": outsider,
        "alert": alert,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test."""
    yield from rolled_back_once(django_db_blocker, _build_world)


def _logged_in(user):
    """A client of its own: no messages left over from another user's requests."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _request(user, url, method="get"):
    """Request ``url`` as ``user``: the status, and everything the user is shown (the
    body, the flash messages, and after a redirect its target and the page it leads to)."""
    client = _logged_in(user)
    response = getattr(client, method)(url)
    shown = [_body(response), *(str(message) for message in get_messages(response.wsgi_request))]
    if response.status_code in (301, 302):
        shown += [response["Location"], _body(client.get(response["Location"]))]
    return response.status_code, "\n".join(shown)


def _assert_no_trace(user, url, status, method="get", markers=(SECRET, MEDIA_SECRET)):
    actual, shown = _request(user, url, method)
    assert actual == status, (url, actual)
    for marker in markers:
        assert marker.lower() not in shown.lower(), (url, marker)
    return shown


def _media_markers(role: str) -> tuple[str, ...]:
    """What a role may not read: B's media; and B's pages too, unless it reads every page."""
    return (MEDIA_SECRET,) if role in ("social", "crisis") else (SECRET, MEDIA_SECRET)


@dataclass(frozen=True)
class Row:
    """An admin URL built from the world and the hidden object, and the exact status a
    user who may not see that object gets."""

    name: str
    url: Callable
    status: int | dict[str, int]
    method: str = "get"

    def __str__(self):
        return self.name

    def status_for(self, role: str) -> int:
        return self.status[role] if isinstance(self.status, dict) else self.status


def _bulk(action, query, model="wagtailcore/page"):
    return f"/admin/bulk/{model}/{action}/?{query}"


def _any_task(page):
    task = page.current_workflow_task
    return task.pk if task else Task.objects.order_by("pk").first().pk


def _task_state(page):
    state = page.current_workflow_task_state
    return state.pk if state else 0


def _workflow_state(page):
    state = WorkflowState.objects.for_instance(page).first()
    return state.pk if state else 0


def _pages(name, *args):
    return lambda w, p: reverse(f"wagtailadmin_pages:{name}", args=[p.pk, *args])


def _page_revision(name):
    return lambda w, p: reverse(f"wagtailadmin_pages:{name}", args=[p.pk, p.latest_revision_id])


def _localize(name):
    return lambda w, p: reverse(f"wagtail_localize:{name}", args=[p.pk])


# Role × page view × hidden page. Every view of a page (or naming one in its URL) answers
# 404 for a page the user may not see, before Wagtail's view runs; listings filter it out.
PAGE_ROWS = [
    # Wagtail sends the user back to their own section.
    Row("explorer", lambda w, p: reverse("wagtailadmin_explore", args=[p.pk]), REFUSED),
    Row(
        "explorer results",
        lambda w, p: reverse("wagtailadmin_explore_results", args=[p.pk]),
        REFUSED,
    ),
    Row("chooser browse", lambda w, p: reverse("wagtailadmin_choose_page_child", args=[p.pk]), 404),
    Row(
        "chooser chosen",
        lambda w, p: reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={p.pk}",
        200,
    ),
    Row("admin API", lambda w, p: f"/admin/api/main/pages/{p.pk}/", 404),
    Row("edit", _pages("edit"), 404),
    Row("edit, posted", _pages("edit"), 404, "post"),
    Row("preview", _pages("preview_on_edit"), 404),
    Row("view draft", _pages("view_draft"), 404),
    Row("usage", _pages("usage"), 404),
    Row("add a subpage", _pages("add_subpage"), 404),
    Row(
        "add a news item under it",
        lambda w, p: reverse("wagtailadmin_pages:add", args=["news", "ministrynewspage", p.pk]),
        404,
    ),
    Row("history", _pages("history"), 404),
    Row("history results", _pages("history_results"), 404),
    Row("revisions", _pages("revisions_index"), 404),
    Row("revision", _page_revision("revisions_view"), 404),
    Row("revision revert", _page_revision("revisions_revert"), 404),
    Row("unschedule", _page_revision("revisions_unschedule"), 404),
    Row("unschedule, posted", _page_revision("revisions_unschedule"), 404, "post"),
    Row(
        "compare",
        lambda w, p: reverse(
            "wagtailadmin_pages:revisions_compare", args=[p.pk, "earliest", "latest"]
        ),
        404,
    ),
    Row("workflow history", _pages("workflow_history"), 404),
    Row(
        "workflow history detail",
        lambda w, p: reverse(
            "wagtailadmin_pages:workflow_history_detail", args=[p.pk, _workflow_state(p)]
        ),
        404,
    ),
    Row(
        "workflow preview",
        lambda w, p: reverse("wagtailadmin_pages:workflow_preview", args=[p.pk, _any_task(p)]),
        404,
    ),
    Row(
        "workflow action",
        lambda w, p: reverse(
            "wagtailadmin_pages:workflow_action", args=[p.pk, "approve", _task_state(p)]
        ),
        404,
        "post",
    ),
    Row(
        "workflow action data",
        lambda w, p: reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[p.pk, "approve", _task_state(p)],
        ),
        404,
    ),
    Row("workflow cancellation", _pages("confirm_workflow_cancellation"), 404),
    Row("copy", _pages("copy"), 404),
    Row("copy, posted", _pages("copy"), 404, "post"),
    Row("move", _pages("move"), 404),
    Row("set position", _pages("set_page_position"), 404, "post"),
    Row(
        "move it into own section",
        lambda w, p: reverse(
            "wagtailadmin_pages:move_confirm", args=[p.pk, w["pages"]["own_section"].pk]
        ),
        404,
    ),
    Row(
        "move own page into it",
        lambda w, p: reverse(
            "wagtailadmin_pages:move_confirm", args=[w["pages"]["own_draft"].pk, p.pk]
        ),
        302,
    ),
    Row("delete", _pages("delete"), 404),
    Row("delete, posted", _pages("delete"), 404, "post"),
    Row("unpublish", _pages("unpublish"), 404),
    Row("convert alias", _pages("convert_alias"), 404),
    Row("privacy", _pages("set_privacy"), 404),
    Row("lock", _pages("lock"), 404, "post"),
    Row("unlock", _pages("unlock"), 404, "post"),
    Row(
        "editing session",
        lambda w, p: reverse(
            "wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", p.pk, 0]
        ),
        404,
        "post",
    ),
    Row("translate", _localize("submit_page_translation"), 404),
    Row("convert to alias (localize)", _localize("convert_to_alias"), 404),
    Row(
        "update translations",
        lambda w, p: reverse(
            "wagtail_localize:update_translations",
            args=[TranslationSource.get_or_create_from_instance(p)[0].pk],
        ),
        404,
    ),
    Row("withdraw", lambda w, p: reverse("news_withdraw", args=[p.pk]), REFUSED),
    Row(
        "submit a translation",
        lambda w, p: reverse("news_submit_translation", args=[p.pk]),
        REFUSED,
    ),
    Row("bulk delete", lambda w, p: _bulk("delete", f"id={p.pk}"), 200),
    Row("bulk publish", lambda w, p: _bulk("publish", f"id={p.pk}"), 200),
    Row("bulk unpublish", lambda w, p: _bulk("unpublish", f"id={p.pk}"), 200),
    Row("bulk move", lambda w, p: _bulk("move", f"id={p.pk}"), 200),
    Row(
        "bulk on its siblings",
        lambda w, p: _bulk("delete", f"id=all&childOf={p.get_parent().pk}"),
        200,
    ),
]
HIDDEN_PAGES = (
    "other_draft",
    "other_live",
    "government_draft",
    "other_scheduled",
    "other_embargoed",
    "other_moderation",
)


@pytest.mark.parametrize("role", ISOLATED)
@pytest.mark.parametrize("state", HIDDEN_PAGES)
@pytest.mark.parametrize("row", PAGE_ROWS, ids=str)
def test_no_trace_of_hidden_pages(world, row, state, role):
    page = world["pages"][state]
    _assert_no_trace(world["users"][role], row.url(world, page), row.status_for(role), row.method)


def _media_bulk(action, kind):
    model = {"images": "media/customimage", "documents": "media/customdocument"}[kind]
    return lambda w, item: _bulk(action, f"id={item.pk}", model)


# Role × media view × private image or document (ministry B's collection). Media follow
# collection permissions for every role.
IMAGE_ROWS = [
    Row("API images", lambda w, i: "/admin/api/main/images/", 200),
    Row("API images search", lambda w, i: "/admin/api/main/images/?search=Image", 200),
    Row("API image", lambda w, i: f"/admin/api/main/images/{i.pk}/", 404),
    Row("images", lambda w, i: reverse("wagtailimages:index"), MEDIA_INDEX),
    Row("images search", lambda w, i: reverse("wagtailimages:index") + "?q=Image", MEDIA_INDEX),
    Row("image edit", lambda w, i: reverse("wagtailimages:edit", args=[i.pk]), REFUSED),
    Row("image delete", lambda w, i: reverse("wagtailimages:delete", args=[i.pk]), REFUSED),
    Row("image usage", lambda w, i: reverse("wagtailimages:image_usage", args=[i.pk]), REFUSED),
    Row(
        "image preview",
        lambda w, i: reverse("wagtailimages:preview", args=[i.pk, "original"]),
        REFUSED,
    ),
    Row(
        "image URL",
        lambda w, i: reverse("wagtailimages:url_generator", args=[i.pk]),
        {"contributor": 404, "validator": 404, "social": REFUSED, "crisis": REFUSED},
    ),
    Row("image chooser", lambda w, i: reverse("wagtailimages_chooser:choose"), 200),
    Row(
        "image chooser, its collection",
        lambda w, i: (
            reverse("wagtailimages_chooser:choose_results") + f"?collection_id={i.collection_id}"
        ),
        200,
    ),
    Row(
        "image chosen",
        lambda w, i: reverse("wagtailimages_chooser:chosen", args=[i.pk]),
        REFUSED,
    ),
    Row(
        "image format",
        lambda w, i: reverse("wagtailimages_chooser:select_format", args=[i.pk]),
        REFUSED,
    ),
    *(
        Row(f"bulk {action}", _media_bulk(action, "images"), 200)
        for action in ("delete", "add_tags", "add_to_collection")
    ),
]
DOCUMENT_ROWS = [
    Row("API documents", lambda w, d: "/admin/api/main/documents/", 200),
    Row("API documents search", lambda w, d: "/admin/api/main/documents/?search=Note", 200),
    Row("API document", lambda w, d: f"/admin/api/main/documents/{d.pk}/", 404),
    Row("documents", lambda w, d: reverse("wagtaildocs:index"), MEDIA_INDEX),
    Row("documents search", lambda w, d: reverse("wagtaildocs:index") + "?q=Note", MEDIA_INDEX),
    Row("document edit", lambda w, d: reverse("wagtaildocs:edit", args=[d.pk]), REFUSED),
    Row("document delete", lambda w, d: reverse("wagtaildocs:delete", args=[d.pk]), REFUSED),
    Row(
        "document usage",
        lambda w, d: reverse("wagtaildocs:document_usage", args=[d.pk]),
        REFUSED,
    ),
    Row("document chooser", lambda w, d: reverse("wagtaildocs_chooser:choose"), 200),
    Row(
        "document chosen",
        lambda w, d: reverse("wagtaildocs_chooser:chosen", args=[d.pk]),
        REFUSED,
    ),
    *(
        Row(f"bulk {action}", _media_bulk(action, "documents"), 200)
        for action in ("delete", "add_tags", "add_to_collection")
    ),
]


MEDIA_ROWS = [("images", row) for row in IMAGE_ROWS] + [("documents", row) for row in DOCUMENT_ROWS]


@pytest.mark.parametrize("role", MEDIA_ROLES)
@pytest.mark.parametrize(
    ("kind", "row"), MEDIA_ROWS, ids=[f"{kind}: {row}" for kind, row in MEDIA_ROWS]
)
def test_no_trace_of_private_media(world, kind, row, role):
    """Role × media view × B's private image or document."""
    item = world[kind]["other"]
    _assert_no_trace(
        world["users"][role],
        row.url(world, item),
        row.status_for(role),
        row.method,
        _media_markers(role),
    )


# Role × snippet view × crisis alert draft: closed to users with no permission on the model.
ALERTS = "crisis/crisisalert"
SNIPPET_ROWS = [
    Row("listing", lambda w, a: f"/admin/snippets/{ALERTS}/", 404),
    Row("listing search", lambda w, a: f"/admin/snippets/{ALERTS}/results/?q={SECRET}", 404),
    Row("edit", lambda w, a: f"/admin/snippets/{ALERTS}/edit/{a.pk}/", 404),
    Row("history", lambda w, a: f"/admin/snippets/{ALERTS}/history/{a.pk}/", 404),
    Row("usage", lambda w, a: f"/admin/snippets/{ALERTS}/usage/{a.pk}/", 404),
    Row(
        "workflow preview",
        lambda w, a: f"/admin/snippets/{ALERTS}/workflow/preview/{a.pk}/{_any_task(a)}/",
        404,
    ),
    Row(
        "editing session",
        lambda w, a: reverse(
            "wagtailadmin_editing_sessions:ping", args=["crisis", "crisisalert", a.pk, 0]
        ),
        404,
        "post",
    ),
    Row("chooser", lambda w, a: f"/admin/snippets/choose/{ALERTS}/", 404),
    Row("chooser results", lambda w, a: f"/admin/snippets/choose/{ALERTS}/results/", 404),
    Row("chosen", lambda w, a: f"/admin/snippets/choose/{ALERTS}/chosen/{a.pk}/", 404),
    Row("bulk delete, all", lambda w, a: _bulk("delete", "id=all", ALERTS), 404),
    Row("bulk delete", lambda w, a: _bulk("delete", f"id={a.pk}", ALERTS), 404),
    Row("localize API", lambda w, a: f"/admin/localize/api/snippets/{ALERTS}/", 404),
    Row("localize API item", lambda w, a: f"/admin/localize/api/snippets/{ALERTS}/{a.pk}/", 404),
    Row(
        "translate",
        lambda w, a: reverse(
            "wagtail_localize:submit_snippet_translation", args=["crisis", "crisisalert", a.pk]
        ),
        404,
    ),
]


@pytest.mark.parametrize("role", ISOLATED)
@pytest.mark.parametrize("row", SNIPPET_ROWS, ids=str)
def test_no_trace_of_crisis_alert_drafts(world, row, role):
    _assert_no_trace(
        world["users"][role], row.url(world, world["alert"]), row.status_for(role), row.method
    )


# Role × listing, report or chooser: filtered, never naming a hidden object.
LISTING_ROWS = [
    Row("dashboard", lambda w: reverse("wagtailadmin_home"), 200),
    Row("explorer root", lambda w: reverse("wagtailadmin_explore_root"), REFUSED),
    Row(
        "explorer search, whole tree",
        lambda w: (
            reverse("wagtailadmin_explore", args=[w["pages"]["own_section"].pk])
            + f"?q={QUERY}&search_all=1"
        ),
        200,
    ),
    Row("admin search", lambda w: reverse("wagtailadmin_pages:search") + f"?q={QUERY}", 200),
    Row(
        "admin search results",
        lambda w: reverse("wagtailadmin_pages:search_results") + f"?q={QUERY}",
        200,
    ),
    Row(
        "pages of a type",
        lambda w: (
            reverse("wagtailadmin_pages:type_use", args=["news", "ministrynewspage"])
            + f"?q={QUERY}"
        ),
        200,
    ),
    Row("API pages search", lambda w: f"/admin/api/main/pages/?search={QUERY}", 200),
    Row("chooser root", lambda w: reverse("wagtailadmin_choose_page"), 200),
    Row(
        "chooser, other section",
        lambda w: reverse("wagtailadmin_choose_page_child", args=[w["pages"]["other_section"].pk]),
        200,
    ),
    Row(
        "chooser, news index",
        lambda w: reverse("wagtailadmin_choose_page_child", args=[w["pages"]["news_index"].pk]),
        200,
    ),
    Row(
        "chooser search", lambda w: reverse("wagtailadmin_choose_page_search") + f"?q={QUERY}", 200
    ),
    Row(
        "locked pages",
        lambda w: reverse("wagtailadmin_reports:locked_pages"),
        {"contributor": REFUSED, "validator": 200},
    ),
    Row("workflows", lambda w: reverse("wagtailadmin_reports:workflow"), 200),
    Row("workflow tasks", lambda w: reverse("wagtailadmin_reports:workflow_tasks"), 200),
    Row("site history", lambda w: reverse("wagtailadmin_reports:site_history"), 200),
    Row("aging pages", lambda w: reverse("wagtailadmin_reports:aging_pages"), 200),
    Row("page types usage", lambda w: reverse("wagtailadmin_reports:page_types_usage"), REFUSED),
    Row(
        "page types usage results",
        lambda w: reverse("wagtailadmin_reports:page_types_usage_results"),
        REFUSED,
    ),
    Row("translations", lambda w: reverse("wagtail_localize:translations_report"), REFUSED),
    Row(
        "translations results",
        lambda w: reverse("wagtail_localize:translations_report_results"),
        REFUSED,
    ),
    Row(
        "usage of own page cited by another ministry",
        lambda w: reverse("wagtailadmin_pages:usage", args=[w["pages"]["own_live"].pk]),
        200,
    ),
    Row("snippets", lambda w: reverse("wagtailsnippets:index"), 200),
    Row("planning", lambda w: reverse("news_planning"), 200),
]


@pytest.mark.parametrize("role", ISOLATED)
@pytest.mark.parametrize("row", LISTING_ROWS, ids=str)
def test_no_trace_in_listings_reports_and_choosers(world, row, role):
    _assert_no_trace(world["users"][role], row.url(world), row.status_for(role), row.method)


# Serving documents in the admin (their storage URL, /admin/media/…): to who may see their
# collection. Others get a 404, which does not confirm that the document exists; a visitor
# who is not logged in, the login page. The public URL follows the delivery store,
# whatever the session (tests/delivery/test_media_serving.py).
def _serve(document):
    return document.url


@pytest.mark.parametrize(
    ("role", "collection", "status"),
    [
        (None, "other", 302),
        (None, "own", 302),
        (None, "shared", 302),
        ("contributor", "other", 404),
        ("contributor", "own", 200),
        ("contributor", "shared", 200),
        ("validator", "other", 404),
        ("social", "other", 404),
        ("social", "shared", 200),
        ("crisis", "other", 404),
        ("editor", "other", 200),
        ("chief", "own", 200),
    ],
)
def test_documents_served_by_collection(world, role, collection, status):
    user = world["users"][role] if role else None
    response = _logged_in(user).get(_serve(world["documents"][collection]))
    assert response.status_code == status
    if status == 404:
        assert MEDIA_SECRET.lower() not in _body(response).lower()


@pytest.mark.parametrize(
    ("live", "restricted", "status"),
    [(True, False, 200), (False, False, 404), (True, True, 404)],
)
def test_documents_attached_to_public_pages_are_served_to_anyone(
    world, django_capture_on_commit_callbacks, settings, live, restricted, status
):
    """The delivery store, written after commit, tells which public pages show it."""
    # The pipeline's in-process path; its jobs are tested in tests/delivery.
    settings.JOBS_BACKEND = "none"
    document = world["documents"]["other"]
    document.alternative_format_contact = "contact@armees.gouv.fr"  # the editorial line
    document.save()
    page = MinistryNewsPageFactory(parent=world["pages"]["other_section"], live=False)
    page.attachments.create(document=document, title="Annexe")
    if restricted:
        page.view_restrictions.create(restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
        if live:
            revision.publish()
    for user in (None, world["users"]["editor"]):
        response = _logged_in(user).get(f"/documents/{document.pk}/{document.filename}")
        assert response.status_code == status


# What each user still sees, and the Rédaction sees everything (regression guard).
def _page(builder, page):
    return lambda w: builder(w, w["pages"][page])


def _search(name, query):
    return lambda w: reverse(name) + f"?q={query}"


def _explore(w, p):
    return reverse("wagtailadmin_explore", args=[p.pk])


def _chooser_browse(w, p):
    return reverse("wagtailadmin_choose_page_child", args=[p.pk])


def _chosen(w, p):
    return reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={p.pk}"


LISTING_URLS = {row.name: row.url for row in LISTING_ROWS}
VISIBLE = [
    (ISOLATED, "own section in the explorer", _page(_explore, "own_section"), OWN_DRAFT),
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
        _page(_chooser_browse, "other_section"),
        OTHER_PUBLISHED,
    ),
    (
        ISOLATED,
        "others' published pages, chosen",
        _page(_chosen, "other_published"),
        OTHER_PUBLISHED,
    ),
    (
        ISOLATED,
        "topics in the snippet chooser",
        lambda w: "/admin/snippets/choose/organisations/topic/",
        "publique",
    ),
    (
        ("social", "crisis"),
        "shared images in the API",
        lambda w: "/admin/api/main/images/",
        "Image shared",
    ),
    (("social",), "crisis alerts", lambda w: f"/admin/snippets/{ALERTS}/", SECRET),
    (
        ("crisis",),
        "crisis alerts in the chooser",
        lambda w: f"/admin/snippets/choose/{ALERTS}/",
        SECRET,
    ),
    (REDACTION, "another ministry's section", _page(_explore, "other_section"), SECRET),
    (REDACTION, "the chooser", LISTING_URLS["chooser search"], SECRET),
    (REDACTION, "chosen drafts", _page(_chosen, "other_draft"), SECRET),
    (REDACTION, "the admin search", LISTING_URLS["admin search results"], SECRET),
    (
        REDACTION,
        "bulk actions",
        _page(lambda w, p: _bulk("delete", f"id={p.pk}"), "other_draft"),
        SECRET,
    ),
    (REDACTION, "page types usage", LISTING_URLS["page types usage results"], SECRET),
    (REDACTION, "translations", LISTING_URLS["translations"], SECRET),
    (REDACTION, "API images", lambda w: "/admin/api/main/images/", MEDIA_SECRET),
    (REDACTION, "API documents", lambda w: "/admin/api/main/documents/?search=Note", MEDIA_SECRET),
    (REDACTION, "images", lambda w: reverse("wagtailimages:index"), MEDIA_SECRET),
    (
        REDACTION,
        "usage",
        LISTING_URLS["usage of own page cited by another ministry"],
        SECRET,
    ),
    (
        REDACTION,
        "a scheduled item's revisions",
        _page(lambda w, p: reverse("wagtailadmin_pages:history", args=[p.pk]), "other_scheduled"),
        SECRET,
    ),
]


@pytest.mark.parametrize(
    ("roles_", "name", "url", "expected"), VISIBLE, ids=[row[1] for row in VISIBLE]
)
def test_what_stays_visible(world, roles_, name, url, expected):
    for role in roles_:
        response = _logged_in(world["users"][role]).get(url(world))
        assert response.status_code == 200, (role, name)
        assert expected in _body(response), (role, name)


def test_reports_menu_hides_reports_that_cannot_be_filtered(world):
    closed = [
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtail_localize:translations_report"),
    ]
    for role in (*ISOLATED, *REDACTION):
        body = _body(_logged_in(world["users"][role]).get(reverse("wagtailadmin_home")))
        shown = [url in body for url in closed]
        assert shown == ([False, False] if role in ISOLATED else [True, True]), role


# Media: (view, collection) -> shown to a role; the Rédaction sees every one.
MEDIA_VIEWS = {
    "image chooser": ("images", lambda: reverse("wagtailimages_chooser:choose")),
    "image index": ("images", lambda: reverse("wagtailimages:index")),
    "image API": ("images", lambda: "/admin/api/main/images/"),
    "document chooser": ("documents", lambda: reverse("wagtaildocs_chooser:choose")),
    "document index": ("documents", lambda: reverse("wagtaildocs:index")),
    "document API": ("documents", lambda: "/admin/api/main/documents/"),
}


def _shown(role, view, collection):
    """The Rédaction sees all. A ministry sees its collection everywhere, and the shared
    one where media are chosen; the social-media and crisis roles choose from the shared
    one only."""
    if role in REDACTION:
        return True
    choosing = "index" not in view
    if role in ISOLATED:
        return collection == "own" or (collection == "shared" and choosing)
    return collection == "shared" and choosing


@pytest.mark.parametrize("role", (*MEDIA_ROLES, *REDACTION))
@pytest.mark.parametrize("view", MEDIA_VIEWS)
def test_media_by_collection(world, view, role):
    kind, url = MEDIA_VIEWS[view]
    response = _logged_in(world["users"][role]).get(url())
    if "index" in view and role in ("social", "crisis"):
        assert response.status_code == REFUSED
        return
    assert response.status_code == 200
    body = _body(response)
    for collection, item in world[kind].items():
        assert (item.title in body) is _shown(role, view, collection), collection


# Moving and copying stay within the user's own section.
def _messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("destination", ["other_section", "other_published", "news_index"])
def test_cannot_move_into_another_ministry(world, method, destination):
    own, other = world["pages"]["own_draft"], world["pages"][destination]
    url = reverse("wagtailadmin_pages:move_confirm", args=[own.pk, other.pk])
    for role in ISOLATED:
        response = getattr(_logged_in(world["users"][role]), method)(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:move", args=[own.pk])
        assert _messages(response) == [str(isolation.MOVE_REFUSAL)]
        assert Page.objects.get(pk=own.pk).get_parent().pk == world["pages"]["own_section"].pk


def test_cannot_move_a_published_page_of_another_ministry(world):
    other, own = world["pages"]["other_published"], world["pages"]["own_section"]
    url = reverse("wagtailadmin_pages:move_confirm", args=[other.pk, own.pk])
    for role in ISOLATED:
        assert _logged_in(world["users"][role]).get(url).status_code == 404


def test_cannot_bulk_move_into_another_ministry(world):
    own, other = world["pages"]["own_draft"], world["pages"]["other_section"]
    for role in ISOLATED:
        client = _logged_in(world["users"][role])
        response = client.post(_bulk("move", f"id={own.pk}"), {"chooser": other.pk})
        assert response.status_code == 302
        assert _messages(response) == [str(isolation.MOVE_REFUSAL)]
        assert Page.objects.get(pk=own.pk).get_parent().pk == world["pages"]["own_section"].pk


def test_redaction_may_still_move_between_sections(world):
    own, other = world["pages"]["own_draft"], world["pages"]["other_section"]
    url = reverse("wagtailadmin_pages:move_confirm", args=[own.pk, other.pk])
    assert _logged_in(world["users"]["chief"]).get(url).status_code == 200


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
        assert response.status_code == 404
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
def test_who_is_isolated(world, role, restricted):
    user = get_user_model().objects.get(pk=world["users"][role].pk)
    assert isolation.is_restricted(user) is restricted


def test_the_redaction_in_a_ministry_group_is_not_isolated(world):
    editor = get_user_model().objects.get(pk=world["users"]["editor"].pk)
    editor.groups.add(world["own_roles"].contributors)
    assert not isolation.is_restricted(editor)


def test_without_page_permissions_only_published_pages_are_visible(world, django_user_model):
    user = django_user_model.objects.create_user(username="sans-droits", password="x")
    visible = isolation.visible_pages(user, Page.objects.all())
    assert isolation.is_restricted(user)
    assert not visible.filter(live=False).exists()
    assert visible.filter(pk=world["pages"]["other_published"].pk).exists()


def test_superuser_is_not_isolated(world, django_user_model):
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
    def test_cannot_explore_other_pages(self, bilingual, view):
        others = ["other_draft", "other_live", "other_section", "news_index", "government_draft"]
        for page in others:
            url = reverse(view, args=[bilingual["pages"][page].pk])
            for role in ISOLATED:
                _assert_no_trace(
                    get_user_model().objects.get(pk=bilingual["users"][role].pk), url, 404
                )

    def test_explores_own_sections(self, bilingual):
        for section in (bilingual["pages"]["own_section"], bilingual["translated_section"]):
            url = reverse("wagtailadmin_explore", args=[section.pk])
            for role in ISOLATED:
                user = get_user_model().objects.get(pk=bilingual["users"][role].pk)
                assert _logged_in(user).get(url).status_code == 200, (role, url)


def test_workflow_status_of_own_ministry_is_shown(world):
    draft = world["pages"]["other_draft"]
    url = reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[draft.pk])
    response = _logged_in(world["outsider"]).get(url)
    assert response.status_code == 200
    assert setup.MINISTRY_NEWS in json.loads(_body(response))["html"]


def test_production_urls_include_the_overrides():
    match = resolve(reverse("wagtailadmin_choose_page_chosen_multiple"))
    assert match.func.view_class is isolation.IsolatedChosenMultipleView
