from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Project wiring: URLs, shared blocks, demo content."""

    name = "cms"
    verbose_name = _("Gouvernail")
