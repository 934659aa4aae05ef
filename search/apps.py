from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Public full-text search over the delivery store (docs/search.md)."""

    name = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from cms.publishing import pipeline
        from search import indexing, tasks

        # The database index is written in the transaction that writes each document.
        pipeline.AFTER_CHANGE.append(indexing.after_change)
        # The cluster's, when one is configured, through an outbox job (search.tasks).
        pipeline.AFTER_CHANGE.append(tasks.after_change)
