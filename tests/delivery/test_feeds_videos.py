"""/api/v1/feeds/videos.rss and videos.atom: RSS 2.0 and Atom feeds of the public videos,
parsed back with feedparser (``cms.delivery.feeds``), from video documents written
straight into the store as the pipeline writes them."""

import datetime
import json
import uuid

from django.utils import timezone

import feedparser
import pytest

from cms.delivery.models import Document, Kind, State
from tests.delivery.api_support import PROBLEM, assert_matches_schema
from tests.delivery.video_support import MINISTRY, stored_video

pytestmark = pytest.mark.django_db

RSS, ATOM = "/api/v1/feeds/videos.rss", "/api/v1/feeds/videos.atom"
TYPES = {RSS: "application/rss+xml; charset=utf-8", ATOM: "application/atom+xml; charset=utf-8"}
# Fixed identifiers: they name parametrized tests (xdist workers must collect alike).
TOPIC = "6f1c2b7e-0000-4000-8000-000000000003"
UNKNOWN = "6f1c2b7e-0000-4000-8000-000000000009"


def parsed(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def organisation(kind: str, public_id: str, name: str) -> Document:
    """A ministry or topic document, as the listings and feeds name them."""
    return Document.objects.create(
        key=f"{kind}:{public_id}:fr",
        kind=kind,
        public_id=public_id,
        locale="fr",
        body=json.dumps({"id": public_id, "name": name}),
        etag=uuid.uuid4().hex,
        modified_at=timezone.now(),
    )


@pytest.fixture
def library():
    now = timezone.now()
    return [
        stored_video(1, now - datetime.timedelta(days=3), topics=(TOPIC,)),
        stored_video(2, now - datetime.timedelta(days=2), language="en", poster=False),
        stored_video(3, now - datetime.timedelta(days=1), renditions=()),
    ]


@pytest.mark.parametrize(("url", "version"), [(RSS, "rss20"), (ATOM, "atom10")])
def test_a_feed_parses_back_with_every_video(client, library, url, version):
    response = client.get(url)
    feed = parsed(response)
    assert feed.version == version
    assert feed.feed.title == "Vidéos du Gouvernement"
    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == ["Vidéo 3", "Vidéo 2", "Vidéo 1"]
    assert [entry.id for entry in feed.entries] == [
        f"tag:gouvernail.gouv.fr,2026:videos/{n}" for n in (3, 2, 1)
    ]
    assert feed.entries[2].link == "http://localhost:8000/embed/videos/1/"
    assert feed.entries[2].summary == "<p>Description de la vidéo 1.</p>"
    assert {tag.term for tag in feed.entries[2].tags} == {"Ministère de la Santé", "Santé"}
    assert response["Content-Type"] == TYPES[url]
    assert response["Surrogate-Key"].split()[:2] == ["api", "videos"]
    assert_matches_schema(response, url)


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_the_largest_rendition_is_enclosed_and_the_poster_is_the_thumbnail(client, library, url):
    entries = {entry.title: entry for entry in parsed(client.get(url)).entries}
    (enclosure,) = entries["Vidéo 1"].enclosures
    assert enclosure.href == "http://localhost:8000/media/videos/renditions/v1-1080.mp4"
    assert enclosure.type == "video/mp4"
    assert int(enclosure.length) == 1920 * 10_000
    (thumbnail,) = entries["Vidéo 1"].media_thumbnail
    assert thumbnail["url"] == "http://localhost:8000/media/renditions/poster-1.large.webp"
    assert (thumbnail["width"], thumbnail["height"]) == ("1600", "900")
    assert "media_thumbnail" not in entries["Vidéo 2"]  # no poster
    assert not entries["Vidéo 3"].enclosures  # no file: no enclosure


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_filters_narrow_the_feed_and_name_it(client, library, url):
    organisation(Kind.MINISTRY, MINISTRY, "Ministère de la Santé")
    organisation(Kind.TOPIC, TOPIC, "Prévention")
    feed = parsed(client.get(f"{url}?ministry={MINISTRY}&topic={TOPIC}"))
    assert [entry.title for entry in feed.entries] == ["Vidéo 1"]
    assert feed.feed.title == "Vidéos – Ministère de la Santé – Prévention"
    english = parsed(client.get(f"{url}?language=en"))
    assert [entry.title for entry in english.entries] == ["Vidéo 2"]
    assert english.feed.title == "French Government videos"
    assert english.feed.language == "en"


@pytest.mark.parametrize("url", [RSS, ATOM])
@pytest.mark.parametrize(
    "state, expired", [(State.GONE, False), (State.WITHDRAWN, False), (State.PUBLIC, True)]
)
def test_no_tombstone_withdrawn_or_expired_video_in_a_feed(client, library, url, state, expired):
    now = timezone.now()
    stored_video(
        9,
        now,
        title="Ne doit pas paraître",
        state=state,
        expires_at=now - datetime.timedelta(seconds=1) if expired else None,
    )
    response = client.get(url)
    assert "Ne doit pas paraître" not in response.content.decode()
    assert len(parsed(response).entries) == 3


@pytest.mark.parametrize("url", [RSS, ATOM])
@pytest.mark.parametrize(
    "query, status, parameter",
    [
        (f"ministry={UNKNOWN}", 404, None),
        (f"topic={UNKNOWN}", 404, None),
        ("ministry=sante", 400, "ministry"),
        ("language=de", 400, "language"),
        ("locale=fr", 400, "locale"),
        ("limit=10", 400, "limit"),
    ],
)
def test_refused_feeds(client, library, url, query, status, parameter):
    response = client.get(f"{url}?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    if parameter:
        assert list(response.json()["errors"]) == [parameter]
    assert_matches_schema(response, url)


def test_a_feed_answers_304_to_its_etag(client, library):
    response = client.get(RSS)
    assert client.get(RSS, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_a_feed_costs_two_queries(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the channel, the page with its generation
        assert client.get(ATOM).status_code == 200
