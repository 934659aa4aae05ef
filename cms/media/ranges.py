"""Streaming a file from Django with conditional and single-range requests (RFC 9110).

Used by :mod:`cms.media.sendfile` when no web server takes the transfer over
(development, tests). Django's ``FileResponse`` and Wagtail's streaming ``sendfile``
backend always send the whole file: a browser seeking in a video, and Safari before it
plays one at all, asks for ``Range: bytes=…`` and needs ``206 Partial Content``.

What is supported:

- Validators: a strong ``ETag`` (``"<mtime hex>-<size hex>"``, nginx's form, so that a
  client keeps the same validator in development and behind nginx) and
  ``Last-Modified``; ``If-Match``, ``If-Unmodified-Since``, ``If-None-Match`` and
  ``If-Modified-Since`` through Django's ``get_conditional_response`` (304, 412).
- ``Range`` on ``GET`` (RFC 9110 §14.2 defines range handling for GET only: a ``HEAD``
  answers the headers of the whole file): one ``bytes`` range, in any of its three forms
  (``a-b``, ``a-``, ``-n``), answered ``206`` with ``Content-Range``. A range that starts
  at or after the end of the file, or ``-0``, is unsatisfiable: ``416`` with
  ``Content-Range: bytes */<size>``. Several ranges (``bytes=0-1,5-9``), another unit,
  or a malformed header are answered with the whole file (``200``), which the RFC allows
  ("a server MAY ignore the Range header field"): no ``multipart/byteranges``.
- ``If-Range`` (RFC 9110 §13.1.5): the range is served only if the validator is the
  response's strong ``ETag`` or exactly its ``Last-Modified`` date; otherwise the whole
  file, ``200``.
- ``Accept-Ranges: bytes`` on every answer.

The body is read in chunks of at most :data:`CHUNK_SIZE` bytes while it is sent: a
2 GB video never sits in memory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

#: Largest piece of a file read and sent at once, in bytes.
CHUNK_SIZE = 64 * 1024

_RANGE_SPEC = re.compile(r"^(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` of a file, both included (RFC 9110's ``first-pos`` and
    ``last-pos``), in a file of ``size`` bytes."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        """Number of bytes in the range."""
        return self.end - self.start + 1

    @property
    def content_range(self) -> str:
        """The ``Content-Range`` header value of a 206 answer."""
        return f"bytes {self.start}-{self.end}/{self.size}"


class RangeNotSatisfiable(Exception):
    """A valid single ``bytes`` range none of whose bytes the file has (answer 416)."""


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The range of a file of ``size`` bytes asked by the ``Range`` header value
    ``header``, clipped to the file, or ``None`` to send the whole file (no header, a
    unit other than ``bytes``, a malformed header, several ranges, or a suffix range
    covering the whole file of ``size`` 0). Raises :class:`RangeNotSatisfiable` for a
    single range that starts at or after ``size`` or the empty suffix ``-0``
    (RFC 9110 §14.1.2)."""
    if not header:
        return None
    unit, _, ranges = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    specs = [spec.strip() for spec in ranges.split(",")]
    if len(specs) != 1:
        return None
    match = _RANGE_SPEC.match(specs[0])
    if match is None or match.group(0) == "-":
        return None
    first, last = match.groups()
    if not first:  # suffix-range: the last ``last`` bytes
        suffix = int(last)
        if suffix == 0:
            raise RangeNotSatisfiable
        if size == 0:
            return None
        return ByteRange(max(size - suffix, 0), size - 1, size)
    start = int(first)
    if last and int(last) < start:
        return None  # an invalid range-spec: ignored
    if start >= size:
        raise RangeNotSatisfiable
    return ByteRange(start, min(int(last), size - 1) if last else size - 1, size)


def if_range_holds(request: HttpRequest, etag: str, last_modified: int) -> bool:
    """Whether the ``Range`` of ``request`` may be honoured given its ``If-Range``
    (RFC 9110 §13.1.5): true without ``If-Range``; with an entity tag, true only if it
    is ``etag`` (strong comparison: a weak tag never matches); with a date, true only if
    it is exactly ``last_modified`` (seconds since the epoch, UTC)."""
    value = request.headers.get("If-Range")
    if value is None:
        return True
    value = value.strip()
    if value.startswith(('"', "W/")):
        return value == etag and not etag.startswith("W/")
    return parse_http_date_safe(value) == last_modified


class FilePart:
    """The bytes ``start`` to ``start + length`` of an open binary file, iterated in
    chunks of at most :data:`CHUNK_SIZE` bytes; the response closes the file."""

    def __init__(self, file, start: int, length: int):
        self.file = file
        self.start = start
        self.length = length

    def __iter__(self):
        self.file.seek(self.start)
        remaining = self.length
        while remaining > 0:
            chunk = self.file.read(min(CHUNK_SIZE, remaining))
            if not chunk:  # the file was truncated while being sent
                return
            remaining -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.file.close()


def stream(request: HttpRequest, path: str, *, content_type: str) -> HttpResponseBase:
    """The answer to ``request`` (``GET`` or ``HEAD``) for the file at the local
    ``path``: 200 (whole file), 206 (one range), 304 or 412 (preconditions), 416
    (unsatisfiable range), every one with ``Accept-Ranges``, ``ETag`` and
    ``Last-Modified``. The body of a 200 or 206 is a streaming response read in bounded
    chunks; a ``HEAD`` gets the same headers and no body. Raises ``Http404`` when there is
    no file at ``path``."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise Http404 from None
    size = status.st_size
    mtime = int(status.st_mtime)
    etag = f'"{mtime:x}-{size:x}"'
    validators = {"Accept-Ranges": "bytes", "ETag": etag, "Last-Modified": http_date(mtime)}

    conditional = get_conditional_response(request, etag=etag, last_modified=mtime)
    if conditional is not None:
        return _with(conditional, validators)

    byte_range = None
    if request.method == "GET" and if_range_holds(request, etag, mtime):
        try:
            byte_range = requested_range(request.headers.get("Range"), size)
        except RangeNotSatisfiable:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return _with(refused, validators)

    start, length = (0, size) if byte_range is None else (byte_range.start, byte_range.length)
    # The response closes the file (FilePart.close); a HEAD opens none.
    body = () if request.method == "HEAD" else FilePart(open(path, "rb"), start, length)  # noqa: SIM115
    response = StreamingHttpResponse(
        body, status=200 if byte_range is None else 206, content_type=content_type
    )
    response["Content-Length"] = str(length)
    if byte_range is not None:
        response["Content-Range"] = byte_range.content_range
    return _with(response, validators)


def _with(response: HttpResponseBase, headers: dict[str, str]) -> HttpResponseBase:
    for name, value in headers.items():
        response[name] = value
    return response
