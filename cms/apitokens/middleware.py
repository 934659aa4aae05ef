"""Redacts credentials sent in a URL's query string, before anything can log them.

Django logs the request of every 4xx/5xx (``django.request``, with the request object,
which error reporters such as ``AdminEmailHandler`` print with its query string). On the
paths of the token-authenticated APIs (setting ``API_TOKEN_PATH_PREFIXES``, such as
``"/api/planner/"``), this middleware, early in ``MIDDLEWARE``, replaces the value of any
credential parameter (``token=``, ``access_token=``…) by ``REDACTED``; the parameter's
name stays, so the API can still refuse the request (``APITokenAuthentication``). Other
paths are left alone (a preview token in a URL is another mechanism's). The web server's
access log is upstream of Django: see docs/api.md.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.conf import settings

#: Query parameters taken for credentials, whatever their case and value.
CREDENTIAL_PARAMETERS = frozenset({"token", "access_token", "api_key", "apikey", "key"})
REDACTED = "REDACTED"


def is_credential(name: str) -> bool:
    return name.lower() in CREDENTIAL_PARAMETERS


class RedactCredentialsInURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Read once: the middleware runs on every request, the public API's included.
        self.prefixes = tuple(settings.API_TOKEN_PATH_PREFIXES)

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query and request.path_info.startswith(self.prefixes):
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(is_credential(name) for name, _value in pairs):
                request.META["QUERY_STRING"] = urlencode(
                    [(name, REDACTED if is_credential(name) else value) for name, value in pairs]
                )
                request.__dict__.pop("GET", None)  # parsed again from the redacted string
        return self.get_response(request)
