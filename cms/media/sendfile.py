"""Sending a media file after its check: by the web server (``X-Accel-Redirect`` for
nginx, ``X-Sendfile`` for Apache's mod_xsendfile or lighttpd), or streamed by Django
with Range support (:mod:`cms.media.ranges`).

The handover header is ``MEDIA_SENDFILE_HEADER``; left empty, it is ``X-Accel-Redirect``
when ``MEDIA_ACCEL_REDIRECT_PREFIX`` is set, and Django streams the file otherwise
(development, tests). With a handover, the web server sends the body, honours ``Range``
and the conditional headers itself, and Django's worker is free at once. See
``docs/operations.md``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

from cms.media import ranges

ACCEL_REDIRECT = "X-Accel-Redirect"
X_SENDFILE = "X-Sendfile"


def handover_header() -> str:
    """The header handing files to the web server (:data:`ACCEL_REDIRECT` or
    :data:`X_SENDFILE`), or ``""`` when Django streams them."""
    if settings.MEDIA_SENDFILE_HEADER:
        return settings.MEDIA_SENDFILE_HEADER
    return ACCEL_REDIRECT if settings.MEDIA_ACCEL_REDIRECT_PREFIX else ""


def send_file(
    request: HttpRequest,
    path: str,
    *,
    content_type: str,
    attachment_filename: str | None = None,
) -> HttpResponseBase:
    """The answer to ``request`` (``GET`` or ``HEAD``) sending the file at the local
    ``path``, of type ``content_type``, inline, or as an attachment named
    ``attachment_filename`` (RFC 6266 ``Content-Disposition``).

    With a handover header: an empty 200 with ``X-Accel-Redirect: <prefix><path under
    MEDIA_ROOT>`` (raises ``ValueError`` for a path outside ``MEDIA_ROOT``) or
    ``X-Sendfile: <absolute path>``. Otherwise :func:`cms.media.ranges.stream` (200, 206,
    304, 412, 416). Raises ``Http404`` when there is no file at ``path``."""
    header = handover_header()
    if header:
        resolved = Path(path).resolve()
        if not resolved.is_file():
            raise Http404
        response = HttpResponse(content_type=content_type)
        if header == ACCEL_REDIRECT:
            relative = resolved.relative_to(Path(settings.MEDIA_ROOT).resolve())
            prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX.rstrip("/")
            response[header] = f"{prefix}/{quote(relative.as_posix())}"
        else:
            response[header] = str(resolved)
    else:
        response = ranges.stream(request, path, content_type=content_type)
    if response.status_code in (200, 206):
        response["Content-Disposition"] = (
            content_disposition_header(True, attachment_filename)
            if attachment_filename
            else "inline"
        )
    return response
