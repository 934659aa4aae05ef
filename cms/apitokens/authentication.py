"""DRF authentication by API token: ``Authorization: Bearer <secret>`` (RFC 6750, 2.1).

A token in the query string (RFC 6750, 2.3) is refused with a 400: URLs end up in access
logs, proxies and browser histories (its value is already redacted by
``RedactCredentialsInURLMiddleware``). Nothing here logs the secret.
"""

from __future__ import annotations

from django.utils import timezone

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from cms.apitokens.middleware import is_credential
from cms.apitokens.models import APIToken, digest

KEYWORD = "Bearer"


class TokenInQueryString(exceptions.ValidationError):
    """A credential sent in the URL: refused before anything else (400)."""


class APITokenAuthentication(BaseAuthentication):
    """Authenticates a request by the ``Authorization: Bearer`` header.

    Returns ``(owner, token)``: DRF's ``request.user`` is the token's owner and
    ``request.auth`` the ``APIToken``. No header: ``None`` (DRF answers 401 with
    ``WWW-Authenticate: Bearer``). An unknown, expired or revoked token, or an inactive
    owner: ``AuthenticationFailed`` (401).
    """

    def authenticate(self, request):
        refused = [name for name in request.query_params if is_credential(name)]
        if refused:
            raise TokenInQueryString(
                {
                    name: [
                        "Credentials are never accepted in the URL: send the token in the "
                        "Authorization header (Bearer), and revoke this one, which may now "
                        "be in access logs."
                    ]
                    for name in sorted(refused)
                }
            )
        header = get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid Authorization header: expected 'Bearer <token>'."
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        token = (
            APIToken.objects.select_related("owner")
            .prefetch_related("ministries")
            .filter(key_hash=digest(secret))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("This token has expired.")
        if not token.owner.is_active:
            raise exceptions.AuthenticationFailed("The owner of this token is inactive.")
        token.touch(now)
        return token.owner, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class HasScope(BasePermission):
    """The view's ``required_scope`` must be among the token's scopes (else 403)."""

    message = "This token does not give access to this API."

    def has_permission(self, request, view):
        token = request.auth
        return isinstance(token, APIToken) and token.has_scope(view.required_scope)
