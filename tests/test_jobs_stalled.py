"""The every-minute retry of stalled jobs (``cms.jobs.retry_stalled``), on Procrastinate's
own tables: workers registered and jobs taken with Procrastinate's calls, a worker's
silence made by ageing its heartbeat. A worker really killed mid-job:
``tests/videos/test_worker_killed.py``."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

import pytest
from asgiref.sync import async_to_sync

from cms import jobs
from cms.scheduling import tasks as scheduling_tasks
from videos import tasks as video_tasks

if jobs.enabled():
    from procrastinate.contrib.django.models import ProcrastinateJob

pytestmark = pytest.mark.django_db

#: Procrastinate's tables exist with a job queue only.
needs_job_table = pytest.mark.skipif(
    not jobs.enabled(), reason="needs JOBS_BACKEND=procrastinate (PostgreSQL's job table)"
)


def _worker(silent_for: int = 0) -> int:
    """A worker registered as ``manage.py procrastinate worker`` registers itself, whose
    last heartbeat was ``silent_for`` seconds ago."""
    worker = async_to_sync(jobs.app.job_manager.register_worker)()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = NOW() - make_interval(secs => %s)"
            " WHERE id = %s",
            [silent_for, worker],
        )
    return worker


def _taken(task, worker: int, **kwargs) -> int:
    """Defer ``task(**kwargs)`` and have ``worker`` take it (``doing``); its job id."""
    job_id = task.defer(**kwargs)
    job = async_to_sync(jobs.app.job_manager.fetch_job)(queues=[task.queue], worker_id=worker)
    assert job.id == job_id
    return job_id


def _jobs() -> dict[int, tuple[str, int, int | None]]:
    return {
        job.id: (job.status, job.attempts, job.worker_id) for job in ProcrastinateJob.objects.all()
    }


@needs_job_table
def test_the_jobs_of_a_silent_worker_are_put_back_in_the_queue_every_minute():
    healthy, silent = _worker(silent_for=5), _worker(silent_for=45)
    running = _taken(video_tasks.process_job, healthy, video=1)
    lost_video = _taken(video_tasks.process_job, silent, video=2)
    lost_publication = _taken(scheduling_tasks.publish_revision, silent, revision_id=3)
    before = timezone.now()
    # The periodic task itself, as the worker calls it at the minute.
    async_to_sync(jobs.retry_stalled.func)(timestamp=0)
    assert _jobs() == {
        running: ("doing", 0, healthy),
        lost_video: ("todo", 1, silent),
        lost_publication: ("todo", 1, silent),
    }
    # Due at once: the next free worker takes it (test_worker_killed.py runs one).
    due = ProcrastinateJob.objects.get(pk=lost_video).scheduled_at
    assert before <= due <= timezone.now()


@needs_job_table
def test_a_stalled_worker_is_one_silent_for_jobs_stalled_after(settings):
    quiet = _worker(silent_for=20)
    job = _taken(video_tasks.process_job, quiet, video=1)
    assert settings.JOBS_STALLED_AFTER == 30
    assert async_to_sync(jobs.retry_stalled_jobs)() == []
    assert _jobs()[job] == ("doing", 0, quiet)
    settings.JOBS_STALLED_AFTER = 10
    assert async_to_sync(jobs.retry_stalled_jobs)() == [job]
    assert _jobs()[job] == ("todo", 1, quiet)
    # Nothing left to retry.
    assert async_to_sync(jobs.retry_stalled_jobs)(seconds_since_heartbeat=0) == []


@needs_job_table
def test_a_job_whose_worker_was_pruned_is_stalled():
    """A worker restarting deletes the workers silent for 30 s (Procrastinate's
    ``prune_stalled_workers``); their jobs keep no worker and are retried too."""
    silent = _worker(silent_for=45)
    job = _taken(video_tasks.process_job, silent, video=1)
    pruned = async_to_sync(jobs.app.job_manager.prune_stalled_workers)(30)
    assert pruned == [silent]
    assert _jobs()[job] == ("doing", 0, None)
    assert async_to_sync(jobs.retry_stalled_jobs)() == [job]
    assert _jobs()[job] == ("todo", 1, None)


def test_the_retry_runs_every_minute_on_the_main_workers_queue():
    (periodic,) = (
        task
        for task in jobs.app.periodic_registry.periodic_tasks.values()
        if task.task.name == "jobs.retry_stalled"
    )
    assert (periodic.cron, periodic.periodic_id) == ("* * * * *", "retry_stalled_jobs")
    assert periodic.task.queue == jobs.PUBLICATION
    assert periodic.task.queueing_lock == "jobs.retry_stalled"
