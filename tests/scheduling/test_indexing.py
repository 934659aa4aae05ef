"""Search index updates of pages leave the publishing transaction (cms.scheduling.indexing).

With the database search backend, Wagtail's update refreshes the title norms of the whole
index table: at 100,000 items, 150 ms inside every publication. Production defers it.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from cms.jobs import INDEXING
from cms.scheduling import indexing
from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def found(word: str) -> list[int]:
    return [page.pk for page in NewsPage.objects.search(word)]


def index_queries(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries if "wagtailsearch_indexentry" in query["sql"]]


def publish_new(parent, title: str) -> NewsPage:
    page = NewsPageFactory(parent=parent, title=title, live=False)
    page.save_revision().publish()
    return page


@pytest.fixture
def deferred_updates(settings):
    settings.SEARCH_INDEX_UPDATES = "deferred"


def test_publication_leaves_the_index_alone(news_index, deferred_updates, job_queue):
    page = NewsPageFactory(parent=news_index, title="Zéphyrin", live=False)
    revision = page.save_revision()
    with CaptureQueriesContext(connection) as queries:
        revision.publish()
    assert index_queries(queries) == []


def test_an_index_job_per_page_after_the_publications(news_index, deferred_updates, job_queue):
    job_queue.clear()
    page = publish_new(news_index, "Zéphyrin")
    page.save_revision().publish()
    jobs = [job for job in job_queue.waiting() if job["queue_name"] == INDEXING]
    assert jobs == [
        {
            "task_name": "indexing.update_page",
            "args": {"page_id": page.pk},
            "scheduled_at": None,
            "queue_name": "indexing",
        }
    ]
    assert found("Zéphyrin") == []
    indexing.update_page(page.pk)
    assert found("Zéphyrin") == [page.pk]


def test_index_jobs_run_after_the_go_live_jobs(news_index, deferred_updates, job_queue):
    assert indexing.update_page.priority < 0


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL has a job queue")
def test_without_a_job_queue_the_update_runs_after_the_commit(
    news_index, deferred_updates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = publish_new(news_index, "Zéphyrin")
    assert callbacks
    assert found("Zéphyrin") == []
    for callback in callbacks:
        callback()
    assert found("Zéphyrin") == [page.pk]


def test_a_page_gone_before_its_job_is_skipped(news_index, deferred_updates, job_queue):
    page = publish_new(news_index, "Zéphyrin")
    page_id = page.pk
    page.delete()
    indexing.update_page(page_id)
    assert found("Zéphyrin") == []


def test_a_deleted_page_leaves_the_index_at_once(news_index):
    page = publish_new(news_index, "Zéphyrin")
    assert found("Zéphyrin") == [page.pk]
    Page.objects.get(pk=page.pk).specific.delete()
    assert found("Zéphyrin") == []
