from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Punctual go-live and expiry: exact-time jobs and the safety-net sweep."""

    name = "cms.scheduling"
    label = "scheduling"
    verbose_name = _("Programmation")

    def ready(self):
        from cms.scheduling import indexing
        from cms.scheduling.signal_handlers import register_signal_handlers

        register_signal_handlers()
        indexing.register_signal_handlers()
