"""What an uploaded document really is, judged by its content rather than by its name.

``check_document_content(file, extension)`` raises a French ``ValidationError`` when a
document's content does not match its extension (a Windows executable renamed
``rapport.pdf``, a spreadsheet renamed ``.docx``). Signatures come from ``filetype``, the
pure-Python library Willow (Wagtail's image layer) already relies on; the inner type of
the office containers, which no signature tells, is read with ``zipfile``:

- OpenDocument (odt, ods, odp): the ``mimetype`` entry of the archive;
- Office Open XML (docx, xlsx, pptx): the content type that ``[Content_Types].xml`` gives
  to the main part, the one ``_rels/.rels`` names as the office document;
- CSV and TXT: text in UTF-8 or Windows-1252 (common in administrations), without NUL or
  other control characters.
"""

from __future__ import annotations

import codecs
import posixpath
import re
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import filetype
from defusedxml import ElementTree

ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
# What each checked extension must contain, as an editor reads it.
EXPECTED = {
    "pdf": gettext_lazy("un document PDF"),
    "odt": gettext_lazy("un texte OpenDocument (ODT)"),
    "ods": gettext_lazy("un classeur OpenDocument (ODS)"),
    "odp": gettext_lazy("une présentation OpenDocument (ODP)"),
    "docx": gettext_lazy("un document Word (DOCX)"),
    "xlsx": gettext_lazy("un classeur Excel (XLSX)"),
    "pptx": gettext_lazy("une présentation PowerPoint (PPTX)"),
    "csv": gettext_lazy("un fichier CSV (du texte)"),
    "txt": gettext_lazy("un fichier texte"),
}
TEXT_EXTENSIONS = {"csv", "txt"}
TEXT = "text"

ZIP_SIGNATURE = b"PK\x03\x04"
HEAD_SIZE = 8192
CHUNK_SIZE = 64 * 1024
# Entries read from an archive are a few hundred bytes; a larger one is not trusted.
MAX_ENTRY_SIZE = 1_000_000
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# C0 controls other than tab, line feed, form feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_document_content(file: IO[bytes], extension: str) -> None:
    """Raise ``ValidationError`` (code ``content_mismatch``) if ``file`` is not what
    ``extension`` says. Extensions not in ``EXPECTED`` are left to the extension rules.
    The file is read from the start and left at the start.
    """
    extension = extension.lower().lstrip(".")
    if extension not in EXPECTED:
        return
    try:
        if _matches(file, extension):
            return
        actual = identify(file)
    finally:
        file.seek(0)
    values = {"extension": extension, "expected": EXPECTED[extension]}
    if actual is None:
        message = _(
            "Le contenu de ce fichier ne correspond pas à son extension "
            "«\u00a0.%(extension)s\u00a0»\u00a0: ce n'est pas %(expected)s."
        )
    else:
        message = _(
            "Le contenu de ce fichier ne correspond pas à son extension "
            "«\u00a0.%(extension)s\u00a0»\u00a0: %(actual)s, pas %(expected)s."
        )
        values["actual"] = _describe(actual)
    raise ValidationError(
        message % values,
        code="content_mismatch",
    )


def identify(file: IO[bytes]) -> str | None:
    """The format of ``file`` by its content: one of ``EXPECTED``'s office and PDF
    extensions, ``"text"``, another format's usual extension ("exe", "zip", "png"…), or
    None when it is none of these.
    """
    head = _head(file)
    if head.startswith(ZIP_SIGNATURE):
        return _container_type(file) or "zip"
    guess = filetype.guess(head)
    if guess is not None:
        return guess.extension
    return TEXT if _is_text(file) else None


def _matches(file: IO[bytes], extension: str) -> bool:
    if extension in TEXT_EXTENSIONS:
        # Text first: a CSV may start with letters that are some binary format's magic
        # number ("BM" for a bitmap), while a real binary file is never clean text.
        return _is_text(file)
    head = _head(file)
    if extension == "pdf":
        guess = filetype.guess(head)
        return guess is not None and guess.extension == "pdf"
    return head.startswith(ZIP_SIGNATURE) and _container_type(file) == extension


def _describe(actual: str) -> str:
    if actual == TEXT:
        return _("c'est du texte")
    if actual in EXPECTED and actual not in TEXT_EXTENSIONS:
        return _("c'est %(kind)s") % {"kind": EXPECTED[actual]}
    return _("c'est un fichier %(format)s") % {"format": actual.upper()}


def _head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(HEAD_SIZE)
    file.seek(0)
    return head


def _is_text(file: IO[bytes]) -> bool:
    """Whether the whole file decodes as UTF-8 (BOM allowed) or Windows-1252 text."""
    return any(_decodes(file, encoding) for encoding in ("utf-8-sig", "cp1252"))


def _decodes(file: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    try:
        while chunk := file.read(CHUNK_SIZE):
            if CONTROL_CHARACTERS.search(decoder.decode(chunk)):
                return False
        return not CONTROL_CHARACTERS.search(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return False


def _container_type(file: IO[bytes]) -> str | None:
    """The office format of a ZIP container ("odt", "docx"…), or None if it has none."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _read_entry(archive, "mimetype").decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
            if {"[Content_Types].xml", "_rels/.rels"} <= names:
                return OOXML_MAIN_TYPES.get(_ooxml_main_type(archive))
            return None
    except (zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError, EOFError):
        return None
    finally:
        file.seek(0)


def _ooxml_main_type(archive: zipfile.ZipFile) -> str:
    """The content type of the part that ``_rels/.rels`` declares as the office document."""
    relationships = ElementTree.fromstring(_read_entry(archive, "_rels/.rels"))
    targets = [
        relationship.get("Target", "")
        for relationship in relationships.iter(f"{RELATIONSHIPS}Relationship")
        if relationship.get("Type", "").endswith("/officeDocument")
    ]
    if len(targets) != 1:
        return ""
    part = "/" + posixpath.normpath(targets[0].lstrip("/"))
    types = ElementTree.fromstring(_read_entry(archive, "[Content_Types].xml"))
    for override in types.iter(f"{CONTENT_TYPES}Override"):
        # Part names compare case-insensitively (Open Packaging Conventions).
        if override.get("PartName", "").lower() == part.lower():
            return override.get("ContentType", "")
    return ""


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as entry:
        data = entry.read(MAX_ENTRY_SIZE + 1)
    if len(data) > MAX_ENTRY_SIZE:
        raise ValueError(f"{name} is too large for a descriptor")
    return data
