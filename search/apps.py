from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Public full-text search (built in a later issue)."""

    name = "search"
    verbose_name = _("Recherche")
