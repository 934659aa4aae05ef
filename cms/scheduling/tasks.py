"""Procrastinate jobs of the ``publication`` queue: go-live and expiry at the exact instant.

Jobs exist when ``JOBS_BACKEND`` is ``"procrastinate"`` (``cms/jobs.py``). Each
job runs the same per-item step as the sweep, which re-checks the database: a job for a
revision unscheduled or superseded since does nothing, and a job that runs early defers
itself again for the instant. The ``publish_due`` sweep also runs every minute.
"""

from __future__ import annotations

import datetime
import logging

from wagtail.models import Page, Revision

import procrastinate

from cms import jobs
from cms.scheduling import services

logger = logging.getLogger(__name__)

#: Transient failures (lock timeout, lost connection) are retried after 2, 4, 8, 16 and
#: 32 seconds; after that, the sweep keeps trying every minute.
RETRY = procrastinate.RetryStrategy(max_attempts=5, exponential_wait=2)


@jobs.app.task(name="scheduling.publish_revision", queue=jobs.PUBLICATION, retry=RETRY)
def publish_revision(revision_id: int) -> None:
    if services.publish_revision_if_due(revision_id) is services.Outcome.POSTPONED:
        at = (
            Revision.objects.filter(pk=revision_id)
            .values_list("approved_go_live_at", flat=True)
            .first()
        )
        if at is not None:
            defer_publication(revision_id, at)


@jobs.app.task(name="scheduling.expire_page", queue=jobs.PUBLICATION, retry=RETRY)
def expire_page(page_id: int) -> None:
    if services.expire_page_if_due(page_id) is services.Outcome.POSTPONED:
        at = Page.objects.filter(pk=page_id).values_list("expire_at", flat=True).first()
        if at is not None:
            defer_expiry(page_id, at)


@jobs.app.periodic(cron="* * * * *", periodic_id="publish_due")
@jobs.app.task(
    name="scheduling.publish_due", queue=jobs.PUBLICATION, queueing_lock="scheduling.publish_due"
)
def publish_due(timestamp: int) -> None:
    """The safety net: everything overdue, every minute (``timestamp``: that minute)."""
    report = services.publish_due()
    if report.failures:
        logger.error("Scheduled publication sweep: failed on %s", ", ".join(report.failures))


def defer_publication(revision_id: int, at: datetime.datetime) -> None:
    """Defer the go-live job of a revision for ``at``, in the current transaction."""
    jobs.defer(publish_revision, at, revision_id=revision_id)


def defer_expiry(page_id: int, at: datetime.datetime) -> None:
    """Defer the expiry job of a page for ``at``, in the current transaction."""
    jobs.defer(expire_page, at, page_id=page_id)
