"""Registers the API tokens' admin (Paramètres > Jetons d'API)."""

from wagtail import hooks

from cms.apitokens.views import APITokenViewSet


@hooks.register("register_admin_viewset")
def register_api_tokens():
    return APITokenViewSet()
