"""``manage.py rebuild_delivery``: render every source again and bring the store up to date."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.delivery import generations
from cms.delivery.models import Document
from cms.publishing import documents, pipeline

#: Sources rendered per transaction: one commit per item would cost most of the time on
#: PostgreSQL; the documents' locks are held until their batch commits (a second or so),
#: and each kind's generation is bumped once, at the end of the batch.
BATCH = 100


class Command(BaseCommand):
    help = (
        "Renders every public item again into the delivery store (with a progress line), "
        "tombstones what is no longer public, then prints how many items per second."
    )

    def handle(self, *args, **options):
        keys = [(source, pk) for source, every in documents.SOURCES.items() for pk in every()]
        # Stored documents whose source no longer exists: their sync tombstones them.
        listed = {documents.key_of(source, pk) for source, pk in keys}
        for key in Document.objects.values_list("key", flat=True).iterator():
            if key not in listed:
                source, pk = key.split(":")
                keys.append((source, int(pk)))
        total, written, started = len(keys), 0, time.monotonic()
        changed = (documents.Outcome.WRITTEN, documents.Outcome.TOMBSTONED)
        for first in range(0, total, BATCH):
            with transaction.atomic(), generations.deferred():
                for source, pk in keys[first : first + BATCH]:
                    written += pipeline.run(source, pk, inline=True).outcome in changed
            done = min(first + BATCH, total)
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stderr.write(f"\r  {done} / {total} ({rate:.0f}/s)", ending="")
        elapsed = time.monotonic() - started
        self.stderr.write("")
        self.stdout.write(
            f"Delivery store rebuilt: {total} sources, {written} documents changed, "
            f"{elapsed:.1f} s ({total / max(elapsed, 1e-6):.0f} per second)."
        )
