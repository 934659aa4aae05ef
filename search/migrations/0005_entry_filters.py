"""Entries read alone, with no join to the delivery store (docs/search.md, "Ranking"):

- the document's expiry copied on each entry (filled from the documents; entries of
  documents no longer public, which the pipeline never leaves, are deleted);
- the ids of the ministries and topics, filtered on through GIN indexes on PostgreSQL;
- indexes on the year and the kind, for filters on them.
"""

from django.db import migrations, models

FILL_EXPIRY = """
UPDATE search_entry SET expires_at = (
    SELECT expires_at FROM delivery_document WHERE delivery_document.id = search_entry.document_id
)
"""
PRUNE = """
DELETE FROM search_entry WHERE document_id IN (
    SELECT id FROM delivery_document WHERE state <> 'public'
)
"""
FILL_IDS = {
    "postgresql": """
        UPDATE search_entry SET
            ministry_ids = jsonb_path_query_array(ministries, '$[*][0]'),
            topic_ids = jsonb_path_query_array(topics, '$[*][0]')
    """,
    "sqlite": """
        UPDATE search_entry SET
            ministry_ids = (SELECT json_group_array(json_extract(value, '$[0]'))
                            FROM json_each(search_entry.ministries)),
            topic_ids = (SELECT json_group_array(json_extract(value, '$[0]'))
                         FROM json_each(search_entry.topics))
    """,
}
GIN = [
    "CREATE INDEX search_entry_ministry_ids ON search_entry USING gin (ministry_ids jsonb_path_ops)",
    "CREATE INDEX search_entry_topic_ids ON search_entry USING gin (topic_ids jsonb_path_ops)",
]


def create_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in GIN:
            schema_editor.execute(statement)


def fill_ids(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in FILL_IDS:
        schema_editor.execute(FILL_IDS[vendor])


def drop_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_ministry_ids")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_topic_ids")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_year_in_paris_time")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="entry",
            name="ministry_ids",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="entry",
            name="topic_ids",
            field=models.JSONField(default=list),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["year"], name="search_entry_year"),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["kind"], name="search_entry_kind"),
        ),
        # Indexes first: PostgreSQL creates none after rows changed in its transaction.
        migrations.RunPython(create_gin, drop_gin),
        migrations.RunSQL(FILL_EXPIRY, migrations.RunSQL.noop),
        migrations.RunSQL(PRUNE, migrations.RunSQL.noop),
        migrations.RunPython(fill_ids, migrations.RunPython.noop),
    ]
