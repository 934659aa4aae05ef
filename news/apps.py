from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Government and ministry news, and the ministry sections."""

    name = "news"
    verbose_name = _("Actualités")

    def ready(self):
        from cms.apitokens import scopes
        from cms.workflows import roles
        from news import editorial  # noqa: F401 (registers the news rules of the editorial line)
        from news.planner.views import PLANNER_SCOPE
        from news.signal_handlers import register_signal_handlers

        register_signal_handlers()
        scopes.register(PLANNER_SCOPE, _("Planificateur des réseaux sociaux (lecture)"))
        # The social-media posts: the SIG's social-media managers and each ministry's
        # community managers write them (docs/workflows.md).
        social_posts = [
            ("news", f"{action}_socialpost") for action in ("add", "change", "delete", "view")
        ]
        roles.register_model_permissions(roles.SOCIAL_MEDIA, social_posts)
        roles.register_model_permissions("community_managers", social_posts)
