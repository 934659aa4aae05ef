"""Every event that changes what the public sees brings the store up to date.

Each test makes the change through Wagtail (or the service editors use), runs the
pipeline's work (``deliver``: the on-commit callbacks on SQLite, the job table with
``JOBS_BACKEND=procrastinate``) and reads the store.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.crisis.models import CrisisAlert
from cms.delivery.models import Document, Kind, PathRedirect, State
from cms.publishing import documents
from cms.publishing.documents import Rendered
from cms.scheduling import services
from news.models import NewsPage
from news.services import withdraw
from tests.factories import MinistryNewsPageFactory, MinistryPageFactory, NewsPageFactory
from tests.scheduling.conftest import move_instant

pytestmark = pytest.mark.django_db


def stored(page) -> Document | None:
    return Document.objects.filter(key=f"page:{page.pk}").first()


@pytest.fixture
def item(news_index, publish):
    return publish(NewsPageFactory(parent=news_index, live=False, title="Plan eau"))


def test_go_live_writes_the_document(item):
    document = stored(item)
    assert document.state == State.PUBLIC
    assert '"title":"Plan eau"' in document.body


def test_a_scheduled_publication_writes_nothing_until_it_goes_live(news_index, deliver):
    page = NewsPageFactory(parent=news_index, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with deliver():
        revision = page.save_revision()
        revision.publish()  # page_published fires, live is false
    assert stored(page) is None
    move_instant(revision, timezone.now() - datetime.timedelta(seconds=1))
    with deliver():
        services.publish_due()
    assert stored(page).state == State.PUBLIC


def test_a_scheduled_correction_keeps_the_live_version(item, deliver):
    page = NewsPage.objects.get(pk=item.pk)
    page.title = "Correction programmée"
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with deliver():
        page.save_revision().publish()  # no signal: Wagtail returns early
    assert '"title":"Plan eau"' in stored(item).body


def test_unpublishing_a_section_tombstones_its_items(ministry_section, publish, deliver):
    section = publish(ministry_section)
    news = publish(MinistryNewsPageFactory(parent=section, live=False))
    assert stored(news).state == State.PUBLIC
    with deliver():
        Page.objects.get(pk=section.pk).unpublish()
    assert stored(section).state == State.GONE
    assert stored(news).state == State.GONE
    with deliver():
        Page.objects.get(pk=section.pk).specific.save_revision().publish()
    assert stored(news).state == State.PUBLIC


def test_withdrawal_keeps_the_item_with_its_notice(item, deliver):
    editor = get_user_model().objects.create_superuser("chef", password="x")
    with deliver():
        withdraw(item, reason="Informations dépassées", user=editor)
    document = stored(item)
    assert document.state == State.WITHDRAWN
    assert "Informations dépassées" in document.body


def test_expiry_tombstones_the_item(item, deliver):
    NewsPage.objects.filter(pk=item.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with deliver():
        services.publish_due()
    assert stored(item).state == State.GONE


def test_a_slug_change_of_a_live_page_moves_its_document(item, publish):
    before = stored(item).path
    moved = publish(item, slug="plan-eau-2026")
    document = stored(moved)
    assert document.path.endswith("/plan-eau-2026/")
    assert PathRedirect.objects.get(path=before).document == document


def test_a_slug_change_of_an_ancestor_moves_every_item_under_it(ministry_section, publish, deliver):
    section = publish(ministry_section)
    items = [publish(MinistryNewsPageFactory(parent=section, live=False)) for _ in range(2)]
    publish(section, slug="sante-et-solidarites")
    for news in items:
        assert "/sante-et-solidarites/" in stored(news).path


def test_a_move_moves_the_document(ministry_section, ministry_index, publish, deliver):
    first = publish(ministry_section)
    second = publish(MinistryPageFactory(parent=ministry_index, live=False))
    news = publish(MinistryNewsPageFactory(parent=first, live=False))
    before = stored(news).path
    with deliver():
        Page.objects.get(pk=news.pk).move(second, pos="last-child")
    assert stored(news).path.startswith(f"/{ministry_index.slug}/{second.slug}/")
    assert PathRedirect.objects.filter(path=before, document=stored(news)).exists()


def test_a_view_restriction_hides_the_page_and_its_descendants(ministry_section, publish, deliver):
    section = publish(ministry_section)
    news = publish(MinistryNewsPageFactory(parent=section, live=False))
    with deliver():
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.LOGIN
        )
    assert stored(section).state == State.GONE
    assert stored(news).state == State.GONE
    with deliver():
        restriction.delete()
    assert stored(news).state == State.PUBLIC


def test_a_delete_tombstones_the_page_and_its_descendants(ministry_section, publish, deliver):
    section = publish(ministry_section)
    news = publish(MinistryNewsPageFactory(parent=section, live=False))
    with deliver():
        Page.objects.get(pk=section.pk).delete()
    assert stored(section).state == State.GONE
    assert stored(news).state == State.GONE


def test_a_translation_going_live_is_listed_by_its_source(item, home, news_index, english, deliver):
    for page in (home, news_index):
        page.copy_for_translation(english).save_revision().publish()
    translation = item.copy_for_translation(english)
    with deliver():
        translation.save_revision().publish()
    path = stored(translation).path
    assert path.startswith("/en/")
    assert f'"locale":"en","path":"{path}"' in stored(item).body


def test_an_alias_never_enters_the_store(
    ministry_section, ministry_index, home, english, publish, deliver
):
    section = publish(ministry_section)
    home.copy_for_translation(english).save_revision().publish()
    english_index = ministry_index.copy_for_translation(english)
    english_index.save_revision().publish()
    with deliver():
        alias = section.create_alias(parent=english_index, update_locale=english)
    publish(section, title="Nouveau titre")  # Wagtail updates the alias, sends page_published
    assert Page.objects.get(pk=alias.pk).live
    assert Page.objects.get(pk=alias.pk).title == "Nouveau titre"
    assert stored(alias) is None


# -- Crisis alerts (with a renderer of this test: the real one is cms/publishing/crisis.py)


@pytest.fixture
def alert_renderer(monkeypatch):
    def render(pk):
        alert = CrisisAlert.objects.filter(pk=pk).first()
        if alert is None or not CrisisAlert.objects.active().filter(pk=pk).exists():
            return None
        return Rendered(
            kind=Kind.CRISIS_ALERT, public_id=str(pk), locale="fr", body={"title": alert.title}
        )

    monkeypatch.setitem(documents.RENDERERS, "crisis_alert", render)
    monkeypatch.setitem(documents.SOURCES, "crisis_alert", lambda: [])


def publish_alert(deliver, **fields):
    alert = CrisisAlert(title="Alerte", level="alerte", message="Restez chez vous.", **fields)
    alert.save()
    with deliver():
        alert.save_revision().publish()
    return alert


def alert_state(alert) -> str | None:
    document = Document.objects.filter(key=f"crisis_alert:{alert.pk}").first()
    return document and document.state


def test_an_alert_replaced_by_another_leaves_the_store(alert_renderer, deliver):
    first = publish_alert(deliver)
    assert alert_state(first) == State.PUBLIC
    second = publish_alert(deliver)
    assert alert_state(second) == State.PUBLIC
    assert alert_state(first) == State.GONE  # ended by a queryset update, no signal
    with deliver():
        CrisisAlert.objects.get(pk=second.pk).unpublish()
    assert alert_state(second) == State.GONE
