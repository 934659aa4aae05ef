"""``manage.py reindex``: rebuild the public search indices from the delivery store."""

from django.core.management.base import BaseCommand, CommandError

from search import indexing, tasks
from search.backends import cluster


class Command(BaseCommand):
    help = (
        "Rebuilds the public search index from the delivery store's public items, with a "
        "progress line, then prints how many items per second: the database's (in one "
        "transaction), the cluster's (a new index, then an atomic alias swap), or both."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["database", "cluster", "all"],
            default="all",
            help="The index to rebuild; 'all' (default): the database's, and the cluster's "
            "when ELASTICSEARCH_URL or OPENSEARCH_URL is set.",
        )

    def handle(self, *args, backend: str, **options):
        configured = cluster.configured_flavour() is not None
        if backend == "cluster" and not configured:
            raise CommandError("No search cluster: set ELASTICSEARCH_URL or OPENSEARCH_URL.")
        if backend in ("database", "all"):
            report = indexing.rebuild_database(self.progress)
            self.stderr.write("")
            self.stdout.write(
                f"Database search index rebuilt: {report['entries']} items from "
                f"{report['documents']} documents, {self.rate(report)}."
            )
        if backend == "cluster" or (backend == "all" and configured):
            try:
                report = tasks.rebuild_cluster(self.progress)
            except cluster.ClusterError as error:
                raise CommandError(
                    f"The search cluster failed, its index is unchanged: {error}"
                ) from error
            self.stderr.write("")
            self.stdout.write(
                f"Cluster search index rebuilt: {report['items']} items from "
                f"{report['documents']} documents into {report['index']}, {self.rate(report)}."
            )

    def progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\r  {done} / {total}", ending="")

    @staticmethod
    def rate(report: dict) -> str:
        seconds = report["seconds"]
        return f"{seconds:.1f} s ({report['documents'] / max(seconds, 1e-6):.0f} per second)"
