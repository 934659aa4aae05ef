"""What the store's changes send: one signed message per change and subscription, built
from the stored document only, against a real local endpoint."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json

from django.utils import timezone

import pytest

from cms.crisis.models import CrisisAlert
from cms.scheduling.services import publish_due
from cms.webhooks.models import Delivery, Event, Subscription
from news import services
from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.scheduling.conftest import move_instant
from tests.webhooks.conftest import log, send

pytestmark = pytest.mark.django_db


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """A receiver's check (the docs/api.md example): HMAC-SHA256 over id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, value.partition(",")[2])
        for value in headers["webhook-signature"].split()
        if value.startswith("v1,")
    )


def of(page) -> list[tuple]:
    """The log rows of one page: (type, version, status)."""
    return [(t, v, s) for t, key, v, s in log() if key == f"page:{page.pk}"]


def test_a_publication_sends_one_signed_message_with_the_stored_document(
    subscribe, endpoint, news_index, publish
):
    subscription = subscribe()
    page = publish(NewsPageFactory(parent=news_index, live=False, title="Plan grand froid"))
    assert endpoint.requests == []  # nothing sent by the publication itself
    send()
    (request,) = [
        r for r in endpoint.requests if json.loads(r["body"])["data"]["id"] == str(page.pk)
    ]
    assert request["path"] == "/hooks/gouvernail"
    assert verify(subscription.secret, request["headers"], request["body"])
    assert not verify(
        "whsec_" + base64.b64encode(b"x" * 32).decode(), request["headers"], request["body"]
    )
    message = json.loads(request["body"])
    assert message["type"] == "news.published"
    assert message["id"] == request["headers"]["webhook-id"]
    data = message["data"]
    assert (data["kind"], data["locale"], data["state"], data["version"]) == (
        "news",
        "fr",
        "public",
        1,
    )
    assert data["url"] == f"http://localhost:8000/api/v1/news/{page.pk}/"
    assert data["document"]["title"] == "Plan grand froid"
    assert of(page) == [("news.published", 1, Delivery.Status.SUCCEEDED)]
    delivery = Delivery.objects.get(document_key=f"page:{page.pk}")
    assert (delivery.attempts, delivery.status_code) == (1, 204)


def test_a_change_sends_updated_with_the_next_version_and_a_draft_edit_nothing(
    subscribe, endpoint, news_index, publish, django_capture_on_commit_callbacks
):
    subscribe()
    page = publish(NewsPageFactory(parent=news_index, live=False, title="Plan grand froid"))
    page.title = "Plan grand froid renforcé"
    publish(page)
    # A draft of the live item: saved, never published.
    page.title = "Brouillon secret"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    send()
    assert of(page) == [
        ("news.published", 1, Delivery.Status.SUCCEEDED),
        ("news.updated", 2, Delivery.Status.SUCCEEDED),
    ]
    bodies = b"".join(request["body"] for request in endpoint.requests)
    assert b"Brouillon secret" not in bodies
    versions = [
        m["data"]["version"] for m in endpoint.messages() if m["data"]["id"] == str(page.pk)
    ]
    assert sorted(versions) == [1, 2]


def test_a_scheduled_item_sends_nothing_until_it_goes_live(
    subscribe, endpoint, news_index, quick_start, django_capture_on_commit_callbacks
):
    subscribe()
    page = NewsPageFactory(parent=news_index, live=False, title="Annonce sous embargo")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
        revision.publish()
    send()
    assert of(page) == []
    assert b"embargo" not in b"".join(request["body"] for request in endpoint.requests)

    move_instant(revision, timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_due().published == 1
    send()
    assert of(page) == [("news.published", 1, Delivery.Status.SUCCEEDED)]
    (message,) = [m for m in endpoint.messages() if m["data"]["id"] == str(page.pk)]
    assert message["data"]["document"]["title"] == "Annonce sous embargo"


def test_unpublication_withdrawal_and_deletion(
    subscribe, endpoint, news_index, publish, admin_user, django_capture_on_commit_callbacks
):
    subscribe()
    unpublished = publish(NewsPageFactory(parent=news_index, live=False))
    withdrawn = publish(NewsPageFactory(parent=news_index, live=False))
    deleted = publish(NewsPageFactory(parent=news_index, live=False))
    with django_capture_on_commit_callbacks(execute=True):
        unpublished.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(withdrawn, reason="Chiffres erronés", user=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        NewsPage.objects.get(pk=deleted.pk).delete()
    send()
    assert of(unpublished)[-1] == ("news.unpublished", 2, Delivery.Status.SUCCEEDED)
    assert of(withdrawn)[-1] == ("news.withdrawn", 2, Delivery.Status.SUCCEEDED)
    assert of(deleted)[-1] == ("news.gone", 2, Delivery.Status.SUCCEEDED)
    messages = {m["type"]: m["data"] for m in endpoint.messages()}
    assert messages["news.unpublished"]["document"] is None
    assert messages["news.gone"]["document"] is None
    assert messages["news.withdrawn"]["state"] == "withdrawn"
    notice = json.dumps(messages["news.withdrawn"]["document"], ensure_ascii=False)
    assert "Chiffres erronés" in notice


def test_a_subscription_receives_only_its_events(subscribe, endpoint, news_index, publish):
    subscribe(events=[Event.UPDATED])
    page = publish(NewsPageFactory(parent=news_index, live=False))
    send()
    assert of(page) == []
    publish(page)  # unchanged content: nothing written, nothing sent
    page.title = "Nouveau titre"
    publish(page)
    send()
    assert of(page) == [("news.updated", 2, Delivery.Status.SUCCEEDED)]


def test_paused_and_failing_subscriptions_receive_nothing(subscribe, endpoint, news_index, publish):
    subscribe(name="En pause").__class__.objects.update(state=Subscription.State.PAUSED)
    page = publish(NewsPageFactory(parent=news_index, live=False))
    send()
    assert of(page) == []
    assert endpoint.requests == []


def test_a_crisis_alert_is_its_own_event(subscribe, endpoint, quick_start):
    subscribe(events=[Event.CRISIS_ALERT])
    from cms.publishing import pipeline

    alert = CrisisAlert.objects.create(
        title="Canicule",
        level="vigilance",
        message="Buvez de l'eau.",
        link_url="https://www.info.gouv.fr/canicule",
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        live=False,
    )
    alert.save_revision().publish()
    pipeline.run("crisis_alert", alert.pk)
    send()
    (message,) = endpoint.messages()
    assert message["type"] == "crisis_alert.published"
    assert message["data"]["url"] == "http://localhost:8000/api/v1/crisis-alert/"
    assert message["data"]["document"]["title"] == "Canicule"
    assert Delivery.objects.get().event == Event.CRISIS_ALERT
