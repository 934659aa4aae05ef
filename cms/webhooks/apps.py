from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhook subscriptions, their deliveries and the log of them (``cms.webhooks``)."""

    name = "cms.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from cms.publishing.pipeline import AFTER_CHANGE
        from cms.scheduling import services
        from cms.webhooks import deliveries, events

        # After the CDN purge (registered by cms.publishing, installed before this app).
        AFTER_CHANGE.append(events.after_change)
        # publish_due (cron, --every on SQLite) sends what is due without a job queue.
        services.AFTER_SWEEP.append(deliveries.catch_up)
