"""The facets as the public sees them: years in Paris time."""

from __future__ import annotations

import datetime
import importlib
import types

from django.apps import apps
from django.db import connection
from django.utils import timezone

import pytest

from cms.publishing import pipeline
from search.models import Entry
from tests.delivery.api_support import stored
from tests.search.conftest import key_of, keys, search

pytestmark = pytest.mark.django_db

#: 00:30 on 1 January 2026 in Paris.
NEW_YEAR_IN_PARIS = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)


def labelled(results, name: str) -> dict[str, tuple[str, int]]:
    return {value.value: (value.label, value.count) for value in results.facets[name]}


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
    migration = importlib.import_module("search.migrations.0003_entry_year_in_paris_time")
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
