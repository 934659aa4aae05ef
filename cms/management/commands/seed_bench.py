"""``python manage.py seed_bench [--items N]``: bulk-insert news items for the benchmarks."""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from cms.demo.bench import BenchContentExists, seed_bench


class Command(BaseCommand):
    help = (
        "Ajoute N actualités (100 000 par défaut) pour les bancs d'essai : 60 % "
        "d'actualités gouvernementales, 40 % d'actualités ministérielles réparties sur "
        "7 rubriques, dont des brouillons, des publications programmées (certaines sous "
        "embargo) et des dépublications programmées. Refuse de s'exécuter deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=100_000, help="Nombre d'actualités.")

    def handle(self, *args, items: int, verbosity: int = 1, **options):
        if items < 10:
            raise CommandError("Il faut au moins 10 actualités.")
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        started = time.monotonic()

        def progress(written: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {written} / {items}")

        try:
            summary = seed_bench(items, on_progress=progress)
        except BenchContentExists as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Banc d'essai : {summary.total} actualités créées en "
                f"{time.monotonic() - started:.0f} s ({summary.government} gouvernementales, "
                f"{summary.ministry} ministérielles ; {summary.drafts} brouillons, "
                f"{summary.scheduled} programmées dont {summary.embargoed} sous embargo, "
                f"{summary.expiring} à dépublier)."
            )
        )
