from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Government and ministry news, and the ministry sections."""

    name = "news"
    verbose_name = _("Actualités")

    def ready(self):
        from news import editorial  # noqa: F401 (registers the news rules of the editorial line)
        from news.signal_handlers import register_signal_handlers

        register_signal_handlers()
