"""Purging the CDN or reverse proxy in front of the public API after a document changes.

When the pipeline writes or tombstones a document (``pipeline.AFTER_CHANGE``), the cached
responses that show it are purged: its detail, the path lookup of its current and former
path, the listings and feeds it appears in and the home of its locale ("À la une" shows
news summaries).

Purges go through ``wagtail.contrib.frontend_cache``'s backends (``WAGTAILFRONTENDCACHE``,
built from the environment in ``settings/base.py``: ``CDN_PURGE_URL``…), but not through
its task nor its signal handlers (the app is not installed): Wagtail's ``HTTPBackend``
logs a failed purge and carries on, and its signal handlers purge the pages' own URLs,
not the API's. :class:`HTTPPurgeBackend` raises :class:`PurgeError` instead, so the
purge job fails and Procrastinate retries it (``pipeline.RETRY``).

Two ways of naming what to purge (``CDN_PURGE_BY``):

- ``url``: one ``PURGE`` request per URL (:func:`paths`). Filtered listings
  (``/api/v1/news/?topic=…``) and feeds (``/api/v1/feeds/news.rss?ministry=…``) have too
  many URLs to name: they age out with ``API_CACHE_MAX_AGE``.
- ``key``: one ``PURGE`` request naming surrogate keys (:func:`purge_keys`) in a header
  (``CDN_PURGE_KEY_HEADER``: ``Surrogate-Key`` for Fastly-style proxies, ``xkey-purge`` for
  Varnish's xkey), which reaches every cached response that carries one of them, filtered
  listings included: the keys the API's responses carry (``cms.delivery.caching``).

With a job queue, the purge is a job of its own on the ``publication`` queue (deferred
by the sync job), so a failed purge is retried even though the document is now up to
date (a retried sync would find nothing changed and purge nothing). Without one (the
SQLite quick start), it runs at once, in the sync's after-commit callback.
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from cms import jobs
from cms.delivery import caching
from cms.delivery.models import Document, Kind
from cms.publishing import documents
from cms.publishing.pipeline import AFTER_CHANGE, RETRY

logger = logging.getLogger(__name__)

API = "/api/v1"

#: Kind -> listing paths (under ``/api/v1``) whose responses show documents of that kind.
LISTINGS = {
    Kind.NEWS: ["/news/", "/feeds/news.rss", "/feeds/news.atom"],
    Kind.MINISTRY: ["/ministries/"],
    Kind.TOPIC: ["/topics/"],
    Kind.GOVERNMENT: ["/governments/"],
    Kind.CRISIS_ALERT: ["/crisis-alert/"],
}

#: Kind -> detail path (under ``/api/v1``) of one document, from its ``public_id``.
DETAILS = {Kind.NEWS: "/news/{public_id}/"}


class PurgeError(Exception):
    """The CDN or proxy refused a purge or could not be reached (the job is retried)."""


class HTTPPurgeBackend(BaseBackend):
    """Purge requests to a caching proxy (Varnish, nginx, a CDN's HTTP endpoint) that raise.

    ``params`` (``WAGTAILFRONTENDCACHE``): ``LOCATION``, where the proxy listens
    (``http://varnish:6081``); ``KEY_HEADER``, the header naming surrogate keys in a key
    purge; ``TIMEOUT``, in seconds (default 10); ``HOSTNAMES``, as Wagtail's.

    Each request is ``PURGE`` with the ``Host`` of the purged URL, as Wagtail's
    ``HTTPBackend`` sends it. Raises :class:`PurgeError` on a refusal (any status ≥ 400)
    or a network error (connection refused, timeout).
    """

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.scheme, self.netloc = location.scheme, location.netloc
        self.key_header = params.get("KEY_HEADER", "Surrogate-Key")
        self.timeout = float(params.get("TIMEOUT", 10))

    def purge(self, url: str) -> None:
        """Purge one absolute URL."""
        parts = urlsplit(url)
        self._send(
            parts.netloc, urlunsplit((self.scheme, self.netloc, parts.path, parts.query, ""))
        )

    def purge_keys(self, host: str, keys: list[str]) -> None:
        """Purge every response of ``host`` that carries one of ``keys`` (one request)."""
        target = urlunsplit((self.scheme, self.netloc, "/", "", ""))
        self._send(host, target, {self.key_header: " ".join(keys)})

    def _send(self, host: str, target: str, headers: dict | None = None) -> None:
        request = Request(  # noqa: S310 (the scheme is the configured LOCATION's)
            target,
            method="PURGE",
            headers={
                "Host": host,
                "User-Agent": f"Gouvernail-purge (Wagtail-frontendcache/{wagtail_version})",
                **(headers or {}),
            },
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310
                pass
        except HTTPError as error:
            raise PurgeError(
                f"PURGE {target} (Host: {host}): {error.code} {error.reason}"
            ) from error
        except (URLError, OSError) as error:
            raise PurgeError(f"PURGE {target} (Host: {host}): {error}") from error


def purge_keys(document: Document, previous_path: str = "") -> list[str]:
    """The surrogate keys to purge after ``document`` changed (``previous_path``: its path
    before a move): those its responses carry, named by the API (``cms.delivery.caching``).
    A home featuring a news item is rendered again, and purged, as a document of its own."""
    return caching.keys_for_change(
        document.kind, document.public_id, document.locale, document.path, previous_path
    )


def paths(document: Document, previous_path: str = "") -> list[str]:
    """The API paths (with their query) to purge after ``document`` changed: detail, path
    lookups of the current and former path, first pages of its listings (unfiltered, and
    by locale), and the home of its locale for a news item. The default locale is also
    served without ``?locale=``, so both forms are purged."""
    found = []
    if document.kind in DETAILS:
        found.append(API + DETAILS[document.kind].format(public_id=document.public_id))
    for path in dict.fromkeys(p for p in (document.path, previous_path) if p):
        found.append(f"{API}/pages/?{urlencode({'path': path}, safe='/')}")
    localised = [f"{API}{listing}" for listing in LISTINGS.get(document.kind, [])]
    if document.kind in (Kind.NEWS, Kind.HOME):
        localised.append(f"{API}/home/")
    for path in localised:
        if document.locale == settings.LANGUAGE_CODE:
            found.append(path)
        found.append(f"{path}?{urlencode({'locale': document.locale})}")
    return found


def configured() -> bool:
    """Whether a CDN or proxy is configured (``WAGTAILFRONTENDCACHE`` not empty)."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_document(key: str, previous_path: str = "") -> None:
    """Purge what shows the stored document ``key`` (``"page:42"``), and the path lookup
    of ``previous_path``, from every configured backend. Nothing happens when none is
    configured or the document is no longer stored. Raises :class:`PurgeError` when a
    backend fails (the ones of ``wagtail.contrib.frontend_cache`` log and carry on)."""
    if not configured():
        return
    document = Document.objects.filter(key=key).first()
    if document is None:
        return
    base = settings.API_PUBLIC_URL.rstrip("/")
    host = urlsplit(base).netloc
    urls = [base + path for path in paths(document, previous_path)]
    for name, backend in get_backends().items():
        if not backend.invalidates_hostname(host):
            continue
        if settings.CDN_PURGE_BY == "key":
            backend.purge_keys(host, purge_keys(document, previous_path))
        else:
            backend.purge_batch(urls)
        logger.info("[%s] Purged %s", name, key)


@jobs.app.task(name="publishing.purge", queue=jobs.PUBLICATION, retry=RETRY)
def purge_job(key: str, previous_path: str = "") -> None:
    purge_document(key, previous_path)


def after_change(result: documents.Result) -> None:
    """``AFTER_CHANGE`` hook: purge what shows the changed document (see the module)."""
    if not configured():
        return
    key, previous = result.document.key, result.previous_path
    if jobs.enabled():
        jobs.defer(purge_job, key=key, previous_path=previous)
    else:
        purge_document(key, previous)


AFTER_CHANGE.append(after_change)
