"""API tokens: hashed at rest, expiring, revocable, scoped; sent in the Authorization
header only, never logged."""

import datetime
import hashlib
import logging

from django.db import connection
from django.utils import timezone

import pytest

from cms.apitokens.models import APIToken
from tests.delivery.api_support import PROBLEM, assert_matches_schema
from tests.planner.conftest import days, make_token

pytestmark = pytest.mark.django_db

ITEMS = "/api/planner/items"
WINDOW = {"start": "2026-12-01T00:00:00Z", "end": "2026-12-08T00:00:00Z"}


def refused(response, status: int) -> dict:
    """``response`` is a ``status`` problem+json with no data."""
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and "items" not in body
    return body


def test_the_database_never_holds_the_secret(token):
    model, secret = token
    assert secret.startswith("gvt_") and len(secret) > 40
    assert model.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert model.key_prefix == secret[:12]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {APIToken._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert rows and not any(secret in str(value) for row in rows for value in row)


def test_a_valid_token_reads_and_records_its_use(client, token):
    model, secret = token
    response = client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    model.refresh_from_db()
    assert model.last_used_at is not None


def test_no_token_is_a_401_with_the_bearer_challenge(client, db):
    response = client.get(ITEMS, WINDOW)
    body = refused(response, 401)
    assert body["detail"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_matches_schema(response, ITEMS)


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Bearer gvt_unknown", "Invalid token."),
        ("Bearer", "Invalid Authorization header"),
        ("Bearer a b", "Invalid Authorization header"),
        ("Basic dXNlcjpwYXNz", "not provided"),
        ("Bearer é", "Invalid token."),
    ],
)
def test_an_unknown_or_malformed_token_is_a_401(client, token, header, detail):
    body = refused(client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=header), 401)
    assert detail in body["detail"]
    # The valid token of the fixture is answered: the refusal is the header's.
    assert client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {token[1]}").status_code == 200


def test_an_expired_token_is_a_401(client, owner):
    model, secret = make_token(owner)
    APIToken.objects.filter(pk=model.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    body = refused(client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {secret}"), 401)
    assert "expired" in body["detail"]


def test_a_revoked_token_is_a_401(client, token):
    model, secret = token
    model.revoke()
    body = refused(client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {secret}"), 401)
    assert "revoked" in body["detail"]


def test_a_token_of_an_inactive_owner_is_a_401(client, token, owner):
    assert client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {token[1]}").status_code == 200
    owner.is_active = False
    owner.save()
    body = refused(client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {token[1]}"), 401)
    assert "inactive" in body["detail"]


@pytest.mark.parametrize("path", [ITEMS, "/api/planner/calendar.ics"])
def test_a_token_without_the_planner_scope_is_a_403(client, owner, path):
    _model, secret = make_token(owner, scopes=["feeds:read"])
    response = client.get(path, WINDOW, HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused(response, 403)
    assert_matches_schema(response, path)


@pytest.mark.parametrize("name", ["token", "access_token", "api_key", "Token"])
def test_a_token_in_the_query_string_is_refused_and_never_logged(client, token, caplog, name):
    secret = token[1]
    with caplog.at_level(logging.DEBUG):
        response = client.get(ITEMS, {**WINDOW, name: secret})
        with_header = client.get(
            ITEMS, {**WINDOW, name: secret}, HTTP_AUTHORIZATION=f"Bearer {secret}"
        )
    for answer in (response, with_header):
        body = refused(answer, 400)
        assert name in body["errors"]
        assert secret not in answer.content.decode()
    assert caplog.records  # Django logged the refusals: without the secret.
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in str(record.args) and secret not in str(record.__dict__)


def test_the_secret_never_appears_in_logs_on_success_or_failure(client, token, caplog):
    model, secret = token
    with caplog.at_level(logging.DEBUG):
        client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {secret}")
        client.get(ITEMS, {"start": "x"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
        model.revoke()
        client.get(ITEMS, WINDOW, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert secret not in caplog.text
    assert not any(secret in str(record.__dict__) for record in caplog.records)


def test_active_tokens(owner):
    active, _ = make_token(owner)
    revoked, _ = make_token(owner)
    revoked.revoke()
    expired, _ = make_token(owner, expires_in=-days(1))
    assert list(APIToken.objects.active()) == [active]
    assert (active.status, revoked.status, expired.status) == ("active", "revoked", "expired")


def test_other_paths_keep_their_query_string(client, db):
    """Only the token-authenticated APIs are redacted (a preview's token is not ours)."""
    response = client.get("/api/v1/news/", {"token": "abc"})
    assert response.status_code == 400
    assert response.json()["instance"] == "/api/v1/news/?token=abc"
