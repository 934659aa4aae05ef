"""Videos of the library in the delivery store (docs/videos.md, "Publication").

- :func:`video` renders the *video object* every public shape shares (a video block, a
  video page's ``video``, the body of a ``Kind.VIDEO`` document), or ``None`` when the
  video may not be published: not ready, its rights expired, or something missing
  (``Video.publication_gaps``: French captions, transcript).
- :func:`video_block` renders a ``cms.blocks.VideoBlock`` of a body (registered in
  ``content.BLOCK_RENDERERS``); :func:`shown` names the videos a body shows, for the
  document's ``("video", pk)`` facets and its refresh at their rights' end.
- :func:`render_video` renders the ``Kind.VIDEO`` document of a video (source
  ``"video"``, registered after the pages by :func:`register`, so a rebuild renders videos
  last): public only while the video may be published *and* a listed document of
  another kind (a live news item, a live video page) shows it.
- :func:`after_change` (``pipeline.AFTER_CHANGE``) renders a video's document again when
  the set of documents showing it changes.

Video files (renditions, caption tracks) are served at ``<MEDIA_PUBLIC_BASE_URL>/media/
videos/<storage name without "videos/">`` by a checked view, while a served document
lists them among its files (``PublicFile``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from html import escape

from django.conf import settings
from django.db.models import Min

from wagtail import blocks
from wagtail.models import Locale

from cms.blocks import VideoBlock
from cms.delivery import serializers
from cms.delivery.models import Document, Facet, Kind
from cms.media.renditions import public_base_url
from cms.publishing import content, documents
from cms.publishing.documents import Rendered
from videos.models import ProcessingStatus, Video

#: The storage folder of every video file (``videos/renditions/…``, ``videos/captions/…``).
FOLDER = "videos/"
#: The facet a document carries for each video it shows.
FACET = "video"
#: Width of the player the embed code proposes, in CSS pixels.
EMBED_WIDTH = 640


def public_file_url(name: str) -> str:
    """The public URL of the video file stored as ``name`` (``videos/renditions/x.mp4`` →
    ``<MEDIA_PUBLIC_BASE_URL>/media/videos/renditions/x.mp4``)."""
    return f"{public_base_url()}/media/videos/{name.removeprefix(FOLDER)}"


def embed_url(pk: int) -> str:
    """The absolute URL of the embed page of video ``pk`` (``/embed/videos/<pk>/``)."""
    return f"{settings.API_PUBLIC_URL.rstrip('/')}/embed/videos/{pk}/"


def rights_end(obj: Video) -> datetime.datetime | None:
    """The instant the video's rights expire (start of the expiry day, Paris), or None."""
    return content.day_start(obj.rights_expire_on)


def is_publishable(obj: Video) -> bool:
    """Whether ``obj`` may be shown to the public now: ready, rights not expired, nothing
    missing (``publication_gaps``, one query)."""
    return (
        obj.status == ProcessingStatus.READY
        and not obj.rights_have_expired
        and not obj.publication_gaps()
    )


class _Shown:
    """What ``content.ministry`` reads of a page, for a video in its own language."""

    first_published_at = None

    def __init__(self, locale: Locale):
        self.locale_id = locale.pk


def video(obj: Video | None, files: list[str], summary: bool = False) -> dict | None:
    """The public video object of ``obj`` (docs/videos.md, "Publication"), or ``None``
    when it may not be published (:func:`is_publishable`). Durations and chapter starts
    are in seconds, sizes in bytes, dimensions in pixels; the ministry and topics are in
    the video's language. The files it shows (renditions, caption tracks, poster
    renditions) are appended to ``files``. With ``summary``, without ``transcript`` and
    ``chapters`` (a listing's entry)."""
    if obj is None or not is_publishable(obj):
        return None
    locale = Locale.objects.filter(language_code=obj.language).first() or Locale.get_default()
    renditions = []
    for rendition in obj.renditions.order_by("height"):
        files.append(rendition.file.name)
        renditions.append(
            {
                "url": public_file_url(rendition.file.name),
                "type": "video/mp4",
                "width": rendition.width,
                "height": rendition.height,
                "size": rendition.file_size,
            }
        )
    captions = []
    for track in obj.caption_tracks.order_by("language", "kind"):
        files.append(track.file.name)
        captions.append(
            {
                "language": track.language,
                "label": track.label or track.get_language_display(),
                "kind": track.kind,
                "url": public_file_url(track.file.name),
            }
        )
    data = {
        "id": obj.pk,
        "title": obj.title,
        "description": obj.description,
        "language": obj.language,
        "duration": obj.duration,
        "width": obj.width,
        "height": obj.height,
        "recorded_on": obj.recorded_on,
        "poster": content.image(obj.poster, files) if obj.poster_id else None,
        "renditions": renditions,
        "captions": captions,
        "chapters": [
            {"start": chapter.start, "title": chapter.title}
            for chapter in obj.chapters.order_by("sort_order", "start")
        ],
        "transcript": obj.transcript,
        "credits": obj.credits,
        "rights_holder": obj.rights_holder,
        "licence": obj.licence,
        "ministry": content.ministry(obj.ministry, _Shown(locale)),
        "topics": [content.topic(topic, locale) for topic in obj.topics.order_by("pk")],
        "embed": embed(obj),
    }
    if summary:
        del data["transcript"], data["chapters"]
    return data


def embed(obj: Video) -> dict:
    """``{"url", "html"}``: the embed page of the video and an ``<iframe>`` showing it
    (``EMBED_WIDTH`` wide, the video's aspect ratio)."""
    url = embed_url(obj.pk)
    height = round(EMBED_WIDTH * obj.height / obj.width) if obj.width and obj.height else 360
    html = (
        f'<iframe src="{escape(url)}" title="{escape("Vidéo : " + obj.title)}" '
        f'width="{EMBED_WIDTH}" height="{height}" allow="fullscreen; picture-in-picture" '
        'loading="lazy" style="border:0"></iframe>'
    )
    return {"url": url, "html": html}


# -- In bodies ----------------------------------------------------------------------------


def video_block(block, value, files: list[str]) -> dict:
    """A video block: ``{"video": <video object> | null, "caption", "unavailable"}``;
    ``unavailable`` is true when a video is chosen but may not be shown (not ready,
    rights expired, captions or transcript missing): the front end says so."""
    obj = value["video"]
    shown_video = video(obj, files)
    return {
        "video": shown_video,
        "caption": value["caption"] or "",
        "unavailable": obj is not None and shown_video is None,
    }


def _walk(block, value) -> Iterator[Video]:
    if value is None:
        return
    if isinstance(block, VideoBlock):
        if value["video"] is not None:
            yield value["video"]
    elif isinstance(block, blocks.StructBlock):
        for name in value:
            yield from _walk(block.child_blocks[name], value[name])
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _walk(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _walk(child.block, child.value)


def shown(stream) -> list[Video]:
    """The videos a body (StreamField value) shows to the public, in order, once each:
    those of its video blocks that may be published."""
    found = {}
    for child in stream:
        for obj in _walk(child.block, child.value):
            found.setdefault(obj.pk, obj)
    return [obj for obj in found.values() if is_publishable(obj)]


def facets(videos: list[Video]) -> list[tuple[str, str]]:
    """The ``("video", "<pk>")`` facets of a document showing ``videos``."""
    return [(FACET, str(obj.pk)) for obj in videos]


def rights_ends(videos: list[Video]) -> list[datetime.datetime]:
    """The instants the rights of ``videos`` expire: the document is rendered again then."""
    return [end for end in map(rights_end, videos) if end is not None]


# -- The video's own document -------------------------------------------------------------


def every_video() -> list[int]:
    return list(Video.objects.order_by("pk").values_list("pk", flat=True))


def showing(pk: int, now: datetime.datetime | None = None):
    """The facets of the listed documents (public, not expired; not videos) showing video
    ``pk``."""
    listed = Document.objects.listed(now).exclude(kind=Kind.VIDEO)
    return Facet.objects.filter(name=FACET, value=str(pk), document__in=listed)


def render_video(pk: int) -> Rendered | None:
    """The ``Kind.VIDEO`` document of video ``pk``: the video object with its dates, or
    ``None`` when it may not be published or no listed document shows it.
    ``published_at`` is the earliest first publication of the documents showing it;
    ``expires_at`` (and the refresh) the start of its rights' expiry day (Paris)."""
    obj = Video.objects.filter(pk=pk).select_related("ministry").first()
    if obj is None:
        return None
    first = showing(pk).aggregate(first=Min("published_at"))["first"]
    if first is None and not showing(pk).exists():
        return None
    files: list[str] = []
    data = video(obj, files)
    if data is None:
        return None
    dates = {"published_at": first, "updated_at": obj.updated_at}
    summary = {key: value for key, value in data.items() if key not in ("transcript", "chapters")}
    end = rights_end(obj)
    return Rendered(
        kind=Kind.VIDEO,
        public_id=str(obj.pk),
        locale=obj.language,
        body=serializers.VideoDocumentSerializer({**data, **dates}).data,
        summary=serializers.VideoSummarySerializer({**summary, **dates}).data,
        published_at=first,
        updated_at=obj.updated_at,
        expires_at=end,
        refresh_at=content.next_instant(end, *content.licence_ends(files)),
        duration=obj.duration,
        facets=[("ministry", data["ministry"]["id"])]
        + [("topic", t["id"]) for t in data["topics"]],
        files=files,
    )


def after_change(result: documents.Result) -> None:
    """``pipeline.AFTER_CHANGE``: a document whose shown videos changed (or whose state,
    summary or expiry changed, which decides whether it counts) renders again the
    documents of those videos."""
    from cms.publishing.pipeline import schedule

    document = result.document
    if document is None or document.kind == Kind.VIDEO:
        return
    before = {value for name, value in result.previous_facets if name == FACET}
    after = {value for name, value in result.facets if name == FACET}
    touched = (before | after) if result.summary_changed else (before ^ after)
    for value in sorted(touched, key=int):
        schedule("video", int(value))


def register() -> None:
    """Register the ``"video"`` source (after the pages: a rebuild renders videos last),
    the body block and the after-change hook (``PublishingConfig.ready``)."""
    from cms.publishing import pipeline

    documents.renderer("video", every_video)(render_video)
    content.BLOCK_RENDERERS[VideoBlock] = video_block
    pipeline.AFTER_CHANGE.append(after_change)
