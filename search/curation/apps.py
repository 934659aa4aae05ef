from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """Synonyms and best bets of the public search, managed by the chief editors."""

    name = "search.curation"
    label = "search_curation"
    verbose_name = _("Recherche : outils éditoriaux")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.workflows import roles

        # Only the Rédaction's chief editors (and administrators) manage them.
        roles.register_model_permissions(
            roles.CHIEF_EDITORS,
            [
                (self.label, f"{action}_{model}")
                for model in ("synonymgroup", "bestbet")
                for action in ("add", "change", "delete", "view")
            ],
        )
