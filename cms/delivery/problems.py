"""Errors of the public API as RFC 9457 problem details (``application/problem+json``).

Every error of ``/api/`` answers with a body such as::

    {"type": "https://gouvernail.gouv.fr/problems/invalid-parameter",
     "title": "Invalid query parameter", "status": 400,
     "detail": "...", "instance": "/api/v1/news/?limit=abc",
     "errors": {"limit": ["A valid integer is required."]}}

``type`` is a stable URI per kind of problem (documented in docs/api.md); ``errors``
appears on 400s and maps each refused parameter to its messages.
"""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse

from rest_framework import exceptions, status
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://gouvernail.gouv.fr/problems/"

#: status -> (type slug, title)
PROBLEMS = {
    400: ("invalid-parameter", "Invalid query parameter"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    410: ("gone", "Gone"),
    429: ("too-many-requests", "Too many requests"),
    500: ("server-error", "Server error"),
    503: ("service-unavailable", "Service unavailable"),
}


def problem(
    status_code: int,
    detail: str,
    instance: str = "",
    errors: dict | None = None,
    headers: dict | None = None,
    **extra,
) -> HttpResponse:
    """A problem+json response of ``status_code`` (a key of ``PROBLEMS``)."""
    slug, title = PROBLEMS.get(status_code, PROBLEMS[500])
    body = {"type": TYPE_BASE + slug, "title": title, "status": status_code, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status_code, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class InvalidParameters(exceptions.ValidationError):
    """Refused query parameters: ``{"name": ["message", ...]}``."""


def handle_exception(exc, context):
    """DRF's exception handler, answering problem+json (settings ``EXCEPTION_HANDLER``)."""
    request = context.get("request")
    instance = request.get_full_path()[:2000] if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"query": exc.detail}
        return problem(400, "One or more query parameters are invalid.", instance, errors)
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in the public API", exc_info=exc)
        return problem(500, "The server could not answer this request.", instance)
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    code = response.status_code
    if code not in PROBLEMS:
        code = status.HTTP_400_BAD_REQUEST if 400 <= code < 500 else 500
    # DRF's headers (``Allow``, ``Retry-After``), not its content type.
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
    return problem(code, str(detail), instance, headers=headers)
