"""Running the publication pipeline's jobs in tests, on either backend.

Without a job queue (SQLite), the pipeline runs after the commit: ``deliver`` captures and
runs the on-commit callbacks. With ``JOBS_BACKEND=procrastinate`` (PostgreSQL, as in
CI), it defers jobs: ``deliver`` then runs the waiting ``publishing.*`` jobs that are due,
as a worker would, until none is left.
"""

import contextlib

from django.db import connection
from django.utils import timezone

from wagtail.models import Page

import pytest

from cms.publishing import pipeline
from tests.scheduling.conftest import JobQueue, job_queue  # noqa: F401 (fixture)

TASKS = {task.name: task for task in (pipeline.sync_document, pipeline.sync_dependents)}


def run_waiting_jobs() -> int:
    """Run the due ``publishing.*`` jobs of the job table, as a worker would (each one
    removed first), until none is left; returns how many ran."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    ran = 0
    while True:
        job = (
            ProcrastinateJob.objects.filter(status="todo", task_name__in=list(TASKS))
            .exclude(scheduled_at__gt=timezone.now())
            .order_by("id")
            .first()
        )
        if job is None:
            return ran
        ProcrastinateJob.objects.filter(pk=job.pk).delete()
        TASKS[job.task_name](**job.args)
        ran += 1


@pytest.fixture
def deliver(django_capture_on_commit_callbacks, settings):
    """``with deliver():`` around a change: the pipeline's work is done at the end of the
    block, whichever the backend."""

    @contextlib.contextmanager
    def deliver():
        # The pipeline runs one callback per document and commit; those registered before
        # the block (factories saving live pages) never run in a test: schedule anew.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if getattr(callback, "pending", False):
                callback.pending = False
        with django_capture_on_commit_callbacks(execute=True):
            yield
        if settings.JOBS_BACKEND == "procrastinate":
            run_waiting_jobs()

    return deliver


@pytest.fixture
def publish(deliver):
    """``publish(page, **changes)``: ``page`` published through Wagtail with ``changes``
    made to its fields, the pipeline's work done (``deliver``); returns the page as
    stored (its specific instance)."""

    def publish(page, **changes):
        page = Page.objects.get(pk=page.pk).specific
        for name, value in changes.items():
            setattr(page, name, value)
        with deliver():
            page.save_revision().publish()
        return Page.objects.get(pk=page.pk).specific

    return publish


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id in the cache, which outlives the database
    rows a test rolls back: the next test's image, with the same id, would find them."""
    from django.core.cache import cache

    cache.clear()
