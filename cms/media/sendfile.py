"""Sending a media file: by the web server after the check (``X-Accel-Redirect``), or
streamed by Django.

Wagtail's ``wagtail.utils.sendfile.sendfile`` sets the type, disposition and length
headers; its backend sends the body. This backend hands the file to the web server when
``MEDIA_ACCEL_REDIRECT_PREFIX`` is set (nginx's ``X-Accel-Redirect``: the server serves
the file from an ``internal`` location mapped to ``MEDIA_ROOT``, so Django's worker is
free at once), and otherwise streams it as Wagtail's streaming backend does (development,
tests). See ``docs/operations.md``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

from wagtail.utils import sendfile_streaming_backend


def sendfile(request, filename: str, **kwargs) -> HttpResponse:
    """A response for the file at the local path ``filename`` (under ``MEDIA_ROOT``):
    an empty one with ``X-Accel-Redirect: <prefix>/<path under MEDIA_ROOT>`` when the
    prefix is set, the streamed file otherwise (with ``If-Modified-Since`` honoured).
    Raises ``ValueError`` for a path outside ``MEDIA_ROOT``."""
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if not prefix:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = HttpResponse()
    response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(relative.as_posix())}"
    return response
