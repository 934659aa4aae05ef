"""Gouvernail's name and mark in the admin, and no call or link to wagtail.org."""

import re

from django.contrib.auth.models import User
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def test_dashboard_is_gouvernail_and_calls_nothing_outside(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>\s*Tableau de bord - Gouvernail\s*</title>", html)
    assert "wagtail.org" not in html
    assert "releases.wagtail" not in html
    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S)
    assert 'aria-label="Gouvernail"' in logo.group(1)
    assert "gouvernail/favicon.svg" in html
    assert "wagtailadmin/images/favicon.ico" not in html


def test_help_menu_has_no_wagtail_links(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert "Wagtail Editor Guide" not in html
    assert "new-in-wagtail" not in html


def test_login_page_is_gouvernail(client, db):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>S'identifier</h1>" in html
    assert re.search(r"<title>\s*S'identifier - Gouvernail\s*</title>", html)
    assert ">Gouvernail</span>" in html
    assert 'aria-label="Wagtail"' not in html


@pytest.mark.parametrize("accept_language", ["en-US,en;q=0.9", "de-DE", ""])
def test_login_page_is_french_whatever_the_browser_language(client, db, accept_language):
    """French first: the admin does not follow the browser's language (each user may choose
    English in their account); an English Chromium got "Sign in to Wagtail"."""
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>S'identifier</h1>" in html
    assert "Sign in" not in html
    assert "Wagtail" not in re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
