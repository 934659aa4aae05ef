"""Webhook messages of video documents: ``video.published``, ``video.updated``,
``video.unpublished`` and ``video.gone``, pointing at ``/api/v1/videos/<id>/``.

The pipeline's video renderer is another part's (``cms.publishing``); here its results
are given to the ``AFTER_CHANGE`` hook as the pipeline gives them (``documents.Result``),
for video documents of the agreed shape written into the store, and the messages are
sent to a real local endpoint."""

from __future__ import annotations

import json

import pytest

from cms.delivery.models import State
from cms.publishing import documents
from cms.publishing.pipeline import AFTER_CHANGE
from cms.webhooks import events
from cms.webhooks.models import Delivery, Event
from tests.delivery.video_support import stored_video
from tests.factories.organisations import MinistryFactory
from tests.factories.videos import VideoFactory
from tests.webhooks.conftest import log, send

pytestmark = pytest.mark.django_db


def changed(document, outcome=documents.Outcome.WRITTEN, previous_state=""):
    """What the pipeline does after writing ``document``: its AFTER_CHANGE hooks."""
    result = documents.Result(outcome, document, previous_state=previous_state)
    assert events.after_change in AFTER_CHANGE
    events.after_change(result)


def test_a_video_sends_published_updated_unpublished_with_its_api_url(
    subscribe, endpoint, quick_start
):
    subscribe()
    video = VideoFactory(ministry=MinistryFactory())
    document = stored_video(video.pk, title="Discours du 14 juillet")
    changed(document)
    document.version = 2
    document.save()
    changed(document, previous_state=State.PUBLIC)
    document.state, document.version = State.GONE, 3
    document.save()
    changed(document, documents.Outcome.TOMBSTONED, previous_state=State.PUBLIC)
    send()
    key = f"video:{video.pk}"
    assert [(t, v, s) for t, k, v, s in log() if k == key] == [
        ("video.published", 1, Delivery.Status.SUCCEEDED),
        ("video.updated", 2, Delivery.Status.SUCCEEDED),
        ("video.unpublished", 3, Delivery.Status.SUCCEEDED),
    ]
    published, updated, unpublished = endpoint.messages()
    data = published["data"]
    assert (data["kind"], data["id"], data["locale"], data["state"], data["path"]) == (
        "video",
        str(video.pk),
        "fr",
        "public",
        "",
    )
    assert data["url"] == f"http://localhost:8000/api/v1/videos/{video.pk}/"
    assert data["document"]["title"] == "Discours du 14 juillet"
    assert data["document"]["transcript"]  # the detail's JSON, as the API serves it
    assert updated["data"]["version"] == 2
    assert unpublished["data"]["document"] is None
    assert unpublished["data"]["url"] == data["url"]


def test_a_deleted_video_sends_gone(subscribe, endpoint, quick_start):
    subscribe()
    document = stored_video(987654, state=State.GONE)  # no such Video: deleted
    changed(document, documents.Outcome.TOMBSTONED, previous_state=State.PUBLIC)
    send()
    (message,) = endpoint.messages()
    assert message["type"] == "video.gone"
    assert message["data"]["url"] == "http://localhost:8000/api/v1/videos/987654/"


def test_a_subscription_receives_only_its_events(subscribe, endpoint, quick_start):
    subscribe(events=[Event.UPDATED, Event.CRISIS_ALERT])
    document = stored_video(5)
    changed(document)
    send()
    assert endpoint.requests == []
    changed(document, previous_state=State.PUBLIC)
    send()
    assert [m["type"] for m in endpoint.messages()] == ["video.updated"]


def test_api_url_of_a_video_document(db):
    document = stored_video(12)
    assert events.api_url(document) == "http://localhost:8000/api/v1/videos/12/"
    assert json.loads(events.payload("msg_1", "video.published", document, "now"))["data"][
        "url"
    ].endswith("/api/v1/videos/12/")
