"""Time alone: the store changes at the instants a rendering depends on.

On PostgreSQL a job waits for each instant (``Document.refresh_at``, an alert's start);
everywhere the scheduling sweep (``publish_due``, every 5 seconds in the SQLite quick
start) renders again what is due, through its ``AFTER_SWEEP`` hook.
"""

import datetime
import json

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.crisis.models import CrisisAlert
from cms.delivery.models import Document, Kind, State
from cms.organisations.models import PARIS
from cms.publishing import documents
from cms.publishing.documents import Rendered
from tests.factories import GovernmentFactory, ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def test_a_government_ending_later_shows_the_notice_after_the_sweep(news_index, deliver):
    today = timezone.now().astimezone(PARIS).date()
    government = GovernmentFactory(
        start_date=today - datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=2)
    )
    page = NewsPageFactory(
        parent=news_index,
        live=False,
        first_published_at=timezone.now() - datetime.timedelta(days=9),
    )
    with deliver():
        page.save_revision().publish()
    document = Document.objects.get(key=f"page:{page.pk}")
    assert document.refresh_at == datetime.datetime.combine(
        government.end_date, datetime.time.min, tzinfo=PARIS
    )
    assert json.loads(document.body)["history_notice"] == ""

    # The end date comes: as if the clock had run on, the end is today.
    type(government).objects.filter(pk=government.pk).update(end_date=today)
    Document.objects.filter(pk=document.pk).update(refresh_at=timezone.now())
    with deliver():
        call_command("publish_due")

    document.refresh_from_db()
    assert government.prime_minister in json.loads(document.body)["history_notice"]
    assert document.refresh_at is None


def test_an_alert_published_for_a_later_start_enters_the_store_at_its_start(
    deliver, monkeypatch, settings
):
    def render(pk):
        if not CrisisAlert.objects.active().filter(pk=pk).exists():
            return None
        return Rendered(kind=Kind.CRISIS_ALERT, public_id=str(pk), locale="fr", body={})

    monkeypatch.setitem(documents.RENDERERS, "crisis_alert", render)
    starts_at = timezone.now() + datetime.timedelta(hours=1)
    alert = CrisisAlert.objects.create(
        title="Canicule", level="vigilance", message="Buvez de l'eau.", starts_at=starts_at
    )
    with deliver():
        alert.save_revision().publish()
    assert not Document.objects.filter(key=f"crisis_alert:{alert.pk}").exists()
    if settings.JOBS_BACKEND == "procrastinate":
        from procrastinate.contrib.django.models import ProcrastinateJob

        assert ProcrastinateJob.objects.filter(
            task_name="publishing.sync_document",
            args={"source": "crisis_alert", "pk": alert.pk},
            scheduled_at=starts_at,
        ).exists()

    CrisisAlert.objects.filter(pk=alert.pk).update(starts_at=timezone.now())  # the clock ran on
    with deliver():
        call_command("publish_due")
    assert Document.objects.get(key=f"crisis_alert:{alert.pk}").state == State.PUBLIC


def test_an_image_licence_expiring_removes_the_image_after_the_sweep(news_index, deliver):
    tomorrow = timezone.now().astimezone(PARIS).date() + datetime.timedelta(days=1)
    image = ImageFactory(licence_expires_at=tomorrow)
    page = NewsPageFactory(parent=news_index, live=False, hero_image=image)
    with deliver():
        page.save_revision().publish()
    document = Document.objects.get(key=f"page:{page.pk}")
    assert json.loads(document.body)["image"]["id"] == image.pk
    assert document.refresh_at == datetime.datetime.combine(
        tomorrow, datetime.time.min, tzinfo=PARIS
    )

    # The day comes, with no edit and no signal: only the sweep sees it.
    type(image).objects.filter(pk=image.pk).update(
        licence_expires_at=tomorrow - datetime.timedelta(days=1)
    )
    Document.objects.filter(pk=document.pk).update(refresh_at=timezone.now())
    with deliver():
        call_command("publish_due")

    assert json.loads(Document.objects.get(pk=document.pk).body)["image"] is None
