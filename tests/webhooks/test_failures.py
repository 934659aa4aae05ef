"""Endpoints that fail, hang, redirect or sit on a private network: retried or refused,
never followed, never in the way of a publication; a day of failures marks the
subscription failing and tells its owners."""

from __future__ import annotations

import datetime
import socket

from django.core import mail
from django.utils import timezone

import pytest

from cms.webhooks import deliveries, transport
from cms.webhooks.models import Delivery, Subscription
from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.webhooks.conftest import send, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(subscribe, news_index, publish):
    """A subscription, and a news item just published: one delivery waiting."""

    def published(**subscription):
        created = subscribe(**subscription)
        page = publish(NewsPageFactory(parent=news_index, live=False))
        delivery = Delivery.objects.get(document_key=f"page:{page.pk}")
        return created, delivery

    return published


def test_a_500_is_retried_later_with_a_growing_wait(published, endpoint):
    endpoint.status = 500
    _subscription, delivery = published()
    now = timezone.now()
    deliveries.attempt(delivery.pk, now)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("pending", 1, 500)
    assert delivery.error == "Réponse en erreur."
    assert delivery.next_attempt_at == now + datetime.timedelta(seconds=60)
    # Not due yet: nothing is sent.
    assert deliveries.attempt(delivery.pk, now + datetime.timedelta(seconds=59)) is None
    assert len(endpoint.requests) == 1
    later = now + datetime.timedelta(seconds=60)
    deliveries.attempt(delivery.pk, later)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == later + datetime.timedelta(seconds=180)
    # The same message each time, signed anew.
    first, second = endpoint.requests
    assert first["body"] == second["body"]
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
    endpoint.status = 200
    deliveries.attempt(delivery.pk, delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("succeeded", 3, None)


def test_a_publication_never_waits_on_nor_fails_because_of_an_endpoint(published, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    _subscription, delivery = published(url=f"http://127.0.0.1:{port}/")
    page = NewsPage.objects.get(pk=delivery.document_key.split(":")[1])
    assert page.live
    assert delivery.attempts == 0  # the publication sent nothing
    send()
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.error.startswith("Connexion impossible : ")


def test_a_timeout_is_a_failure_retried_later(published, endpoint):
    endpoint.hang = True
    _subscription, delivery = published()
    send()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.status_code) == ("pending", None)
    assert delivery.error == "Délai dépassé (0.5 s)."
    assert delivery.next_attempt_at is not None


def test_a_redirect_to_a_private_address_is_never_followed(published, endpoint):
    internal = serve()
    try:
        endpoint.status = 302
        endpoint.location = internal.url
        _subscription, delivery = published()
        send()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.status_code) == ("pending", 302)
        assert delivery.error == "Redirection non suivie."
        assert internal.requests == []
    finally:
        internal.shutdown()
        internal.server_close()


def test_a_private_target_is_refused_without_a_request(published, endpoint, settings):
    _subscription, delivery = published()
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    send()
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.error == (
        "L’adresse mène à un réseau privé, local ou réservé (127.0.0.1) : elle est refusée."
    )
    assert endpoint.requests == []


def test_plain_http_is_refused_when_https_is_required(published, endpoint, settings):
    _subscription, delivery = published()
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    send()
    delivery.refresh_from_db()
    assert delivery.error == "L’adresse doit commencer par https:// (HTTPS obligatoire)."
    assert endpoint.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
    ],
)
def test_addresses_that_are_not_public(address):
    assert not transport.public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert transport.public(address)


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/hooks",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://0177.0.0.1/hooks",  # octal
        "https://2130706433/hooks",  # 127.0.0.1 as one number
        "https://0x7f.1/hooks",
    ],
)
def test_names_and_spellings_of_loopback_are_refused(settings, url):
    """What the resolver makes of the host is checked, however the URL spells it."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(transport.Refused, match="réseau privé"):
        transport.check_url(url)


def test_a_day_of_failures_marks_the_subscription_failing_and_tells_its_owners(
    published, endpoint, news_index, publish, owner
):
    endpoint.status = 503
    subscription, delivery = published()
    other = publish(NewsPageFactory(parent=news_index, live=False))
    waiting = Delivery.objects.get(document_key=f"page:{other.pk}")
    now = delivery.created_at
    # Each attempt when it is due, as the jobs run them: about a day of retries.
    instants = []
    while Delivery.objects.get(pk=delivery.pk).status == "pending":
        now = Delivery.objects.get(pk=delivery.pk).next_attempt_at
        deliveries.attempt(delivery.pk, now)
        instants.append(now)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == len(instants) == 10
    assert instants[-1] - instants[0] >= datetime.timedelta(hours=24)
    assert instants[-2] - instants[0] < datetime.timedelta(hours=24)
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.FAILING
    assert subscription.failing_since == now
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Webhook en échec : Portail des préfectures"
    assert "refuse nos messages depuis 24 heures" in message.body
    assert f"/admin/webhooks/edit/{subscription.pk}/" in message.body
    assert subscription.secret not in message.body
    # Nothing more is sent, nor is anyone told again.
    page = publish(NewsPageFactory(parent=news_index, live=False))
    assert not Delivery.objects.filter(document_key=f"page:{page.pk}").exists()
    assert len(mail.outbox) == 1


def test_the_request_goes_to_the_address_checked_with_the_name_as_host(
    published, endpoint, monkeypatch
):
    """One lookup, checked, then connected to: a second DNS answer (rebinding) is never
    asked for. The test's resolver answers the local endpoint for a name of its own."""
    port = endpoint.server_address[1]
    real = socket.getaddrinfo
    lookups = []

    def resolve(host, *args, **kwargs):
        if host == "hooks.prefectures.test":
            lookups.append(host)
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    _subscription, delivery = published(url=f"http://hooks.prefectures.test:{port}/recevoir")
    send()
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    (request,) = endpoint.requests
    assert request["headers"]["Host"] == f"hooks.prefectures.test:{port}"
    assert request["path"] == "/recevoir"
    assert lookups == ["hooks.prefectures.test"]


def test_an_unexpected_error_is_recorded_and_retried(published, endpoint, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(transport, "post", broken)
    _subscription, delivery = published()
    send()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.error == "Erreur inattendue : panne"
    assert f"Webhook {delivery.message_id}: unexpected error" in caplog.text


def test_the_sweep_prunes_the_log_but_what_still_waits(published, endpoint, settings):
    settings.WEBHOOKS_LOG_DAYS = 30
    subscription, waiting = published()
    now = timezone.now()
    old = now - datetime.timedelta(days=31)
    kept = []
    for status in ("succeeded", "failed", "cancelled"):
        Delivery.objects.create(
            subscription=subscription,
            message_id=f"msg_{status}",
            event="published",
            type="news.published",
            document_key="page:1",
            version=1,
            payload="{}",
            status=status,
            created_at=old,
        )
        kept.append(
            Delivery.objects.create(
                subscription=subscription,
                message_id=f"msg_recent_{status}",
                event="published",
                type="news.published",
                document_key="page:1",
                version=1,
                payload="{}",
                status=status,
                created_at=now - datetime.timedelta(days=29),
            ).pk
        )
    Delivery.objects.filter(pk=waiting.pk).update(created_at=old)
    send(now)
    assert set(Delivery.objects.values_list("pk", flat=True)) == {waiting.pk, *kept}
