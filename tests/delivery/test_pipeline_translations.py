"""A translation follows its French source (``cms.publishing.visibility``): deleted,
unpublished, expired or moved under an unpublished section, the source takes its
translations out of the store (410); withdrawn, it takes them with it as withdrawn items,
with its notice.

Each change is made through Wagtail (or the service editors use) with the pipeline's work
run as in production (``deliver``: the on-commit callbacks on SQLite, the job table with
``JOBS_BACKEND=procrastinate``); what the public sees is read through the API.
"""

import datetime
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page

import pytest

from cms.delivery.models import Document, State
from cms.scheduling import services
from news.models import NewsPage
from news.services import withdraw
from tests.factories import MinistryNewsPageFactory, MinistryPageFactory, NewsPageFactory
from tests.factories.pages import translate_section

pytestmark = pytest.mark.django_db


def stored(page) -> Document | None:
    return Document.objects.filter(key=f"page:{page.pk}").first()


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("chef", password="x")


@pytest.fixture
def english_tree(home, news_index, english, publish):
    """The English home and news index, published."""
    for page in (home, news_index):
        publish(page.copy_for_translation(english))
    return english


def translate(page, english, publish, title="Water plan"):
    """The published English translation of ``page`` (Wagtail's copy for translation, as
    wagtail-localize makes it)."""
    translation = page.copy_for_translation(english)
    translation.title = title
    translation.slug = title.lower().replace(" ", "-")
    translation.save()
    return publish(translation)


@pytest.fixture
def pair(news_index, english_tree, publish):
    """A French item and its English translation, both public."""
    source = publish(NewsPageFactory(parent=news_index, live=False, title="Plan eau"))
    translation = translate(source, english_tree, publish)
    assert stored(translation).state == State.PUBLIC
    return source, translation


def answers(client, page) -> dict:
    """The status of the item's detail, of its path lookup, and whether the English
    listing and the sitemap name it."""
    path = Document.objects.get(key=f"page:{page.pk}").path
    listing = client.get("/api/v1/news/?locale=en").content.decode()
    return {
        "detail": client.get(f"/api/v1/news/{page.pk}/").status_code,
        "lookup": client.get("/api/v1/pages/?" + urlencode({"path": path})).status_code,
        "listed": f'"id":{page.pk},' in listing,
        "sitemap": path in client.get("/api/v1/sitemap.xml").content.decode(),
    }


GONE = {"detail": 410, "lookup": 410, "listed": False, "sitemap": False}
PUBLIC = {"detail": 200, "lookup": 200, "listed": True, "sitemap": True}
WITHDRAWN = {"detail": 200, "lookup": 200, "listed": False, "sitemap": False}


# -- The source taken away ----------------------------------------------------------------


def test_deleting_the_source_tombstones_its_translation(client, pair, editor, deliver):
    source, translation = pair
    assert answers(client, translation) == PUBLIC
    with deliver():
        DeletePageAction(Page.objects.get(pk=source.pk), user=editor).execute()
    assert Page.objects.get(pk=translation.pk).live  # the editorial side keeps it
    assert stored(translation).state == State.GONE
    assert answers(client, translation) == GONE


def test_deleting_a_french_section_tombstones_the_translations_under_it(
    client, ministry_section, english, publish, deliver
):
    section = publish(ministry_section)
    item = publish(MinistryNewsPageFactory(parent=section, live=False))
    translated = translate_section(fresh(section), english)
    for page in (translated.get_parent().get_parent(), translated.get_parent(), translated):
        publish(page)
    translation = translate(item, english, publish)
    assert stored(translation).state == State.PUBLIC
    with deliver():
        Page.objects.get(pk=section.pk).delete()
    assert stored(translated).state == State.GONE
    assert stored(translation).state == State.GONE
    assert answers(client, translation) == GONE


def test_a_page_written_in_english_only_stays_public(
    client, news_index, english_tree, publish, deliver
):
    """No French version ever: it follows its own state, whatever French page is deleted."""
    english_index = Page.objects.get(
        translation_key=news_index.translation_key, locale=english_tree
    )
    own = publish(NewsPageFactory(parent=english_index, live=False, locale=english_tree))
    other = publish(NewsPageFactory(parent=news_index, live=False))
    with deliver():
        Page.objects.get(pk=other.pk).delete()
    assert stored(own).state == State.PUBLIC
    assert answers(client, own) == PUBLIC


def test_an_expired_source_tombstones_its_translation(client, pair, deliver):
    source, translation = pair
    NewsPage.objects.filter(pk=source.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with deliver():
        services.publish_due()
    assert stored(source).state == State.GONE
    assert answers(client, translation) == GONE


def test_a_translation_expires_with_its_source_even_before_the_scheduler_runs(
    client, pair, publish
):
    source, translation = pair
    soon = timezone.now() + datetime.timedelta(hours=2)
    publish(source, expire_at=soon)
    assert stored(translation).expires_at == soon
    later = soon + datetime.timedelta(days=1)
    publish(translation, expire_at=later)
    assert stored(translation).expires_at == soon  # the earlier of the two
    publish(source, expire_at=None)
    assert stored(translation).expires_at == later
    # The clock runs on past the translation's expiry: the store no longer serves it.
    Document.objects.filter(pk=stored(translation).pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert answers(client, translation) == GONE


def test_a_source_moved_under_an_unpublished_section_takes_its_translation_away(
    client, ministry_section, english, publish, deliver
):
    section = publish(ministry_section)
    hidden = MinistryPageFactory(parent=section.get_parent(), live=False)
    item = publish(MinistryNewsPageFactory(parent=section, live=False))
    translated = translate_section(fresh(section), english)
    for page in (translated.get_parent().get_parent(), translated.get_parent(), translated):
        publish(page)
    translation = translate(item, english, publish)
    with deliver():
        Page.objects.get(pk=item.pk).move(hidden, pos="last-child")
    assert stored(item).state == State.GONE
    assert answers(client, translation) == GONE
    with deliver():
        Page.objects.get(pk=item.pk).move(fresh(section), pos="last-child")
    assert stored(item).state == State.PUBLIC
    assert answers(client, translation) == PUBLIC


# -- The source withdrawn -----------------------------------------------------------------


def notice(client, page) -> dict | None:
    return client.get(f"/api/v1/news/{page.pk}/").json()["withdrawn"]


def alternates(client, page) -> dict[str, str]:
    body = client.get(f"/api/v1/news/{page.pk}/").json()
    return {alternate["locale"]: alternate["path"] for alternate in body["translations"]}


def test_a_withdrawn_sources_translation_is_served_withdrawn_with_its_notice(
    client, pair, editor, deliver
):
    source, translation = pair
    with deliver():
        withdraw(source, reason="Informations dépassées.", user=editor)
    assert stored(translation).state == State.WITHDRAWN
    assert answers(client, translation) == WITHDRAWN
    withdrawn = notice(client, source)
    assert withdrawn["reason"] == "Informations dépassées."
    at = datetime.datetime.fromisoformat(withdrawn["at"].replace("Z", "+00:00"))
    assert at == fresh(source).withdrawn_at
    assert notice(client, translation) == withdrawn
    lookup = client.get("/api/v1/pages/?" + urlencode({"path": stored(translation).path}))
    assert lookup.json()["document"]["withdrawn"] == withdrawn
    assert client.get(f"/api/v1/news/{translation.pk}/").json()["title"] == "Water plan"
    # Each names the other among its alternates (both served).
    assert alternates(client, translation) == {"fr": stored(source).path}
    assert alternates(client, source) == {"en": stored(translation).path}


def test_a_translation_withdrawn_itself_keeps_its_own_notice(client, pair, editor, deliver):
    source, translation = pair
    with deliver():
        withdraw(translation, reason="Translation out of date.", user=editor)
    assert notice(client, translation)["reason"] == "Translation out of date."
    assert notice(client, source) is None
    assert alternates(client, source) == {"en": stored(translation).path}
    with deliver():
        withdraw(fresh(source), reason="Informations dépassées.", user=editor)
    assert notice(client, translation)["reason"] == "Translation out of date."
    assert answers(client, translation) == WITHDRAWN


def test_a_withdrawn_source_deleted_tombstones_its_translation(client, pair, editor, deliver):
    source, translation = pair
    with deliver():
        withdraw(source, reason="Informations dépassées.", user=editor)
    with deliver():
        Page.objects.get(pk=source.pk).delete()
    assert answers(client, translation) == GONE


def test_a_draft_translation_of_a_withdrawn_source_is_never_served(
    client, news_index, english_tree, publish, editor, deliver
):
    source = publish(NewsPageFactory(parent=news_index, live=False))
    draft = source.copy_for_translation(english_tree)
    draft.save_revision()
    with deliver():
        withdraw(source, reason="Informations dépassées.", user=editor)
    assert stored(draft) is None
    assert client.get(f"/api/v1/news/{draft.pk}/").status_code == 404
