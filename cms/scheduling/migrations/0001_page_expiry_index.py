"""An index for the sweep's query of due expiries (``wagtailcore_page`` is Wagtail's table).

Without it, every sweep (every minute) scans the whole page table. Partial: only the few
pages with an expiry are in it. PostgreSQL and SQLite both take this SQL.
"""

from django.db import migrations

INDEX = "scheduling_page_expire_at"


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON wagtailcore_page (expire_at) WHERE expire_at IS NOT NULL",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
