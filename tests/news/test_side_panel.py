"""The news edit view's side panel: government, history-mode notice, public history."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from news.models import NewsPage
from tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db


def panel(client, user, page):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-side-panel-toggle="public_history"' in html
    match = re.search(r'data-side-panel="public_history".*?</aside>', html, re.S)
    assert match, "no public history panel"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_panel_names_the_government_notice_and_major_changes(client, site):
    GovernmentFactory(
        label="Gouvernement Bayrou",
        prime_minister="François Bayrou",
        start_date=datetime.date(2024, 12, 23),
        end_date=datetime.date(2025, 10, 5),
    )
    GovernmentFactory(label="Gouvernement Lecornu II", start_date=datetime.date(2025, 10, 12))
    chief = site["users"]["chief"]
    page = site["pages"]["government_live"]
    NewsPage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.make_aware(datetime.datetime(2025, 3, 1, 10, 0))
    )
    page = NewsPage.objects.get(pk=page.pk)
    page.major_change, page.change_note = True, "Chiffres corrigés."
    page.save_revision(user=chief).publish(user=chief)

    text = panel(client, chief, NewsPage.objects.get(pk=page.pk))
    assert "Gouvernement Bayrou (François Bayrou)" in text
    assert (
        "Ce contenu a été publié sous le gouvernement du Premier ministre, François Bayrou." in text
    )
    assert "Chiffres corrigés." in text
    assert "Aucune note de modification publiée." not in text


def test_panel_of_a_draft(client, site):
    text = panel(client, site["users"]["chief"], site["pages"]["government_draft"])
    assert "Pas encore publié." in text
    assert "Aucune note de modification publiée." in text
