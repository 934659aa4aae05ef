"""The OpenAPI security scheme of ``APITokenAuthentication`` (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class APITokenScheme(OpenApiAuthenticationExtension):
    target_class = "cms.apitokens.authentication.APITokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token created in the admin (Paramètres > Jetons d'API), sent as "
                "`Authorization: Bearer <token>`; never in the URL."
            ),
        }
