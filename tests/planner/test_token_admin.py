"""Paramètres > Jetons d'API: create (the secret shown once), list, revoke; refused input
in French; closed to whoever holds no permission on tokens."""

import datetime
import re

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.apitokens.models import APIToken, digest
from tests.factories import MinistryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_fr(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def expiry(delta: datetime.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%d %H:%M")


def test_the_secret_is_shown_once_and_only_its_digest_kept(admin_client_fr, admin_user):
    ministry = MinistryFactory(name="Ministère de la Culture")
    response = admin_client_fr.post(
        reverse("apitokens:add"),
        {
            "name": "Outil du SIG",
            "scopes": ["planner:read"],
            "ministries": [ministry.pk],
            "expires_at": expiry(datetime.timedelta(days=30)),
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(gvt_[^"]+)"', response.content.decode()).group(1)
    token = APIToken.objects.get()
    assert token.key_hash == digest(secret) and token.owner == admin_user
    assert token.scopes == ["planner:read"] and list(token.ministries.all()) == [ministry]
    listing = admin_client_fr.get(reverse("apitokens:index"))
    assert token.key_prefix in listing.content.decode()
    assert secret not in listing.content.decode()
    edit = admin_client_fr.get(reverse("apitokens:edit", args=[token.pk]))
    assert secret not in edit.content.decode()
    api = Client().get(
        "/api/planner/items",
        {"start": "2026-12-01T00:00:00Z", "end": "2026-12-02T00:00:00Z"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert api.status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scopes": []}, "scopes", "Choisissez au moins un droit."),
        (
            {"expires_at": expiry(-datetime.timedelta(hours=1))},
            "expires_at",
            "La date d&#x27;expiration doit être dans le futur.",
        ),
        (
            {"expires_at": expiry(datetime.timedelta(days=400))},
            "expires_at",
            "Un jeton vit au plus 366 jours.",
        ),
        ({"scopes": ["admin:write"]}, "scopes", "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_in_french(admin_client_fr, data, field, message):
    base = {
        "name": "Outil",
        "scopes": ["planner:read"],
        "expires_at": expiry(datetime.timedelta(days=30)),
    }
    response = admin_client_fr.post(reverse("apitokens:add"), {**base, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not APIToken.objects.exists()


def test_revoking_a_token(admin_client_fr, admin_user):
    token = APIToken(name="Ancien outil", owner=admin_user, scopes=["planner:read"])
    token.expires_at = timezone.now() + datetime.timedelta(days=1)
    secret = token.set_new_secret()
    token.save()
    url = reverse("apitokens:revoke", args=[token.pk])
    assert "Oui, révoquer" in admin_client_fr.get(url).content.decode()
    response = admin_client_fr.post(url)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Jeton « Ancien outil » révoqué."
    ]
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = Client().get(
        "/api/planner/items",
        {"start": "2026-12-01T00:00:00Z", "end": "2026-12-02T00:00:00Z"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert api.status_code == 401


@pytest.mark.parametrize("role", ["editor", "chief", "social"])
def test_only_token_administrators_manage_tokens(site, role, admin_user):
    token = APIToken(name="Outil", owner=admin_user, scopes=["planner:read"])
    token.expires_at = timezone.now() + datetime.timedelta(days=1)
    token.set_new_secret()
    token.save()
    client = Client()
    client.force_login(site["users"][role])
    for url in (
        reverse("apitokens:index"),
        reverse("apitokens:add"),
        reverse("apitokens:revoke", args=[token.pk]),
    ):
        assert client.get(url).status_code == 302, url
    assert client.post(reverse("apitokens:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None
