"""Sending deliveries, retrying them, and telling owners when an endpoint keeps failing.

Each attempt POSTs the stored message, signed anew (``webhook-timestamp`` is the
attempt's instant). A 2xx answer delivers it. Anything else is a failure: another
status (a 3xx included: redirects are never followed), a timeout, a refused connection,
a refused target (``transport.Refused``: not HTTPS, a private address). A failed
delivery is tried again after :func:`backoff` (1 min, 3 min, 9 min… up to 6 h between
attempts) until ``WEBHOOKS_RETRY_WINDOW`` seconds (a day) have passed since the event;
then it is given up (``failed``), its subscription is marked failing (nothing more is
sent to it until an administrator reactivates it) and the subscription's owners are
e-mailed.

With a job queue, each attempt is a job on the ``webhooks`` queue (``deliver_job``),
deferred when the event happens and again for each retry; the sweep (``publish_due``)
defers again any delivery more than a minute overdue (a lost job). Without one (the
SQLite quick start), the sweep sends what is due itself, every few seconds.

An attempt first claims its delivery (a conditional update of ``next_attempt_at``), so
a duplicated job or a sweep running at the same moment never sends a message twice at
once; a receiver drops true duplicates by ``webhook-id`` anyway.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import requests

from cms import jobs
from cms.publishing import documents
from cms.webhooks import signing, transport
from cms.webhooks.models import Delivery, Subscription, new_message_id

logger = logging.getLogger(__name__)

#: First wait after a failure, in seconds; each next one is ``FACTOR`` times longer.
FIRST_WAIT = 60
FACTOR = 3
#: The longest wait between two attempts, in seconds.
LONGEST_WAIT = 6 * 3600
#: How long an attempt holds its delivery, in seconds (longer than any attempt).
CLAIM = 300
#: The ``type`` of a test message.
TEST_TYPE = "webhook.test"
#: Deliveries sent by one sweep without a job queue.
SWEEP_BATCH = 50


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt: 60 s × 3^(attempts − 1), at most
    6 h (1, 3, 9, 27, 81, 243 min, then 6 h: the tenth attempt falls a day after the
    first)."""
    return datetime.timedelta(seconds=min(FIRST_WAIT * FACTOR ** (attempts - 1), LONGEST_WAIT))


@jobs.app.task(name="webhooks.deliver", queue=jobs.WEBHOOKS)
def deliver_job(delivery: int) -> None:
    attempt(delivery)


def attempt(pk: int, now: datetime.datetime | None = None) -> Delivery | None:
    """Send delivery ``pk`` if it is due and nobody else is sending it; record the
    answer, and schedule the next attempt or give up (see the module). Returns the
    delivery, or ``None`` when there was nothing to do. Never raises for the endpoint's
    failure: the job succeeds, the retry is a job of its own. A test message (no
    ``event``) is sent whatever the subscription's state, and never retried."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + datetime.timedelta(seconds=CLAIM))
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("subscription").get(pk=pk)
    subscription = delivery.subscription
    if subscription.state != Subscription.State.ACTIVE and delivery.event:
        delivery.status, delivery.next_attempt_at = Delivery.Status.CANCELLED, None
        delivery.save(update_fields=["status", "next_attempt_at"])
        return delivery
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.status_code, delivery.error = send(subscription, delivery, now)
    given_up = False
    if delivery.status_code is not None and not delivery.error:
        delivery.status, delivery.next_attempt_at = Delivery.Status.SUCCEEDED, None
        delivery.delivered_at = now
    elif not delivery.event:  # a test message: the administrator reads the answer
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    elif (now - delivery.created_at).total_seconds() >= settings.WEBHOOKS_RETRY_WINDOW:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        given_up = True
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.error = delivery.error[:500]
    delivery.save()
    if given_up:
        mark_failing(subscription, delivery, now)
    logger.info(
        "Webhook %s to subscription %s: attempt %s, %s",
        delivery.message_id,
        subscription.pk,
        delivery.attempts,
        delivery.status_code or delivery.error,
    )
    if delivery.status == Delivery.Status.PENDING and jobs.enabled():
        jobs.defer(deliver_job, delivery.next_attempt_at, delivery=delivery.pk)
    return delivery


def send(
    subscription: Subscription, delivery: Delivery, now: datetime.datetime
) -> tuple[int | None, str]:
    """POST a delivery's message, signed for ``now``: returns the answer's status code
    (``None`` when there was none) and the error to log, in French (``""`` for a 2xx)."""
    body = delivery.payload.encode()
    headers = signing.headers(subscription.secret, delivery.message_id, int(now.timestamp()), body)
    try:
        status_code = transport.post(subscription.url, body, headers)
    except transport.Refused as error:
        return None, str(error)
    except requests.Timeout:
        return None, _("Délai dépassé (%(seconds)s s).") % {"seconds": settings.WEBHOOKS_TIMEOUT}
    except requests.RequestException as error:
        return None, _("Connexion impossible : %(error)s") % {"error": error}
    except Exception as error:  # recorded and retried like any failure, never lost
        logger.exception("Webhook %s: unexpected error", delivery.message_id)
        return None, _("Erreur inattendue : %(error)s") % {"error": error}
    if 200 <= status_code < 300:
        return status_code, ""
    if 300 <= status_code < 400:
        return status_code, _("Redirection non suivie.")
    return status_code, _("Réponse en erreur.")


def mark_failing(subscription: Subscription, delivery: Delivery, now: datetime.datetime) -> None:
    """Stop sending to a subscription that failed for a whole retry window, cancel what
    still waits for it, and e-mail its owners (once: only when it was active)."""
    marked = Subscription.objects.filter(
        pk=subscription.pk, state=Subscription.State.ACTIVE
    ).update(state=Subscription.State.FAILING, failing_since=now)
    Delivery.objects.filter(subscription=subscription, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CANCELLED, next_attempt_at=None
    )
    if marked:
        tell_owners(subscription, delivery)


def tell_owners(subscription: Subscription, delivery: Delivery) -> None:
    """E-mail (in French) the owners of a subscription now marked failing."""
    recipients = [user.email for user in subscription.owners.filter(is_active=True) if user.email]
    if not recipients:
        logger.warning("Webhook subscription %s is failing: no owner to tell", subscription.pk)
        return
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "webhooks_subscription:edit", args=[subscription.pk]
    )
    hours = settings.WEBHOOKS_RETRY_WINDOW // 3600
    send_mail(
        _("Webhook en échec : %(name)s") % {"name": subscription.name},
        _(
            "Bonjour,\n\n"
            "L’adresse de réception du webhook « %(name)s » (%(url)s) refuse nos messages "
            "depuis %(hours)s heures. Elle est marquée en échec : plus rien ne lui est "
            "envoyé.\n\n"
            "Dernière erreur : %(error)s\n\n"
            "Une fois l’adresse réparée, remettez l’abonnement à l’état « Actif » :\n"
            "%(link)s\n"
        )
        % {
            "name": subscription.name,
            "url": subscription.url,
            "hours": hours,
            "error": delivery.error or delivery.status_code,
            "link": link,
        },
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def send_test(subscription: Subscription) -> Delivery:
    """Send a ``webhook.test`` message to a subscription now, once, whatever its state
    (an administrator checking an endpoint, from the admin); returns the delivery, sent
    or failed. Its ``data`` is empty: no document."""
    now = timezone.now()
    message_id = new_message_id()
    delivery = Delivery.objects.create(
        subscription=subscription,
        message_id=message_id,
        type=TEST_TYPE,
        document_key="",
        version=0,
        payload=documents.to_json(
            {"type": TEST_TYPE, "id": message_id, "timestamp": now, "data": {}}
        ),
        created_at=now,
        next_attempt_at=now,
    )
    return attempt(delivery.pk, now)


def prune(now: datetime.datetime) -> int:
    """Delete the log's rows older than ``WEBHOOKS_LOG_DAYS`` days but those still
    waiting; returns how many."""
    cutoff = now - datetime.timedelta(days=settings.WEBHOOKS_LOG_DAYS)
    old = Delivery.objects.filter(created_at__lt=cutoff).exclude(status=Delivery.Status.PENDING)
    return old.delete()[0]


def catch_up(now: datetime.datetime) -> int:
    """``AFTER_SWEEP`` hook. Prune the log (:func:`prune`). Without a job queue, send the
    due deliveries (at most ``SWEEP_BATCH``, oldest first); with one, defer again those
    more than a minute overdue (their job was lost). Returns how many were sent or
    deferred."""
    prune(now)
    due = Delivery.objects.filter(status=Delivery.Status.PENDING)
    if jobs.enabled():
        late = due.filter(next_attempt_at__lte=now - datetime.timedelta(minutes=1))
        pks = list(late.values_list("pk", flat=True)[:1000])
        for pk in pks:
            jobs.defer(deliver_job, delivery=pk)
        return len(pks)
    pks = list(
        due.filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in pks:
        attempt(pk, now)
    return len(pks)
