"""The crisis alert's leakage matrix: alert state × language × (anonymous, an editor's
session), on ``/api/v1/crisis-alert/``.

One world, built once through Wagtail's snippet publishing with the pipeline run as in
production (``leakage_states.step``): an alert in each state, then a control alert
published last. The answer names one alert, the newest by start: the control starts
before every other one, so any of them served would take its place; each row asserts
the control is the answer, and that the state's markers appear nowhere. Publishing an
alert ends the one that was active (``CrisisAlert.publish``), so the states are built in
an order where no publication ends another state's alert but the replaced one's.

Before the control and the replaced alert are published, no alert is active: the answer
is then the explicit ``{"alert": null}``, recorded as the world is built.
"""

from __future__ import annotations

import dataclasses
import datetime
import json

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

import pytest

from cms.crisis.models import CrisisAlert
from cms.delivery.models import Document
from cms.publishing import pipeline
from tests.delivery.leakage_states import (
    LATER,
    built_once,
    shown,
    slug_marker,
    step,
    title_marker,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en")
CLIENTS = ("anonymous", "editor")
AGO = datetime.timedelta(minutes=1)


def markers(key: str) -> tuple[str, str]:
    return title_marker(f"alerte{key}"), slug_marker(f"alerte{key}")


def alert(key: str, **fields) -> CrisisAlert:
    """A draft alert (one revision) carrying the markers of ``key`` in its title, message
    and link, starting now unless told."""
    title, slug = markers(key)
    created = CrisisAlert.objects.create(
        live=False,
        title=f"Alerte {title}",
        level=CrisisAlert.Level.ALERT,
        message=f"Message {title}.",
        link_url=f"https://www.info.gouv.fr/{slug}",
        **fields,
    )
    with step():
        created.save_revision()
    return fresh(created)


def fresh(obj: CrisisAlert) -> CrisisAlert:
    return CrisisAlert.objects.get(pk=obj.pk)


def publish(obj: CrisisAlert, user=None) -> CrisisAlert:
    """Publish the alert's current content (a new revision), its jobs run."""
    with step():
        fresh(obj).save_revision(user=user).publish(user=user)
    return fresh(obj)


def time_travel_end(obj: CrisisAlert) -> None:
    """The alert's end is now past, as if the clock had run on: in its row and in its
    stored document (rendered with that end)."""
    ended = timezone.now() - AGO
    CrisisAlert.objects.filter(pk=obj.pk).update(ends_at=ended)
    Document.objects.filter(key=f"crisis_alert:{obj.pk}").update(expires_at=ended, refresh_at=ended)


# -- The states ---------------------------------------------------------------------------


def draft(world, key):
    return alert(key)


def scheduled(world, key):
    """Published for an instant tomorrow (Wagtail records it on the revision)."""
    obj = alert(key)
    obj.go_live_at = timezone.now() + LATER
    with step():
        obj.save_revision().publish()
    return fresh(obj)


def future_start(world, key):
    """Published now, for a period that starts tomorrow."""
    return publish(alert(key, starts_at=timezone.now() + LATER))


def unpublished(world, key):
    obj = publish(alert(key))
    with step():
        obj.unpublish(user=world.editor)
    return fresh(obj)


def ended(world, key):
    """Its end comes, and the refresh the pipeline set for that instant runs (the sweep)."""
    obj = publish(alert(key, ends_at=timezone.now() + LATER))
    time_travel_end(obj)
    with step():
        pipeline.sweep()
    return fresh(obj)


def ended_late(world, key):
    """Past its end while the job at that instant is late: its stored document is still
    public, with an end now past."""
    obj = publish(alert(key, ends_at=timezone.now() + LATER))
    time_travel_end(obj)
    return fresh(obj)


def replaced(world, key):
    """Active; the control, published after it, replaces it (``build_world``)."""
    return publish(alert(key))


#: Builders, in the order they run: none ends another's alert.
STATES = {
    "draft": draft,
    "scheduled": scheduled,
    "future_start": future_start,
    "unpublished": unpublished,
    "ended": ended,
    "ended_late": ended_late,
    "replaced": replaced,
}


@dataclasses.dataclass
class World:
    editor: object
    clients: dict[str, Client]
    alerts: dict[str, CrisisAlert] = dataclasses.field(default_factory=dict)
    control: CrisisAlert | None = None
    #: The answers while no alert was active, by (client, language).
    empty: dict[tuple[str, str], object] = dataclasses.field(default_factory=dict)


def ask(client: Client, language: str):
    return client.get(f"/api/v1/crisis-alert/?locale={language}")


def build_world() -> World:
    """Every state, the answers while none is active, then the control: published last,
    starting before all the others, it replaces the active one."""
    editor = get_user_model().objects.create_superuser(username="cellule-crise", password="x")
    logged_in = Client()
    logged_in.force_login(editor)
    world = World(editor=editor, clients={"anonymous": Client(), "editor": logged_in})
    for name, build in STATES.items():
        if name == "replaced":
            world.empty = {
                (who, language): ask(client, language)
                for who, client in world.clients.items()
                for language in LANGUAGES
            }
        world.alerts[name] = build(world, name.replace("_", ""))
    control = CrisisAlert.objects.create(
        live=False,
        title="Alerte témoin",
        level=CrisisAlert.Level.VIGILANCE,
        message="Message public.",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    world.control = publish(control, editor)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (``leakage_states.built_once``)."""
    yield from built_once(django_db_blocker, build_world)


def test_the_states_are_what_they_say(world):
    """The world is built as meant (whatever the store says)."""
    alerts = {name: fresh(obj) for name, obj in world.alerts.items()}
    active = set(CrisisAlert.objects.active().values_list("pk", flat=True))
    assert active == {world.control.pk}
    assert not alerts["draft"].live and alerts["draft"].has_unpublished_changes
    assert not alerts["scheduled"].live
    assert alerts["scheduled"].latest_revision.approved_go_live_at > timezone.now()
    assert alerts["future_start"].live and alerts["future_start"].starts_at > timezone.now()
    assert not alerts["unpublished"].live
    for name in ("ended", "ended_late", "replaced"):
        assert alerts[name].live and alerts[name].ends_at <= timezone.now(), name
    assert all(obj.starts_at > world.control.starts_at for obj in alerts.values())


@pytest.mark.parametrize("who", CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_alert_active_is_the_explicit_empty_answer(world, who, language):
    response = world.empty[who, language]
    session = response.wsgi_request.session.get("_auth_user_id")
    assert session == (str(world.editor.pk) if who == "editor" else None)  # the cookie went
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"alert": None}
    assert "cookie" not in response.get("Vary", "").lower()


@pytest.mark.parametrize("who", CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", list(STATES))
def test_no_leak(world, state, language, who):
    response = ask(world.clients[who], language)
    session = response.wsgi_request.session.get("_auth_user_id")
    assert session == (str(world.editor.pk) if who == "editor" else None)  # the cookie went
    assert response.status_code == 200
    assert "cookie" not in response.get("Vary", "").lower()
    told = shown(response)
    for marker in markers(state.replace("_", "")):
        at = told.find(marker)
        assert at < 0, (state, marker, told[max(at - 200, 0) : at + 100])
    answer = json.loads(response.content)["alert"]
    assert answer is not None, "the control alert is not served"
    assert (answer["id"], answer["title"]) == (world.control.pk, world.control.title)
