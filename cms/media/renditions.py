"""The renditions of the public API, their file names and public URLs.

Front ends get renditions, never an original (``docs/api.md``):

- ``small``, ``medium``, ``large``: WebP 480, 960 and 1600 pixels wide (``width-N``, never
  enlarged: a smaller original keeps its size), for a ``srcset``;
- ``social``: a 1200×630 JPEG (``fill-1200x630``, cropped around the focal point, never
  enlarged) for social cards (Open Graph, X), whose readers do not all read WebP.

A rendition's file is ``renditions/<random token>.<ext>``: its name says nothing of its
original's (Wagtail's own names start with the original's name), and cannot be guessed.
Public URLs go through ``cms.media.views.public_rendition``, which serves a file only
while a served document of the delivery store shows it.
"""

from __future__ import annotations

import posixpath
import secrets
from typing import Any

from django.conf import settings

#: The renditions of every public image, by name: Wagtail filter specs.
RENDITIONS: dict[str, str] = {
    "small": "width-480|format-webp|webpquality-80",
    "medium": "width-960|format-webp|webpquality-80",
    "large": "width-1600|format-webp|webpquality-80",
    "social": "fill-1200x630|format-jpeg|jpegquality-85",
}

#: The storage folder of renditions (originals are in ``original_images/``, documents in
#: ``documents/``).
FOLDER = "renditions"


def rendition_name(filename: str) -> str:
    """A new storage name for a rendition file named ``filename`` by Wagtail:
    ``renditions/`` + 128 random bits (URL-safe base64) + the file's extension."""
    extension = posixpath.splitext(filename)[1].lower()
    return f"{FOLDER}/{secrets.token_urlsafe(16)}{extension}"


def public_base_url() -> str:
    """Where the public fetches files: ``MEDIA_PUBLIC_BASE_URL``, without a final slash."""
    return settings.MEDIA_PUBLIC_BASE_URL.rstrip("/")


def public_rendition_url(name: str) -> str:
    """The public URL of the rendition stored as ``name`` (``renditions/<token>.webp``)."""
    return f"{public_base_url()}/media/{name}"


def public_document_url(document) -> str:
    """The public URL of a document: ``/documents/<id>/<file name>``, as Wagtail names it."""
    return f"{public_base_url()}/documents/{document.pk}/{document.filename}"


def renditions_of(image) -> dict[str, Any]:
    """``{name: rendition}`` of ``image`` for every entry of :data:`RENDITIONS`.

    Existing renditions are looked up (prefetched ones, then the cache, then one query);
    only missing ones are made, which takes seconds for a large original. They are made
    ahead, when an item is approved or scheduled (``cms.publishing.renditions``).
    """
    found = image.get_renditions(*RENDITIONS.values())
    if any(rendition.pk is None for rendition in found.values()):
        found = stored_renditions(image, found)
    return {name: found[spec] for name, spec in RENDITIONS.items()}


def stored_renditions(image, made: dict[str, Any]) -> dict[str, Any]:
    """The stored rows of renditions ``made`` (``{filter spec: rendition}``) just now.

    Wagtail inserts several new renditions at once ignoring conflicts: the instances it
    returns have no primary key, and one that another process (the media worker, the
    publication worker) stored meanwhile is not the stored one. The stored rows are read
    back (one query), the other file of a lost race deleted, and Wagtail's rendition cache
    set to the rows, so that every process shows the same, stored files.
    """
    model = image.get_rendition_model()
    rows = {
        (row.filter_spec, row.focal_point_key): row
        for row in image.renditions.filter(filter_spec__in=list(made))
    }
    stored = {}
    for spec, rendition in made.items():
        row = rows[(spec, rendition.focal_point_key)]
        row.image = image
        if row.file.name != rendition.file.name:
            rendition.file.delete(save=False)
        stored[spec] = row
    model.cache_backend.set_many({row.get_cache_key(): row for row in stored.values()})
    return stored


def rendition_json(rendition) -> dict[str, Any]:
    """``{"url", "width", "height"}`` of a rendition (pixels), with its public URL."""
    return {
        "url": public_rendition_url(rendition.file.name),
        "width": rendition.width,
        "height": rendition.height,
    }


def image_representation(
    image, *, decorative: bool = False, alt_text: str = ""
) -> dict[str, Any] | None:
    """JSON of an image for Wagtail's API v2 blocks: renditions, alt text and credit."""
    if image is None:
        return None
    return {
        "id": image.pk,
        "alt": "" if decorative else (alt_text or image.description),
        "decorative": decorative,
        "credit": image.credit_line,
        "licence": image.get_licence_display(),
        "renditions": {
            name: rendition_json(rendition) for name, rendition in renditions_of(image).items()
        },
    }


def document_representation(document) -> dict[str, Any] | None:
    """JSON of a document for Wagtail's API v2 blocks: public URL, type, size and
    accessibility."""
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": public_document_url(document),
        "file_type": document.file_type_label,
        "file_size": document.get_file_size(),
        "label": document.file_label,
        "accessible": document.accessible,
        "alternative_format_contact": document.alternative_format_contact,
    }
