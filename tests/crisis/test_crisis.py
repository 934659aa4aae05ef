"""Crisis alerts: who may publish, the fast-track workflow, one active alert, review afterwards."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

import pytest

from cms.crisis.models import CRISIS_PUBLISH, CRISIS_REVIEW, CrisisAlert
from cms.workflows import roles, setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home):
    roles.setup_roles()
    setup.setup_workflows()
    users = {}
    for role, group in {
        "crisis": roles.CRISIS_CELL,
        "chief": roles.CHIEF_EDITORS,
        "editor": roles.EDITORS,
        "social": roles.SOCIAL_MEDIA,
    }.items():
        users[role] = get_user_model().objects.create_user(username=role, password="x")
        users[role].groups.add(Group.objects.get(name=group))
    return users


def alert_data(**overrides):
    data = {
        "title": "Tempête Ciarán",
        "level": "alerte",
        "message": "Restez chez vous, suivez les consignes des autorités.",
        "link_url": "https://www.interieur.gouv.fr",
        "starts_at": "2026-11-22 10:00",
        "ends_at": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("role", "can_publish"),
    [("crisis", True), ("chief", True), ("editor", False), ("social", False)],
)
def test_only_crisis_cell_and_chief_editors_publish(people, role, can_publish):
    policy = policy_registry.get_by_type(CrisisAlert)
    assert policy.user_has_permission(people[role], "publish") is can_publish
    assert policy.user_has_permission(people[role], "add") is can_publish


def test_editor_cannot_create_an_alert(client, people):
    client.force_login(people["editor"])
    response = client.post(reverse("wagtailsnippets_crisis_crisisalert:add"), alert_data())
    assert response.status_code in (302, 403)
    assert not CrisisAlert.objects.exists()


def test_crisis_workflow_end_to_end(client, people):
    client.force_login(people["crisis"])
    response = client.post(
        reverse("wagtailsnippets_crisis_crisisalert:add"), alert_data(**{"action-submit": "1"})
    )
    assert response.status_code == 302
    alert = CrisisAlert.objects.get()
    assert not alert.live
    state = alert.current_workflow_task_state
    assert state.task.name == setup.CRISIS_APPROVAL_TASK

    client.force_login(people["chief"])
    response = client.post(
        reverse(
            "wagtailsnippets_crisis_crisisalert:workflow_action",
            args=[alert.pk, "approve", state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.live
    assert alert.needs_review
    entries = ModelLogEntry.objects.filter(object_id=str(alert.pk))
    assert entries.filter(action=CRISIS_PUBLISH, user=people["chief"]).exists()
    assert entries.filter(action="wagtail.publish", user=people["chief"]).exists()


def publish(alert, user):
    alert.save_revision(user=user).publish(user=user)
    alert.refresh_from_db()
    return alert


def test_one_active_alert_at_a_time(people):
    start = timezone.now() - datetime.timedelta(hours=1)
    first = publish(
        CrisisAlert.objects.create(title="Crue", level="vigilance", message="m", starts_at=start),
        people["chief"],
    )
    assert list(CrisisAlert.objects.active()) == [first]
    second = publish(
        CrisisAlert.objects.create(
            title="Crue majeure", level="urgence", message="m", starts_at=start
        ),
        people["crisis"],
    )
    assert list(CrisisAlert.objects.active()) == [second]
    first.refresh_from_db()
    assert first.ends_at is not None and first.ends_at <= timezone.now()


def test_review_afterwards(client, people):
    alert = publish(
        CrisisAlert.objects.create(title="Canicule", level="alerte", message="m"), people["crisis"]
    )
    url = reverse("crisis_mark_reviewed", args=[alert.pk])
    client.force_login(people["crisis"])
    assert client.post(url).status_code in (302, 403)
    alert.refresh_from_db()
    assert alert.needs_review  # the crisis cell does not review its own publications

    client.force_login(people["chief"])
    listing = client.get(reverse("wagtailsnippets_crisis_crisisalert:list")).content.decode()
    # The button posts (w-action#post) to its data-w-action-url-value, else to the listing.
    button = re.search(r"<[^>]*w-action#post[^>]*>\s*(?:<[^>]*>\s*)*Marquer comme revue", listing)
    assert button is not None
    assert f'data-w-action-url-value="{url}"' in button.group(0)
    listing_url = reverse("wagtailsnippets_crisis_crisisalert:list") + "?level=alerte"
    response = client.post(url, {"next": listing_url})  # what w-action#post sends
    assert response.status_code == 302
    assert response.url == listing_url
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "Publication de crise « Canicule » revue."
    ]
    alert.refresh_from_db()
    assert not alert.needs_review
    assert alert.reviewed_by == people["chief"]
    assert ModelLogEntry.objects.filter(object_id=str(alert.pk), action=CRISIS_REVIEW).exists()


def test_end_before_start_is_refused():
    alert = CrisisAlert(
        title="x",
        level="alerte",
        message="m",
        starts_at=timezone.now(),
        ends_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(Exception, match="postérieure au début"):
        alert.full_clean()


def test_an_alert_starting_later_ends_the_active_one_when_it_starts(people):
    """Publishing tonight's alert for tomorrow morning leaves no gap until then."""
    now = timezone.now()
    first = publish(
        CrisisAlert.objects.create(
            title="Canicule",
            level="vigilance",
            message="m",
            starts_at=now - datetime.timedelta(hours=1),
        ),
        people["chief"],
    )
    tomorrow = now + datetime.timedelta(days=1)
    publish(
        CrisisAlert.objects.create(
            title="Canicule extrême", level="alerte", message="m", starts_at=tomorrow
        ),
        people["crisis"],
    )
    assert list(CrisisAlert.objects.active()) == [first]
    first.refresh_from_db()
    assert first.ends_at == tomorrow
    assert [a.title for a in CrisisAlert.objects.active(tomorrow)] == ["Canicule extrême"]
