"""/api/v1/news/ and /api/v1/news/<id>/: filters, order, cursor pagination, detail states."""

import datetime
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.utils import timezone

import pytest

from cms.delivery.models import Document, State
from cms.publishing import pipeline
from news import services
from news.models import NewsPageMinistry, NewsPageTopic
from tests.delivery.api_support import PROBLEM, assert_matches_schema, publish, stored
from tests.factories import (
    GovernmentFactory,
    MinistryNewsPageFactory,
    NewsPageFactory,
    TopicFactory,
)
from tests.factories.pages import translate_section

NOW = timezone.now()


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


# -- Filters through the real pipeline ----------------------------------------------------


@pytest.fixture
def filed(news_index, ministry_section):
    """Items filed under a ministry and topics, published through the pipeline."""
    health = ministry_section.ministry
    topic, other_topic = TopicFactory(), TopicFactory()
    plain = NewsPageFactory(parent=news_index, live=False, kind="communique")
    linked = NewsPageFactory(parent=news_index, live=False, kind="actualite")
    NewsPageMinistry.objects.create(page=linked, ministry=health)
    NewsPageTopic.objects.create(page=linked, topic=topic)
    own = MinistryNewsPageFactory(parent=ministry_section, live=False)
    NewsPageTopic.objects.create(page=own, topic=other_topic)
    for page in (plain, linked, own):
        publish(page)
    return {
        "ministry": health,
        "topic": topic,
        "plain": plain,
        "linked": linked,
        "own": own,
        "section": ministry_section,
    }


def test_listing_is_newest_first_and_matches_schema(client, filed):
    response = client.get("/api/v1/news/")
    assert ids(response) == [filed["own"].pk, filed["linked"].pk, filed["plain"].pk]
    assert response.json()["next"] is None
    assert_matches_schema(response, "/api/v1/news/")


def test_ministry_filter_keeps_the_identity_across_renames(client, filed):
    ministry = filed["ministry"]
    key = str(ministry.translation_key)
    assert ids(client.get(f"/api/v1/news/?ministry={key}")) == [
        filed["own"].pk,
        filed["linked"].pk,
    ]
    ministry.name = "Ministère renommé"
    ministry.save()
    for page in ("own", "linked"):
        pipeline.run("page", filed[page].pk)
    response = client.get(f"/api/v1/news/?ministry={key.replace('-', '').upper()}")
    assert ids(response) == [filed["own"].pk, filed["linked"].pk]
    names = {item["ministries"][0]["name"] for item in response.json()["results"]}
    assert names == {"Ministère renommé"}


def test_ministry_filter_is_the_same_in_every_language(client, filed, english):
    translated = translate_section(filed["section"], english)
    for page in (translated.get_parent().get_parent(), translated.get_parent(), translated):
        publish(page.specific)
    english_item = MinistryNewsPageFactory(parent=translated, live=False, locale=english)
    publish(english_item)
    key = str(filed["ministry"].translation_key)
    assert ids(client.get(f"/api/v1/news/?ministry={key}&locale=en")) == [english_item.pk]
    assert filed["own"].pk in ids(client.get(f"/api/v1/news/?ministry={key}"))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=communique", ["plain"]),
        ("kind=discours", []),
        ("topic={topic}", ["linked"]),
        ("topic={topic}&ministry={ministry}", ["linked"]),
        ("locale=en", []),
        ("published_after={today}", ["own", "linked", "plain"]),
        ("published_before={today}", []),
        ("published_after={yesterday}&published_before={tomorrow}", ["own", "linked", "plain"]),
    ],
)
def test_filters(client, filed, query, expected):
    today = timezone.localdate()
    query = query.format(
        topic=filed["topic"].translation_key,
        ministry=filed["ministry"].translation_key,
        today=today,
        yesterday=today - datetime.timedelta(days=1),
        tomorrow=today + datetime.timedelta(days=1),
    )
    response = client.get(f"/api/v1/news/?{query}")
    assert ids(response) == [filed[name].pk for name in expected]
    assert_matches_schema(response, "/api/v1/news/")


def test_government_filter(client, news_index):
    government = GovernmentFactory(start_date=datetime.date(2020, 1, 1))
    page = publish(NewsPageFactory(parent=news_index, live=False))
    assert ids(client.get(f"/api/v1/news/?government={government.pk}")) == [page.pk]
    assert ids(client.get(f"/api/v1/news/?government=0{government.pk}")) == [page.pk]
    assert ids(client.get(f"/api/v1/news/?government={government.pk + 1}")) == []


# -- Pagination ---------------------------------------------------------------------------


def test_cursor_pagination_walks_every_item_once(client, db):
    # Three items share an instant: the id breaks the tie.
    moments = [NOW - datetime.timedelta(hours=h) for h in (1, 2, 2, 2, 3, 4, 5)]
    for number, moment in enumerate(moments, start=1):
        stored(number, moment)
    seen, url, pages = [], "/api/v1/news/?limit=2&kind=actualite", 0
    while url:
        response = client.get(url)
        assert_matches_schema(response, "/api/v1/news/")
        seen += ids(response)
        url = response.json()["next"]
        if url:
            query = parse_qs(urlsplit(url).query)
            assert query["limit"] == ["2"] and query["kind"] == ["actualite"]
        pages += 1
    assert seen == [1, 4, 3, 2, 5, 6, 7]
    assert pages == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's DateStyle")
def test_pages_walk_the_same_whatever_the_servers_date_style(client, db):
    """The listing reads its instants as text (cms.delivery.reads.as_text): a server set
    to another DateStyle must give the same pages, cursors and expiry cap."""
    moments = [
        NOW - datetime.timedelta(hours=h, microseconds=m) for h, m in ((1, 0), (2, 5), (2, 7))
    ]
    for number, moment in enumerate(moments, start=1):
        stored(number, moment, expires_at=timezone.now() + datetime.timedelta(seconds=30))
    with connection.cursor() as cursor:
        cursor.execute("SET DateStyle = 'German, DMY'")
    seen, url = [], "/api/v1/news/?limit=1"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert int(response["Cache-Control"].split("max-age=")[1]) <= 30
        seen += ids(response)
        url = response.json()["next"]
    assert seen == [1, 2, 3]


def test_limit_bounds_the_page(client, db):
    for number in range(1, 26):
        stored(number, NOW - datetime.timedelta(minutes=number))
    assert len(ids(client.get("/api/v1/news/"))) == 20
    assert len(ids(client.get("/api/v1/news/?limit=100"))) == 25
    assert ids(client.get("/api/v1/news/?limit=1")) == [1]


def test_listing_leaves_out_withdrawn_gone_expired_and_other_languages(client, db):
    stored(1, NOW - datetime.timedelta(hours=1))
    stored(2, NOW - datetime.timedelta(hours=2), state=State.WITHDRAWN)
    stored(3, NOW - datetime.timedelta(hours=3), state=State.GONE)
    stored(4, NOW - datetime.timedelta(hours=4), expires_at=NOW - datetime.timedelta(seconds=1))
    stored(5, NOW - datetime.timedelta(hours=5), locale="en")
    stored(6, NOW - datetime.timedelta(hours=6), expires_at=NOW + datetime.timedelta(days=1))
    assert ids(client.get("/api/v1/news/")) == [1, 6]
    assert ids(client.get("/api/v1/news/?locale=en")) == [5]


# -- Detail -------------------------------------------------------------------------------


def test_detail_of_a_public_item(client, filed):
    response = client.get(f"/api/v1/news/{filed['linked'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == filed["linked"].title
    assert body["withdrawn"] is None
    assert [m["id"] for m in body["ministries"]] == [str(filed["ministry"].translation_key)]
    assert_matches_schema(response, "/api/v1/news/{id}/")


def test_withdrawn_item_answers_200_with_its_notice(client, site):
    page = publish(NewsPageFactory(parent=site["pages"]["news_index"], live=False))
    services.withdraw(page, reason="Informations dépassées.", user=site["users"]["chief"])
    pipeline.run("page", page.pk)
    assert Document.objects.get(key=f"page:{page.pk}").state == State.WITHDRAWN
    response = client.get(f"/api/v1/news/{page.pk}/")
    assert response.status_code == 200
    assert response.json()["withdrawn"]["reason"] == "Informations dépassées."
    assert_matches_schema(response, "/api/v1/news/{id}/")
    assert page.pk not in ids(client.get("/api/v1/news/"))


def test_gone_item_answers_410(client, news_index):
    page = publish(NewsPageFactory(parent=news_index, live=False, title="Retiré du site"))
    page.unpublish()
    pipeline.run("page", page.pk)
    response = client.get(f"/api/v1/news/{page.pk}/")
    assert response.status_code == 410
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "https://gouvernail.gouv.fr/problems/gone"
    assert "Retiré du site" not in response.content.decode()
    assert_matches_schema(response, "/api/v1/news/{id}/")


def test_item_past_its_expiry_answers_410_even_before_the_job(client, db):
    stored(1, NOW - datetime.timedelta(days=1), expires_at=NOW - datetime.timedelta(seconds=1))
    response = client.get("/api/v1/news/1/")
    assert response.status_code == 410
    assert "Item 1" not in response.content.decode()


def test_unknown_and_never_public_items_answer_404(client, news_index):
    draft = NewsPageFactory(parent=news_index, live=False, title="Brouillon")
    pipeline.run("page", draft.pk)
    for pk in (draft.pk, 999_999, 10**30):
        response = client.get(f"/api/v1/news/{pk}/")
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        assert "Brouillon" not in response.content.decode()
    assert_matches_schema(response, "/api/v1/news/{id}/")


def test_the_detail_is_keyed_by_public_id_not_another_kind(client, db):
    Document.objects.create(
        key="crisis_alert:5",
        kind="crisis_alert",
        public_id="5",
        locale="fr",
        body="{}",
        etag="x",
        modified_at=NOW,
    )
    assert client.get("/api/v1/news/5/").status_code == 404


def test_facet_filtered_pages_follow_the_listing_order(client, db):
    """Filtered listings read the facet's own copy of the order (Facet.published_at)."""
    ministry, topic = "6f1c0c52-53a4-4b8e-9c39-2f4f3c7a9d10", "0b7a5c3e-2d1f-4e6a-8b9c-7d5e3f1a2b4c"
    moments = [NOW - datetime.timedelta(hours=h) for h in (1, 2, 2, 2, 3, 4, 5, 6)]
    for number, moment in enumerate(moments, start=1):
        stored(
            number,
            moment,
            ministries=(ministry,) if number != 5 else (),
            topics=(topic,) if number % 2 else (),
            state=State.GONE if number == 7 else State.PUBLIC,
        )
    for query, expected in [
        (f"ministry={ministry}", [1, 4, 3, 2, 6, 8]),
        (f"ministry={ministry}&topic={topic}", [1, 3]),
        (f"topic={ministry}", []),
        (f"ministry={ministry}&published_after={NOW.date() + datetime.timedelta(days=2)}", []),
    ]:
        seen, url = [], f"/api/v1/news/?limit=2&{query}"
        while url:
            response = client.get(url)
            seen += ids(response)
            url = response.json()["next"]
        assert seen == expected, query
