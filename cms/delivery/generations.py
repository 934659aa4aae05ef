"""The generation of each kind of document: bumped by every write, read by the caches.

``delivery_generation`` (``models.Generation``) holds, per kind, a ``number`` that grows
by one at every write of a document of that kind (insert, update, state change, delete)
and ``modified_at``, the latest instant of those writes. :func:`bump` is the one
function that moves them, called by ``Document.save``, ``Document.delete`` and the
queryset's ``update``, ``delete`` and ``bulk_create`` (``cms.delivery.models``): a writer
of documents cannot forget it. A data migration writing documents through the historical
models (which have none of these methods) calls it itself.

The bump runs inside the writing transaction and locks the kind's row until the commit:
concurrent writers of a kind are ordered by it, so ``number`` and ``modified_at`` only
grow in commit order, and a reader that sees a generation sees every write before it. A
transaction writing several documents (``rebuild_delivery``'s batches) bumps once per
kind at its end (:func:`deferred`): it takes the row's lock after the documents' own
locks, as a single write does, so it never waits on a job that waits on it.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections.abc import Iterable, Iterator

from django.db import connection

_UPSERT = (
    "INSERT INTO delivery_generation (kind, number, modified_at) VALUES (%s, 1, %s) "
    "ON CONFLICT (kind) DO UPDATE SET number = delivery_generation.number + 1, "
    "modified_at = {greatest}(delivery_generation.modified_at, excluded.modified_at)"
)

_local = threading.local()


def bump(kinds: Iterable[str], at: datetime.datetime) -> None:
    """One more write of the documents of ``kinds`` at ``at`` (an aware instant): one
    statement per kind (an upsert: a kind's first write creates its row), or none now
    inside :func:`deferred`."""
    pending = getattr(_local, "pending", None)
    for kind in sorted(kinds):
        if pending is not None:
            pending[kind] = max(pending.get(kind, at), at)
        else:
            _bump(kind, at)


def _bump(kind: str, at: datetime.datetime) -> None:
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT.format(greatest=greatest),
            [kind, connection.ops.adapt_datetimefield_value(at)],
        )


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Inside a caller's transaction writing several documents: bump each kind written
    once, at the end of the block (nothing if it raises). Nested blocks are the outer
    block's."""
    if getattr(_local, "pending", None) is not None:
        yield
        return
    _local.pending = {}
    try:
        yield
        pending = _local.pending
    finally:
        _local.pending = None
    for kind in sorted(pending):
        _bump(kind, pending[kind])
