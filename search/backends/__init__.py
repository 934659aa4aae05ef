"""Public search backends: every one answers ``search(SearchQuery) -> SearchResults`` and
``autocomplete(prefix, locale, limit) -> list[SearchHit]`` (``search.query``).

:func:`get_backend` gives the database backend (PostgreSQL full text, or the SQLite
quick start's stems): always current, since its index is written with the store.
"""

from __future__ import annotations

import functools

from search.backends.database import DatabaseBackend


@functools.cache
def get_backend() -> DatabaseBackend:
    """The configured public search backend (the database's)."""
    return DatabaseBackend()
