"""With a job queue: each delivery is a job on the ``webhooks`` queue, deferred with the
change that caused it, and each retry a job at its instant (job table on PostgreSQL,
in memory on SQLite)."""

from __future__ import annotations

import datetime

from django.utils import timezone

import pytest

from cms.publishing import pipeline
from cms.webhooks import deliveries
from cms.webhooks.models import Delivery
from tests.factories import NewsPageFactory
from tests.scheduling.conftest import job_queue  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def webhook_jobs(queue) -> list[dict]:
    return [job for job in queue.every_waiting() if job["task_name"] == "webhooks.deliver"]


def test_the_sync_job_defers_one_delivery_job_on_the_webhooks_queue(
    subscribe,
    job_queue,  # noqa: F811
    news_index,
    endpoint,
):
    subscribe()
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    job_queue.clear()
    pipeline.sync_document(source="page", pk=page.pk)
    delivery = Delivery.objects.get(document_key=f"page:{page.pk}")
    (job,) = webhook_jobs(job_queue)
    assert (job["queue_name"], job["args"]) == ("webhooks", {"delivery": delivery.pk})
    assert endpoint.requests == []  # the sync job sent nothing
    # The worker runs the job.
    deliveries.deliver_job(**job["args"])
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert len(endpoint.requests) == 1


def test_a_failed_attempt_defers_its_retry_at_its_instant(
    subscribe,
    job_queue,  # noqa: F811
    news_index,
    endpoint,
):
    endpoint.status = 500
    subscribe()
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    job_queue.clear()
    pipeline.sync_document(source="page", pk=page.pk)
    (job,) = webhook_jobs(job_queue)
    job_queue.clear()  # the worker took it
    deliveries.deliver_job(**job["args"])  # fails: the job itself succeeds
    delivery = Delivery.objects.get(document_key=f"page:{page.pk}")
    (retry,) = webhook_jobs(job_queue)
    assert (retry["queue_name"], retry["args"]) == ("webhooks", {"delivery": delivery.pk})
    assert retry["scheduled_at"] == delivery.next_attempt_at
    assert delivery.next_attempt_at - delivery.last_attempt_at == datetime.timedelta(seconds=60)


def test_the_sweep_defers_again_a_delivery_whose_job_was_lost(
    subscribe,
    job_queue,  # noqa: F811
    endpoint,
    news_index,
):
    subscribe()
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    job_queue.clear()
    pipeline.sync_document(source="page", pk=page.pk)
    job_queue.clear()  # lost
    now = timezone.now()
    assert deliveries.catch_up(now) == 0  # not late yet
    assert deliveries.catch_up(now + datetime.timedelta(minutes=2)) == 1
    assert [job["queue_name"] for job in webhook_jobs(job_queue)] == ["webhooks"]
    assert endpoint.requests == []  # the sweep itself sends nothing with a job queue
