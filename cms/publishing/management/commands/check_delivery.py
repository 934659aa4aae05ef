"""``manage.py check_delivery``: every difference between the editorial side and the store."""

from django.core.management.base import BaseCommand, CommandError

from cms.delivery.models import Document
from cms.publishing import documents


class Command(BaseCommand):
    help = (
        "Renders every source as it stands and compares it with the delivery store; prints "
        "each difference and exits with status 1 if there is any."
    )

    def handle(self, *args, **options):
        keys = {(source, pk) for source, every in documents.SOURCES.items() for pk in every()}
        for key in Document.objects.values_list("key", flat=True).iterator():
            source, pk = key.split(":")
            keys.add((source, int(pk)))
        found = []
        for source, pk in sorted(keys):
            found.extend(documents.differences(source, pk))
        for line in found:
            self.stdout.write(line)
        if found:
            raise CommandError(
                f"{len(found)} difference(s) between the editorial side and the store."
            )
        self.stdout.write(f"Delivery store up to date: {len(keys)} sources checked.")
