"""Public search backends: every one answers ``search(SearchQuery) -> SearchResults`` and
``autocomplete(prefix, locale, limit) -> list[SearchHit]`` (``search.query``).

:func:`get_backend` gives the database backend (PostgreSQL full text, or the SQLite
quick start's stems): always current, since its index is written with the store. When a
cluster is configured (``ELASTICSEARCH_URL`` or ``OPENSEARCH_URL``), it gives the
cluster's backend (``search.backends.cluster``), which answers from the database backend
with ``degraded=True`` when the cluster is unreachable, slow or failing. A fallback
rather than a 503: the database index is as current as the store, while the cluster may
lag behind its outbox; a citizen gets results (ranked a little differently) rather than
an error.
"""

from __future__ import annotations

import functools

from search.backends import cluster
from search.backends.database import DatabaseBackend


@functools.cache
def database_backend() -> DatabaseBackend:
    """The database backend (one per process)."""
    return DatabaseBackend()


def get_backend() -> DatabaseBackend | cluster.ClusterBackend:
    """The configured public search backend (see the module)."""
    database = database_backend()
    return cluster.from_settings(fallback=database) or database
