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

__all__ = ["INDEXING", "MEDIA", "PUBLICATION", "WEBHOOKS", "app", "defer", "enabled"]

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
