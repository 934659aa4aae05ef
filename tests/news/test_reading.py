"""The reading roles (crisis cell, social-media managers): every news item in the explorer
and in a read-only view, whatever its state; nothing else. The read-only view follows the
ministry isolation: a contributor or validator reads their own section only, and anything
else is a 404 that names nothing.
"""

import datetime
import html

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

import pytest

from cms.organisations.models import Ministry, Topic
from cms.workflows import setup
from home.models import HomePage
from news.models import NewsPage, NewsPageAttachment, NewsPageMinistry, NewsPageTopic
from tests.conftest import make_site, rolled_back_once
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    MinistryNewsPageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "ZX-SECRET"
READERS = ("crisis", "social")
ISOLATED = ("contributor", "validator")
DENIED = "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."
#: The title each state's latest revision carries; hidden ones carry SECRET.
TITLES = {
    "government_draft": f"Plan hivernal {SECRET}-gouvernement",
    "government_live": "Conseil des ministres du mercredi",
    "government_scheduled": f"Annonce sous embargo {SECRET}-embargo",
    "government_pending": f"Correction en attente {SECRET}-correction",
    "own_draft": "Vaccination hivernale",
    "own_live": "Campagne de dépistage",
    "other_draft": f"Réserves {SECRET}-brouillon",
    "other_live": "Salon du Bourget",
    "other_moderation": f"Défense {SECRET}-moderation",
}


def _retitle(page, title, user=None):
    page.title = page.draft_title = title
    page.save()
    return page.save_revision(user=user)


def _client(user):
    """A client of its own: no messages left over from another user's requests."""
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


def build_newsroom() -> dict:
    """The ``site`` fixture's content with an item in every state: drafts, live, live with
    a pending correction, scheduled under embargo, in moderation."""
    site = make_site(HomePage.objects.get(locale__language_code="fr"))
    pages = dict(site["pages"])
    users = site["users"]
    setup.setup_workflows()
    news_index = pages["news_index"]
    for state in ("government_draft", "own_draft", "other_draft"):
        _retitle(pages[state], TITLES[state])
    for state in ("government_live", "own_live", "other_live"):
        page = pages[state]
        page.title = page.draft_title = TITLES[state]
        page.save()
        page.save_revision().publish()

    pending = NewsPageFactory(parent=news_index, title="Mesure en vigueur")
    pending.save_revision().publish()
    pending = NewsPage.objects.get(pk=pending.pk)
    pending.title = TITLES["government_pending"]
    pending.save_revision()
    pages["government_pending"] = pending

    scheduled = NewsPageFactory(parent=news_index, live=False, title=TITLES["government_scheduled"])
    scheduled.embargo_until = timezone.now() + datetime.timedelta(hours=12)
    scheduled.save_revision(clean=True).publish()
    pages["government_scheduled"] = NewsPage.objects.get(pk=scheduled.pk)

    moderation = MinistryNewsPageFactory(
        parent=pages["other_section"], live=False, title=TITLES["other_moderation"]
    )
    moderation.save_revision()
    moderation.get_workflow().start(moderation, users["chief"])
    pages["other_moderation"] = moderation

    return {**site, "pages": pages}


@pytest.fixture(scope="module")
def built_newsroom(django_db_setup, django_db_blocker):
    """``build_newsroom()``, once for the module, rolled back after its last test (each
    test runs in a savepoint of its own)."""
    yield from rolled_back_once(django_db_blocker, build_newsroom)


@pytest.fixture
def newsroom(built_newsroom, db, django_user_model):
    """The module's newsroom, its pages and users read afresh for each test: what a test
    changes in them (rolled back in the database) never reaches the next one."""
    pages = {
        key: Page.objects.get(pk=page.pk).specific for key, page in built_newsroom["pages"].items()
    }
    users = {
        role: django_user_model.objects.get(pk=user.pk)
        for role, user in built_newsroom["users"].items()
    }
    return {**built_newsroom, "pages": pages, "users": users}


NEWS_STATES = [state for state in TITLES if state != "other_moderation"] + ["other_moderation"]


def test_the_states_are_what_the_tests_say(newsroom):
    pages = newsroom["pages"]
    assert pages["government_scheduled"].scheduled_revision is not None
    assert not pages["government_scheduled"].live
    assert pages["government_pending"].live and pages["government_pending"].has_unpublished_changes
    assert pages["other_moderation"].workflow_in_progress


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("parent", ["news_index", "own_section", "other_section"])
@pytest.mark.parametrize("view", ["wagtailadmin_explore", "wagtailadmin_explore_results"])
def test_readers_explore_every_section_drafts_included(newsroom, role, parent, view):
    pages = newsroom["pages"]
    response = _client(newsroom["users"][role]).get(reverse(view, args=[pages[parent].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    children = [s for s in TITLES if pages[s].get_parent().pk == pages[parent].pk]
    assert children
    for state in children:
        assert pages[state].draft_title in body, state
        assert reverse("news_read", args=[pages[state].pk]) in body, state
    assert _messages(response) == []


@pytest.mark.parametrize("role", READERS)
def test_readers_start_exploring_at_the_home_page(newsroom, role, home):
    client = _client(newsroom["users"][role])
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[home.pk])
    response = client.get(response["Location"])
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Actualités" in body and "Ministères" in body
    assert _messages(response) == []


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("state", NEWS_STATES)
def test_readers_read_every_news_item(newsroom, role, state):
    page = newsroom["pages"][state]
    response = _client(newsroom["users"][role]).get(reverse("news_read", args=[page.pk]))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert TITLES[state] in body
    assert "Lecture seule" in body
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) not in body
    assert _messages(response) == []


def test_read_view_shows_the_latest_revision_field_by_field(newsroom, django_user_model):
    pages = newsroom["pages"]
    page = NewsPage.objects.get(pk=pages["government_scheduled"].pk)
    image = ImageFactory(title="Photo", description="Le Premier ministre à Matignon")
    document = DocumentFactory(title="Dossier complet")
    ministry = Ministry.objects.first()
    topic = Topic.objects.create(name="Santé publique", locale=page.locale)
    page.kind = "communique"
    page.chapo = "Le Gouvernement annonce un plan pour l'hiver."
    page.hero_image = image
    page.body = [
        ("paragraph", "<p>Premier paragraphe du plan.</p>"),
        ("quote", {"quote": "Nous agirons vite.", "attribution": "La ministre", "role": ""}),
    ]
    page.topic_links = [NewsPageTopic(topic=topic)]
    page.ministry_links = [NewsPageMinistry(ministry=ministry)]
    page.attachments = [NewsPageAttachment(document=document, title="Le plan en PDF")]
    page.title = "Plan pour l'hiver, version finale"
    page.save_revision()

    response = _client(newsroom["users"]["social"]).get(reverse("news_read", args=[page.pk]))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    for expected in [
        "Plan pour l'hiver, version finale",
        "Communiqué de presse",
        "Le Gouvernement annonce un plan pour l'hiver.",
        "Texte alternatif : Le Premier ministre à Matignon",
        "Premier paragraphe du plan.",
        "« Nous agirons vite. »",
        "Santé publique",
        str(ministry),
        "Le plan en PDF",
        "Sous embargo jusqu'au",
        timezone.localtime(page.embargo_until).strftime("%d/%m/%Y à %H:%M"),
        "Mise en ligne programmée",
        "dernière version de cette actualité, qui n'est pas en ligne.",
    ]:
        assert expected in body, expected
    assert "<img" in body


# Everything a reader may not do: Wagtail refuses with its "no permission" redirect.
ACTIONS = {
    "edit": ("get", lambda p, dest: reverse("wagtailadmin_pages:edit", args=[p.pk]), {}),
    "save draft": ("post", lambda p, dest: reverse("wagtailadmin_pages:edit", args=[p.pk]), {}),
    "publish": (
        "post",
        lambda p, dest: reverse("wagtailadmin_pages:edit", args=[p.pk]),
        {"action-publish": "1"},
    ),
    "delete": ("get", lambda p, dest: reverse("wagtailadmin_pages:delete", args=[p.pk]), {}),
    "delete (post)": (
        "post",
        lambda p, dest: reverse("wagtailadmin_pages:delete", args=[p.pk]),
        {},
    ),
    "move": ("get", lambda p, dest: reverse("wagtailadmin_pages:move", args=[p.pk]), {}),
    "move confirm": (
        "get",
        lambda p, dest: reverse("wagtailadmin_pages:move_confirm", args=[p.pk, dest.pk]),
        {},
    ),
    "move confirm (post)": (
        "post",
        lambda p, dest: reverse("wagtailadmin_pages:move_confirm", args=[p.pk, dest.pk]),
        {},
    ),
    "copy": ("get", lambda p, dest: reverse("wagtailadmin_pages:copy", args=[p.pk]), {}),
    "copy (post)": (
        "post",
        lambda p, dest: reverse("wagtailadmin_pages:copy", args=[p.pk]),
        {"new_title": "Copie", "new_slug": "copie", "new_parent_page": "dest"},
    ),
    "lock": ("post", lambda p, dest: reverse("wagtailadmin_pages:lock", args=[p.pk]), {}),
    "unlock": ("post", lambda p, dest: reverse("wagtailadmin_pages:unlock", args=[p.pk]), {}),
    "unpublish": ("get", lambda p, dest: reverse("wagtailadmin_pages:unpublish", args=[p.pk]), {}),
    "unpublish (post)": (
        "post",
        lambda p, dest: reverse("wagtailadmin_pages:unpublish", args=[p.pk]),
        {},
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("role", "state"), [("crisis", "government_live"), ("social", "other_draft")]
)
def test_readers_change_nothing(newsroom, role, action, state):
    pages = newsroom["pages"]
    page, destination = pages[state], pages["news_index"]
    before = Page.objects.filter(pk=page.pk).values().get()
    count = Page.objects.count()
    method, url_of, data = ACTIONS[action]
    data = {key: destination.pk if value == "dest" else value for key, value in data.items()}
    response = getattr(_client(newsroom["users"][role]), method)(url_of(page, destination), data)
    assert response.status_code == 302, action
    assert response["Location"] == reverse("wagtailadmin_home")
    assert _messages(response) == [DENIED]
    assert Page.objects.filter(pk=page.pk).values().get() == before
    assert Page.objects.count() == count


@pytest.mark.parametrize("role", READERS)
def test_readers_see_no_editing_action_in_the_explorer(newsroom, role):
    pages = newsroom["pages"]
    body = (
        _client(newsroom["users"][role])
        .get(reverse("wagtailadmin_explore", args=[pages["news_index"].pk]))
        .content.decode()
    )
    page = pages["government_live"]
    for name in ("edit", "delete", "move", "copy", "unpublish", "history"):
        assert reverse(f"wagtailadmin_pages:{name}", args=[page.pk]) not in body, name
    assert reverse("wagtailadmin_pages:add_subpage", args=[pages["news_index"].pk]) not in body
    assert reverse("wagtailadmin_pages:usage", args=[pages["news_index"].pk]) not in body
    # Wagtail's header menu still offers the index's "Historique" (no hook filters it).
    assert body.count(reverse("wagtailadmin_pages:history", args=[pages["news_index"].pk])) == 1


# The read-only view as the isolated roles see it: their own section only.
ISOLATED_EXPECTED = {
    "own_draft": 200,
    "own_live": 200,
    "other_draft": 404,
    "other_live": 404,
    "other_moderation": 404,
    "government_draft": 404,
    "government_live": 404,
    "government_scheduled": 404,
    "government_pending": 404,
}


@pytest.mark.parametrize("role", ISOLATED)
@pytest.mark.parametrize("state", ISOLATED_EXPECTED)
def test_isolated_roles_read_their_own_section_only(newsroom, role, state):
    page = newsroom["pages"][state]
    response = _client(newsroom["users"][role]).get(reverse("news_read", args=[page.pk]))
    assert response.status_code == ISOLATED_EXPECTED[state]
    body = response.content.decode()
    assert SECRET not in body
    assert not any(SECRET in message for message in _messages(response))
    if response.status_code == 200:
        assert TITLES[state] in html.unescape(body)


@pytest.mark.parametrize("role", [*READERS, *ISOLATED, "editor", "chief"])
@pytest.mark.parametrize("target", ["own_section", "news_index", "home", "missing"])
def test_only_news_items_have_a_read_only_view(newsroom, role, target):
    pk = 999_999 if target == "missing" else newsroom["pages"].get(target, None)
    pk = pk if isinstance(pk, int) else (pk.pk if pk else Page.objects.get(depth=2).pk)
    response = _client(newsroom["users"][role]).get(reverse("news_read", args=[pk]))
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_the_login(newsroom):
    url = reverse("news_read", args=[newsroom["pages"]["government_draft"].pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_the_redaction_reads_too_and_is_offered_the_editor(newsroom, role):
    page = newsroom["pages"]["other_moderation"]
    response = _client(newsroom["users"][role]).get(reverse("news_read", args=[page.pk]))
    assert response.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in response.content.decode()


@pytest.mark.parametrize("role", READERS)
def test_the_dashboard_of_readers_links_the_latest_news(newsroom, role):
    response = _client(newsroom["users"][role]).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Dernières actualités" in body
    for state in ("government_draft", "other_moderation", "government_scheduled"):
        page = newsroom["pages"][state]
        assert reverse("news_read", args=[page.pk]) in body, state
        assert TITLES[state] in body, state


@pytest.mark.parametrize("role", [*ISOLATED, "editor", "chief"])
def test_the_other_dashboards_keep_their_panels(newsroom, role):
    body = _client(newsroom["users"][role]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Dernières actualités" not in html.unescape(body)
    assert SECRET not in body or role in ("editor", "chief")


@pytest.mark.parametrize(
    ("state", "banner"),
    [
        ("government_draft", "dernière version de cette actualité, qui n'est pas en ligne."),
        ("government_scheduled", "dernière version de cette actualité, qui n'est pas en ligne."),
        ("government_pending", "dernière version de cette actualité, qui diffère de la version"),
        ("government_live", "Vous lisez la version en ligne de cette actualité."),
    ],
)
def test_the_banner_says_whether_the_version_read_is_online(newsroom, state, banner):
    page = newsroom["pages"][state]
    response = _client(newsroom["users"]["crisis"]).get(reverse("news_read", args=[page.pk]))
    assert banner in html.unescape(response.content.decode())


def test_a_ministry_item_names_its_ministry(newsroom):
    page = newsroom["pages"]["other_live"]
    response = _client(newsroom["users"]["social"]).get(reverse("news_read", args=[page.pk]))
    body = html.unescape(response.content.decode())
    assert f"<dt>Ministère</dt>\n                <dd>{page.ministry}</dd>" in body
