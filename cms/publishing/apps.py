from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The publication pipeline: editorial events to jobs that write the delivery store."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("Publication")

    def ready(self):
        from cms.publishing import (  # noqa: F401 (register the page renderer, the purge)
            pages,
            purge,
        )
        from cms.publishing.signal_handlers import register_signal_handlers

        register_signal_handlers()
