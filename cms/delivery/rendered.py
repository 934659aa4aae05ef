"""Rendered answers of the public API, kept per process and checked against the store.

The same listing pages, details and path lookups are asked again and again between two
writes. Each process keeps the answers it built, checked at each request against the
generations of the store (``cms.delivery.generations``), which grow at every write:

- :data:`listings`: news and video listing pages (a query of 20 summaries, about 10 KB,
  and the Python around it), up to ``API_LISTING_CACHE_SIZE`` of them, by the request's
  scheme, host and query string (the ``next`` link is absolute), and the kind for the
  videos (``views.ListingView.kept_key``). One is served while the generation of the
  listed kind's documents is the one it was read at (a primary-key read);
- :data:`documents`: news and video details and path lookups (a document of about 10 KB read by
  its key, its envelope and validators), up to ``API_DOCUMENT_CACHE_SIZE`` of them, by
  identifier or query string. One is served while the *store's* generation (the sum of
  every kind's: a path may lead to any kind, and a path's answer may change with a
  write of another kind's document) is the one it was read at (one read of the few
  generation rows) — so it costs one small read instead of the document's.

Each entry also holds the first instant at which what it was built from expires
(``valid_until``): past it, the answer is built again. A query kept here was valid
(invalid ones answer 400 before being kept); a 404 or a 301 is never kept.

Entries are immutable tuples; a dict is read without a lock (a ``get`` is atomic under
the GIL) and written under one (gunicorn's threads), oldest first out when full.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Hashable
from typing import NamedTuple

from django.conf import settings


class Entry(NamedTuple):
    """A rendered answer: the generation it was read at (``number``, ``stamp``), its
    body, ``ETag`` value (unquoted), ``Last-Modified``, the first expiry of what it shows
    (``Cache-Control``) and of every row read (a listing's next-page probe included:
    ``valid_until``, ``None`` for never); ``gone`` for a 410 (a document that was public
    and no longer is); ``keys``, its surrogate keys when the view's are not fixed."""

    number: int
    stamp: str | None
    text: str
    etag: str
    modified: datetime.datetime
    expiry: datetime.datetime | None
    valid_until: datetime.datetime | None
    gone: bool = False
    keys: tuple[str, ...] = ()


class Kept:
    """Up to the setting ``size_setting`` answers (0: none), by key."""

    def __init__(self, size_setting: str):
        self.size_setting = size_setting
        self.entries: dict[Hashable, Entry] = {}
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return getattr(settings, self.size_setting)

    def enabled(self) -> bool:
        return self.size > 0

    def get(self, key: Hashable) -> Entry | None:
        """The entry kept for ``key``, fresh or not (the caller checks), or ``None``."""
        return self.entries.get(key)

    def keep(self, key: Hashable, entry: Entry) -> None:
        """Keep ``entry`` for ``key``, removing the oldest entries beyond the size."""
        size = self.size
        with self._lock:
            self.entries.pop(key, None)
            while self.entries and len(self.entries) >= size:
                del self.entries[next(iter(self.entries))]
            self.entries[key] = entry

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()


listings = Kept("API_LISTING_CACHE_SIZE")
documents = Kept("API_DOCUMENT_CACHE_SIZE")


def fresh(entry: Entry, number: int, stamp: str | None, now: datetime.datetime) -> bool:
    """Whether ``entry`` still answers at generation ``number``/``stamp`` at ``now``."""
    return (
        entry.number == number
        and entry.stamp == stamp
        and (entry.valid_until is None or now < entry.valid_until)
    )


def clear() -> None:
    """Forget every entry (tests: their rows are rolled back, generations with them)."""
    listings.clear()
    documents.clear()
