"""The public search index on an Elasticsearch 9 or OpenSearch cluster.

One :class:`ClusterBackend` serves both flavours: the client is chosen by the URL that is
set (``ELASTICSEARCH_URL``: the ``elasticsearch`` client, which talks to Elasticsearch 9
servers only; ``OPENSEARCH_URL``: ``opensearch-py``). Both are sent the same request
bodies (``body=``), built by ``search.backends.cluster_bodies``.

Reads go to an alias (``SEARCH_CLUSTER_INDEX``); :meth:`ClusterBackend.rebuild` loads a
new timestamped index and swaps the alias onto it in one atomic request. Requests time
out after ``SEARCH_CLUSTER_TIMEOUT`` seconds and are never retried by the client: when
the cluster fails, :meth:`ClusterBackend.search` answers from the fallback backend (the
database index, always current) with ``degraded=True``, and leaves the cluster alone for
``SEARCH_CLUSTER_PAUSE`` seconds (:class:`Breaker`); writes raise :class:`ClusterError`
so that the outbox job (``search.tasks``) is retried.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from search.backends.cluster_bodies import (
    autocomplete_body,
    document,
    facets_of,
    hit,
    index_mappings,
    index_settings,
    page_of,
    promoted_body,
    search_body,
)
from search.query import IndexedItem, SearchHit, SearchQuery, SearchResults

logger = logging.getLogger(__name__)

#: Items sent per bulk request by :meth:`ClusterBackend.rebuild`, and the seconds each
#: request of a rebuild may take.
BULK_SIZE = 500
LOAD_TIMEOUT = 120.0


class ClusterError(Exception):
    """The cluster could not be reached, timed out, or refused a request."""


class Backend(Protocol):
    def search(self, query: SearchQuery) -> SearchResults: ...

    def autocomplete(self, prefix: str, locale: str, limit: int) -> list[SearchHit]: ...


class Breaker:
    """Leaves a failing cluster alone for ``pause`` seconds (one per process and cluster):
    while a cluster that never answers is paused, searches go straight to the fallback
    instead of each waiting for the timeout."""

    def __init__(self, pause: float):
        self.pause = pause
        self.paused_until = 0.0

    def paused(self) -> bool:
        return time.monotonic() < self.paused_until

    def trip(self) -> None:
        self.paused_until = time.monotonic() + self.pause


class ClusterBackend:
    """The public index on a cluster (see the module).

    ``client`` is an ``elasticsearch.Elasticsearch`` or ``opensearchpy.OpenSearch``
    client, ``errors`` the exception classes its failures raise, ``alias`` the name
    searches read, ``fallback`` the backend that answers when the cluster cannot, and
    ``breaker`` what pauses the searches on the cluster after a failure (none: every
    search tries the cluster; writes never pause: their jobs fail and are retried), and
    ``loader`` a client with a longer timeout for :meth:`rebuild` (default: ``client``).
    """

    def __init__(
        self,
        client: Any,
        errors: tuple[type[BaseException], ...],
        alias: str,
        fallback: Backend | None = None,
        breaker: Breaker | None = None,
        loader: Any = None,
    ):
        self.client = client
        self.loader = loader
        self.errors = errors
        self.alias = alias
        self.fallback = fallback
        self.breaker = breaker

    # Reading

    def search(self, query: SearchQuery) -> SearchResults:
        """A page of results of ``query`` with its facets; the fallback's results with
        ``degraded=True`` when the cluster fails or is paused (or :class:`ClusterError`
        without a fallback)."""
        try:
            return self._read(lambda: self._search(query))
        except ClusterError:
            if self.fallback is None:
                raise
            results = self.fallback.search(query)
            return SearchResults(
                hits=results.hits,
                total=results.total,
                facets=results.facets,
                approximate=results.approximate,
                degraded=True,
            )

    def autocomplete(self, prefix: str, locale: str, limit: int) -> list[SearchHit]:
        """Up to ``limit`` items of ``locale`` whose title has words starting with those
        of ``prefix``; the fallback's when the cluster fails or is paused."""
        body = autocomplete_body(prefix, locale, limit)
        try:
            answer = self._read(lambda: self._call(self.client.search, index=self.alias, body=body))
        except ClusterError:
            if self.fallback is None:
                raise
            return self.fallback.autocomplete(prefix, locale, limit)
        return [hit(entry) for entry in answer["hits"]["hits"]]

    def _read(self, work: Callable[[], Any]) -> Any:
        """``work()`` unless the breaker pauses the cluster; a failure trips the breaker."""
        if self.breaker is not None and self.breaker.paused():
            raise ClusterError("The cluster failed a moment ago: paused")
        try:
            return work()
        except ClusterError:
            pause = self.breaker.pause if self.breaker is not None else 0
            logger.warning(
                "Search cluster failed: the database answers for %s s", pause, exc_info=True
            )
            if self.breaker is not None:
                self.breaker.trip()
            raise

    def _search(self, query: SearchQuery) -> SearchResults:
        if query.promoted:
            best, answer = self._msearch(
                [
                    {"index": self.alias},
                    promoted_body(query),
                    {"index": self.alias},
                    search_body(query),
                ]
            )
            found = {entry["_id"]: hit(entry, promoted=True) for entry in best["hits"]["hits"]}
            promoted = [found[key] for key in query.promoted if key in found]
        else:
            promoted = []
            answer = self._call(self.client.search, index=self.alias, body=search_body(query))
        total = answer["hits"]["total"]
        aggs = answer.get("aggregations", {})
        approximate = total.get("relation", "eq") != "eq" or any(
            agg.get("doc_count_error_upper_bound", 0) for agg in aggs.values()
        )
        hits = page_of(query, [hit(entry) for entry in answer["hits"]["hits"]], len(promoted))
        return SearchResults(
            hits=(promoted + hits) if query.page == 1 else hits,
            total=total["value"] + len(promoted),
            facets=facets_of(aggs),
            approximate=approximate,
        )

    def _msearch(self, bodies: list[dict]) -> list[dict]:
        answers = self._call(self.client.msearch, body=bodies)["responses"]
        for answer in answers:
            if "error" in answer:
                raise ClusterError(f"The cluster refused a search: {answer['error']}")
        return answers

    def _call(self, method: Callable, **kwargs) -> Any:
        try:
            answer = method(**kwargs)
        except self.errors as error:
            raise ClusterError(str(error)) from error
        return getattr(answer, "body", answer)

    # Writing

    def index(
        self,
        items: Iterable[IndexedItem],
        index: str | None = None,
        expires_at: Mapping[str, datetime.datetime] | None = None,
    ) -> int:
        """Add or replace ``items`` in ``index`` (the alias by default); returns how many.
        Raises :class:`ClusterError` when the cluster fails or refuses one, or when the
        alias does not exist yet (``manage.py reindex --backend cluster`` creates it).
        ``expires_at`` maps the keys of the items that expire to their instant."""
        expires_at = expires_at or {}
        target = index or self.alias
        operations: list[dict] = []
        for item in items:
            operations += [
                {"index": {"_index": target, "_id": item.key}},
                document(item, expires_at.get(item.key)),
            ]
        if operations:
            # Through the alias, never into an index the write itself would create (with
            # a guessed mapping, in the alias's place): refused until the first rebuild.
            self._bulk(operations, require_alias=index is None)
        return len(operations) // 2

    def replace(
        self, key: str, items: list[IndexedItem], expires_at: datetime.datetime | None = None
    ) -> None:
        """Make the index hold exactly ``items`` for the store's document ``key``: its
        item ``key`` and its attachments' (``key/…``), found until ``expires_at``; those
        of them no longer among ``items`` are removed. Raises :class:`ClusterError`."""
        mine = {"bool": {"should": [{"term": {"key": key}}, {"prefix": {"key": f"{key}/"}}]}}
        answer = self._call(
            self.client.search,
            index=self.alias,
            body={"query": mine, "size": 10_000, "_source": False},
        )
        kept = {item.key for item in items}
        self.delete(entry["_id"] for entry in answer["hits"]["hits"] if entry["_id"] not in kept)
        self.index(items, expires_at={item.key: expires_at for item in items if expires_at})

    def delete(self, keys: Iterable[str]) -> None:
        """Remove the items of ``keys`` (those not indexed are ignored). Raises
        :class:`ClusterError` when the cluster fails."""
        operations = [{"delete": {"_index": self.alias, "_id": key}} for key in keys]
        if operations:
            self._bulk(operations)

    def _bulk(self, operations: list[dict], require_alias: bool = False) -> None:
        extra = {"require_alias": True} if require_alias else {}
        answer = self._call(self.client.bulk, body=operations, **extra)
        if answer.get("errors"):
            failures = [
                result
                for entry in answer["items"]
                for action, result in entry.items()
                if result.get("status", 200) >= 300
                and not (action == "delete" and result["status"] == 404)
            ]
            if failures:
                raise ClusterError(f"The cluster refused {len(failures)} items: {failures[0]}")

    def refresh(self) -> None:
        """Make what was written searchable now (the tests: otherwise within the cluster's
        refresh interval, 1 s by default)."""
        self._call(self.client.indices.refresh, index=self.alias)

    def rebuild(
        self,
        items: Iterable[IndexedItem],
        progress: Callable[[int], None] | None = None,
        expires_at: Mapping[str, datetime.datetime] | None = None,
    ) -> str:
        """Load ``items`` into a new index named after the alias and the time (UTC, to the
        microsecond), then point the alias at it and drop the indices it pointed at, in
        one atomic alias update: searches read the old index until the swap. Calls
        ``progress(count)`` after each bulk request with the number of items loaded so
        far; ``expires_at`` maps the keys of the items that expire to their instant
        (read as each batch is sent). Requests go through ``loader`` (a longer timeout: a
        bulk request of ``BULK_SIZE`` long texts). Returns the new index's name; raises
        :class:`ClusterError` (the old index stays in place, the new one is dropped)."""
        builder = ClusterBackend(self.loader or self.client, self.errors, self.alias)
        now = datetime.datetime.now(datetime.UTC)
        name = f"{self.alias}-{now.strftime('%Y%m%d%H%M%S%f')}"
        builder._call(
            builder.client.indices.create,
            index=name,
            body={"settings": index_settings(), "mappings": index_mappings()},
        )
        try:
            loaded = 0
            for batch in batches(items, BULK_SIZE):
                loaded += builder.index(batch, index=name, expires_at=expires_at)
                if progress:
                    progress(loaded)
            builder._call(builder.client.indices.refresh, index=name)
            previous = builder.indices()
            actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
            actions.append({"add": {"index": name, "alias": self.alias}})
            builder._call(builder.client.indices.update_aliases, body={"actions": actions})
        except ClusterError:
            builder._drop(name)
            raise
        for old in previous:
            builder._drop(old)
        return name

    def indices(self) -> list[str]:
        """The indices the alias points at (none before the first rebuild)."""
        try:
            return sorted(self._call(self.client.indices.get_alias, name=self.alias))
        except ClusterError as error:
            if getattr(error.__cause__, "status_code", None) == 404 or "404" in str(error):
                return []
            raise

    def _drop(self, name: str) -> None:
        try:
            self._call(self.client.indices.delete, index=name)
        except ClusterError:
            logger.warning("Could not drop the search index %s", name, exc_info=True)


def batches(items: Iterable, size: int) -> Iterable[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def configured_flavour() -> str | None:
    """``"elasticsearch"``, ``"opensearch"`` or ``None``: which cluster URL is set."""
    if settings.ELASTICSEARCH_URL and settings.OPENSEARCH_URL:
        raise ImproperlyConfigured(
            "Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both (docs/search.md)."
        )
    if settings.ELASTICSEARCH_URL:
        return "elasticsearch"
    if settings.OPENSEARCH_URL:
        return "opensearch"
    return None


@functools.lru_cache(maxsize=4)
def client_for(
    flavour: str, url: str, timeout: float
) -> tuple[Any, tuple[type[BaseException], ...]]:
    """A client of ``flavour`` for ``url`` with ``timeout`` seconds per request and no
    retries, and the exception classes its failures raise. One client per process and
    configuration: it keeps its connections open between requests."""
    if flavour == "elasticsearch":
        import elastic_transport
        import elasticsearch

        client = elasticsearch.Elasticsearch(
            url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        return client, (
            elasticsearch.ApiError,
            elastic_transport.TransportError,
            elasticsearch.SerializationError,
        )
    import opensearchpy

    client = opensearchpy.OpenSearch(
        hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False
    )
    return client, (opensearchpy.exceptions.OpenSearchException,)


def from_settings(fallback: Backend | None = None) -> ClusterBackend | None:
    """The configured cluster's backend (``None`` when no cluster URL is set), answering
    from ``fallback`` when the cluster fails."""
    flavour = configured_flavour()
    if flavour is None:
        return None
    url = settings.ELASTICSEARCH_URL if flavour == "elasticsearch" else settings.OPENSEARCH_URL
    client, errors = client_for(flavour, url, settings.SEARCH_CLUSTER_TIMEOUT)
    return ClusterBackend(
        client,
        errors,
        settings.SEARCH_CLUSTER_INDEX,
        fallback=fallback,
        breaker=breaker_for(flavour, url, settings.SEARCH_CLUSTER_PAUSE),
        loader=client_for(flavour, url, LOAD_TIMEOUT)[0],
    )


@functools.lru_cache(maxsize=4)
def breaker_for(flavour: str, url: str, pause: float) -> Breaker:
    """The breaker of the cluster at ``url`` (one per process and configuration)."""
    return Breaker(pause)
