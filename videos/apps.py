from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    """The interministerial video library (built in a later issue)."""

    name = "videos"
    verbose_name = _("Vidéothèque")
