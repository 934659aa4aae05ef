"""The publication pipeline: what to do when a source changes, as jobs.

Editorial events (signals, see ``signal_handlers``) call :func:`schedule` with a source
and an id, or :func:`schedule_dependents` with something others show (an image, a
ministry, a page tree), inside the transaction of the change. The job runs after the
commit and renders from the state at that moment, never from the event:

- with a job queue (``JOBS_BACKEND=procrastinate``), in a worker, on the ``publication``
  queue, retried on failure; one waiting job per document (Procrastinate's queueing
  lock); an instant in the future (a government ending, a licence expiring, an alert
  starting) is a job scheduled for that instant;
- without one (the SQLite quick start), in this process, once the transaction commits
  (one callback per document and transaction); instants in the future are caught by the
  sweep (:func:`sweep`, run by ``publish_due`` through ``cms.scheduling.services``).

A publication never waits on the job and never fails because of it: a failing job is
logged (and retried by the worker); ``check_delivery`` reports what is still behind.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import connection, transaction
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
#: of ``source`` ``pk``, rendered again when what they show of it changes. ``source`` may
#: name a thing with no document of its own (``"image"``, ``"tree"``: see ``dependents``).
DEPENDENTS: list[Callable[[str, int], Iterable[tuple[str, int]]]] = []

#: Functions ``(now) -> iterable of (source, pk)``: sources that time alone may have made
#: public since they were last rendered and that have no document to carry a
#: ``refresh_at`` (an alert published for a later start). The sweep renders them.
UPCOMING: list[Callable[[datetime.datetime], Iterable[tuple[str, int]]]] = []

#: Functions ``(result)`` called after a document changed (CDN purge, webhooks); an
#: exception fails the job, which is retried.
AFTER_CHANGE: list[Callable[[documents.Result], None]] = []


@jobs.app.task(name="publishing.sync_document", queue=jobs.PUBLICATION, retry=RETRY)
def sync_document(source: str, pk: int) -> None:
    run(source, pk)


@jobs.app.task(name="publishing.sync_dependents", queue=jobs.PUBLICATION, retry=RETRY)
def sync_dependents(source: str, pk: int) -> None:
    for dependent in sorted(dependents(source, pk)):
        run(*dependent)


def schedule(source: str, pk: int, at: datetime.datetime | None = None) -> None:
    """Bring the stored document of ``source`` ``pk`` up to date after the current
    transaction commits, or at ``at`` (an aware instant) if it is in the future: see the
    module. A source with no renderer registered is ignored."""
    if source not in documents.RENDERERS:
        logger.debug("No renderer for %s: %s not scheduled", source, pk)
        return
    if jobs.enabled():
        future = at if at is not None and at > timezone.now() else None
        jobs.defer(sync_document, future, source=source, pk=pk)
    elif at is None or at <= timezone.now():
        _after_commit(("document", source, pk), lambda: run(source, pk))


def schedule_dependents(source: str, pk: int) -> None:
    """Render again, after the current transaction commits, every source that shows
    something of ``source`` ``pk`` (``DEPENDENTS``), in one job: the list is found when
    the job runs."""
    if jobs.enabled():
        jobs.defer(sync_dependents, source=source, pk=pk)
    else:
        _after_commit(("dependents", source, pk), lambda: sync_dependents(source, pk))


def _after_commit(key: tuple, work: Callable[[], object]) -> None:
    """Run ``work`` once the transaction commits (at once outside one), unless the same
    ``key`` already waits for this commit; a failure is logged, never raised."""

    def callback():
        callback.pending = False
        work()

    callback.key, callback.pending = key, True
    if connection.in_atomic_block:
        # Django's own list of the callbacks waiting for this commit: it drops those of a
        # savepoint rolled back, so a callback found here will run.
        for _savepoints, waiting, _robust in connection.run_on_commit:
            if getattr(waiting, "pending", False) and waiting.key == key:
                return
    transaction.on_commit(callback, robust=True)


def run(source: str, pk: int, inline: bool = False) -> documents.Result:
    """Sync one document, then what follows from its change: the redirect from its former
    path, a job at its next refresh instant, its dependents, the after-change hooks.

    The write and all that follows from it commit together (a transactional outbox): the
    rows the hooks write (webhook deliveries) and the jobs deferred on PostgreSQL are
    committed with the document or not at all, so a worker that dies, or a hook that
    raises, leaves no change written without its consequences; the job is retried and
    renders again.

    With ``inline`` (a rebuild, in batches of one transaction), dependents are synced at
    once, in this process, rather than scheduled: the store is whole when the call
    returns; a failure fails the caller's transaction.
    """
    with transaction.atomic(savepoint=not inline):
        return _follow(source, pk, inline)


def _follow(source: str, pk: int, inline: bool) -> documents.Result:
    result = documents.sync(source, pk, savepoint=False)
    if result.outcome in (documents.Outcome.UNCHANGED, documents.Outcome.ABSENT):
        return result
    document = result.document
    if result.previous_path and result.previous_path != document.path:
        remember_path(document, result.previous_path)
    if document.refresh_at is not None:
        schedule(source, pk, document.refresh_at)
    if result.summary_changed and source in READ_FROM_THE_STORE:
        if inline:
            for dependent in sorted(dependents(source, pk)):
                run(*dependent, inline=True)
        else:
            schedule_dependents(source, pk)
    for hook in AFTER_CHANGE:
        hook(result)
    return result


#: Sources whose stored documents other documents show (page links, related items, "À la
#: une", alternates): when one changes, its dependents are rendered again. The other
#: sources are shown from the editorial side: their edits schedule their dependents
#: directly (``signal_handlers``), not through their documents.
READ_FROM_THE_STORE = {"page"}


def dependents(source: str, pk: int) -> set[tuple[str, int]]:
    """Every ``(source, pk)`` the registered ``DEPENDENTS`` functions name for a source,
    but itself, and but those with no renderer registered."""
    found = set()
    for function in DEPENDENTS:
        found.update(function(source, pk))
    found.discard((source, pk))
    return {(name, key) for name, key in found if name in documents.RENDERERS}


def remember_path(document: Document, path: str) -> None:
    """Lookups by ``path`` answer with the document's current path from now on."""
    if document.state == State.GONE or not path:
        return
    PathRedirect.objects.update_or_create(path=path, defaults={"document": document})
    PathRedirect.objects.filter(path=document.path).delete()


def sweep(now: datetime.datetime | None = None) -> int:
    """Render again every document whose refresh instant has passed, and every source
    ``UPCOMING`` names (the safety net of the jobs at those instants, and the only way on
    SQLite); returns how many sources were rendered. A failure is logged and skipped."""
    now = now or timezone.now()
    due = [
        tuple(key.split(":"))
        for key in Document.objects.filter(refresh_at__lte=now).values_list("key", flat=True)[:1000]
    ]
    for function in UPCOMING:
        due.extend(function(now))
    due = [
        (source, pk)
        for source, pk in dict.fromkeys((source, int(pk)) for source, pk in due)
        if source in documents.RENDERERS
    ]
    for source, pk in due:
        try:
            run(source, pk)
        except Exception:
            logger.exception("Delivery refresh of %s:%s failed", source, pk)
    return len(due)
