"""The first vertical slice: a news item published through Wagtail is served by the API."""

import pytest

from cms.delivery.models import Document, State
from tests.factories import NewsPageFactory


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


def test_published_item_is_listed_and_served(client, news_index, publish):
    page = publish(NewsPageFactory(parent=news_index, live=False, title="Plan eau"))
    NewsPageFactory(parent=news_index, live=False, title="Brouillon secret")

    listing = client.get("/api/v1/news/")
    assert listing.status_code == 200
    assert listing["Content-Type"] == "application/json"
    titles = [item["title"] for item in listing.json()["results"]]
    assert titles == ["Plan eau"]
    assert "Brouillon secret" not in listing.content.decode()

    detail = client.get(f"/api/v1/news/{page.pk}/")
    assert detail.status_code == 200
    assert detail.json()["title"] == "Plan eau"
    assert detail.json()["path"] == f"/actualites/{page.slug}/".replace(
        "/actualites/", f"/{news_index.slug}/"
    )


def test_unpublished_item_answers_410(
    client, news_index, publish, django_capture_on_commit_callbacks
):
    page = publish(NewsPageFactory(parent=news_index, live=False))
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert Document.objects.get(key=f"page:{page.pk}").state == State.GONE
    response = client.get(f"/api/v1/news/{page.pk}/")
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/news/").json()["results"] == []


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("limit=abc", "limit"),
        ("limit=100000", "limit"),
        ("limit=0", "limit"),
        ("colour=red", "colour"),
        ("cursor=forged", "cursor"),
        ("published_after=2026-13-45", "published_after"),
        ("topic=" + "x" * 10_000, "topic"),
    ],
)
def test_bad_parameters_answer_400_problem(client, db, query, parameter):
    response = client.get(f"/api/v1/news/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert parameter in body["errors"]
