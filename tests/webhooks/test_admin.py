"""The webhooks' admin: subscriptions (with their bad inputs) and the delivery log, for
administrators only."""

from __future__ import annotations

import html
import json

from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

import pytest

from cms.webhooks.models import Delivery, Subscription
from tests.admin_french.checker import french_mistakes, visible_texts
from tests.factories import NewsPageFactory
from tests.webhooks.conftest import send

pytestmark = pytest.mark.django_db

INDEX = "/admin/webhooks/"
LOG = "/admin/webhooks/journal/"
#: Queries of the delivery log, whatever its rows (session, user, rows, count, filters…).
BUDGET = 9
DENIED = "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."


@pytest.fixture
def admin(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def form(endpoint, owner, **changes) -> dict:
    return {
        "name": "Portail des préfectures",
        "url": endpoint.url,
        "events": ["published", "updated"],
        "owners": [owner.pk],
        "state": "active",
    } | changes


def test_an_administrator_adds_a_subscription_and_reads_its_secret(admin, endpoint, owner):
    response = admin.post(INDEX + "new/", form(endpoint, owner, secret="whsec_choisi"))
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.events == ["published", "updated"]
    assert list(subscription.owners.all()) == [owner]
    # Generated, not taken from the form.
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret != "whsec_choisi"
    page = admin.get(f"{INDEX}edit/{subscription.pk}/").content.decode()
    assert subscription.secret in page
    assert "Secret de signature" in page
    listing = admin.get(INDEX).content.decode()
    assert "Portail des préfectures" in listing
    assert "Publication, Mise à jour" in listing


@pytest.mark.parametrize(
    ("changes", "settings_changes", "error"),
    [
        ({"url": "pas une adresse"}, {}, "Saisissez une URL valide."),
        ({"url": "ftp://exemple.gouv.fr/"}, {}, "L’adresse doit être une URL HTTP ou HTTPS."),
        (
            {"url": "http://exemple.gouv.fr/hooks"},
            {"WEBHOOKS_REQUIRE_HTTPS": True},
            "L’adresse doit commencer par https:// (HTTPS obligatoire).",
        ),
        (
            {"url": "https://127.0.0.1/hooks"},
            {"WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": False},
            "L’adresse mène à un réseau privé, local ou réservé (127.0.0.1) : elle est refusée.",
        ),
        (
            {"url": "https://10.0.0.8/hooks"},
            {"WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": False},
            "L’adresse mène à un réseau privé, local ou réservé (10.0.0.8) : elle est refusée.",
        ),
        (
            {"url": "https://169.254.169.254/latest/meta-data/"},
            {"WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": False},
            "(169.254.169.254) : elle est refusée.",
        ),
        (
            {"url": "https://nulle-part.invalid/hooks"},
            {},
            "Le nom « nulle-part.invalid » ne correspond à aucune adresse.",
        ),
        (
            {"url": "https://moi:motdepasse@127.0.0.1/hooks"},
            {},
            "L’adresse ne doit pas contenir d’identifiant ni de mot de passe.",
        ),
        ({"events": []}, {}, "Choisissez au moins un événement."),
        ({"events": ["published", "draft"]}, {}, "Sélectionnez un choix valide."),
        ({"owners": []}, {}, "Choisissez au moins un responsable à prévenir en cas d’échec."),
        ({"name": ""}, {}, "Champ requis."),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_error(
    admin, endpoint, owner, settings, changes, settings_changes, error
):
    for name, value in settings_changes.items():
        setattr(settings, name, value)
    response = admin.post(INDEX + "new/", form(endpoint, owner, **changes))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_delivery_log_lists_filters_and_shows_a_delivery(
    admin, subscribe, endpoint, news_index, publish
):
    subscription = subscribe()
    page = publish(NewsPageFactory(parent=news_index, live=False, title="Plan grand froid"))
    endpoint.status = 500
    send()
    delivery = Delivery.objects.get(document_key=f"page:{page.pk}")
    listing = admin.get(LOG).content.decode()
    assert "news.published" in listing
    assert "Réponse en erreur." in listing
    assert "news.published" in admin.get(LOG, {"status": "pending"}).content.decode()
    assert "news.published" not in admin.get(LOG, {"status": "succeeded"}).content.decode()
    filtered = admin.get(LOG, {"subscription": subscription.pk}).content.decode()
    assert "news.published" in filtered
    shown = admin.get(f"{LOG}inspect/{delivery.pk}/").content.decode()
    assert delivery.message_id in shown
    assert "Plan grand froid" in shown
    assert "None" not in visible_texts(shown)
    # Instants in the admin's time zone, as in the listing.
    last = date_format(timezone.localtime(delivery.last_attempt_at), "DATETIME_FORMAT")
    assert last in shown
    # A log row is never added, edited nor deleted, even by an administrator.
    for url in (f"{LOG}new/", f"{LOG}edit/{delivery.pk}/", f"{LOG}delete/{delivery.pk}/"):
        assert admin.get(url).status_code == 302, url
    assert Delivery.objects.filter(pk=delivery.pk).exists()


@pytest.mark.parametrize("role", ["editor", "chief", "crisis"])
def test_editors_may_not_see_webhooks_and_are_told_nothing_of_them(site, subscribe, role, endpoint):
    subscription = subscribe(name="Abonnement confidentiel")
    Delivery.objects.create(
        subscription=subscription,
        message_id="msg_x",
        event="published",
        type="news.published",
        document_key="page:1",
        version=1,
        payload="{}",
        created_at=subscription.created_at,
    )
    client = Client()
    client.force_login(site["users"][role])
    for url in (
        INDEX,
        INDEX + "new/",
        f"{INDEX}edit/{subscription.pk}/",
        LOG,
        f"{LOG}inspect/{Delivery.objects.get().pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/", url
        followed = html.unescape(client.get(response["Location"]).content.decode())
        assert DENIED in followed, url
        assert "Abonnement confidentiel" not in followed
        assert "Webhooks" not in followed  # nor in the menu
    assert client.post(f"{INDEX}delete/{subscription.pk}/").status_code == 302
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_the_settings_menu_shows_webhooks_to_administrators(admin):
    page = admin.get("/admin/").content.decode()
    assert "Webhooks" in page
    assert "Journal des webhooks" in page


def test_the_webhook_screens_read_as_french(admin, subscribe, endpoint, news_index, publish):
    subscription = subscribe()
    publish(NewsPageFactory(parent=news_index, live=False))
    endpoint.status = 500
    send()
    delivery = Delivery.objects.first()
    for url in (
        INDEX,
        INDEX + "new/",
        f"{INDEX}edit/{subscription.pk}/",
        f"{INDEX}delete/{subscription.pk}/",
        LOG,
        f"{LOG}inspect/{delivery.pk}/",
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert french_mistakes(response.content.decode()) == [], url


def test_an_administrator_sends_a_test_event_and_reads_the_answer(admin, subscribe, endpoint):
    subscription = subscribe()
    listing = admin.get(INDEX).content.decode()
    url = f"/admin/webhooks/test/{subscription.pk}/"
    assert f'data-w-action-url-value="{url}"' in listing
    assert "Envoyer un événement de test" in listing
    assert admin.get(url).status_code == 405  # POST only
    response = admin.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Événement de test livré à « Portail des préfectures » (réponse 204)."
    ]
    (request,) = endpoint.requests
    message = json.loads(request["body"])
    assert (message["type"], message["data"]) == ("webhook.test", {})
    # A failing endpoint: said at once, never retried, the subscription untouched.
    endpoint.status = 500
    response = admin.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Événement de test non livré à « Portail des préfectures » : "
        "Réponse en erreur. (réponse 500)"
    ]
    failed = Delivery.objects.get(status="failed")
    assert (failed.type, failed.next_attempt_at) == ("webhook.test", None)
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.ACTIVE


def test_an_editor_may_not_send_a_test_event(site, subscribe, endpoint):
    subscription = subscribe()
    client = Client()
    client.force_login(site["users"]["chief"])
    response = client.post(f"/admin/webhooks/test/{subscription.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post("/admin/webhooks/test/999999/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert endpoint.requests == []
    assert not Delivery.objects.exists()


def test_the_delivery_log_reads_its_rows_in_a_fixed_number_of_queries(
    admin, subscribe, django_assert_max_num_queries
):
    subscriptions = [subscribe(name=f"Abonnement {n}") for n in range(5)]
    for n in range(20):
        Delivery.objects.create(
            subscription=subscriptions[n % 5],
            message_id=f"msg_{n}",
            event="published",
            type="news.published",
            document_key=f"page:{n}",
            version=1,
            payload="{}",
            created_at=subscriptions[0].created_at,
        )
    with django_assert_max_num_queries(BUDGET):
        assert admin.get(LOG).status_code == 200


def test_setting_a_failing_subscription_back_to_active_clears_its_failure(
    admin, subscribe, endpoint, owner
):
    subscription = subscribe()
    Subscription.objects.filter(pk=subscription.pk).update(
        state=Subscription.State.FAILING, failing_since=subscription.created_at
    )
    response = admin.post(f"{INDEX}edit/{subscription.pk}/", form(endpoint, owner))
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.state, subscription.failing_since) == ("active", None)
