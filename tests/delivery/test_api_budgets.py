"""Query budgets of the public API (issue 7, Performance): a small constant number of
queries whatever the page size and the store's size."""

import datetime
import uuid

from django.db import connection
from django.utils import timezone

import pytest

from cms.delivery.models import PathRedirect
from tests.delivery.api_support import stored

NOW = timezone.now()
# Fixed identifiers: they name the parametrized tests, which must be the same in every
# pytest-xdist worker (bin/test -n).
MINISTRY = "6f1c0a52-3e1b-4d8e-9a47-1b2c3d4e5f60"
TOPIC = "0b7e4c9d-8a2f-4f61-b3d5-7c8e9f0a1b2c"


@pytest.fixture
def store(db):
    for number in range(1, 151):
        stored(
            number,
            NOW - datetime.timedelta(minutes=number),
            ministries=(MINISTRY,) if number % 2 else (),
            topics=(TOPIC,) if number % 3 else (),
            government="1",
            news_kind="communique" if number % 5 else "discours",
        )
    moved = stored(999, NOW, path="/actualites/nouveau/")
    PathRedirect.objects.create(path="/actualites/ancien/", document=moved)


LISTINGS = [
    "limit=1",
    "limit=100",
    "kind=communique&limit=100",
    f"ministry={MINISTRY}&limit=100",
    f"topic={TOPIC}&limit=100",
    f"ministry={MINISTRY}&topic={TOPIC}&limit=100",
    "government=1&limit=100",
    "locale=en&limit=100",
    "published_after=2020-01-01&published_before=2099-01-01&limit=100",
]


@pytest.mark.parametrize("query", LISTINGS)
def test_listing(client, store, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(1):  # the page and the kind's latest write
        response = client.get(f"/api/v1/news/?{query}")
    assert response.status_code == 200


def test_following_pages(client, store, django_assert_max_num_queries):
    url = f"/api/v1/news/?ministry={MINISTRY}&limit=10"
    for _ in range(3):
        with django_assert_max_num_queries(1):
            response = client.get(url)
        url = response.json()["next"]
        assert url


def test_detail(client, store, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/news/7/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/news/123456/").status_code == 404


@pytest.mark.parametrize(
    "path, status, budget",
    [
        ("/actualites/item-7/", 200, 1),
        ("/actualites/ancien/", 301, 2),  # then the former paths
        ("/nulle-part/", 404, 2),
    ],
)
def test_path_lookup(client, store, django_assert_max_num_queries, path, status, budget):
    with django_assert_max_num_queries(budget):
        assert client.get(f"/api/v1/pages/?path={path}").status_code == status


@pytest.mark.parametrize(
    "url, budget",
    [
        ("/api/v1/home/", 1),
        ("/api/v1/crisis-alert/", 2),
        ("/api/v1/ministries/", 1),
        ("/api/v1/topics/", 1),
        ("/api/v1/governments/", 1),
        ("/api/v1/sitemap.xml", 3),
    ],
)
def test_other_endpoints(client, store, django_assert_max_num_queries, url, budget):
    with django_assert_max_num_queries(budget):
        client.get(url)


PREPARED_URLS = [
    "/api/v1/news/?kind=discours&limit=100",  # 30 items: no `next` (its cursor is dated)
    f"/api/v1/news/?ministry={MINISTRY}&kind=discours&limit=100",
    f"/api/v1/news/?topic={uuid.uuid4()}",  # an empty page
    "/api/v1/news/7/",
    "/api/v1/news/123456/",
    "/api/v1/pages/?path=/actualites/item-7/",
]


def test_prepared_statements_answer_as_the_plain_sql(client, store, settings):
    """On PostgreSQL the reads are prepared once per connection (cms.delivery.reads):
    their answers are those of the same SQL unprepared, at the first and later runs."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    settings.API_PREPARED_STATEMENTS = False

    def answers():
        return [(r.status_code, r.content, r.get("ETag")) for r in map(client.get, PREPARED_URLS)]

    plain = answers()
    settings.API_PREPARED_STATEMENTS = True
    assert answers() == plain
    assert answers() == plain
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'api\\_%%'")
        names = {name for (name,) in cursor.fetchall()}
    assert len(names) >= 4  # detail, path, the plain and the faceted listing
