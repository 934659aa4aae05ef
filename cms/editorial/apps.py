from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editorial line: the rules every item meets before submission or publication."""

    name = "cms.editorial"
    label = "editorial"
    verbose_name = _("Ligne éditoriale")
