"""Keeping the database search index (``search.models.Entry``) as current as the store.

- :func:`after_change` (``cms.publishing.pipeline.AFTER_CHANGE``, registered by
  ``SearchConfig.ready``) runs inside the transaction that writes a document: the entry
  is written, or deleted, with it. A published item is findable as soon as its document
  commits; an unpublished or withdrawn one is gone with it; an expired one is not found
  from the instant its expiry passes (the entry's copy of the document's ``expires_at``
  is checked at query time).
- :func:`rebuild_database` rebuilds every entry from the store in one transaction
  (``manage.py reindex``): readers see the old index until the new one commits. It also
  forgets the texts kept of PDF files no longer public (``search.models.FileText``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q

from cms.delivery.models import Document, Kind, PublicFile
from search import items, text
from search.models import Entry, FileText
from search.query import IndexedItem

#: Entries written per ``INSERT`` by a rebuild, and documents read per query.
BATCH = 500


def entry_fields(item: IndexedItem, document: Document) -> dict:
    """The columns of the entry of ``item`` (made from ``document``): on databases other
    than PostgreSQL, with the French stems of its texts (``search.text.terms``)."""
    fields = {
        "document": document,
        "type": item.type,
        "kind": item.kind,
        "locale": item.locale,
        "title": item.title,
        "title_folded": text.fold(item.title),
        "chapo": item.chapo,
        "body": item.body,
        "url": item.url,
        "published_at": item.published_at,
        "expires_at": document.expires_at,
        "year": item.year,
        "ministries": [list(pair) for pair in item.ministries],
        "topics": [list(pair) for pair in item.topics],
        "ministry_ids": [value for value, _label in item.ministries],
        "topic_ids": [value for value, _label in item.topics],
        "government": document.government if document.kind == Kind.NEWS else "",
        "current": item.current,
    }
    if connection.vendor != "postgresql":
        fields["title_terms"] = text.terms(item.title)
        fields["chapo_terms"] = text.terms(item.chapo)
        fields["body_terms"] = text.terms(item.body)
    return fields


def index_document(document: Document) -> list[Entry]:
    """Write the entries of ``document`` as the store shows it now (the item and its
    attachments: ``items.of_document``) in place of those it had; returns the entries
    written. Two queries (a delete, an insert) besides those of ``of_document``."""
    found = items.of_document(document)
    Entry.objects.filter(document=document).delete()
    return Entry.objects.bulk_create(
        [Entry(key=item.key, **entry_fields(item, document)) for item in found]
    )


def refresh_current() -> int:
    """Set every entry's ``current`` flag from the governments ended now (a government's
    document changed: one ended, or an end was corrected); returns the rows updated."""
    ended = items.ended_governments()
    if not ended:
        return Entry.objects.update(current=True)
    flag = ExpressionWrapper(~Q(government__in=ended), output_field=BooleanField())
    return Entry.objects.update(current=flag)


def after_change(result) -> None:
    """``pipeline.AFTER_CHANGE``: follow a written or tombstoned document (a
    ``cms.publishing.documents.Result``), in its transaction."""
    document = result.document
    if document is None:
        return
    if document.kind == Kind.GOVERNMENT:
        refresh_current()
        return
    if document.kind in items.SEARCHED_KINDS:
        index_document(document)
    if document.kind != Kind.VIDEO:
        # A video's URL is that of a document showing it (``items.video_url``), which
        # may change while the video's own document does not.
        shown = {
            value for name, value in (*result.previous_facets, *result.facets) if name == "video"
        }
        for video in Document.objects.filter(key__in=[f"video:{value}" for value in shown]):
            index_document(video)


def rebuild_database(progress: Callable[[int, int], None] | None = None) -> dict:
    """Rebuild every entry from the store's searchable documents, in one transaction
    (readers keep the previous index until it commits). ``progress(done, total)`` is
    called after each batch; the texts kept of files no store document shows any more
    are deleted. Returns ``{"documents", "entries", "seconds"}``."""
    started = time.monotonic()
    with transaction.atomic():
        documents = Document.objects.listed().filter(kind__in=items.SEARCHED_KINDS)
        total = documents.count()
        Entry.objects.all().delete()
        done = written = 0
        batch: list[Entry] = []
        for document in documents.order_by("pk").iterator(chunk_size=BATCH):
            for item in items.of_document(document):
                batch.append(Entry(key=item.key, **entry_fields(item, document)))
            done += 1
            if len(batch) >= BATCH or done == total:
                Entry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
                if progress is not None:
                    progress(done, total)
        if batch:
            Entry.objects.bulk_create(batch)
            written += len(batch)
        FileText.objects.exclude(name__in=PublicFile.objects.values("name")).delete()
    return {"documents": done, "entries": written, "seconds": time.monotonic() - started}
