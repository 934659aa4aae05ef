"""/api/v1/videos/ and /api/v1/videos/<id>/: the public videos of the store (``Kind.VIDEO``
documents of the agreed shape, written straight into the store as the pipeline writes
them): order, every filter, pagination, caching, every refused parameter, what is never
listed, the detail's 200/410/404, query budgets and the OpenAPI schema."""

import datetime
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

import pytest

from cms.delivery import rendered
from cms.delivery.models import Document, State
from tests.delivery.api_support import PROBLEM, assert_matches_schema, stored
from tests.delivery.video_support import MINISTRY, stored_video

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LIST, DETAIL, SCHEMA_DETAIL = "/api/v1/videos/", "/api/v1/videos/{}/", "/api/v1/videos/{id}/"
# Fixed identifiers: they name parametrized tests, which every xdist worker must collect
# alike.
OTHER_MINISTRY = "6f1c2b7e-0000-4000-8000-000000000002"
TOPIC = "6f1c2b7e-0000-4000-8000-000000000003"
OTHER_TOPIC = "6f1c2b7e-0000-4000-8000-000000000004"
UNKNOWN = "6f1c2b7e-0000-4000-8000-000000000009"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def at(day: str, hour: int = 12) -> datetime.datetime:
    """An instant of a Paris day (UTC+1 in winter)."""
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+01:00")


@pytest.fixture
def library():
    """Five public videos of varied ministry, topic, language, date and duration."""
    return {
        1: stored_video(1, at("2026-01-10"), duration=30, topics=(TOPIC,)),
        2: stored_video(2, at("2026-02-10"), duration=90, language="en"),
        3: stored_video(3, at("2026-03-10"), duration=600, ministry=OTHER_MINISTRY),
        4: stored_video(4, at("2026-04-10"), duration=61.5, topics=(TOPIC, OTHER_TOPIC)),
        5: stored_video(5, at("2026-05-10", 0), duration=None),  # 5 May 00:00 Paris
    }


def test_listing_is_newest_first_summaries_that_match_the_schema(client, library):
    response = client.get(LIST)
    assert ids(response) == [5, 4, 3, 2, 1]
    assert response.json()["next"] is None
    first = response.json()["results"][1]
    assert "transcript" not in first and "chapters" not in first
    assert first["embed"]["url"] == "http://localhost:8000/embed/videos/4/"
    assert first["renditions"][0]["type"] == "video/mp4"
    assert_matches_schema(response, LIST)
    assert response["Surrogate-Key"] == "api videos"


@pytest.mark.parametrize(
    "query, expected",
    [
        (f"ministry={MINISTRY}", [5, 4, 2, 1]),
        (f"ministry={OTHER_MINISTRY}", [3]),
        (f"ministry={UNKNOWN}", []),
        (f"topic={TOPIC}", [4, 1]),
        (f"topic={OTHER_TOPIC}", [4]),
        (f"ministry={MINISTRY}&topic={OTHER_TOPIC}", [4]),
        (f"ministry={OTHER_MINISTRY}&topic={TOPIC}", []),
        ("language=fr", [5, 4, 3, 1]),
        ("language=en", [2]),
        ("published_after=2026-03-10", [5, 4, 3]),
        ("published_before=2026-03-10", [2, 1]),
        ("published_after=2026-02-01&published_before=2026-04-01", [3, 2]),
        # Paris days: 5 May 00:00 in Paris is 4 May 23:00 UTC.
        ("published_after=2026-05-05", [5]),
        ("published_before=2026-05-05", [4, 3, 2, 1]),
        ("duration_min=60", [4, 3, 2]),
        ("duration_min=61.5", [4, 3, 2]),
        ("duration_max=61.5", [4, 1]),
        ("duration_min=0&duration_max=30", [1]),
        ("duration_min=60&duration_max=90", [4, 2]),
        ("duration_min=90&duration_max=90", [2]),
        (f"duration_min=60&language=fr&topic={TOPIC}", [4]),
    ],
)
def test_filters(client, library, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert ids(response) == expected
    assert_matches_schema(response, LIST)


def test_cursor_pagination_walks_every_video_once(client, library):
    url, seen = f"{LIST}?limit=2&duration_min=0", []
    while url:
        response = client.get(url)
        seen += ids(response)
        url = response.json()["next"]
        if url:
            query = parse_qs(urlsplit(url).query)
            assert query["limit"] == ["2"] and query["duration_min"] == ["0"]
    assert seen == [4, 3, 2, 1]


def test_the_same_instant_is_ordered_by_id(client, db):
    for number in (1, 2, 3):
        stored_video(number, at("2026-06-01"))
    first = client.get(f"{LIST}?limit=2")
    assert ids(first) == [3, 2]
    assert ids(client.get(first.json()["next"])) == [1]


@pytest.mark.parametrize(
    "state, expires_at",
    [
        (State.GONE, None),  # a tombstone: unpublished, deleted
        (State.PUBLIC, NOW - datetime.timedelta(seconds=1)),  # past its expiry (rights)
        (State.WITHDRAWN, None),
    ],
)
def test_never_listed_tombstones_expired_and_withdrawn_videos(client, library, state, expires_at):
    stored_video(9, NOW, state=state, expires_at=expires_at)
    assert 9 not in ids(client.get(LIST))
    assert 9 not in ids(client.get(f"{LIST}?ministry={MINISTRY}"))
    assert 9 not in ids(client.get(f"{LIST}?duration_min=0&language=fr"))


def test_news_are_never_videos_and_videos_never_news(client, library):
    stored(77, NOW)
    assert 77 not in ids(client.get(LIST))
    assert client.get(DETAIL.format(77)).status_code == 404
    assert client.get("/api/v1/news/1/").status_code == 404
    assert ids(client.get("/api/v1/news/")) == [77]


def test_an_expiring_video_leaves_the_listing_and_caches_stop_at_its_expiry(client, db):
    now = timezone.now()
    stored_video(
        1, now - datetime.timedelta(hours=1), expires_at=now + datetime.timedelta(seconds=30)
    )
    response = client.get(LIST)
    assert ids(response) == [1]
    assert 0 < int(response["Cache-Control"].split("max-age=")[1]) <= 30
    Document.objects.filter(key="video:1").update(expires_at=now - datetime.timedelta(seconds=1))
    assert ids(client.get(LIST)) == []


# -- Caching ------------------------------------------------------------------------------


def test_etag_last_modified_and_304(client, library):
    response = client.get(LIST)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(LIST, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(LIST, headers={"If-Modified-Since": modified}).status_code == 304
    stored_video(6, NOW)
    changed = client.get(LIST, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and ids(changed)[0] == 6
    assert changed["ETag"] != etag


def test_the_kept_page_is_not_the_news_one_and_follows_writes(client, library):
    """The per-process cache keeps pages by query string: the news' page with the same
    query is another entry, and a write of a video is seen at once."""
    stored(77, NOW)
    assert ids(client.get("/api/v1/news/?limit=5")) == [77]
    assert ids(client.get(f"{LIST}?limit=5")) == [5, 4, 3, 2, 1]
    assert ids(client.get("/api/v1/news/?limit=5")) == [77]
    assert len(rendered.listings.entries) == 2
    Document.objects.filter(key="video:5").update(state=State.GONE)
    assert ids(client.get(f"{LIST}?limit=5")) == [4, 3, 2, 1]


# -- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("colour=red", "colour"),
        ("locale=fr", "locale"),  # the news' parameter: videos have `language`
        ("kind=discours", "kind"),
        ("language=de", "language"),
        ("ministry=sante", "ministry"),
        ("topic=not-a-uuid", "topic"),
        ("published_after=2026-13-45", "published_after"),
        ("published_before=hier", "published_before"),
        ("published_after=1850-01-01", "published_after"),
        ("published_after=2026-03-01&published_before=2026-03-01", "published_before"),
        ("duration_min=-1", "duration_min"),
        ("duration_max=-0.5", "duration_max"),
        ("duration_min=abc", "duration_min"),
        ("duration_max=", "duration_max"),
        ("duration_min=nan", "duration_min"),
        ("duration_max=inf", "duration_max"),
        ("duration_min=1e400", "duration_min"),
        ("duration_min=90&duration_max=60", "duration_max"),
        ("duration_min=1&duration_min=2", "duration_min"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("cursor=forged", "cursor"),
        ("topic=" + "x" * 10_000, "topic"),
    ],
)
def test_bad_parameters_are_refused_with_a_problem(client, library, query, parameter):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "https://gouvernail.gouv.fr/problems/invalid-parameter"
    assert body["status"] == 400 and body["title"] and body["detail"]
    assert list(body["errors"]) == [parameter[:50]], body
    assert_matches_schema(response, LIST)


def test_a_cursor_of_the_news_listing_works_but_a_forged_one_does_not(client, library):
    """Cursors name an instant and an id; a signed one from the news is a valid position,
    an altered one is refused."""
    first = client.get(f"{LIST}?limit=1")
    cursor = parse_qs(urlsplit(first.json()["next"]).query)["cursor"][0]
    assert ids(client.get(f"{LIST}?limit=1&cursor={cursor}")) == [4]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert client.get(f"{LIST}?cursor={tampered}").status_code == 400


def test_other_methods_are_refused(client, library):
    response = client.post(LIST)
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET, HEAD"


# -- Detail -------------------------------------------------------------------------------


def test_detail_has_the_transcript_and_chapters_and_matches_the_schema(client, library):
    response = client.get(DETAIL.format(4))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == 4
    assert body["transcript"] == "Bonjour.\n\nCeci est la transcription."
    assert body["chapters"] == [{"start": 0.0, "title": "Introduction"}]
    assert body["duration"] == 61.5
    assert response["Surrogate-Key"] == "api video:4"
    assert_matches_schema(response, SCHEMA_DETAIL)
    again = client.get(DETAIL.format(4), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert_matches_schema(again, SCHEMA_DETAIL)


@pytest.mark.parametrize(
    "state, expires_at, status",
    [
        (State.GONE, None, 410),
        (State.PUBLIC, NOW - datetime.timedelta(seconds=1), 410),
        (State.PUBLIC, NOW + datetime.timedelta(days=1), 200),
    ],
)
def test_detail_of_a_video_no_longer_public_is_gone(client, db, state, expires_at, status):
    stored_video(8, state=state, expires_at=expires_at)
    response = client.get(DETAIL.format(8))
    assert response.status_code == status, response.content
    if status == 410:
        assert response["Content-Type"] == PROBLEM
        assert response.json()["type"] == "https://gouvernail.gouv.fr/problems/gone"
        assert "Vidéo" not in response.content.decode()  # nothing of the video
    assert_matches_schema(response, SCHEMA_DETAIL)


def test_detail_of_an_unknown_video_is_not_found(client, library):
    for path in (DETAIL.format(123456), DETAIL.format(0)):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
    assert_matches_schema(client.get(DETAIL.format(123456)), SCHEMA_DETAIL)
    assert client.get("/api/v1/videos/abc/").status_code == 404


def test_a_detail_kept_by_the_process_follows_a_tombstone(client, library):
    assert client.get(DETAIL.format(3)).status_code == 200
    assert client.get(DETAIL.format(3)).status_code == 200  # kept
    Document.objects.filter(key="video:3").update(state=State.GONE, body="{}")
    assert client.get(DETAIL.format(3)).status_code == 410


# -- Query budgets ------------------------------------------------------------------------


@pytest.fixture
def many(db):
    for number in range(1, 121):
        stored_video(
            number,
            NOW - datetime.timedelta(minutes=number),
            duration=number * 5,
            language="en" if number % 4 == 0 else "fr",
            ministry=MINISTRY if number % 2 else OTHER_MINISTRY,
            topics=(TOPIC,) if number % 3 else (),
        )


@pytest.mark.parametrize(
    "query",
    [
        "limit=1",
        "limit=100",
        "language=en&limit=100",
        f"ministry={MINISTRY}&limit=100",
        f"topic={TOPIC}&limit=100",
        f"ministry={MINISTRY}&topic={TOPIC}&duration_min=10&duration_max=400&limit=100",
        "published_after=2020-01-01&published_before=2099-01-01&limit=100",
    ],
)
def test_listing_budget(client, many, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(1):  # the page and the kind's generation
        response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    with django_assert_max_num_queries(1):  # kept: the generation only
        assert client.get(f"{LIST}?{query}").status_code == 200


def test_following_pages_budget(client, many, django_assert_max_num_queries):
    url = f"{LIST}?ministry={MINISTRY}&limit=10"
    for _ in range(3):
        with django_assert_max_num_queries(1):
            response = client.get(url)
        url = response.json()["next"]
        assert url


def test_detail_budget(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(DETAIL.format(7)).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(DETAIL.format(123456)).status_code == 404
