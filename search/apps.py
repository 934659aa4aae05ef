from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Public full-text search over the delivery store (docs/search.md)."""

    name = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from django.db.backends.signals import connection_created

        from cms.publishing import pipeline
        from search import indexing, tasks

        # The SQLite typo fallback's score, a function of its SQL (PostgreSQL has pg_trgm).
        connection_created.connect(register_functions, dispatch_uid="search_functions")

        # The database index is written in the transaction that writes each document.
        pipeline.AFTER_CHANGE.append(indexing.after_change)
        # The cluster's, when one is configured, through an outbox job (search.tasks).
        pipeline.AFTER_CHANGE.append(tasks.after_change)


def register_functions(sender, connection, **kwargs):
    """``connection_created``: on SQLite, ``search_similarity(typed, title)``
    (``search.backends.database.similarity``)."""
    if connection.vendor == "sqlite":
        from search.backends.database import similarity

        connection.connection.create_function(
            "search_similarity", 2, similarity, deterministic=True
        )
