"""Keeping the cluster's public index as current as the store: a transactional outbox.

:func:`after_change` is a ``cms.publishing.pipeline.AFTER_CHANGE`` hook (registered by
``SearchConfig.ready``); it does nothing unless a cluster is configured
(``ELASTICSEARCH_URL`` or ``OPENSEARCH_URL``). For a searchable document:

- with a job queue (``JOBS_BACKEND=procrastinate``), it defers :func:`index_document` on
  the ``indexing`` queue *inside the pipeline's transaction*: the job is committed with
  the document or not at all. A worker runs it; a dead or slow cluster fails the job,
  which Procrastinate retries (:data:`RETRY`) while publishing carries on;
- without one (the SQLite quick start), the update runs once the transaction commits,
  and a failure is logged (``manage.py reindex --backend cluster`` repairs the index).

The job reads the store when it runs, never the event: a stale job indexes the current
state (``search.items.from_document``), or removes an item no longer searchable.

A government's document changing (one takes office, one ends) changes which items are
current (the historic down-ranking): the cluster index is then rebuilt
(:func:`rebuild_cluster`, a job of its own), as the database backend rewrites its flags.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

import procrastinate

from cms import jobs
from cms.delivery.models import Document, Kind
from search import items
from search.backends import cluster
from search.query import IndexedItem

logger = logging.getLogger(__name__)

#: A cluster down for a while: retried after 2, 4, 8… 4,096 seconds (about 2 h 16 in
#: all); then ``manage.py reindex --backend cluster`` repairs what is still behind.
RETRY = procrastinate.RetryStrategy(max_attempts=12, exponential_wait=2)
#: Below the go-live jobs (priority 0), like the admin's index updates.
PRIORITY = -10


@jobs.app.task(name="search.index_document", queue=jobs.INDEXING, priority=PRIORITY, retry=RETRY)
def index_document(key: str) -> None:
    """The outbox job: :func:`update` ``key``; a :class:`~search.backends.cluster.ClusterError`
    fails it, and Procrastinate retries it."""
    update(key)


def update(key: str) -> None:
    """Index the items of the stored document ``key`` (``"page:42"``: its own and its
    attachments') in the cluster as the store shows them now, or remove them when it is
    no longer searchable or stored. Nothing happens when
    no cluster is configured; raises :class:`~search.backends.cluster.ClusterError` when
    the cluster fails."""
    backend = cluster.from_settings()
    if backend is None:
        return
    document = Document.objects.filter(key=key).first()
    if document is None:
        backend.replace(key, [])
    else:
        backend.replace(key, items.of_document(document), document.expires_at)


@jobs.app.task(name="search.rebuild_cluster", queue=jobs.INDEXING, priority=PRIORITY, retry=RETRY)
def rebuild_cluster_job() -> None:
    rebuild_cluster()


def after_change(result) -> None:
    """``AFTER_CHANGE`` hook (a ``cms.publishing.documents.Result``): record the cluster
    updates the change calls for (see the module): the document's own, and those of the
    videos it shows or showed (a video's URL is that of a document showing it,
    ``items.video_url``, which may change while the video's own document does not)."""
    document = result.document
    if document is None or cluster.configured_flavour() is None:
        return
    if document.kind == Kind.GOVERNMENT:
        record(rebuild_cluster_job, {}, rebuild_cluster)
        return
    keys = [document.key] if document.kind in items.SEARCHED_KINDS else []
    if document.kind != Kind.VIDEO:
        shown = {
            value for name, value in (*result.previous_facets, *result.facets) if name == "video"
        }
        keys += sorted(f"video:{value}" for value in shown)
    for key in keys:
        record(index_document, {"key": key}, functools.partial(update, key))


def record(task, kwargs: dict, work: Callable[[], object]) -> None:
    """Defer ``task(**kwargs)`` in the current transaction, or without a job queue run
    ``work`` once it commits, a failure logged."""
    if jobs.enabled():
        jobs.defer(task, **kwargs)
    else:
        transaction.on_commit(lambda: logged(work), robust=True)


def logged(work: Callable[[], object]) -> None:
    """Run ``work``, a cluster failure logged (the quick start's path: no job to retry)."""
    try:
        work()
    except cluster.ClusterError:
        logger.warning("The search cluster missed an update (reindex to repair)", exc_info=True)


def searchable_items(
    documents: Iterable[Document], expires_at: dict[str, datetime.datetime]
) -> Iterator[IndexedItem]:
    """The searchable items of ``documents`` (attachments included); the expiry of those
    that expire is put in ``expires_at`` before they are yielded."""
    for document in documents:
        for item in items.of_document(document):
            if document.expires_at is not None:
                expires_at[item.key] = document.expires_at
            yield item


def rebuild_cluster(progress: Callable[[int, int], None] | None = None) -> dict:
    """Rebuild the cluster's index from the store's searchable documents into a new index,
    swap the alias onto it (``ClusterBackend.rebuild``), then index again the documents
    written during the load (the outbox jobs of those went to the old index).
    ``progress(done, total)`` follows the load. Returns ``{"documents", "items",
    "seconds", "index"}``; raises :class:`~search.backends.cluster.ClusterError`, or
    ``ImproperlyConfigured`` when no cluster is configured."""
    backend = cluster.from_settings()
    if backend is None:
        raise ImproperlyConfigured("No search cluster: set ELASTICSEARCH_URL or OPENSEARCH_URL.")
    started, clock = timezone.now(), time.monotonic()
    documents = Document.objects.listed().filter(kind__in=items.SEARCHED_KINDS)
    total = documents.count()
    counted = {"items": 0}

    def loaded(count: int) -> None:
        counted["items"] = count
        if progress is not None:
            progress(min(count, total), total)

    stream = documents.order_by("pk").iterator(chunk_size=cluster.BULK_SIZE)
    expires_at: dict[str, datetime.datetime] = {}
    name = backend.rebuild(searchable_items(stream, expires_at), loaded, expires_at)
    for key in Document.objects.filter(
        kind__in=items.SEARCHED_KINDS, modified_at__gte=started
    ).values_list("key", flat=True):
        update(key)
    return {
        "documents": total,
        "items": counted["items"],
        "seconds": time.monotonic() - clock,
        "index": name,
    }
