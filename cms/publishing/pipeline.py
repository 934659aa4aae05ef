"""The publication pipeline: what to do when a source changes, as jobs.

Editorial events (signals, see ``signal_handlers``) call :func:`schedule` with a source
and an id, inside the transaction of the change. The job (:func:`sync_document`) runs
after the commit:

- with a job queue (``JOBS_BACKEND=procrastinate``), in a worker, on the ``publication``
  queue, retried on failure; one waiting job per document (Procrastinate's queueing
  lock); an instant in the future (a government ending, a licence expiring) is a job
  scheduled for that instant;
- without one (the SQLite quick start), in this process, once the transaction commits;
  instants in the future are caught by the sweep (:func:`sweep`, run by ``publish_due``).

A publication never waits on the job's outcome and never fails because of it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

import procrastinate

from cms import jobs
from cms.delivery.models import Document, PathRedirect, State
from cms.publishing import documents

logger = logging.getLogger(__name__)

#: Transient failures (lock timeout, lost connection, a CDN refusing a purge) are retried
#: after 2, 4, 8, 16 and 32 seconds; ``check_delivery`` reports what is still behind.
RETRY = procrastinate.RetryStrategy(max_attempts=5, exponential_wait=2)

#: Functions ``(source, pk) -> iterable of (source, pk)``: the sources that show something
#: of a source, rendered again when what they show of it changes.
DEPENDENTS: list[Callable[[str, int], list[tuple[str, int]]]] = []

#: Functions ``(result)`` called after a document changed (CDN purge, webhooks); an
#: exception fails the job, which is retried.
AFTER_CHANGE: list[Callable[[documents.Result], None]] = []


@jobs.app.task(name="publishing.sync_document", queue=jobs.PUBLICATION, retry=RETRY)
def sync_document(source: str, pk: int) -> None:
    run(source, pk)


def schedule(source: str, pk: int, at: datetime.datetime | None = None) -> None:
    """Bring the stored document of ``source`` ``pk`` up to date after the current
    transaction commits (or at ``at``, a UTC or aware instant): see the module."""
    if jobs.enabled():
        jobs.defer(sync_document, at, source=source, pk=pk)
    elif at is None or at <= timezone.now():
        transaction.on_commit(lambda: run(source, pk), robust=True)


def run(source: str, pk: int, inline: bool = False) -> documents.Result:
    """Sync one document, then what follows from its change: the redirect from its former
    path, a job at its next refresh instant, its dependents, the after-change hooks.

    With ``inline`` (a rebuild), dependents are synced at once, in this process, rather
    than scheduled: the store is whole when the call returns.
    """
    result = documents.sync(source, pk)
    if result.outcome in (documents.Outcome.UNCHANGED, documents.Outcome.ABSENT):
        return result
    document = result.document
    if result.previous_path and result.previous_path != document.path:
        remember_path(document, result.previous_path)
    if document.refresh_at is not None:
        schedule(source, pk, document.refresh_at)
    if result.summary_changed:
        for dependent in dependents(source, pk):
            if inline:
                run(*dependent, inline=True)
            else:
                schedule(*dependent)
    for hook in AFTER_CHANGE:
        hook(result)
    return result


def dependents(source: str, pk: int) -> set[tuple[str, int]]:
    """Every ``(source, pk)`` the registered ``DEPENDENTS`` functions name for a source."""
    found = set()
    for function in DEPENDENTS:
        found.update(function(source, pk))
    found.discard((source, pk))
    return found


def remember_path(document: Document, path: str) -> None:
    """Lookups by ``path`` answer with the document's current path from now on."""
    if document.state == State.GONE or not path:
        return
    PathRedirect.objects.update_or_create(path=path, defaults={"document": document})
    PathRedirect.objects.filter(path=document.path).delete()


def sweep(now: datetime.datetime | None = None) -> int:
    """Render again every document whose refresh instant has passed (the safety net of
    the jobs at those instants, and the only way on SQLite); returns how many."""
    now = now or timezone.now()
    due = list(Document.objects.filter(refresh_at__lte=now).values_list("key", flat=True)[:1000])
    for key in due:
        source, pk = key.split(":")
        try:
            run(source, int(pk))
        except Exception:
            logger.exception("Delivery refresh of %s failed", key)
    return len(due)
