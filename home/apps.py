from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The root of each language's tree and its "À la une" selection."""

    name = "home"
    verbose_name = _("Accueil")
