"""/api/planner/items and /api/planner/calendar.ics: the window, the states (scheduled and
embargoed items included, with the embargo's end), what is never shown, ministry scoping,
the iCalendar feed parsed back, and the responses against the OpenAPI schema."""

import datetime

import pytest
from icalendar import Calendar

from tests.delivery.api_support import PROBLEM, assert_matches_schema
from tests.planner.conftest import days, make_token

pytestmark = pytest.mark.django_db

ITEMS = "/api/planner/items"
ICS = "/api/planner/calendar.ics"


def instant(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def fetch(client, path, secret, **params):
    return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


def window(calendar) -> dict:
    return {"start": instant(calendar["now"]), "end": instant(calendar["end"])}


def test_items_in_the_window_with_states_and_embargo(client, calendar, token):
    response = fetch(client, ITEMS, token[1], **window(calendar))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert_matches_schema(response, ITEMS)
    items = {item["title"]: item for item in response.json()["items"]}
    assert set(items) == {
        "Communiqué programmé",
        "Communiqué sous embargo",
        "Actualité déjà en ligne",
        "Annonce de la Santé",
        "Annonce des Armées",
    }
    embargoed = items["Communiqué sous embargo"]
    assert embargoed["state"] == "scheduled"
    assert embargoed["embargo"] is True
    expected = calendar["embargoed"].embargo_until  # revisions keep milliseconds
    assert datetime.datetime.fromisoformat(embargoed["embargo_until"]) == expected.replace(
        microsecond=expected.microsecond // 1000 * 1000
    )
    assert embargoed["go_live_at"].endswith("Z")
    assert embargoed["public_url"] is None
    assert embargoed["admin_url"].endswith(f"/admin/pages/{calendar['embargoed'].pk}/edit/")
    assert [post["network"] for post in embargoed["posts"]] == ["x", "linkedin"]
    scheduled = items["Communiqué programmé"]
    assert (scheduled["state"], scheduled["embargo"], scheduled["embargo_until"]) == (
        "scheduled",
        False,
        None,
    )
    assert scheduled["posts"] == []
    live = items["Actualité déjà en ligne"]
    assert live["state"] == "live" and live["public_url"].startswith("http")
    assert live["posts"][0]["hashtags"] == ["#Santé"]
    assert items["Annonce de la Santé"]["ministry"]["name"] == "Ministère de la Santé"
    assert items["Communiqué programmé"]["ministry"] is None


def test_never_a_draft_nor_its_unreviewed_text(client, calendar, token):
    """A draft never scheduled is absent with its posts; a scheduled item shows its
    scheduled title, not a draft saved since; items outside the window are absent."""
    body = fetch(client, ITEMS, token[1], **window(calendar)).content.decode()
    assert "Brouillon jamais programmé" not in body
    assert "Texte d'un brouillon" not in body
    assert "Titre du brouillon non relu" not in body
    assert "Dans deux mois" not in body


def test_a_later_window_finds_the_later_item(client, calendar, token):
    start = calendar["now"] + days(55)
    response = fetch(client, ITEMS, token[1], start=instant(start), end=instant(start + days(10)))
    assert [item["title"] for item in response.json()["items"]] == ["Dans deux mois"]


def test_a_token_restricted_to_a_ministry_sees_its_items_only(client, calendar, owner):
    health = calendar["health"].ministry
    _token, secret = make_token(owner, ministries=[health])
    response = fetch(client, ITEMS, secret, **window(calendar))
    assert [item["title"] for item in response.json()["items"]] == ["Annonce de la Santé"]
    assert "Armées" not in response.content.decode()
    ics = fetch(client, ICS, secret, **window(calendar)).content.decode()
    assert "Armées" not in ics and "Communiqué" not in ics


def test_the_calendar_has_one_event_per_planned_post(client, calendar, token):
    response = fetch(client, ICS, token[1], **window(calendar))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    posts = calendar["posts"]
    expected = ["embargoed_x", "embargoed_linkedin", "live_bluesky", "health_x", "defence_x"]
    by_uid = {str(event["UID"]): event for event in events}
    assert len(events) == len(expected)
    for key in expected:
        event = by_uid[f"social-post-{posts[key].pk}@testserver"]
        assert event.decoded("DTSTART") == posts[key].planned_at.replace(microsecond=0)
        assert posts[key].text in str(event["DESCRIPTION"])
    embargoed = by_uid[f"social-post-{posts['embargoed_x'].pk}@testserver"]
    assert str(embargoed["SUMMARY"]) == "X : Communiqué sous embargo"
    assert "Sous embargo jusqu'au" in str(embargoed["DESCRIPTION"])
    assert "X-GOUVERNAIL-EMBARGO-UNTIL" in embargoed
    assert "Sous embargo" not in str(by_uid[f"social-post-{posts['health_x'].pk}@testserver"])
    # The UIDs are stable: a second fetch gives the same events.
    again = Calendar.from_ical(fetch(client, ICS, token[1], **window(calendar)).content)
    assert {str(event["UID"]) for event in again.walk("VEVENT")} == set(by_uid)


def test_query_budget(client, calendar, token, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert fetch(client, ITEMS, token[1], **window(calendar)).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "start"),
        ({"start": "2026-12-01T00:00:00Z"}, "end"),
        ({"start": "demain", "end": "2026-12-02T00:00:00Z"}, "start"),
        ({"start": "2026-13-45T00:00:00Z", "end": "2026-12-02T00:00:00Z"}, "start"),
        ({"start": "2026-12-01T00:00:00", "end": "2026-12-02T00:00:00Z"}, "start"),
        ({"start": "2026-12-02T00:00:00Z", "end": "2026-12-01T00:00:00Z"}, "end"),
        ({"start": "2026-12-01T00:00:00Z", "end": "2026-12-01T00:00:00Z"}, "end"),
        ({"start": "2026-01-01T00:00:00Z", "end": "2026-06-01T00:00:00+02:00"}, "end"),
        ({"start": "2026-12-01T00:00:00Z", "end": "2026-12-02T00:00:00Z", "page": "2"}, "page"),
    ],
)
@pytest.mark.parametrize("path", [ITEMS, ICS])
def test_a_bad_window_is_a_400_problem(client, calendar, token, params, field, path):
    response = fetch(client, path, token[1], **params)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 400 and field in body["errors"]
    assert "items" not in body and "BEGIN:VCALENDAR" not in response.content.decode()
    assert_matches_schema(response, path)


def test_a_repeated_parameter_is_a_400(client, calendar, token):
    response = client.get(
        f"{ITEMS}?start=2026-12-01T00:00:00Z&start=2026-12-02T00:00:00Z&end=2026-12-03T00:00:00Z",
        HTTP_AUTHORIZATION=f"Bearer {token[1]}",
    )
    assert response.status_code == 400
    assert "start" in response.json()["errors"]


def test_an_offset_window_is_read_as_the_instant_it_names(client, calendar, token):
    start = calendar["now"].astimezone(datetime.timezone(datetime.timedelta(hours=5)))
    params = {"start": start.isoformat(), "end": instant(calendar["end"])}
    assert fetch(client, ITEMS, token[1], **params).json() == (
        fetch(client, ITEMS, token[1], **window(calendar)).json()
    )
