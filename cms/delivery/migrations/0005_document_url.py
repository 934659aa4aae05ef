from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Concat


def fill_urls(apps, schema_editor):
    """Documents written before this migration: ``FRONTEND_BASE_URL`` + their path, what
    the sitemap showed until now; ``rebuild_delivery`` then puts each on its own site's
    front end (``FRONTEND_BASE_URLS``)."""
    Document = apps.get_model("delivery", "Document")
    base = settings.FRONTEND_BASE_URL.rstrip("/")
    Document.objects.exclude(path="").update(
        url=Concat(Value(base), F("path"), output_field=models.CharField())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0004_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="url",
            field=models.CharField(blank=True, max_length=1024),
        ),
        migrations.RunPython(fill_urls, migrations.RunPython.noop),
    ]
