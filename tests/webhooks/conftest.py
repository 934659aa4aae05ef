"""Webhook endpoints for the tests: real local HTTP servers that record what they get.

Deliveries are sent as the SQLite quick start sends them (no job queue: the sweep sends
what is due), whichever the database; ``tests/webhooks/test_jobs.py`` checks the jobs.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from cms.webhooks import deliveries
from cms.webhooks.models import Delivery, Event, Subscription


class Endpoint(ThreadingHTTPServer):
    """A webhook receiver: records each request; answers ``status`` (with ``location``),
    or, with ``hang``, nothing until the test ends."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[dict] = []
        self.status = 204
        self.location = ""
        self.hang = False
        self.released = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/gouvernail"

    def messages(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.requests]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "body": body}
        )
        if self.server.hang:
            self.server.released.wait()
            return
        self.send_response(self.server.status)
        if self.server.location:
            self.send_header("Location", self.server.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve() -> Endpoint:
    server = Endpoint()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def endpoint(settings):
    """A local endpoint, reachable: private addresses and plain HTTP allowed."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.WEBHOOKS_TIMEOUT = 0.5
    server = serve()
    yield server
    server.released.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def quick_start(settings):
    """No job queue: the pipeline runs after the commit, the sweep sends deliveries."""
    settings.JOBS_BACKEND = "none"


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user(
        username="responsable", email="responsable@sig.gouv.fr", password="x"
    )


@pytest.fixture
def subscribe(endpoint, owner):
    def subscribe(events=tuple(Event.values), url=None, name="Portail des préfectures"):
        subscription = Subscription.objects.create(
            name=name, url=url or endpoint.url, events=list(events)
        )
        subscription.owners.add(owner)
        return subscription

    return subscribe


@pytest.fixture
def publish(quick_start, django_capture_on_commit_callbacks):
    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


def send(now=None) -> int:
    """The sweep's webhook step: send every due delivery (no job queue)."""
    return deliveries.catch_up(now or timezone.now())


def log() -> list[tuple]:
    """The delivery log, oldest first: (type, document key, version, status)."""
    return list(
        Delivery.objects.order_by("created_at", "pk").values_list(
            "type", "document_key", "version", "status"
        )
    )
