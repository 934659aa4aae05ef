"""Surrogate keys of the public API: which cached responses to purge when a document
changes.

Every ``200`` (and ``301``, ``410``) of ``/api/`` carries a ``Surrogate-Key`` header:
space-separated keys naming what the response shows (Fastly's and Varnish's xkey
convention). A CDN or reverse proxy indexes cached responses by them, and the purge job
purges, for a changed document, the keys :func:`keys_for_change` names. The keys:

=====================  ==========================================================
``api``                every response of the API (purge everything)
``news``               every page of the news listing, whatever its filters
``news:<id>``          the detail of news item ``<id>``, and its path lookup
``videos``             every page of the video listing and the video feeds
``video:<id>``         the detail of video ``<id>`` and its embed page
``section:<id>``       the path lookup of the ministry section page ``<id>``
``home:<locale>``      the home ("À la une") of a language, and its path lookup
``ministries``         the ministries listing (every language)
``topics``             the topics listing (every language)
``governments``        the governments listing
``crisis-alert``       the crisis alert (every language)
``sitemap``            the sitemap and its sections
``path:<path>``        the lookup of a public path (200, 301 or 410)
=====================  ==========================================================

The keys hold no space (paths with a space are refused by the API) and stay under
Fastly's limit of 1,024 bytes per key.
"""

from __future__ import annotations

from collections.abc import Iterable

ALL = "api"
NEWS = "news"
VIDEOS = "videos"
MINISTRIES = "ministries"
TOPICS = "topics"
GOVERNMENTS = "governments"
CRISIS_ALERT = "crisis-alert"
SITEMAP = "sitemap"

#: Stored kind -> the listing (collection) key its documents appear in.
COLLECTIONS = {
    "news": NEWS,
    "video": VIDEOS,
    "ministry": MINISTRIES,
    "topic": TOPICS,
    "government": GOVERNMENTS,
    "crisis_alert": CRISIS_ALERT,
}

#: Kind -> the path (under ``/api/v1``) of one document's detail, from its ``public_id``:
#: where a webhook message points (``cms.webhooks.events``).
DETAILS = {"news": "/news/{public_id}/", "video": "/videos/{public_id}/"}

#: Kinds whose documents have a public path (sitemap, path lookup).
WITH_PATH = {"news", "section", "home"}


def document_key(kind: str, public_id: str, locale: str) -> str:
    """The key of one stored document's own responses (its detail or lookup)."""
    if kind == "home":
        return f"home:{locale}"
    if kind == "crisis_alert":
        return CRISIS_ALERT
    if kind in ("ministry", "topic", "government"):
        return COLLECTIONS[kind]
    return f"{kind}:{public_id}"


def path_key(path: str) -> str:
    """The key of the lookup of a public ``path`` (``/api/v1/pages/?path=``)."""
    return f"path:{path}"


def header(keys: Iterable[str]) -> str:
    """The ``Surrogate-Key`` value: ``api`` first, then ``keys`` once each, in order."""
    return " ".join(dict.fromkeys([ALL, *keys]))


def keys_for_change(
    kind: str, public_id: str, locale: str, path: str = "", previous_path: str = ""
) -> list[str]:
    """The keys to purge when the stored document (``kind``, ``public_id``, ``locale``)
    was written, withdrawn or tombstoned; ``path`` and ``previous_path`` are its public
    path now and before the change (a move). Returns keys without duplicates."""
    keys = [document_key(kind, public_id, locale)]
    if kind in COLLECTIONS:
        keys.append(COLLECTIONS[kind])
    if kind in WITH_PATH:
        keys.append(SITEMAP)
        keys.extend(path_key(p) for p in (path, previous_path) if p)
    return list(dict.fromkeys(keys))
