"""What belongs to going live happens at go-live, not when a revision is scheduled.

Wagtail sends ``page_published`` (and the snippet ``published`` signal) when it only
schedules a revision; each case schedules a revision, checks nothing happened, then runs
the go-live through the sweep and checks it happened then.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from cms.crisis.models import CRISIS_PUBLISH, CrisisAlert
from cms.scheduling.services import publish_due
from news import services
from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.forms import news_form_data
from tests.scheduling.conftest import live_page, move_instant

pytestmark = pytest.mark.django_db


def hours(count: float) -> datetime.timedelta:
    return datetime.timedelta(hours=count)


def schedule(obj, at: datetime.datetime, **changes):
    """Save a revision of ``obj`` (its latest version) with ``changes``, scheduled for ``at``."""
    version = obj.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(version, name, value)
    version.go_live_at = at
    revision = version.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == at
    return revision


def go_live(revision) -> None:
    """The clock reaches the revision's instant and the sweep runs."""
    move_instant(revision, timezone.now() - datetime.timedelta(seconds=1))
    assert publish_due().published == 1


@pytest.fixture
def live_news(news_index, admin_user):
    page = NewsPageFactory(parent=news_index, title="Mesure remplacée")
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def test_withdrawal_is_cleared_when_the_republication_goes_live(live_news, admin_user):
    services.withdraw(live_news, reason="Erreur de chiffres", user=admin_user)
    revision = schedule(NewsPage.objects.get(pk=live_news.pk), timezone.now() + hours(12))
    page = NewsPage.objects.get(pk=live_news.pk)
    assert not page.live
    assert page.withdrawn_at is not None
    assert page.withdrawal_reason == "Erreur de chiffres"

    go_live(revision)
    page = NewsPage.objects.get(pk=live_news.pk)
    assert page.live
    assert (page.withdrawn_at, page.withdrawal_reason) == (None, "")


def test_major_change_is_dated_when_it_goes_live(live_news, admin_user):
    for _ in range(2):  # published before: a major change is an update
        NewsPage.objects.get(pk=live_news.pk).save_revision().publish()
    services.withdraw(live_news, reason="Erreur de chiffres", user=admin_user)
    revision = schedule(
        NewsPage.objects.get(pk=live_news.pk),
        timezone.now() + hours(12),
        major_change=True,
        change_note="Chiffres corrigés.",
    )
    assert NewsPage.objects.get(pk=live_news.pk).last_major_update_at is None

    go_live(revision)
    page = NewsPage.objects.get(pk=live_news.pk)
    assert page.last_major_update_at == page.last_published_at


def crisis_alert(title: str, **fields) -> CrisisAlert:
    start = timezone.now() - hours(1)
    return CrisisAlert.objects.create(title=title, level="alerte", message="m", starts_at=start)


def test_scheduled_crisis_alert_acts_when_it_goes_live(admin_user):
    active = crisis_alert("Crue")
    active.save_revision(user=admin_user).publish(user=admin_user)
    CrisisAlert.objects.filter(pk=active.pk).update(needs_review=False)
    scheduled = crisis_alert("Crue majeure")
    scheduled.go_live_at = timezone.now() + hours(12)
    revision = scheduled.save_revision(user=admin_user)
    revision.publish(user=admin_user)
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    assert list(CrisisAlert.objects.active()) == [active]
    scheduled.refresh_from_db()
    assert not scheduled.needs_review
    entries = ModelLogEntry.objects.filter(object_id=str(scheduled.pk), action=CRISIS_PUBLISH)
    assert not entries.exists()

    go_live(revision)
    assert list(CrisisAlert.objects.active()) == [CrisisAlert.objects.get(pk=scheduled.pk)]
    assert CrisisAlert.objects.get(pk=scheduled.pk).needs_review
    assert entries.count() == 1


def test_scheduled_correction_of_a_live_crisis_alert_flags_it_at_go_live(admin_user):
    alert = crisis_alert("Crue")
    alert.save_revision(user=admin_user).publish(user=admin_user)
    CrisisAlert.objects.filter(pk=alert.pk).update(needs_review=False)
    alert.refresh_from_db()
    alert.message = "Consignes mises à jour."
    alert.go_live_at = timezone.now() + hours(12)
    revision = alert.save_revision(user=admin_user)
    revision.publish(user=admin_user)
    assert not CrisisAlert.objects.get(pk=alert.pk).needs_review

    go_live(revision)
    alert = CrisisAlert.objects.get(pk=alert.pk)
    assert alert.message == "Consignes mises à jour."
    assert alert.needs_review


def form_value(html: str, name: str) -> str:
    """The value of the input ``name`` as the admin renders it."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize("action", ["publish", None])
def test_an_expired_item_can_be_edited_and_published_again(action, admin_client, news_index):
    page = live_page(news_index, expire_at=timezone.now() + hours(1))
    past = timezone.now() - hours(1)
    NewsPage.objects.filter(pk=page.pk).update(expire_at=past)
    revision = page.get_latest_revision()
    revision.content["expire_at"] = past.isoformat()
    revision.save(update_fields=["content"])
    assert publish_due().expired == 1

    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    expire_at = form_value(admin_client.get(url).content.decode(), "expire_at")
    assert expire_at == ""
    data = news_form_data(action, title=page.title, slug=page.slug, expire_at=expire_at)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live is (action == "publish")
    assert page.get_latest_revision().content["expire_at"] is None
