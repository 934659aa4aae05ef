"""The name of an uploaded file: checked, never rewritten.

A browser sends the file's own name (``File.name``: no folder), so a name with a path in
it, a control character or more than :data:`MAX_LENGTH` characters comes from a crafted
request or an odd file system; it is refused with a French message at the creation of the
upload, before any byte is sent (issue 9, "bad input"). A name silently rewritten would
be one the editor never gave.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

__all__ = ["MAX_LENGTH", "InvalidFilename", "check_filename"]

#: Longest name, in characters: what most file systems keep (255 bytes in UTF-8 on ext4
#: is fewer characters for accented names, but the name is never used on disk as is).
MAX_LENGTH = 255
#: Unicode bidirectional controls, which can disguise an extension ("gpj.exe").
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


class InvalidFilename(ValueError):
    """The name is refused; ``str(error)`` is the French message for the editor."""


def check_filename(name: str) -> str:
    """``name`` normalised to NFC and stripped of surrounding spaces, or ``InvalidFilename``.

    Refused: an empty name; a NUL byte or another control character (Unicode category
    Cc) or a bidirectional control; ``/`` or ``\\`` (a path) and the names ``.`` and
    ``..``; more than :data:`MAX_LENGTH` characters.
    """
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise InvalidFilename(_("Le nom du fichier est vide."))
    if "\x00" in name:
        raise InvalidFilename(
            _("Le nom du fichier contient un octet nul\u00a0: renommez le fichier.")
        )
    if any(unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS for char in name):
        raise InvalidFilename(
            _("Le nom du fichier contient un caractère de contrôle\u00a0: renommez le fichier.")
        )
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise InvalidFilename(
            _(
                "Le nom du fichier ne doit pas contenir de chemin («\u00a0/\u00a0», «\u00a0\\\u00a0» ou «\u00a0..\u00a0»)\u00a0: "
                "envoyez le fichier seul."
            )
        )
    if len(name) > MAX_LENGTH:
        raise InvalidFilename(
            _(
                "Le nom du fichier compte %(length)d caractères\u00a0; %(max)d au plus\u00a0: "
                "raccourcissez-le."
            )
            % {"length": len(name), "max": MAX_LENGTH}
        )
    return name
