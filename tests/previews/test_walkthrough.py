"""Issue 8's "Done when", walked through once with one item, as its users meet it.

An editor submits a government item under embargo; the chief editor reads its DSFR
preview from the moderation e-mail's link, a front end renders the draft through a
preview token, and the chief editor approves it in the admin. Until its go-live, the
social-media planner sees it (flagged as embargoed, in JSON and in iCal) and nothing
public does: no API answer, no feed entry, no webhook. At its go-live, the webhook
receiver verifies a signed ``news.published`` message, and feed readers read the item
in each feed.

The quick start's wiring (no job queue: the pipeline runs after each commit, the
``publish_due`` sweep publishes what is due and sends the webhooks), whichever the
database.
"""

import datetime
import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import feedparser
import pytest
from icalendar import Calendar

from cms.scheduling.services import publish_due
from cms.webhooks.models import Event, Subscription
from cms.workflows import setup
from news.models import NewsPage
from news.social import Network
from tests.delivery.api_support import PROBLEM
from tests.forms import news_form_data
from tests.planner.conftest import make_token, post
from tests.previews.test_api import front_end_query
from tests.scheduling.conftest import move_instant
from tests.webhooks.conftest import send, serve
from tests.webhooks.test_events import verify

pytestmark = pytest.mark.django_db

TITLE = "Plan grand froid : les mesures de l'hiver"
CHAPO = "Le Gouvernement active le plan grand froid dans douze départements."
ADMIN_LINK = re.compile(r"https?://[^/\s\"']+(/admin/[^\s\"'<>]*)")
FEEDS = ["/api/v1/feeds/news.rss", "/api/v1/feeds/news.atom"]


def feed_titles(url: str, **params) -> list[str]:
    response = Client().get(url, params)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [entry.title for entry in parsed.entries]


@pytest.fixture
def endpoint(settings):
    """A webhook receiver on this machine (private addresses and plain HTTP allowed)."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    server = serve()
    yield server
    server.shutdown()
    server.server_close()


def test_an_embargoed_item_from_review_to_every_output(
    client, site, endpoint, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_BACKEND = "none"
    setup.setup_workflows()
    users = site["users"]
    chief = users["chief"]
    for user in users.values():
        user.email = f"{user.username}@sig.gouv.fr"
        user.save()
    subscription = Subscription.objects.create(
        name="info.gouv.fr", url=endpoint.url, events=list(Event.values)
    )
    planner = make_token(users["social"])[1]
    page = NewsPage.objects.get(pk=site["pages"]["government_draft"].pk)
    embargo = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        second=0, microsecond=0
    )

    # The editor submits the item, under embargo until its go-live.
    client.force_login(users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            news_form_data(
                "submit",
                title=TITLE,
                slug="plan-grand-froid",
                chapo=CHAPO,
                embargo_until=embargo.strftime("%Y-%m-%d %H:%M"),
            ),
        )
    assert response.status_code == 302

    # The chief editor reads the DSFR preview from the e-mail's link.
    (message,) = [m for m in mail.outbox if chief.email in m.to]
    bodies = [message.body] + [content for content, _ in message.alternatives]
    task_state = NewsPage.objects.get(pk=page.pk).current_workflow_task_state
    preview_path = reverse(
        "wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id]
    )
    assert preview_path in {path for body in bodies for path in ADMIN_LINK.findall(body)}
    client.force_login(chief)
    response = client.get(preview_path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    text = response.content.decode()
    assert "<h1>Plan grand froid : les mesures de l&#x27;hiver</h1>" in text
    assert CHAPO in text
    assert "dsfr" in text  # the State's design system's stylesheet

    # A front end renders the draft through a preview token.
    token = front_end_query(
        client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]) + "?mode=headless")
    )["token"]
    draft = Client().get(f"/api/v1/preview/{page.pk}/", {"token": token})
    assert draft.status_code == 200
    assert (draft.json()["title"], draft.json()["chapo"]) == (TITLE, CHAPO)

    # The chief editor approves it: it is scheduled for its embargo's end.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
            {"comment": "Validé après lecture de l'aperçu."},
        )
    assert response.status_code in (200, 302), response.content[:500]
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    revision = page.scheduled_revision
    assert revision is not None
    slot = embargo + datetime.timedelta(minutes=5)
    post(page, Network.X, at=slot, text="Le plan grand froid est activé.")

    # The planner tool builds the week: the item is there, flagged as embargoed.
    week = {
        "start": timezone.now().isoformat(),
        "end": (timezone.now() + datetime.timedelta(days=7)).isoformat(),
    }
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {planner}"}
    items = Client().get("/api/planner/items", week, **bearer)
    assert items.status_code == 200
    (item,) = [entry for entry in items.json()["items"] if entry["title"] == TITLE]
    assert (item["state"], item["embargo"]) == ("scheduled", True)
    assert item["public_url"] is None
    calendar = Client().get("/api/planner/calendar.ics", week, **bearer)
    assert calendar.status_code == 200
    (event,) = [
        event
        for event in Calendar.from_ical(calendar.content).walk("VEVENT")
        if TITLE in str(event["SUMMARY"])
    ]
    assert event.decoded("DTSTART") == slot
    assert "Sous embargo jusqu'au" in str(event["DESCRIPTION"])

    # Nothing public before the go-live: no answer, no feed entry, no webhook.
    before = Client().get(f"/api/v1/news/{page.pk}/")
    assert before.status_code == 404
    assert before["Content-Type"] == PROBLEM
    assert TITLE not in before.content.decode()
    for url in FEEDS:
        assert TITLE not in feed_titles(url)
    send()
    assert endpoint.requests == []

    # The go-live: the receiver verifies a signed message, readers read each feed.
    move_instant(revision, timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_due().published == 1
    send()
    (request,) = endpoint.requests
    assert verify(subscription.secret, request["headers"], request["body"])
    (message,) = endpoint.messages()
    assert message["type"] == "news.published"
    assert message["data"]["document"]["title"] == TITLE
    live = Client().get(f"/api/v1/news/{page.pk}/")
    assert live.status_code == 200
    assert live.json()["title"] == TITLE
    for url in FEEDS:
        assert feed_titles(url)[0] == TITLE
        assert feed_titles(url, locale="fr")[0] == TITLE
