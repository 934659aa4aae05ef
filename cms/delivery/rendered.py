"""Rendered answers of the news listing, kept per process and checked against the store.

A listing page costs a query of 20 summaries (about 10 KB) and the Python around it; the
same pages are asked again and again between two writes. Each process keeps up to
``API_LISTING_CACHE_SIZE`` of them (0: none), by the request's scheme, host and query
string (the ``next`` link is absolute; a query kept here was valid: invalid ones answer
400 before). An entry holds what the answer was built from: the generation of the news
documents it was read at (``cms.delivery.generations``), and the first instant at which
one of its rows expires. It is served while the generation is the same (one primary-key
read) and that instant has not come; else the page is read again and kept anew.

Entries are immutable tuples; the dict is read without a lock (a ``get`` is atomic
under the GIL) and written under one (gunicorn's threads), oldest first out when full.
"""

from __future__ import annotations

import datetime
import threading
from typing import NamedTuple

from django.conf import settings

Key = tuple[str, str, str]


class Entry(NamedTuple):
    """A rendered listing page: the generation it was read at (``number``, ``stamp``),
    its body, ``ETag`` value (unquoted), ``Last-Modified``, the first expiry of its
    entries (``Cache-Control``) and of every row read (the next page's probe included:
    ``valid_until``, ``None`` for never)."""

    number: int
    stamp: str | None
    text: str
    etag: str
    modified: datetime.datetime
    expiry: datetime.datetime | None
    valid_until: datetime.datetime | None


_entries: dict[Key, Entry] = {}
_lock = threading.Lock()


def enabled() -> bool:
    return settings.API_LISTING_CACHE_SIZE > 0


def get(key: Key) -> Entry | None:
    """The entry kept for ``key``, fresh or not (the caller checks), or ``None``."""
    return _entries.get(key)


def fresh(entry: Entry, number: int, stamp: str | None, now: datetime.datetime) -> bool:
    """Whether ``entry`` still answers at generation ``number``/``stamp`` at ``now``."""
    return (
        entry.number == number
        and entry.stamp == stamp
        and (entry.valid_until is None or now < entry.valid_until)
    )


def keep(key: Key, entry: Entry) -> None:
    """Keep ``entry`` for ``key``, removing the oldest entries beyond the size."""
    size = settings.API_LISTING_CACHE_SIZE
    with _lock:
        _entries.pop(key, None)
        while _entries and len(_entries) >= size:
            del _entries[next(iter(_entries))]
        _entries[key] = entry


def clear() -> None:
    """Forget every entry (tests: their rows are rolled back, generations with them)."""
    with _lock:
        _entries.clear()
