from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class APITokensConfig(AppConfig):
    """API tokens for machine clients (the social-media planner…), managed in the admin."""

    name = "cms.apitokens"
    label = "apitokens"
    verbose_name = _("Jetons d'API")

    def ready(self):
        from cms.apitokens import schema  # noqa: F401 (registers the OpenAPI security scheme)
