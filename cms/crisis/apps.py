from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    """Crisis alerts, published through the fast-track crisis workflow."""

    name = "cms.crisis"
    label = "crisis"
    verbose_name = _("Alertes de crise")
