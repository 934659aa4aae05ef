"""The news listing's per-process cache of rendered pages (``cms.delivery.rendered``),
checked against the store's generation (``cms.delivery.generations``).

Each write is looked at through the cache: the listing is asked twice before it (the
second answer comes from the cache) and twice after.
"""

import datetime
import json
import threading

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

import pytest

from cms.delivery import generations, reads, rendered
from cms.delivery.models import Document, Generation, Kind
from news.models import NewsPageMinistry
from news.services import withdraw
from tests.delivery.api_support import stored
from tests.factories import MinistryFactory, NewsPageFactory
from tests.scheduling.conftest import on_postgresql

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LISTING = "/api/v1/news/"


def listed(client, url: str = LISTING) -> list[dict]:
    """The entries of ``url``, asked twice: the second answer is the cached one."""
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200, first.content
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    return second.json()["results"]


def ids(client, url: str = LISTING) -> list[int]:
    return [item["id"] for item in listed(client, url)]


@pytest.fixture
def published(deliver, news_index):
    def published(**fields):
        page = NewsPageFactory(parent=news_index, live=False, **fields)
        with deliver():
            page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    return published


def test_a_publication_shows_in_the_next_listing(client, published):
    first = published(title="Premier")
    assert ids(client) == [first.pk]
    assert len(rendered.listings.entries) == 1
    second = published(title="Second")
    assert ids(client) == [second.pk, first.pk]


def test_an_unpublication_leaves_the_next_listing(client, published, deliver):
    kept, removed = published(), published()
    assert ids(client) == [removed.pk, kept.pk]
    with deliver():
        removed.unpublish()
    assert ids(client) == [kept.pk]


def test_a_withdrawal_leaves_the_next_listing(client, published, deliver):
    kept, withdrawn = published(), published()
    assert ids(client) == [withdrawn.pk, kept.pk]
    editor = get_user_model().objects.create_superuser("chef", password="x")
    with deliver():
        withdraw(withdrawn, reason="Informations dépassées", user=editor)
    assert ids(client) == [kept.pk]


def test_a_renamed_ministry_shows_in_the_next_listing(client, news_index, published, deliver):
    ministry = MinistryFactory(name="Ministère de la Santé")
    item = NewsPageFactory(parent=news_index, live=False)
    NewsPageMinistry.objects.create(page=item, ministry=ministry)
    with deliver():
        item.save_revision().publish()
    url = f"{LISTING}?ministry={ministry.translation_key}"
    assert listed(client, url)[0]["ministries"][0]["name"] == "Ministère de la Santé"
    with deliver():
        ministry.name = "Ministère de la Santé et des Solidarités"
        ministry.save()
    names = [entry["ministries"][0]["name"] for entry in listed(client, url)]
    assert names == ["Ministère de la Santé et des Solidarités"]


def test_an_entry_past_its_expiry_is_not_served_from_the_cache(client, monkeypatch):
    stored(1, NOW - datetime.timedelta(hours=2))
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    stored(2, NOW - datetime.timedelta(hours=1), expires_at=in_an_hour)
    assert ids(client) == [2, 1]
    # An hour and a half later; no write since: the generation is the same.
    later = timezone.now() + datetime.timedelta(minutes=90)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert ids(client) == [1]


def test_the_next_pages_probe_expiring_renders_the_page_again(client, monkeypatch):
    """The page's ``next`` link depends on the row after it: its expiry counts too."""
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    stored(1, NOW - datetime.timedelta(hours=2), expires_at=in_an_hour)
    stored(2, NOW - datetime.timedelta(hours=1))
    first = client.get(f"{LISTING}?limit=1").json()
    assert [item["id"] for item in first["results"]] == [2]
    assert first["next"] is not None
    later = timezone.now() + datetime.timedelta(minutes=90)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(f"{LISTING}?limit=1").json()["next"] is None


def test_a_hit_is_one_query_a_first_miss_one_a_stale_miss_two(client, django_assert_num_queries):
    stored(1, NOW - datetime.timedelta(hours=1))
    with django_assert_num_queries(1):  # nothing kept: the page and its generation
        client.get(LISTING)
    with django_assert_num_queries(1):  # kept: the generation only
        client.get(LISTING)
    stored(2, NOW)
    with django_assert_num_queries(2):  # kept but stale: the generation, then the page
        assert [item["id"] for item in client.get(LISTING).json()["results"]] == [2, 1]
    with django_assert_num_queries(1):
        client.get(LISTING)


def test_conditional_requests_on_hits(client):
    stored(1, NOW - datetime.timedelta(hours=1))
    first = client.get(LISTING)
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        again = client.get(LISTING, headers=headers)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]
        assert again["Cache-Control"] == first["Cache-Control"]
        assert again["Surrogate-Key"] == first["Surrogate-Key"]
    stored(2, NOW)
    changed = client.get(LISTING, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_the_cache_disabled_reads_every_page(client, settings, django_assert_num_queries):
    settings.API_LISTING_CACHE_SIZE = 0
    stored(1, NOW - datetime.timedelta(hours=1))
    for _ in range(2):
        with django_assert_num_queries(1):
            assert ids_of(client.get(LISTING)) == [1]
    assert rendered.listings.entries == {}
    stored(2, NOW)
    assert ids_of(client.get(LISTING)) == [2, 1]


def ids_of(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def test_the_cache_keeps_at_most_its_size(client, settings):
    settings.API_LISTING_CACHE_SIZE = 2
    stored(1, NOW - datetime.timedelta(hours=1))
    for limit in (1, 2, 3):
        client.get(f"{LISTING}?limit={limit}")
    assert len(rendered.listings.entries) == 2
    # The oldest went first.
    assert [key[2] for key in rendered.listings.entries] == ["limit=2", "limit=3"]


def test_refused_queries_are_never_kept(client):
    for _ in range(2):
        assert client.get(f"{LISTING}?limit=0").status_code == 400
        assert client.get(f"{LISTING}?colour=blue").status_code == 400
    assert rendered.listings.entries == {}


def test_pages_are_kept_per_host(client, settings):
    """The ``next`` link is absolute: a page asked under another host is its own."""
    settings.ALLOWED_HOSTS = ["testserver", "api.example.org"]
    stored(1, NOW - datetime.timedelta(hours=2))
    stored(2, NOW - datetime.timedelta(hours=1))
    here = client.get(f"{LISTING}?limit=1").json()["next"]
    there = Client(HTTP_HOST="api.example.org").get(f"{LISTING}?limit=1").json()["next"]
    assert here.startswith("http://testserver/")
    assert there.startswith("http://api.example.org/")


def test_a_write_stamped_earlier_still_moves_the_generation(client):
    """A transaction that began before the last write and commits after it: its instant
    is older, yet the listing changes (the generation's number moved) and its
    ``Last-Modified`` never goes back."""
    stored(1, NOW - datetime.timedelta(hours=2))
    first = client.get(LISTING)
    assert ids_of(client.get(LISTING)) == [1]
    stored(2, NOW - datetime.timedelta(hours=1))
    Document.objects.filter(public_id="2").update(modified_at=NOW - datetime.timedelta(days=1))
    again = client.get(LISTING)
    assert ids_of(again) == [2, 1]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["ETag"] != first["ETag"]


def test_every_document_write_bumps_its_kind(db):
    start = reads.generation(Kind.NEWS).number
    document = stored(1, NOW - datetime.timedelta(hours=1))  # insert
    document.state = "gone"
    document.save()  # update
    Document.objects.filter(pk=document.pk).update(state="public")  # bulk update
    Document.objects.filter(pk=document.pk).delete()  # bulk delete
    assert reads.generation(Kind.NEWS).number == start + 4
    assert reads.generation(Kind.MINISTRY).number == 0


def test_a_batch_bumps_once_per_kind_at_its_end(db):
    with transaction.atomic(), generations.deferred():
        stored(1, NOW - datetime.timedelta(hours=2))
        stored(2, NOW - datetime.timedelta(hours=1))
        assert reads.generation(Kind.NEWS).number == 0
    generation = Generation.objects.get(kind=Kind.NEWS)
    assert generation.number == 1
    latest = Document.objects.order_by("-modified_at").first().modified_at
    assert generation.modified_at == latest


def test_a_failed_batch_bumps_nothing(db):
    with pytest.raises(RuntimeError), transaction.atomic(), generations.deferred():
        stored(1, NOW)
        raise RuntimeError("batch failed")
    assert reads.generation(Kind.NEWS).number == 0


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_of_a_kind_leave_its_generation_monotonic(restored_after_flush):
    """The first writer holds the kind's row until it commits: the second, stamped
    earlier, waits, then counts after it, and the instant never goes back."""
    stored(1, NOW - datetime.timedelta(hours=3))
    start = Generation.objects.get(kind=Kind.NEWS)
    soon = timezone.now()
    late, early = soon + datetime.timedelta(hours=2), soon + datetime.timedelta(hours=1)
    seen = {}

    def second_writer():
        try:
            with transaction.atomic():
                stored(3, NOW - datetime.timedelta(hours=1))
                Document.objects.filter(public_id="3").update(modified_at=early)
                seen["second"] = Generation.objects.get(kind=Kind.NEWS).number
        finally:
            connection.close()

    with transaction.atomic():
        stored(2, NOW - datetime.timedelta(hours=2))
        Document.objects.filter(public_id="2").update(modified_at=late)
        writer = threading.Thread(target=second_writer)
        writer.start()
        with connection.cursor() as cursor:  # wait until the second writer waits for it
            for _ in range(10_000):
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"
                )
                if cursor.fetchone()[0]:
                    break
            else:
                pytest.fail("the second writer never waited for the generation's row")
        assert "second" not in seen
        first = Generation.objects.get(kind=Kind.NEWS).number
    writer.join(timeout=30)

    final = Generation.objects.get(kind=Kind.NEWS)
    assert start.number < first < seen["second"] == final.number
    assert final.modified_at == late
    # The listing reads the same generation, and shows both writes.
    response = Client().get(LISTING)
    assert [item["id"] for item in response.json()["results"]] == [3, 2, 1]
    assert json.loads(response.content)["next"] is None
