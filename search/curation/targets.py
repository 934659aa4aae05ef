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
#: Most recent public items offered in the chooser; a target chosen earlier stays offered.
MAX_CHOICES = 500


def public_items():
    """Public news items and videos now (``Document.objects.listed``), newest first."""
    return Document.objects.listed().filter(kind__in=KINDS).order_by("-published_at", "-pk")


def label(document: Document) -> str:
    """« Titre — 3 mars 2026 · vidéo »: what an editor recognises an item by."""
    try:
        title = json.loads(document.summary or "{}").get("title") or document.key
    except (ValueError, AttributeError):
        title = document.key
    parts = [title]
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


def choices(current: str = "") -> list:
    """The chooser's options, grouped by language: the ``MAX_CHOICES`` newest public items,
    and ``current`` (a target chosen earlier) even when older or no longer public."""
    documents = list(
        public_items().only("key", "kind", "locale", "summary", "published_at")[:MAX_CHOICES]
    )
    groups: dict[str, list[tuple[str, str]]] = {"fr": [], "en": []}
    for document in documents:
        groups.setdefault(document.locale, []).append((document.key, label(document)))
    options = [("", "---------")]
    if current and current not in {document.key for document in documents}:
        options.append((current, labels([current])[current]))
    names = {"fr": _("En français"), "en": _("En anglais")}
    return [*options, *((names.get(code, code), items) for code, items in groups.items() if items)]


def locales(keys: list[str]) -> dict[str, str]:
    """``{key: locale}`` of the public items among ``keys``."""
    return dict(public_items().filter(key__in=keys).values_list("key", "locale"))
