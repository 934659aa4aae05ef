"""The job queue: whether jobs run, the queue names, and how work is deferred to them.

``settings.JOBS_BACKEND`` (environment variable ``JOBS_BACKEND``, read and validated by
``settings/base.py``) chooses:

- ``"procrastinate"``: jobs are written to Procrastinate's table (PostgreSQL only) and
  workers run them (``manage.py procrastinate worker --queues publication,indexing``, and
  a worker process of its own for ``--queues media,webhooks``, so that renditions and
  slow webhook endpoints never delay a go-live);
- ``"none"``: nothing is deferred; the ``publish_due`` sweep (cron, or ``--every`` in
  the SQLite quick start) does the scheduled work.

Tasks are declared on :data:`app` with a queue name from here. Signal handlers check
:func:`enabled`, call :func:`defer` with ids, and return; the task re-reads the objects.

A worker killed mid-job (SIGKILL, out of memory, a machine lost) leaves its job ``doing``
for ever; every minute, :func:`retry_stalled` puts the jobs of workers that have stopped
sending heartbeats back in the queue (:func:`retry_stalled_jobs`), on every queue.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction

from procrastinate import PsycopgConnector
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.tasks import Task

__all__ = [
    "INDEXING",
    "MEDIA",
    "PUBLICATION",
    "WEBHOOKS",
    "app",
    "defer",
    "enabled",
    "retry_stalled",
    "retry_stalled_jobs",
]

logger = logging.getLogger(__name__)

#: Go-live and expiry at the exact instant, and the every-minute sweep.
PUBLICATION = "publication"
#: Search index updates, below the go-live jobs in priority (``cms.scheduling.indexing``).
INDEXING = "indexing"
#: Renditions made ahead of a go-live (``cms.publishing.renditions``): seconds per image.
MEDIA = "media"
#: Webhook deliveries (``cms.webhooks``): seconds per slow endpoint, never before a go-live.
WEBHOOKS = "webhooks"


def enabled() -> bool:
    """Whether deferred jobs run: ``JOBS_BACKEND`` is ``"procrastinate"``."""
    return settings.JOBS_BACKEND == "procrastinate"


def defer(task: Task, at: datetime.datetime | None = None, **kwargs: int) -> None:
    """Defer ``task(**kwargs)``, for ``at`` (or as soon as a worker is free), in the current
    transaction; a job already waiting for the same task, arguments (and instant) is not
    duplicated. Inside a worker's job, whose connector cannot join the transaction, the
    job is deferred after the commit (see below).
    """
    # The queueing lock keeps one waiting job per item (and instant).
    arguments = ",".join(f"{name}={value}" for name, value in kwargs.items())
    lock = f"{task.name}:{arguments}"
    if at is not None:
        lock += f"@{at.astimezone(datetime.UTC).isoformat()}"
    if connection.in_atomic_block and isinstance(app.connector, PsycopgConnector):
        # In a worker, ``manage.py procrastinate worker`` replaces the app's Django
        # connector with a psycopg pool of its own: a job deferred now would be committed
        # at once, outside this transaction, and could run before the change it follows
        # is committed (a go-live's sync job would find the page not yet live). The
        # job is deferred once the transaction commits instead.
        transaction.on_commit(lambda: _defer(task, at, lock, kwargs), robust=True)
        return
    _defer(task, at, lock, kwargs)


def _defer(task: Task, at: datetime.datetime | None, lock: str, kwargs: dict) -> None:
    # A savepoint: a refused insert must not break the caller's transaction.
    try:
        with transaction.atomic():
            task.configure(schedule_at=at, queueing_lock=lock).defer(**kwargs)
    except AlreadyEnqueued:
        logger.debug("A job is already waiting: %s", lock)


async def retry_stalled_jobs(seconds_since_heartbeat: float | None = None) -> list[int]:
    """Put back in the queue, to run again from the start, every job ``doing`` whose
    worker has sent no heartbeat for ``seconds_since_heartbeat`` seconds (default:
    ``settings.JOBS_STALLED_AFTER``), or whose worker is gone from Procrastinate's table;
    returns the ids of the jobs put back (``[]`` if none).

    A running worker updates its heartbeat every 10 seconds, whatever its jobs do (they run
    in threads): a job without heartbeat for 30 seconds belongs to a worker that was
    killed or lost. Procrastinate's ``get_stalled_jobs`` and ``retry_job``
    (docs: "Retry stalled jobs"); the retry counts as an attempt of the job. A job that
    leaves ``doing`` between the listing and its retry (its worker was only late) makes
    ``retry_job`` raise Procrastinate's ``ConnectorException``: this run stops there, the
    next one retries the others.
    """
    if seconds_since_heartbeat is None:
        seconds_since_heartbeat = settings.JOBS_STALLED_AFTER
    manager = app.job_manager
    retried = []
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat):
        await manager.retry_job(job)
        logger.warning(
            "Job %s (%s) of a stalled worker put back in the queue", job.id, job.task_name
        )
        retried.append(job.id)
    return retried


@app.periodic(cron="* * * * *", periodic_id="retry_stalled_jobs")
@app.task(name="jobs.retry_stalled", queue=PUBLICATION, queueing_lock="jobs.retry_stalled")
async def retry_stalled(timestamp: int) -> None:
    """Every minute (``timestamp``: that minute), on the ``publication`` queue that the
    main worker runs: :func:`retry_stalled_jobs`. Asynchronous: it only waits on the
    database, in the worker's event loop."""
    await retry_stalled_jobs()
