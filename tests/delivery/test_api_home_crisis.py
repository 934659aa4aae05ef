"""/api/v1/home/ (« À la une ») and /api/v1/crisis-alert/ with its renderer
(``cms.publishing.crisis``)."""

import datetime

from django.utils import timezone

import pytest

from cms.crisis.models import CrisisAlert
from cms.delivery.models import Document, State
from cms.publishing import pipeline
from home.models import HomeFeaturedItem
from tests.delivery.api_support import assert_matches_schema, publish
from tests.factories import NewsPageFactory

NOW = timezone.now()


def test_home_shows_the_public_featured_items_in_order(client, home, news_index):
    first = publish(NewsPageFactory(parent=news_index, live=False, title="Premier"))
    second = publish(NewsPageFactory(parent=news_index, live=False, title="Second"))
    draft = NewsPageFactory(parent=news_index, live=False, title="Brouillon à la une")
    for order, page in enumerate((second, draft, first)):
        HomeFeaturedItem.objects.create(home=home, page=page, sort_order=order)
    publish(home)
    response = client.get("/api/v1/home/")
    assert response.status_code == 200
    assert_matches_schema(response, "/api/v1/home/")
    assert [item["title"] for item in response.json()["featured"]] == ["Second", "Premier"]
    assert "Brouillon à la une" not in response.content.decode()
    assert response["Surrogate-Key"] == "api home:fr"
    assert client.get("/api/v1/home/?locale=fr").content == response.content


def test_home_of_a_language_without_a_public_home_answers_404(client, home):
    publish(home)
    response = client.get("/api/v1/home/?locale=en")
    assert response.status_code == 404
    assert_matches_schema(response, "/api/v1/home/")


def alert(**fields) -> CrisisAlert:
    values = {
        "title": "Canicule",
        "level": "vigilance",
        "message": "Buvez de l'eau.",
        "link_url": "https://www.info.gouv.fr/canicule",
        "starts_at": NOW - datetime.timedelta(minutes=5),
    } | fields
    created = CrisisAlert.objects.create(**values, live=False)
    created.save_revision().publish()
    created.refresh_from_db()
    pipeline.run("crisis_alert", created.pk)
    return created


def answer(client, query: str = "") -> dict:
    response = client.get(f"/api/v1/crisis-alert/{query}")
    assert response.status_code == 200
    assert_matches_schema(response, "/api/v1/crisis-alert/")
    return response.json()


def test_no_alert_is_an_explicit_empty_answer(client, db):
    assert answer(client) == {"alert": None}


def test_the_active_alert_in_every_language(client, db):
    ends = NOW + datetime.timedelta(hours=2)
    active = alert(ends_at=ends)
    body = answer(client)["alert"]
    assert body["id"] == active.pk
    assert (body["title"], body["level"], body["locale"]) == ("Canicule", "vigilance", "fr")
    assert answer(client, "?locale=en")["alert"] == body
    assert Document.objects.get(key=f"crisis_alert:{active.pk}").expires_at == ends


def test_an_alert_to_come_a_draft_and_an_ended_one_are_not_served(client, db):
    alert(title="Plus tard", starts_at=NOW + datetime.timedelta(hours=1))
    alert(title="Finie", ends_at=NOW - datetime.timedelta(minutes=1))
    draft = CrisisAlert.objects.create(
        title="Brouillon", level="alerte", message="m", starts_at=NOW, live=False
    )
    pipeline.run("crisis_alert", draft.pk)
    assert answer(client) == {"alert": None}
    assert not Document.objects.filter(kind="crisis_alert").exists()


def test_an_alert_past_its_end_is_not_served_even_before_its_job(client, db):
    ended = alert()
    Document.objects.filter(key=f"crisis_alert:{ended.pk}").update(
        expires_at=NOW - datetime.timedelta(seconds=1)
    )
    assert answer(client) == {"alert": None}


def test_a_replaced_alert_becomes_a_tombstone(client, db):
    first = alert(title="Première")
    second = alert(title="Seconde")  # its publication ends the first one
    pipeline.run("crisis_alert", first.pk)
    assert Document.objects.get(key=f"crisis_alert:{first.pk}").state == State.GONE
    assert answer(client)["alert"]["id"] == second.pk


def test_the_newest_alert_wins_while_a_job_is_late(client, db):
    first = alert(title="Première")
    second = alert(title="Seconde")
    # The first one's job has not run: its document still says public.
    assert Document.objects.get(key=f"crisis_alert:{first.pk}").state == State.PUBLIC
    assert answer(client)["alert"]["id"] == second.pk


@pytest.mark.parametrize("conditional", ["If-None-Match", "If-Modified-Since"])
def test_the_end_of_an_alert_changes_the_validators(client, db, conditional):
    active = alert()
    # HTTP dates count whole seconds: the end comes in a later second than the start.
    Document.objects.update(modified_at=NOW - datetime.timedelta(seconds=10))
    first = client.get("/api/v1/crisis-alert/")
    CrisisAlert.objects.filter(pk=active.pk).update(ends_at=NOW)
    pipeline.run("crisis_alert", active.pk)
    value = first["ETag"] if conditional == "If-None-Match" else first["Last-Modified"]
    response = client.get("/api/v1/crisis-alert/", headers={conditional: value})
    assert response.status_code == 200
    assert response.json() == {"alert": None}


def test_an_alert_ending_before_its_job_moves_last_modified(client, db):
    active = alert()
    Document.objects.update(modified_at=NOW - datetime.timedelta(seconds=10))
    first = client.get("/api/v1/crisis-alert/")
    assert first.json()["alert"]["id"] == active.pk
    Document.objects.update(expires_at=timezone.now())  # ended; its job has not run
    response = client.get(
        "/api/v1/crisis-alert/", headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert response.status_code == 200
    assert response.json() == {"alert": None}
