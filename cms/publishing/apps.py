from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The publication pipeline: editorial events to jobs that write the delivery store."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("Publication")

    def ready(self):
        from cms.publishing import pages  # noqa: F401 (registers the page renderer)
        from cms.publishing.pipeline import sweep
        from cms.publishing.signal_handlers import register_signal_handlers
        from cms.scheduling import services

        register_signal_handlers()
        # publish_due (cron, the every-minute task, --every on SQLite) keeps the store current.
        services.AFTER_SWEEP.append(sweep)
