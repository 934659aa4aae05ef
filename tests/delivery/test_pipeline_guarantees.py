"""The pipeline's guarantees: deferred with the change, one job per document, versions
that only grow, serialised writers, and publications that never fail because of it.

The job table and the advisory lock are PostgreSQL's (``JOBS_BACKEND=procrastinate``, as
in CI); the other guarantees are checked on either backend.
"""

import json
import logging
import threading

from django.db import connection, transaction

import pytest

from cms.delivery.models import Document
from cms.publishing import documents, pipeline
from news.models import NewsPage
from tests.delivery.conftest import run_waiting_jobs
from tests.factories import NewsPageFactory
from tests.scheduling.conftest import on_postgresql

pytestmark = pytest.mark.django_db


def publishing_jobs(job_queue) -> list[dict]:
    return [job for job in job_queue.every_waiting() if job["task_name"].startswith("publishing.")]


def edit_and_publish(page, title):
    page = NewsPage.objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()


def test_a_job_is_deferred_in_the_transaction_and_rolled_back_with_it(job_queue, news_index):
    page = NewsPageFactory(parent=news_index, live=False)
    job_queue.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        assert publishing_jobs(job_queue) == [
            {
                "task_name": "publishing.sync_document",
                "args": {"source": "page", "pk": page.pk},
                "scheduled_at": None,
                "queue_name": "publication",
            }
        ]
        raise RuntimeError("the publication fails")
    if connection.vendor == "postgresql":  # the in-memory queue knows no transactions
        assert publishing_jobs(job_queue) == []


def test_one_waiting_job_per_document(job_queue, news_index):
    page = NewsPageFactory(parent=news_index, live=False)
    job_queue.clear()
    for title in ("Premier titre", "Deuxième titre", "Troisième titre"):
        edit_and_publish(page, title)
    documents_jobs = [
        job for job in publishing_jobs(job_queue) if job["task_name"] == "publishing.sync_document"
    ]
    assert documents_jobs == [
        {
            "task_name": "publishing.sync_document",
            "args": {"source": "page", "pk": page.pk},
            "scheduled_at": None,
            "queue_name": "publication",
        }
    ]


def test_one_callback_per_document_and_commit_without_a_job_queue(
    news_index, django_capture_on_commit_callbacks, settings
):
    settings.JOBS_BACKEND = "none"  # the SQLite quick start
    page = NewsPageFactory(parent=news_index, live=False)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for title in ("Premier titre", "Deuxième titre", "Troisième titre"):
            edit_and_publish(page, title)
    keys = [callback.key for callback in callbacks if hasattr(callback, "key")]
    assert keys.count(("document", "page", page.pk)) == 1


def test_a_replayed_job_never_overwrites_a_newer_rendering(news_index, deliver):
    page = NewsPageFactory(parent=news_index, live=False)
    with deliver():
        edit_and_publish(page, "Version 1")
    first = Document.objects.get(key=f"page:{page.pk}")
    with deliver():
        edit_and_publish(page, "Version 2")
    second = Document.objects.get(key=f"page:{page.pk}")
    assert second.version > first.version

    # The job of version 1 is run again, late (a retry, a replay): it renders the page as
    # it stands, so nothing changes and the version does not go back.
    pipeline.sync_document(source="page", pk=page.pk)

    replayed = Document.objects.get(key=f"page:{page.pk}")
    assert replayed.version == second.version
    assert json.loads(replayed.body)["title"] == "Version 2"


def test_a_failing_renderer_never_breaks_the_publication(
    news_index, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(pk):
        raise RuntimeError("renderer down")

    monkeypatch.setitem(documents.RENDERERS, "page", broken)
    page = NewsPageFactory(parent=news_index, live=False)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # returns: the failure is the pipeline's own
    assert NewsPage.objects.get(pk=page.pk).live
    if connection.vendor == "postgresql":
        with pytest.raises(RuntimeError, match="renderer down"):
            run_waiting_jobs()  # the worker's job fails, and is retried
    else:
        assert "renderer down" in caplog.text  # the on-commit callback logged it
    assert not Document.objects.filter(key=f"page:{page.pk}").exists()


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_of_one_document_are_serialised(restored_after_flush, news_index):
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    run_waiting_jobs()
    key = f"page:{page.pk}"
    version = Document.objects.get(key=key).version
    results = {}

    def second_writer():
        try:
            results["second"] = documents.sync("page", page.pk)
        finally:
            connection.close()

    with transaction.atomic():
        documents.lock(key)  # the first writer holds the document's lock
        writer = threading.Thread(target=second_writer)
        writer.start()
        with connection.cursor() as cursor:  # wait until the second writer waits for it
            for _ in range(10_000):
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                )
                if cursor.fetchone()[0]:
                    break
            else:
                pytest.fail("the second writer never waited for the lock")
        assert "second" not in results
        NewsPage.objects.filter(pk=page.pk).update(title="Écrit pendant le verrou")
    writer.join(timeout=30)

    # The second writer read after the first committed: it stored the newer title.
    document = Document.objects.get(key=key)
    assert json.loads(document.body)["title"] == "Écrit pendant le verrou"
    assert document.version == version + 1
