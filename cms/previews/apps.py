from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreviewsConfig(AppConfig):
    """Previews of drafts through the public serializer: the admin's DSFR page and the
    front ends' headless preview (``docs/architecture.md``, "Previews")."""

    name = "cms.previews"
    label = "previews"
    verbose_name = _("Aperçus")

    def ready(self):
        from cms.pages import PREVIEW_MODES, PreviewMode
        from cms.previews import views

        PREVIEW_MODES["dsfr"] = PreviewMode(_("Aperçu DSFR"), views.dsfr_preview)
        PREVIEW_MODES["headless"] = PreviewMode(_("Aperçu sur le site"), views.headless_preview)
