"""The public JSON of a page object as a preview shows it.

The publication pipeline's renderers (``cms.publishing.pages.render_preview``) render the
page object given (a revision's, or the editor's unsaved form) as if it were public,
writing nothing. Two things differ from a published document:

- media are linked through the editors' URLs (``MEDIA_URL``, served by
  ``cms.media.views.admin_file`` to those who may see their collection): the public URLs
  serve a file only while a public document shows it. Missing renditions are made now.
- a pending major change's note ends the change history, as it will once published.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from wagtail.documents import get_document_model

from cms.media import renditions
from cms.publishing.pages import render_preview

_HREF = re.compile(r'href="([^"]*)"')


def document_of(page, media_base: str = "") -> dict[str, Any] | None:
    """The public JSON ``page`` (a specific page object) would be served as, with the
    differences above, media URLs under ``media_base`` (``""``: relative to the admin's
    host); ``None`` for a type without a public document (indexes)."""
    rendered = render_preview(page)
    if rendered is None:
        return None
    data = _replaced(dict(rendered.body), editors_urls(rendered.files, media_base))
    note = getattr(page, "change_note", "").strip()
    history = data.get("change_history")
    pending = getattr(page, "major_change", False) and note and history is not None
    # The published revision's note ends the history already.
    if pending and (not history or history[-1]["note"] != note):
        data["change_history"] = [*history, {"date": timezone.now().isoformat(), "note": note}]
    return data


def editors_urls(files: list[str], base: str = "") -> dict[str, str]:
    """``{public URL: editors' URL}`` of the media ``files`` (storage names of renditions
    and documents), under ``base`` (a scheme and host). One query for documents."""
    base = base.rstrip("/")
    urls = {
        renditions.public_rendition_url(name): base + default_storage.url(name)
        for name in files
        if name.startswith(f"{renditions.FOLDER}/")
    }
    for document in get_document_model().objects.filter(file__in=files):
        urls[renditions.public_document_url(document)] = base + document.file.url
    return urls


def _replaced(value, urls: dict[str, str]):
    """``value`` (JSON data) with every URL of ``urls``, as a whole string or as an
    ``href`` of rich text, replaced."""
    if isinstance(value, dict):
        return {key: _replaced(item, urls) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, urls) for item in value]
    if isinstance(value, str):
        if value in urls:
            return urls[value]
        if 'href="' in value:
            return _HREF.sub(lambda m: f'href="{urls.get(m.group(1), m.group(1))}"', value)
    return value
