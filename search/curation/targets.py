"""The items a best bet may point to: public news items and videos of the delivery store
(the search reads only the store, never the editorial pages)."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.delivery.models import Document, Kind

#: Store kinds a best bet may point to: what the public search finds.
KINDS = (Kind.NEWS, Kind.VIDEO)


def public_items():
    """Public news items and videos now (``Document.objects.listed``), newest first."""
    return Document.objects.listed().filter(kind__in=KINDS).order_by("-published_at", "-pk")


def title(document: Document) -> str:
    """The item's title, as its listing entry (``summary``) has it; else its key."""
    try:
        return json.loads(document.summary or "{}").get("title") or document.key
    except (ValueError, AttributeError):
        return document.key


def label(document: Document) -> str:
    """« Titre — 3 mars 2026 · vidéo »: what an editor recognises an item by."""
    parts = [title(document)]
    if document.published_at:
        parts.append(date_format(timezone.localtime(document.published_at), "j F Y"))
    return f"{' — '.join(parts)} · {Kind(document.kind).label}"


def unpublished_label(key: str) -> str:
    """The label of a target that is no longer public: its key only, nothing of its
    content (the store may keep a tombstone's or a withdrawn item's title)."""
    return _("Contenu non publié (%(key)s)") % {"key": key}


def labels(keys: list[str]) -> dict[str, str]:
    """``{key: label}`` of ``keys``: a public item's label, else « non publié »."""
    public = {document.key: label(document) for document in public_items().filter(key__in=keys)}
    return {key: public.get(key) or unpublished_label(key) for key in keys}


def locales(keys: list[str]) -> dict[str, str]:
    """``{key: locale}`` of the public items among ``keys``."""
    return dict(public_items().filter(key__in=keys).values_list("key", "locale"))
