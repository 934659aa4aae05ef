from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    """Resumable uploads (tus 1.0.0) of large files into the admin, for the feature apps
    (``cms.uploads``; docs/videos.md, "Resumable uploads")."""

    name = "cms.uploads"
    label = "uploads"
    verbose_name = _("Téléversements")

    def ready(self):
        from cms.uploads.signal_handlers import register_signal_handlers

        register_signal_handlers()
