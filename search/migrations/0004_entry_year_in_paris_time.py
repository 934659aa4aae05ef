"""The entries' ``year`` in the site's time zone (``TIME_ZONE``, Paris), as
``IndexedItem.year`` now computes it: an item published on 31 December after 23:00 UTC
(midnight in Paris) was filed under the year before. One ``UPDATE``; the cluster's
index, if any, is corrected by ``manage.py reindex --backend cluster`` (docs/search.md).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models.functions import ExtractYear


def years_in_paris_time(apps, schema_editor):
    """Set every dated entry's ``year`` to that of its ``published_at`` in ``TIME_ZONE``."""
    Entry = apps.get_model("search", "Entry")
    Entry.objects.using(schema_editor.connection.alias).exclude(published_at=None).update(
        year=ExtractYear("published_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_file_text")]

    operations = [migrations.RunPython(years_in_paris_time, migrations.RunPython.noop)]
