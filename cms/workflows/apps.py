from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """Roles, moderation workflows and their tasks, notifications."""

    name = "cms.workflows"
    label = "workflows"
    verbose_name = _("Workflows de modération")

    def ready(self):
        from cms.workflows import reading
        from cms.workflows.signal_handlers import register_signal_handlers

        register_signal_handlers()
        reading.register()
