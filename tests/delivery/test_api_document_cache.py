"""News details and path lookups kept rendered per process (``cms.delivery.rendered``),
checked against the store's generation: every change is seen by the next request."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from cms.delivery import rendered
from cms.delivery.models import Document, Kind, PathRedirect, State
from news.services import withdraw
from tests.delivery.api_support import PROBLEM, stored
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DETAIL = "/api/v1/news/{}/"
LOOKUP = "/api/v1/pages/?path={}"


def twice(client, url: str):
    """``url`` asked twice: the second answer is the kept one, and the same."""
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code
    assert first.content == second.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Surrogate-Key"):
        assert first.get(header) == second.get(header), header
    return second


@pytest.fixture
def published(deliver, news_index):
    def published(**fields):
        page = NewsPageFactory(parent=news_index, live=False, **fields)
        with deliver():
            page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    return published


@pytest.mark.parametrize("url", [DETAIL.format(1), LOOKUP.format("/actualites/item-1/")])
def test_a_hit_is_one_small_query_a_stale_entry_two(client, url, django_assert_num_queries):
    stored(1, NOW)
    with django_assert_num_queries(1):  # the document and the store's generation
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1) as queries:  # kept: the generation only
        assert client.get(url).status_code == 200
    assert "delivery_document" not in queries.captured_queries[0]["sql"]
    stored(2, NOW)  # any write of the store
    with django_assert_num_queries(2):  # kept but stale: the generation, the document
        assert client.get(url).status_code == 200
    assert len(rendered.documents.entries) == 1


def test_an_update_shows_in_the_next_detail_and_lookup(client, published, deliver):
    page = published(title="Premier titre")
    path = Document.objects.get(kind=Kind.NEWS, public_id=str(page.pk)).path
    detail, lookup = DETAIL.format(page.pk), LOOKUP.format(path)
    assert twice(client, detail).json()["title"] == "Premier titre"
    assert twice(client, lookup).json()["document"]["title"] == "Premier titre"
    page.title = "Titre corrigé"
    with deliver():
        page.save_revision().publish()
    assert twice(client, detail).json()["title"] == "Titre corrigé"
    assert twice(client, lookup).json()["document"]["title"] == "Titre corrigé"


@pytest.mark.parametrize("how", ["unpublish", "withdraw"])
def test_an_unpublication_or_withdrawal_shows_at_once(client, published, deliver, how):
    page = published(title="Bientôt retiré")
    detail = DETAIL.format(page.pk)
    assert twice(client, detail).json()["withdrawn"] is None
    with deliver():
        if how == "unpublish":
            page.unpublish()
        else:
            editor = get_user_model().objects.create_superuser("chef", password="x")
            withdraw(page, reason="Informations dépassées", user=editor)
    answer = twice(client, detail)
    if how == "unpublish":
        assert answer.status_code == 410
        assert answer["Content-Type"] == PROBLEM
        assert "Bientôt retiré" not in answer.content.decode()
    else:
        assert answer.status_code == 200
        assert answer.json()["withdrawn"]["reason"] == "Informations dépassées"


def test_a_kept_answer_past_its_expiry_is_gone(client, monkeypatch):
    stored(1, NOW, expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert twice(client, DETAIL.format(1)).status_code == 200
    assert twice(client, LOOKUP.format("/actualites/item-1/")).status_code == 200
    later = timezone.now() + datetime.timedelta(minutes=90)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write since
    for url in (DETAIL.format(1), LOOKUP.format("/actualites/item-1/")):
        answer = client.get(url)
        assert answer.status_code == 410
        assert "Item 1" not in answer.content.decode()


def test_a_gone_path_served_again_by_a_document_of_another_kind(client):
    """A 410 is kept while the store is unchanged; a write of any kind renews it."""
    stored(1, NOW, state=State.GONE, path="/rubrique/")
    gone = twice(client, LOOKUP.format("/rubrique/"))
    assert gone.status_code == 410
    assert gone["Content-Type"] == PROBLEM
    section = stored(2, NOW, path="/rubrique/")
    Document.objects.filter(pk=section.pk).update(kind=Kind.MINISTRY)
    answer = twice(client, LOOKUP.format("/rubrique/"))
    assert answer.status_code == 200
    assert answer.json()["kind"] == Kind.MINISTRY


def test_moves_unknown_paths_and_refusals_are_never_kept(client):
    moved = stored(1, NOW, path="/actualites/nouveau/")
    PathRedirect.objects.create(path="/actualites/ancien/", document=moved)
    assert twice(client, LOOKUP.format("/actualites/ancien/")).status_code == 301
    assert twice(client, LOOKUP.format("/nulle-part/")).status_code == 404
    assert twice(client, DETAIL.format(404)).status_code == 404
    assert twice(client, "/api/v1/pages/?path=sans-barre").status_code == 400
    assert rendered.documents.entries == {}


def test_conditional_requests_on_kept_answers(client):
    stored(1, NOW)
    first = client.get(DETAIL.format(1))
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        again = client.get(DETAIL.format(1), headers=headers)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]


def test_the_cache_disabled_or_full(client, settings, django_assert_num_queries):
    for number in (1, 2, 3):
        stored(number, NOW)
    settings.API_DOCUMENT_CACHE_SIZE = 0
    for _ in range(2):
        with django_assert_num_queries(1):
            assert client.get(DETAIL.format(1)).json()["id"] == 1
    assert rendered.documents.entries == {}
    settings.API_DOCUMENT_CACHE_SIZE = 2
    for number in (1, 2, 3):
        client.get(DETAIL.format(number))
    assert list(rendered.documents.entries) == [(Kind.NEWS, 2), (Kind.NEWS, 3)]
