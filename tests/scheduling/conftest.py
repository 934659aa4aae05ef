"""Scheduled items, time travel and the job queue, for the scheduling tests.

Time is controlled through the data: an item is scheduled for an instant in the future
through Wagtail, then ``move_instant`` rewrites that instant into the past, as if the
clock had run on.
"""

import datetime

from django.db import connection
from django.utils import timezone

from wagtail.models import PageLogEntry, Revision

import procrastinate
import pytest
from procrastinate.contrib.django import procrastinate_app
from procrastinate.testing import InMemoryConnector

from cms.scheduling import tasks  # noqa: F401 (registers the tasks on the blueprint)
from news.models import NewsPage
from tests.factories import NewsPageFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (row locks, job table)"
)


def minutes(count: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=count)


def scheduled(parent, at: datetime.datetime, **fields) -> Revision:
    """A new, never published news item scheduled through Wagtail for ``at`` (future)."""
    page = NewsPageFactory(parent=parent, live=False, **fields)
    page.go_live_at = at
    revision = page.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == at
    return revision


def move_instant(revision: Revision, at: datetime.datetime) -> None:
    """Time travel: the revision is scheduled for ``at``, its content says so too."""
    content = {**revision.content, "go_live_at": at.isoformat()}
    if content.get("embargo_until"):
        content["embargo_until"] = at.isoformat()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=at, content=content)


def live_page(parent, expire_at: datetime.datetime) -> NewsPage:
    """A published news item that expires at ``expire_at``."""
    page = NewsPageFactory(parent=parent, live=False)
    page.expire_at = expire_at
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def publications(page) -> int:
    """How many times the page was published ("wagtail.publish" log entries)."""
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").count()


class JobQueue:
    """The waiting jobs: the procrastinate table, or in memory."""

    fields = ("task_name", "args", "scheduled_at", "queue_name")

    def __init__(self, in_memory: InMemoryConnector | None):
        self.in_memory = in_memory

    def waiting(self) -> list[dict]:
        """The waiting jobs but the publication pipeline's (``publishing.*``), which
        every publication defers; they are tested in ``tests/delivery``."""
        return [
            job for job in self.every_waiting() if not job["task_name"].startswith("publishing.")
        ]

    def every_waiting(self) -> list[dict]:
        if self.in_memory is not None:
            rows = [job for job in self.in_memory.jobs.values() if job["status"] == "todo"]
        else:
            from procrastinate.contrib.django.models import ProcrastinateJob

            rows = ProcrastinateJob.objects.filter(status="todo").values(*self.fields)
        return [{name: row[name] for name in self.fields} for row in rows]

    def clear(self) -> None:
        if self.in_memory is not None:
            self.in_memory.reset()
        else:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM procrastinate_jobs")


@pytest.fixture
def job_queue(db, monkeypatch, settings) -> JobQueue:
    """Jobs go to PostgreSQL's job table (``JOBS_BACKEND=procrastinate``, as in CI), or
    to an in-memory app otherwise (SQLite)."""
    if settings.JOBS_BACKEND == "procrastinate":
        queue = JobQueue(None)
        queue.clear()  # jobs committed by transactional tests are not flushed
        return queue
    settings.JOBS_BACKEND = "procrastinate"
    in_memory = InMemoryConnector()
    app = procrastinate.App(connector=in_memory)
    app.add_tasks_from(procrastinate_app.current_app, namespace="")
    monkeypatch.setattr(procrastinate_app, "current_app", app)
    return JobQueue(in_memory)


@pytest.fixture
def now():
    return timezone.now()
