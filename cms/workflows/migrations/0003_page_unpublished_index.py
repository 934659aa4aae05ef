"""An index of the unpublished pages, for the isolation filter of ministry users.

``isolation.visible_pages`` excludes the pages that are not live or have a pending change
of title (and lie outside the user's area): a few hundred among 100,000, found through
this partial index instead of a scan of ``wagtailcore_page`` (Wagtail's table). PostgreSQL
and SQLite both take this SQL.
"""

from django.db import migrations

INDEX = "workflows_page_unpublished"


class Migration(migrations.Migration):
    dependencies = [("workflows", "0002_tasks"), ("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON wagtailcore_page (id) WHERE NOT live OR draft_title <> title",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
