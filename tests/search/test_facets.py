"""The facets as the public sees them: kinds and languages labelled in French, the same
labels on both backends, years in Paris time, counts within the filters asked."""

from __future__ import annotations

import datetime
import importlib
import types

from django.apps import apps
from django.db import connection
from django.utils import timezone

import pytest

from cms.delivery.queries import NEWS_KIND_LABELS
from cms.publishing import pipeline
from news.models import NewsKind, NewsPageMinistry
from search import indexing
from search.backends import cluster_bodies
from search.models import Entry
from tests.delivery.api_support import stored
from tests.factories import MinistryFactory
from tests.search.conftest import key_of, keys, search

pytestmark = pytest.mark.django_db

#: 00:30 on 1 January 2026 in Paris.
NEW_YEAR_IN_PARIS = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)


def labelled(results, name: str) -> dict[str, tuple[str, int]]:
    return {value.value: (value.label, value.count) for value in results.facets[name]}


# Labels


def test_the_search_names_the_kinds_as_the_editors_do():
    """The store's vocabulary of kinds (read by the search, which may not import the
    editorial app) says what ``NewsKind`` says: the same values, the same names."""
    assert {value: str(label) for value, label in NEWS_KIND_LABELS.items()} == {
        kind.value: str(kind.label) for kind in NewsKind
    }


@pytest.fixture
def kinds_and_languages(db):
    """Entries of the store's documents: three kinds in French, a speech in English, and
    a kind and a language the vocabulary does not know."""
    now = timezone.now()
    documents = [
        ("fr", "communique"),
        ("fr", "communique"),
        ("fr", "compte_rendu_conseil"),
        ("en", "discours"),
        ("de", "tribune"),
    ]
    for number, (locale, kind) in enumerate(documents, start=1):
        indexing.index_document(
            stored(number, now - datetime.timedelta(days=number), locale=locale, news_kind=kind)
        )


def test_kinds_and_languages_are_labelled_in_french(kinds_and_languages):
    found = search("")
    assert labelled(found, "kind") == {
        "communique": ("Communiqué de presse", 2),
        "compte_rendu_conseil": ("Compte rendu du Conseil des ministres", 1),
        "discours": ("Discours", 1),
        # Outside the vocabulary: the value itself, never an error.
        "tribune": ("tribune", 1),
    }
    assert labelled(found, "locale") == {
        "fr": ("Français", 3),
        "en": ("English", 1),
        "de": ("de", 1),
    }
    assert labelled(found, "type") == {"news": ("actualité", 5)}
    # The filter still takes the value, not the label.
    assert search("", filters={"kind": ("Communiqué de presse",)}).total == 0
    assert search("", filters={"kind": ("communique",)}).total == 2


def test_the_cluster_labels_its_aggregations_as_the_database_does(kinds_and_languages):
    """The cluster's answer, made of the database's counts, reads back with the same
    labels (``cluster_bodies.facets_of``)."""
    expected = search("").facets
    aggregations = {
        name: {"buckets": [{"key": value.value, "doc_count": value.count} for value in values]}
        for name, values in expected.items()
        if name not in cluster_bodies.PAIR_FIELDS
    }
    read_back = cluster_bodies.facets_of(aggregations)
    for name in aggregations:
        assert read_back[name] == expected[name], name


def test_the_api_serves_the_labels(client, kinds_and_languages):
    response = client.get("/api/v1/search/?kind=communique,discours")
    assert response.status_code == 200
    facets = response.json()["facets"]
    assert facets["kind"] == [
        {"value": "communique", "label": "Communiqué de presse", "count": 2},
        {"value": "discours", "label": "Discours", "count": 1},
    ]
    assert facets["locale"] == [
        {"value": "fr", "label": "Français", "count": 2},
        {"value": "en", "label": "English", "count": 1},
    ]


# Years


@pytest.mark.parametrize(
    ("published_at", "year"),
    [
        # 23:59:59 on 31 December in Paris (UTC+1 in winter).
        (datetime.datetime(2025, 12, 31, 22, 59, 59, tzinfo=datetime.UTC), 2025),
        (NEW_YEAR_IN_PARIS, 2026),
        (datetime.datetime(2026, 1, 1, 0, 30, tzinfo=datetime.UTC), 2026),
    ],
)
def test_the_year_is_that_of_paris(published, published_at, year):
    page = published("Vœux du Gouvernement")
    type(page).objects.filter(pk=page.pk).update(first_published_at=published_at)
    pipeline.run("page", page.pk)
    assert Entry.objects.get(key=key_of(page)).year == year
    found = search("")
    assert labelled(found, "year") == {str(year): (str(year), 1)}
    assert keys(search("", filters={"year": (str(year),)})) == [key_of(page)]
    other = 2025 if year == 2026 else 2026
    assert search("", filters={"year": (str(other),)}).total == 0


def test_the_migration_files_existing_entries_under_the_year_of_paris(db):
    migration = importlib.import_module("search.migrations.0004_entry_year_in_paris_time")
    now = timezone.now()
    late = stored(1, NEW_YEAR_IN_PARIS)
    undated = stored(2, now)
    # As the UTC year filed it.
    Entry.objects.create(
        document=late,
        key=late.key,
        type="news",
        locale="fr",
        title="Vœux",
        published_at=NEW_YEAR_IN_PARIS,
        year=2025,
    )
    Entry.objects.create(document=undated, key=undated.key, type="news", locale="fr", title="?")
    migration.years_in_paris_time(apps, types.SimpleNamespace(connection=connection))
    assert dict(Entry.objects.values_list("key", "year")) == {late.key: 2026, undated.key: None}


# Counts with a filter


def test_counts_are_those_of_the_filtered_results(published):
    """Choosing a ministry counts, in every facet, the results it leaves: the other
    ministries show only the items they share with it (docs/api.md)."""
    health = MinistryFactory(name="Ministère de la Santé")
    army = MinistryFactory(name="Ministère des Armées")
    shared = published("Santé des soldats", kind="communique")
    alone = published("Service de santé des armées", kind="discours")
    NewsPageMinistry.objects.create(page=shared, ministry=health)
    NewsPageMinistry.objects.create(page=shared, ministry=army)
    NewsPageMinistry.objects.create(page=alone, ministry=army)
    for page in (shared, alone):
        pipeline.run("page", page.pk)
    health_id, army_id = str(health.translation_key), str(army.translation_key)

    everything = search("")
    assert {v.value: v.count for v in everything.facets["ministry"]} == {army_id: 2, health_id: 1}
    filtered = search("", filters={"ministry": (health_id,)})
    assert keys(filtered) == [key_of(shared)]
    assert {v.value: v.count for v in filtered.facets["ministry"]} == {health_id: 1, army_id: 1}
    assert {v.value: v.count for v in filtered.facets["kind"]} == {"communique": 1}


def test_a_filtered_search_ranks_the_newest_matches_of_the_filter(published, settings):
    """Filtered on a ministry (or a topic, or a year), the candidates are the filter's
    newest matches, sorted after they are read (PostgreSQL: ``sorted_after_reading``),
    as without a filter: newest first by date, the bound
    kept, the one beyond it making the answer approximate."""
    settings.SEARCH_CANDIDATES = 2
    culture = MinistryFactory(name="Ministère de la Culture")
    now = timezone.now()
    pages = []
    for days in (30, 10, 20, 5):
        page = published(f"Festival d'été, il y a {days} jours")
        NewsPageMinistry.objects.create(page=page, ministry=culture)
        pipeline.run("page", page.pk)
        Entry.objects.filter(key=key_of(page)).update(
            published_at=now - datetime.timedelta(days=days)
        )
        pages.append((days, page))
    published("Festival d'hiver, hors du ministère")
    ministry = {"ministry": (str(culture.translation_key),)}

    by_date = search("festival", filters=ministry, sort="date")
    newest_two = [key_of(page) for days, page in sorted(pages)[:2]]
    assert keys(by_date) == newest_two
    assert (by_date.total, by_date.approximate) == (2, True)
    by_relevance = search("festival", filters=ministry)
    assert sorted(keys(by_relevance)) == sorted(newest_two)
    this_year = {"year": (str(timezone.localtime(now).year),), **ministry}
    assert set(keys(search("festival", filters=this_year))) == set(newest_two)
