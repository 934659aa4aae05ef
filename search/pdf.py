"""The text of the public PDF files a news item attaches, for its ``document`` items.

:func:`public_texts` reads each file where the store serves it from (``default_storage``,
by the storage name of a ``cms.delivery.models.PublicFile``) and extracts its text with
``pypdf`` (pure Python, offline). The work is bounded: at most :data:`MAX_PAGES` pages,
``search.text.MAX_FIELD_LENGTH`` characters, and pages are read until
:data:`MAX_SECONDS` have passed. A file that cannot be read (missing, broken, protected
by a password, not a PDF) gives no text, and a warning in the log: its item is indexed
with its title only, and the indexing or the publication carries on.

A file is read once while it is unchanged: its text is kept in :class:`~search.models.
FileText` with the size and modification instant the storage gave, so an item rendered
again (an edit, a government ending, a rebuild of the index, the cluster's job after the
database's) costs one query and a ``stat`` per file, not a new extraction. A file
replaced under the same name has another size or instant, and is read again.
"""

from __future__ import annotations

import logging
import time
from typing import IO

from django.core.files.storage import default_storage

from pypdf import PdfReader

from search import text
from search.models import FileText

logger = logging.getLogger(__name__)

#: Pages read at most from one file (a 200-page report is read whole).
MAX_PAGES = 300
#: Seconds after which no further page of a file is read (the page begun is finished).
MAX_SECONDS = 10.0


def extract(
    file: IO[bytes],
    *,
    max_pages: int = MAX_PAGES,
    max_chars: int = text.MAX_FIELD_LENGTH,
    max_seconds: float = MAX_SECONDS,
) -> str:
    """The plain text of the PDF read from ``file`` (binary, seekable): its pages' text
    in order, control characters removed and spaces collapsed (``search.text.clean``),
    at most ``max_chars`` characters from the first ``max_pages`` pages, reading no new
    page once ``max_seconds`` have passed. A file encrypted with an empty user password
    (copying or printing restricted) is read.

    Raises what ``pypdf`` raises on a file it cannot read (``pypdf.errors.PdfReadError``
    for a broken, non-PDF or password-protected file, other exceptions for some
    malformed ones).
    """
    deadline = time.monotonic() + max_seconds
    reader = PdfReader(file)
    parts: list[str] = []
    length = 0
    for page in reader.pages[:max_pages]:
        part = text.clean(page.extract_text())
        parts.append(part)
        length += len(part) + 1
        if length > max_chars or time.monotonic() >= deadline:
            break
    return " ".join(part for part in parts if part)[:max_chars]


def public_texts(names: list[str]) -> dict[str, str]:
    """``{storage name: text}`` of the PDF files stored as ``names`` (files the store
    serves), ``""`` for one that cannot be read (logged). Texts kept in
    :class:`~search.models.FileText` are reused while the file's size and modification
    instant are those they were read at; the others are extracted (:func:`extract`) and
    kept. One query, a ``stat`` of each file, and one write when a file was read."""
    kept = {row.name: row for row in FileText.objects.filter(name__in=names)}
    found: dict[str, str] = {}
    read: list[FileText] = []
    for name in sorted(set(names)):
        try:
            size = default_storage.size(name)
            modified_at = default_storage.get_modified_time(name)
        except OSError:
            logger.warning("PDF file %s is missing: indexed without its text", name)
            found[name] = ""
            continue
        row = kept.get(name)
        if row is None or (row.size, row.modified_at) != (size, modified_at):
            row = FileText(name=name, size=size, modified_at=modified_at, text=_read(name))
            read.append(row)
        found[name] = row.text
    if read:
        FileText.objects.bulk_create(
            read,
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["size", "modified_at", "text"],
        )
    return found


def _read(name: str) -> str:
    try:
        with default_storage.open(name, "rb") as file:
            return extract(file)
    except Exception as error:
        # pypdf raises many kinds of exceptions on malformed files (not only its
        # PdfReadError): none may fail the publication of the item showing the file.
        logger.warning(
            "PDF file %s could not be read (%s: %s): indexed without its text",
            name,
            type(error).__name__,
            error,
        )
        return ""
