"""``manage.py reindex``: rebuild the public search index from the delivery store."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = (
        "Rebuilds the database search index from the delivery store's public items, in one "
        "transaction (with a progress line), then prints how many items per second."
    )

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r  {done} / {total}", ending="")

        report = indexing.rebuild_database(progress)
        self.stderr.write("")
        seconds = report["seconds"]
        self.stdout.write(
            f"Database search index rebuilt: {report['entries']} items from "
            f"{report['documents']} documents, {seconds:.1f} s "
            f"({report['documents'] / max(seconds, 1e-6):.0f} per second)."
        )
