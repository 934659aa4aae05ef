"""How images and documents are represented in the API: rendition URLs, never originals."""

from __future__ import annotations

from typing import Any

#: The renditions every image gets in the API, by name.
IMAGE_RENDITIONS: dict[str, str] = {
    "small": "max-480x480|format-webp",
    "medium": "max-960x960|format-webp",
    "large": "max-1600x1600|format-webp",
}


def image_representation(
    image, *, decorative: bool = False, alt_text: str = ""
) -> dict[str, Any] | None:
    """Public JSON of an image: its renditions, alt text and credit (no original file)."""
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "alt": "" if decorative else (alt_text or image.description),
        "decorative": decorative,
        "credit": image.credit_line,
        "licence": image.get_licence_display(),
        "renditions": {
            name: {
                "url": renditions[spec].url,
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


def document_representation(document) -> dict[str, Any] | None:
    """Public JSON of a document: served URL, type, size and accessibility."""
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": document.url,
        "file_type": document.file_type_label,
        "file_size": document.get_file_size(),
        "label": document.file_label,
        "accessible": document.accessible,
        "alternative_format_contact": document.alternative_format_contact,
    }
