"""The planning view: scheduled, embargoed and expiring items of the next 14 days, per ministry."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.workflows import roles
from news.planning import REDACTION, planning_entries
from tests.factories import MinistryNewsPageFactory, MinistryPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def schedule(page, *, at, embargo=False):
    if embargo:
        page.embargo_until = at
    page.go_live_at = at
    page.save_revision().publish()
    return page


@pytest.fixture
def planned(news_index, ministry_section, ministry_index):
    soon = timezone.now() + datetime.timedelta(days=2)
    other_section = MinistryPageFactory(parent=ministry_index)
    return {
        "embargo": schedule(
            NewsPageFactory(parent=news_index, title="Communiqué sous embargo", live=False),
            at=soon,
            embargo=True,
        ),
        "own": schedule(
            MinistryNewsPageFactory(
                parent=ministry_section, title="Annonce du ministère", live=False
            ),
            at=soon,
        ),
        "other": schedule(
            MinistryNewsPageFactory(
                parent=other_section, title="Projet secret d'un autre ministère", live=False
            ),
            at=soon,
        ),
        "later": schedule(
            NewsPageFactory(parent=news_index, title="Dans un mois", live=False),
            at=soon + datetime.timedelta(days=30),
        ),
        "section": ministry_section,
    }


def test_entries_in_the_window_grouped_by_ministry(admin_user, planned):
    entries = planning_entries(admin_user)
    titles = {entry.title for entry in entries}
    assert titles == {
        "Communiqué sous embargo",
        "Annonce du ministère",
        "Projet secret d'un autre ministère",
    }
    embargo = next(entry for entry in entries if entry.title == "Communiqué sous embargo")
    assert embargo.embargo and embargo.ministry == REDACTION
    assert "embargo" in embargo.event.lower()


def test_ministry_contributor_sees_only_their_ministry(client, planned):
    roles.setup_roles()
    contributor = get_user_model().objects.create_user(username="contrib", password="x")
    contributor.groups.add(roles.roles_for_ministry(planned["section"].ministry).contributors)
    titles = {entry.title for entry in planning_entries(contributor)}
    assert titles == {"Annonce du ministère"}
    client.force_login(contributor)
    html = client.get(reverse("news_planning")).content.decode()
    assert "Annonce du ministère" in html
    assert "Projet secret" not in html


def test_planning_page_in_french(admin_client, planned):
    html = admin_client.get(reverse("news_planning")).content.decode()
    assert "Planning" in html
    assert "Sous embargo" in html
    assert "Communiqué sous embargo" in html
    assert "Dans un mois" not in html


def test_embargo_is_visible_in_admin_listings(admin_client, news_index, planned):
    page = planned["embargo"]
    assert page.__class__.objects.get(pk=page.pk).status_string.startswith("sous embargo jusqu'au ")
    html = admin_client.get(reverse("wagtailadmin_explore", args=[news_index.pk])).content.decode()
    assert "sous embargo jusqu&#x27;au" in html or "sous embargo jusqu'au" in html
