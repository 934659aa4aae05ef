"""CDN purge after a change, against a real local HTTP server that records the requests."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.publishing import pipeline, purge
from tests.factories import NewsPageFactory
from tests.scheduling.conftest import job_queue  # noqa: F401 (fixture)

HOST = "api.example.gouv.fr"


class Proxy(ThreadingHTTPServer):
    """A caching proxy's purge endpoint: records each request, answers ``status``."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[dict] = []
        self.status = 200

    @property
    def location(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def seen(self) -> set[tuple[str, str]]:
        return {(request["method"], request["path"]) for request in self.requests}


class Handler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (http.server's naming)
        self.server.requests.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers)}
        )
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_BAN = do_PURGE  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = Proxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cdn(settings, proxy):
    """The proxy configured as the CDN in front of ``https://api.example.gouv.fr``."""
    settings.API_PUBLIC_URL = f"https://{HOST}"
    settings.CDN_PURGE_BY = "url"
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "cms.publishing.purge.HTTPPurgeBackend", "LOCATION": proxy.location}
    }
    return proxy


@pytest.fixture
def quick_start(settings):
    """No job queue: the pipeline runs in this process, after the commit."""
    settings.JOBS_BACKEND = "none"


@pytest.fixture
def publish(quick_start, django_capture_on_commit_callbacks):
    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


def page_paths(page, news_index) -> tuple[str, str]:
    return f"/api/v1/news/{page.pk}/", f"/api/v1/pages/?path=/{news_index.slug}/{page.slug}/"


def test_a_publication_purges_the_detail_the_listings_and_the_home(cdn, news_index, publish):
    page = publish(NewsPageFactory(parent=news_index, live=False))
    detail, lookup = page_paths(page, news_index)
    assert cdn.seen() == {
        ("PURGE", detail),
        ("PURGE", lookup),
        ("PURGE", "/api/v1/news/"),
        ("PURGE", "/api/v1/news/?locale=fr"),
        ("PURGE", "/api/v1/feeds/news.rss"),
        ("PURGE", "/api/v1/feeds/news.rss?locale=fr"),
        ("PURGE", "/api/v1/feeds/news.atom"),
        ("PURGE", "/api/v1/feeds/news.atom?locale=fr"),
        ("PURGE", "/api/v1/home/"),
        ("PURGE", "/api/v1/home/?locale=fr"),
    }
    assert {request["headers"]["Host"] for request in cdn.requests} == {HOST}


def test_a_slug_change_purges_the_former_path_lookup_too(cdn, news_index, publish):
    page = publish(NewsPageFactory(parent=news_index, live=False, slug="ancien"))
    cdn.requests.clear()
    page.slug = "nouveau"
    publish(page)
    assert ("PURGE", f"/api/v1/pages/?path=/{news_index.slug}/ancien/") in cdn.seen()
    assert ("PURGE", f"/api/v1/pages/?path=/{news_index.slug}/nouveau/") in cdn.seen()


def test_an_unpublication_purges_the_detail(
    cdn, news_index, publish, django_capture_on_commit_callbacks
):
    page = publish(NewsPageFactory(parent=news_index, live=False))
    cdn.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert ("PURGE", f"/api/v1/news/{page.pk}/") in cdn.seen()
    assert ("PURGE", "/api/v1/news/") in cdn.seen()


def test_by_surrogate_key_one_request_names_the_keys_the_api_responses_carry(
    cdn, settings, news_index, publish, client
):
    settings.CDN_PURGE_BY = "key"
    page = publish(NewsPageFactory(parent=news_index, live=False))
    assert len(cdn.requests) == 1
    request = cdn.requests[0]
    assert (request["method"], request["path"]) == ("PURGE", "/")
    assert request["headers"]["Host"] == HOST
    path = f"/{news_index.slug}/{page.slug}/"
    purged = request["headers"]["Surrogate-Key"].split()
    assert purged == [f"news:{page.pk}", "news", "sitemap", f"path:{path}"]
    # Every response showing the item carries one of them.
    for url in (
        f"/api/v1/news/{page.pk}/",
        "/api/v1/news/",
        f"/api/v1/pages/?path={path}",
        "/api/v1/feeds/news.rss",
        "/api/v1/feeds/news.atom?locale=fr",
    ):
        assert set(client.get(url)["Surrogate-Key"].split()) & set(purged), url


def test_an_unchanged_document_purges_nothing(cdn, news_index, publish):
    page = publish(NewsPageFactory(parent=news_index, live=False))
    cdn.requests.clear()
    pipeline.run("page", page.pk)
    assert cdn.requests == []


def test_nothing_is_sent_when_no_cdn_is_configured(settings, proxy, news_index, publish):
    settings.WAGTAILFRONTENDCACHE = {}
    publish(NewsPageFactory(parent=news_index, live=False))
    assert proxy.requests == []


def test_nothing_is_deferred_when_no_cdn_is_configured(settings, job_queue, news_index):  # noqa: F811
    settings.WAGTAILFRONTENDCACHE = {}
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    job_queue.clear()
    pipeline.sync_document(source="page", pk=page.pk)
    assert purges(job_queue) == []


@pytest.mark.parametrize("status", [500, 403, 404])
def test_a_refused_purge_raises(cdn, quick_start, news_index, status):
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    cdn.status = status
    with pytest.raises(purge.PurgeError, match=str(status)):
        pipeline.run("page", page.pk)


def test_an_unreachable_proxy_raises(cdn, quick_start, settings, news_index):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.WAGTAILFRONTENDCACHE["default"]["LOCATION"] = f"http://127.0.0.1:{port}"
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    with pytest.raises(purge.PurgeError, match="PURGE"):
        pipeline.run("page", page.pk)


def purges(queue) -> list[dict]:
    """The waiting purge jobs (beside the pipeline's sync jobs)."""
    return [job for job in queue.every_waiting() if job["task_name"] == "publishing.purge"]


def test_with_a_job_queue_a_failed_purge_fails_its_own_job_which_is_retried(
    cdn,
    job_queue,  # noqa: F811
    news_index,
):
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    job_queue.clear()
    cdn.status = 503
    # The sync job writes the document and defers the purge, which the proxy refuses.
    pipeline.sync_document(source="page", pk=page.pk)
    assert [(job["task_name"], job["queue_name"]) for job in purges(job_queue)] == [
        ("publishing.purge", "publication")
    ]
    (job,) = purges(job_queue)
    with pytest.raises(purge.PurgeError, match="503"):
        purge.purge_job(**job["args"])
    assert purge.purge_job.retry_strategy is pipeline.RETRY
    # The document is already up to date: a retried sync would purge nothing, the purge
    # job purges again.
    cdn.status = 200
    purge.purge_job(**job["args"])
    assert ("PURGE", f"/api/v1/news/{page.pk}/") in cdn.seen()
