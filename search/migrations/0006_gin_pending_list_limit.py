"""PostgreSQL: the pending list of each GIN index of the entries capped at 64 kB.

A GIN index takes new rows into an unsorted pending list (the "fast update" technique),
which every search scans in full until VACUUM, or an insert past the limit, merges it
into the index; at PostgreSQL's default limit (4 MB) a rebuild or a busy day of
publications leaves thousands of entries there (a one-word search scanned 18,740 of
them in 2.8 ms, during a rebuild: docs/performance.md, "Public search"). At the 64 kB
minimum, inserts merge it every few hundred entries: searches scan a few pages at most,
for inserts about a fifth slower. PostgreSQL documentation, "GIN Fast Update Technique".
"""

from django.db import migrations

INDEXES = (
    "search_entry_vector",
    "search_entry_title_trgm",
    "search_entry_ministry_ids",
    "search_entry_topic_ids",
)
#: Kilobytes (PostgreSQL's smallest allowed value).
LIMIT = 64


def cap(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = {LIMIT})")
            schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def uncap(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_entry_filters")]

    operations = [migrations.RunPython(cap, uncap)]
