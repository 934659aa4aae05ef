"""Exact-time jobs: deferred with the scheduling, idempotent, never early."""

import logging

from django.db import connection, transaction

from wagtail.models import PageLogEntry, Revision

import pytest
from procrastinate import jobs

from cms.scheduling import tasks
from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.scheduling.conftest import (
    live_page,
    minutes,
    move_instant,
    on_postgresql,
    publications,
    scheduled,
)

pytestmark = pytest.mark.django_db


def test_scheduling_defers_a_job_for_the_exact_instant(job_queue, news_index, now):
    at = now + minutes(90)
    revision = scheduled(news_index, at)
    assert job_queue.waiting() == [
        {
            "task_name": "scheduling.publish_revision",
            "args": {"revision_id": revision.pk},
            "scheduled_at": at,
            "queue_name": "publication",
        }
    ]


def test_an_expiry_defers_a_job_for_the_exact_instant(job_queue, news_index, now):
    at = now + minutes(90)
    page = live_page(news_index, expire_at=at)
    assert job_queue.waiting() == [
        {
            "task_name": "scheduling.expire_page",
            "args": {"page_id": page.pk},
            "scheduled_at": at,
            "queue_name": "publication",
        }
    ]


def test_no_job_is_deferred_when_jobs_backend_is_none(job_queue, news_index, now, settings):
    settings.JOBS_BACKEND = "none"  # the quick start: the publish_due sweep does the work
    scheduled(news_index, now + minutes(90))
    live_page(news_index, expire_at=now + minutes(90))
    assert job_queue.waiting() == []


def test_saving_a_draft_defers_nothing(job_queue, news_index, now):
    page = live_page(news_index, expire_at=now + minutes(90))
    job_queue.clear()
    page.title = "Nouveau titre"
    page.save_revision()
    assert job_queue.waiting() == []


@on_postgresql
def test_the_job_rolls_back_with_the_scheduling(job_queue, news_index, now):
    page = NewsPageFactory(parent=news_index, live=False)
    page.go_live_at = now + minutes(90)
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        assert len(job_queue.waiting()) == 1
        raise RuntimeError
    assert job_queue.waiting() == []
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_a_failed_deferral_is_logged_and_scheduling_goes_on(
    job_queue, news_index, now, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks, "defer_publication", broken)
    with caplog.at_level(logging.ERROR, logger="cms.scheduling"):
        revision = scheduled(news_index, now + minutes(90))
    assert revision.approved_go_live_at is not None
    assert "Could not defer the go-live job" in caplog.text
    if connection.vendor == "postgresql":
        # The caller's transaction is intact.
        assert Revision.objects.filter(pk=revision.pk).exists()


def test_a_job_run_early_publishes_nothing_and_waits_for_the_instant(job_queue, news_index, now):
    at = now + minutes(1)
    revision = scheduled(news_index, at)
    job_queue.clear()  # the worker took the job
    tasks.publish_revision(revision_id=revision.pk)
    page = NewsPage.objects.get(pk=revision.object_id)
    assert not page.live
    assert publications(page) == 0
    # Deferred again for the instant.
    assert [(job["task_name"], job["scheduled_at"]) for job in job_queue.waiting()] == [
        ("scheduling.publish_revision", at)
    ]


def test_a_job_run_early_twice_keeps_one_waiting_job(job_queue, news_index, now):
    revision = scheduled(news_index, now + minutes(1))
    tasks.publish_revision(revision_id=revision.pk)
    tasks.publish_revision(revision_id=revision.pk)
    assert len(job_queue.waiting()) == 1


def test_a_due_job_publishes_once(job_queue, news_index, now):
    revision = scheduled(news_index, now + minutes(1))
    move_instant(revision, now - minutes(1))
    tasks.publish_revision(revision_id=revision.pk)
    tasks.publish_revision(revision_id=revision.pk)  # a duplicate does nothing
    page = NewsPage.objects.get(pk=revision.object_id)
    assert page.live
    assert page.live_revision_id == revision.pk
    assert publications(page) == 1


def test_the_job_of_an_unscheduled_revision_does_nothing(job_queue, news_index, now):
    revision = scheduled(news_index, now + minutes(1))
    move_instant(revision, now - minutes(1))
    # Unscheduled in the admin ("Annuler la programmation"), as Wagtail does it.
    revision.refresh_from_db()
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    tasks.publish_revision(revision_id=revision.pk)
    page = NewsPage.objects.get(pk=revision.object_id)
    assert not page.live
    assert publications(page) == 0


def test_the_job_of_a_superseded_revision_does_nothing(job_queue, news_index, now):
    first = scheduled(news_index, now + minutes(1))
    move_instant(first, now - minutes(1))
    page = NewsPage.objects.get(pk=first.object_id)
    page.go_live_at = None
    page.title = "Publié tout de suite"
    second = page.save_revision()
    second.publish()
    tasks.publish_revision(revision_id=first.pk)
    page.refresh_from_db()
    assert page.live_revision_id == second.pk
    assert page.title == "Publié tout de suite"
    assert publications(page) == 1


def test_the_expiry_job_unpublishes_at_the_instant_never_before(job_queue, news_index, now):
    page = live_page(news_index, expire_at=now + minutes(1))
    tasks.expire_page(page_id=page.pk)
    page.refresh_from_db()
    assert page.live and not page.expired
    NewsPage.objects.filter(pk=page.pk).update(expire_at=now - minutes(1))
    tasks.expire_page(page_id=page.pk)
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish.scheduled").count() == 1


def test_a_failing_job_raises_to_be_retried_with_backoff(job_queue, news_index, now, monkeypatch):
    revision = scheduled(news_index, now + minutes(1))
    move_instant(revision, now - minutes(1))

    def broken(self, *args, **kwargs):
        raise RuntimeError("search index down")

    monkeypatch.setattr(Revision, "publish", broken)
    with pytest.raises(RuntimeError):
        tasks.publish_revision(revision_id=revision.pk)
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None

    decisions = [
        tasks.publish_revision.retry_strategy.get_retry_decision(
            exception=RuntimeError(), job=failed_job(attempts)
        )
        for attempts in range(6)
    ]
    retry_times = [decision.retry_at for decision in decisions[:5]]
    assert retry_times == sorted(retry_times)  # backoff: each wait is longer
    assert decisions[5] is None  # then the every-minute sweep takes over


def failed_job(attempts: int) -> jobs.Job:
    return jobs.Job(
        id=1,
        queue="publication",
        lock=None,
        queueing_lock=None,
        task_name="scheduling.publish_revision",
        attempts=attempts,
    )


def test_the_sweep_runs_every_minute_on_the_publication_queue(job_queue):
    from procrastinate.contrib.django import procrastinate_app

    [periodic] = [
        task
        for task in procrastinate_app.current_app.periodic_registry.periodic_tasks.values()
        if task.task.name == "scheduling.publish_due"
    ]
    assert periodic.cron == "* * * * *"
    assert periodic.task.queue == "publication"
