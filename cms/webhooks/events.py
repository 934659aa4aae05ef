"""From a change of the delivery store to the messages of the subscriptions that want it.

``after_change`` is a ``pipeline.AFTER_CHANGE`` hook: it runs after the pipeline wrote a
document, so a message only ever shows what the store holds (public, withdrawn or gone:
never a draft, never a scheduled revision before it goes live). Which event a change is:

=================================  ===============================================
Change of the stored document      Event
=================================  ===============================================
written public, was not public     ``published`` (first publication, or again)
written public, was public         ``updated``
written withdrawn, was not         ``withdrawn`` (with its public notice)
written withdrawn, was withdrawn   ``updated`` (the notice changed)
tombstoned, its source still there ``unpublished`` (unpublished, expired, restricted)
tombstoned, its source deleted     ``gone``
=================================  ===============================================

A crisis alert's change is the ``crisis_alert`` event whichever it is; the message's
``type`` still says which (``"crisis_alert.published"``). A video's messages are
``video.published``, ``video.updated``, ``video.unpublished``, ``video.gone`` (its ``url``:
``/api/v1/videos/<id>/``).

The message (Standard Webhooks' "payload structure")::

    {"type": "news.published", "id": "msg_…", "timestamp": "2026-11-30T14:00:00Z",
     "data": {"kind": "news", "id": "42", "locale": "fr", "state": "public",
              "version": 3, "path": "/actualites/…/", "url": "https://…/api/v1/news/42/",
              "document": {… the API's JSON of the document, or null when gone …}}}
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from cms import jobs
from cms.delivery import caching
from cms.delivery.models import Document, Kind, State
from cms.publishing import documents
from cms.publishing.purge import API
from cms.webhooks import deliveries
from cms.webhooks.models import Delivery, Event, Subscription, new_message_id

#: Source (the first part of a document's key) -> its model, to tell a deletion.
SOURCES = {
    "page": "wagtailcore.Page",
    "crisis_alert": "crisis.CrisisAlert",
    "ministry": "organisations.Ministry",
    "topic": "organisations.Topic",
    "government": "organisations.Government",
    "video": "videos.Video",
}


def change_of(result: documents.Result) -> str | None:
    """The change a pipeline result is (an ``Event`` value but ``crisis_alert``), or
    ``None`` when nothing was written."""
    document = result.document
    if result.outcome == documents.Outcome.TOMBSTONED:
        return Event.UNPUBLISHED if source_exists(document.key) else Event.GONE
    if result.outcome != documents.Outcome.WRITTEN:
        return None
    if document.state == result.previous_state:
        return Event.UPDATED
    if document.state == State.WITHDRAWN:
        return Event.WITHDRAWN
    return Event.PUBLISHED


def source_exists(key: str) -> bool:
    """Whether the editorial object of a document's key (``"page:42"``) still exists."""
    source, _sep, pk = key.partition(":")
    if source not in SOURCES:
        return True
    return apps.get_model(SOURCES[source]).objects.filter(pk=pk).exists()


def api_url(document: Document) -> str | None:
    """Where the API serves the document: its detail, or its path lookup, else ``None``."""
    base = settings.API_PUBLIC_URL.rstrip("/") + API
    if document.kind in caching.DETAILS:
        return base + caching.DETAILS[document.kind].format(public_id=document.public_id)
    if document.kind == Kind.CRISIS_ALERT:
        return base + "/crisis-alert/"
    if document.path:
        return f"{base}/pages/?{urlencode({'path': document.path}, safe='/')}"
    return None


def payload(message_id: str, message_type: str, document: Document, now) -> str:
    """The JSON text of one message (see the module), from the stored document only."""
    body = None if document.state == State.GONE else json.loads(document.body)
    data = {
        "type": message_type,
        "id": message_id,
        "timestamp": now,
        "data": {
            "kind": document.kind,
            "id": document.public_id,
            "locale": document.locale,
            "state": document.state,
            "version": document.version,
            "path": document.path,
            "url": api_url(document),
            "document": body,
        },
    }
    return documents.to_json(data)


def after_change(result: documents.Result) -> None:
    """``AFTER_CHANGE`` hook: one delivery per active subscription that wants the change,
    each sent by a job on the ``webhooks`` queue (or by the sweep without a job queue).
    Nothing is sent here: a publication never waits on an endpoint."""
    change = change_of(result)
    if change is None:
        return
    document = result.document
    event = Event.CRISIS_ALERT if document.kind == Kind.CRISIS_ALERT else change
    subscriptions = [
        subscription
        for subscription in Subscription.objects.filter(state=Subscription.State.ACTIVE)
        if subscription.receives(event)
    ]
    if not subscriptions:
        return
    now = timezone.now()
    message_type = f"{document.kind}.{change}"
    created = Delivery.objects.bulk_create(
        Delivery(
            subscription=subscription,
            message_id=(message_id := new_message_id()),
            event=event,
            type=message_type,
            document_key=document.key,
            version=document.version,
            payload=payload(message_id, message_type, document, now),
            created_at=now,
            next_attempt_at=now,
        )
        for subscription in subscriptions
    )
    if jobs.enabled():
        for delivery in created:
            jobs.defer(deliveries.deliver_job, delivery=delivery.pk)
