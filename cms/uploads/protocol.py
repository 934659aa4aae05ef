"""The tus 1.0.0 resumable upload protocol: versions, extensions, header parsing.

Source: https://tus.io/protocols/resumable-upload (core protocol; extensions creation,
termination, expiration). Parsers raise :class:`ProtocolError`, whose message is French
and whose ``status`` is the HTTP status the protocol asks for.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re

from django.utils.http import http_date
from django.utils.translation import gettext as _

__all__ = [
    "CONTENT_TYPE",
    "EXTENSIONS",
    "VERSION",
    "ProtocolError",
    "encode_metadata",
    "expires_header",
    "format_size",
    "parse_length",
    "parse_metadata",
    "parse_offset",
]

VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration"
#: The only body a PATCH may carry.
CONTENT_TYPE = "application/offset+octet-stream"
#: A metadata key: no space nor comma (tus), ASCII letters, digits and ``_.-`` here.
_KEY = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")
#: Longest Upload-Metadata header, in characters (the name, its type, a little more).
MAX_METADATA_LENGTH = 4096


class ProtocolError(ValueError):
    """A request the protocol refuses: ``status`` (HTTP) and a French message."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _non_negative_integer(value: str | None, header: str) -> int:
    # RFC 9110 digits only: no sign, no spaces, no "1e3".
    if value is None or not value.isascii() or not value.isdigit():
        raise ProtocolError(
            _("L'en-tête %(header)s doit être un nombre entier positif ou nul d'octets.")
            % {"header": header}
        )
    return int(value)


def parse_length(value: str | None) -> int:
    """``Upload-Length``: the file's size in bytes (non-negative integer)."""
    return _non_negative_integer(value, "Upload-Length")


def parse_offset(value: str | None) -> int:
    """``Upload-Offset``: where the PATCH body goes in the file, in bytes."""
    return _non_negative_integer(value, "Upload-Offset")


def parse_metadata(value: str | None) -> dict[str, str | None]:
    """``Upload-Metadata``: comma-separated ``key base64(value)`` pairs (a key alone has no
    value) -> ``{key: value}``, values decoded as UTF-8. Raises ``ProtocolError`` (400) for
    a malformed header, a repeated key, bad base64 or a value that is not UTF-8."""
    if not value:
        return {}
    if len(value) > MAX_METADATA_LENGTH:
        raise ProtocolError(_("L'en-tête Upload-Metadata est trop long."))
    pairs: dict[str, str | None] = {}
    for item in value.split(","):
        parts = item.strip().split(" ")
        if len(parts) > 2 or not _KEY.match(parts[0]) or parts[0] in pairs:
            raise ProtocolError(
                _("L'en-tête Upload-Metadata est mal formé (paires «\u00a0clé valeur\u00a0»).")
            )
        if len(parts) == 1:
            pairs[parts[0]] = None
            continue
        try:
            decoded = base64.b64decode(parts[1], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise ProtocolError(
                _(
                    "La valeur «\u00a0%(key)s\u00a0» de l'en-tête Upload-Metadata n'est pas "
                    "du texte UTF-8 codé en base64."
                )
                % {"key": parts[0]}
            ) from None
        pairs[parts[0]] = decoded
    return pairs


def encode_metadata(metadata: dict[str, str | None]) -> str:
    """The ``Upload-Metadata`` header of ``metadata`` (the inverse of :func:`parse_metadata`)."""
    return ",".join(
        key if value is None else f"{key} {base64.b64encode(value.encode()).decode()}"
        for key, value in metadata.items()
    )


def expires_header(moment: datetime.datetime) -> str:
    """``Upload-Expires``: ``moment`` as an RFC 9110 HTTP date (``Sun, 06 Nov 1994 ...``)."""
    return http_date(moment.timestamp())


_UNITS = ["octets", "Ko", "Mo", "Go", "To"]


def format_size(size: int) -> str:
    """``size`` bytes in French binary units (1 Ko = 1024 octets), as the upload widget
    shows them: ``"900 Mo"``, ``"1,5 Go"``, ``"2 Go"`` (non-breaking space)."""
    value = float(size)
    unit = 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value /= 1024
        unit += 1
    number = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number}\u00a0{_UNITS[unit]}"
