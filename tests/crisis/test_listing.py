"""The crisis-alert listing says, in French, which alert is live and which have ended."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.crisis.models import CrisisAlert
from cms.workflows import roles
from tests.admin_french.checker import visible_texts

pytestmark = pytest.mark.django_db


def alert(title, **fields):
    return CrisisAlert.objects.create(title=title, level="alerte", message="m", **fields)


def row_of(html, title):
    """The visible texts of the listing row that names ``title``."""
    for row in re.findall(r"<tr\b.*?</tr>", html, re.S):
        if title in row:
            return " ".join(visible_texts(row))
    raise AssertionError(f"no row for {title}")


def test_listing_shows_each_alert_state_in_french(client, home):
    roles.setup_roles()
    chief = get_user_model().objects.create_user(username="chief", password="x")
    chief.groups.add(Group.objects.get(name=roles.CHIEF_EDITORS))
    now = timezone.now()
    day = datetime.timedelta(days=1)
    published = {"live": True, "first_published_at": now - 3 * day}
    alert("Canicule", **published, starts_at=now - day, needs_review=True)
    alert("Tempête", **published, starts_at=now - 3 * day, ends_at=now - day, reviewed_at=now)
    alert("Crue", **published, starts_at=now + day)
    alert("Séisme", live=False, first_published_at=now - 3 * day, starts_at=now - 3 * day)
    alert("Exercice", live=False, starts_at=now)

    client.force_login(chief)
    response = client.get(reverse("wagtailsnippets_crisis_crisisalert:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "État" in html
    assert "En cours" in row_of(html, "Canicule")
    assert "À revoir" in row_of(html, "Canicule")
    assert "Terminée" in row_of(html, "Tempête")
    assert "Revue le" in row_of(html, "Tempête")
    assert "À venir" in row_of(html, "Crue")
    assert "Retirée" in row_of(html, "Séisme")
    assert "Brouillon" in row_of(html, "Exercice")
    texts = visible_texts(html)
    assert "True" not in texts
    assert "False" not in texts
