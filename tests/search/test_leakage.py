"""Nothing that is not public is ever found: the leakage matrix's world (one item per
editorial state, put there through Wagtail's own paths, the pipeline run as in
production: ``tests/delivery/leakage_states.py``) searched for each item's markers."""

from __future__ import annotations

from django.utils import timezone

import pytest

from cms.delivery.models import Document, Kind
from search.backends import get_backend
from search.backends.database import visible
from search.models import Entry
from tests.delivery.leakage_states import build_world, built_once
from tests.delivery.test_leakage import STATES
from tests.search.conftest import keys, search

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_world)


@pytest.mark.parametrize("state", [state.name for state in STATES])
def test_no_marker_of_an_item_not_listed_is_found(world, state):
    item = world.items[state]
    for marker in (*item.secrets, *item.unlisted):
        if "/" in marker:
            continue  # a file's storage name: not text
        found = search(marker)
        assert found.hits == [] and found.total == 0, (state, marker)
        assert get_backend().autocomplete(marker, "", 10) == [], (state, marker)


@pytest.mark.parametrize("state", [state.name for state in STATES if state.detail == 200])
def test_a_listed_item_is_found_and_an_unlisted_one_is_not(world, state):
    item = world.items[state]
    key = f"page:{item.page.pk}"
    assert (key in keys(search(item.public_title, page_size=50))) is item.listed, state


def test_the_index_finds_exactly_the_listed_news_and_videos(world):
    listed = Document.objects.listed().filter(kind__in=(Kind.NEWS, Kind.VIDEO))
    found = visible(Entry.objects.all(), timezone.now()).values_list("key", flat=True)
    # An item's attachments are keyed "<item key>/file:<id>".
    assert {key.split("/")[0] for key in found} == set(listed.values_list("key", flat=True))
    assert search("", page_size=50).total == len(found)
    assert Entry.objects.filter(type="video").exists()


def test_a_public_video_is_found_by_its_title_and_captions(world):
    item = world.items["video_live"]
    video_key = f"video:{item.video.pk}"
    found = search("vidéo publique plan")
    assert video_key in keys(found)
    hit = found.hits[keys(found).index(video_key)]
    assert hit.type == "video"
    assert hit.url == Document.objects.get(key=f"page:{item.page.pk}").url
    # The French caption track's text ("Bonjour à toutes et à tous.").
    assert video_key in keys(search("bonjour", filters={"type": ("video",)}, page_size=50))
