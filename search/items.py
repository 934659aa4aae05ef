"""Searchable items made from the delivery store, and from nothing else.

:func:`from_document` turns a stored public document (a news item, a ministry news item,
a video) into the :class:`~search.query.IndexedItem` every backend indexes; anything not
public (withdrawn, tombstoned, expired) or not searchable (sections, homes, governments…)
gives ``None``. :func:`of_document` adds a news item's attachments (``document``). The
editorial side is never read: the texts come from the document's JSON body, a video's
captions from its public caption files, a PDF attachment's text from its public file
(``search.pdf``).
"""

from __future__ import annotations

import datetime
import json
import logging
import posixpath

from django.core.files.storage import default_storage
from django.utils import timezone

from cms.delivery.models import Document, Facet, Kind, State
from search import pdf, text
from search.query import IndexedItem

logger = logging.getLogger(__name__)

#: Kinds of documents searched.
SEARCHED_KINDS = (Kind.NEWS, Kind.VIDEO)
#: Storage folder of a video's caption tracks (``cms.publishing.videos``' layout).
CAPTIONS_FOLDER = "videos/captions/"


def has_ended(government: dict | None, at: datetime.datetime | None = None) -> bool:
    """Whether a government as the store shows it (``{"end_date": "2024-01-08", …}``,
    ``None`` for none) has ended at ``at`` (now by default): its period is half-open,
    the end date excluded."""
    if not government or not government.get("end_date"):
        return False
    return str(government["end_date"]) <= timezone.localdate(at or timezone.now()).isoformat()


def ended_governments(at: datetime.datetime | None = None) -> list[str]:
    """The ids (public ids of their ``Kind.GOVERNMENT`` documents) of the governments
    ended at ``at`` (now by default): their items are historic. One query."""
    governments = Document.objects.listed(at).filter(kind=Kind.GOVERNMENT)
    return [
        public_id
        for public_id, body in governments.values_list("public_id", "body")
        if has_ended(json.loads(body), at)
    ]


def from_document(document: Document) -> IndexedItem | None:
    """The searchable item of ``document``, or ``None`` if it is not searchable now.

    A news item is ``current`` unless the government it shows has ended (the pipeline
    renders it again at that instant). No query for a news item; a video costs two
    (its caption files, the page that shows it, for its URL) and a read of each
    caption file.
    """
    if document.kind not in SEARCHED_KINDS or document.state != State.PUBLIC:
        return None
    if document.expires_at is not None and document.expires_at <= timezone.now():
        return None
    body = json.loads(document.body)
    if document.kind == Kind.NEWS:
        return _news(document, body)
    return _video(document, body)


def of_document(document: Document) -> list[IndexedItem]:
    """Every searchable item of ``document``: its own (:func:`from_document`), then for
    a news item each of its attachments (:func:`attachments`); empty when it is not
    searchable."""
    item = from_document(document)
    if item is None:
        return []
    if document.kind != Kind.NEWS:
        return [item]
    return [item, *attachments(item, json.loads(document.body), document)]


def attachments(item: IndexedItem, body: dict, document: Document) -> list[IndexedItem]:
    """The attachments of the news item ``item`` (``document``, whose JSON is ``body``)
    as ``document`` items: keyed ``"<item key>/file:<id>"``, their title (the
    attachment's own or the file's), the file's public URL, the item's locale, date,
    ministries and topics, its title as the chapô; a PDF's text as the body
    (:func:`pdf_texts`), other files' contents are not read."""
    shown = [
        attachment
        for attachment in body.get("attachments") or []
        if attachment.get("id") is not None and text.clean(attachment.get("title") or "")
    ]
    texts = pdf_texts(shown, document)
    return [
        IndexedItem(
            key=f"{item.key}/file:{attachment['id']}",
            type="document",
            title=text.clean(attachment["title"]),
            url=attachment.get("url") or item.url,
            locale=item.locale,
            published_at=item.published_at,
            chapo=item.title,
            body=texts.get(str(attachment["id"]), ""),
            ministries=item.ministries,
            topics=item.topics,
            current=item.current,
        )
        for attachment in shown
    ]


def pdf_texts(shown: list[dict], document: Document) -> dict[str, str]:
    """``{attachment id (str): text}`` of the PDF attachments among ``shown`` (their
    JSON in ``document``'s body). An attachment's file is the one of the files the
    store serves for ``document`` (``document.files``) whose name ends with its URL's
    file name (``/documents/<id>/<file name>``); none is read when no attachment is a
    PDF. One query (the document's files), then those of ``search.pdf.public_texts``."""
    wanted = {
        posixpath.basename(attachment.get("url") or ""): str(attachment["id"])
        for attachment in shown
        if attachment.get("file_type") == "pdf" and attachment.get("url")
    }
    if not wanted:
        return {}
    names = {
        posixpath.basename(name): name
        for name in document.files.values_list("name", flat=True)
        if posixpath.basename(name) in wanted
    }
    texts = pdf.public_texts(list(names.values()))
    return {wanted[filename]: texts[name] for filename, name in names.items()}


def _pairs(objects) -> tuple[tuple[str, str], ...]:
    return tuple((str(obj["id"]), obj.get("name") or "") for obj in objects if obj)


def _news(document: Document, body: dict) -> IndexedItem:
    return IndexedItem(
        key=document.key,
        type=body.get("type") or "news",
        title=text.clean(body.get("title", "")),
        url=document.url,
        locale=document.locale,
        published_at=document.published_at,
        chapo=text.strip_html(body.get("chapo", "")),
        body=text.stream_text(body.get("body")),
        kind=document.news_kind,
        ministries=_pairs(body.get("ministries") or []),
        topics=_pairs(body.get("topics") or []),
        current=not has_ended(body.get("government")),
    )


def _video(document: Document, body: dict) -> IndexedItem:
    captions = [
        caption_text(name)
        for name in document.files.filter(name__startswith=CAPTIONS_FOLDER)
        .order_by("name")
        .values_list("name", flat=True)
    ]
    spoken = " ".join(part for part in [body.get("transcript") or "", *captions] if part)
    return IndexedItem(
        key=document.key,
        type="video",
        title=text.clean(body.get("title", "")),
        url=video_url(document, body),
        locale=document.locale,
        published_at=document.published_at,
        chapo=text.strip_html(body.get("description", "")),
        body=text.strip_html(spoken)[: text.MAX_FIELD_LENGTH],
        ministries=_pairs([body.get("ministry")]),
        topics=_pairs(body.get("topics") or []),
    )


def video_url(document: Document, body: dict) -> str:
    """Where a video is watched: its video page's front-end URL, else that of the
    latest listed item showing it, else its embed page."""
    showing = (
        Document.objects.listed()
        .exclude(kind=Kind.VIDEO)
        .filter(
            pk__in=Facet.objects.filter(name="video", value=document.public_id).values("document")
        )
        .exclude(url="")
        .order_by("-published_at", "-id")
        .values_list("kind", "url")
    )
    urls = list(showing[:20])
    for kind, url in urls:
        if kind == Kind.VIDEO_PAGE:
            return url
    if urls:
        return urls[0][1]
    return (body.get("embed") or {}).get("url", "")


def caption_text(name: str) -> str:
    """The spoken text of the caption file stored as ``name``; ``""`` if it cannot be
    read (logged: the item is indexed without it)."""
    try:
        with default_storage.open(name, "rb") as file:
            return text.caption_text(file.read(2_000_000).decode("utf-8", "replace"))
    except OSError:
        logger.warning("Caption file %s could not be read for the search index", name)
        return ""
