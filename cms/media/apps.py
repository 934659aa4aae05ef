from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """Credited images and described documents."""

    name = "cms.media"
    label = "media"
    verbose_name = _("Médias")
