"""Jobs deferred by a job, in a worker: never before the change they follow is committed."""

from procrastinate.contrib.django import app

from cms import jobs
from cms.publishing import pipeline
from tests.scheduling.conftest import on_postgresql


@on_postgresql
def test_in_a_worker_a_job_deferred_in_a_transaction_waits_for_the_commit(
    job_queue, django_capture_on_commit_callbacks
):
    # What `manage.py procrastinate worker` does: a psycopg pool of its own, outside
    # Django's transactions (procrastinate/contrib/django/management/commands).
    with (
        app.replace_connector(app.connector.get_worker_connector()),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        jobs.defer(pipeline.sync_document, source="page", pk=42)
        assert job_queue.every_waiting() == []
    assert len(callbacks) == 1
    # Once committed, the job is deferred (through Django's connector here).
    callbacks[0]()
    assert [job["task_name"] for job in job_queue.every_waiting()] == ["publishing.sync_document"]
