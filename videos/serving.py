"""Serving a video's files: to the public while the video is public, to the admin's users
who may use it (docs/videos.md, "Serving the files").

No file of a video has a static URL. Two ways lead to them, each after its check, and
both send through ``cms.media.views.send`` (``X-Accel-Redirect``/``X-Sendfile`` in
production, streamed by Django with Range support otherwise):

- ``/media/videos/<name without "videos/">`` (:func:`public_file`, wired in
  ``cms/urls.py``): a rendition (``renditions/<token>.mp4``) or a caption track
  (``captions/<token>.vtt``), to anyone, only while a served document of the delivery
  store lists the file (``cms.delivery.models.PublicFile``, filled by the publication
  pipeline) and the video's rights have not expired at the moment of the request
  (``Video.rights_have_expired``: expiry takes effect before the store's refresh).
  Originals are never served there. It never reads the session; anything refused
  answers 404, which does not say whether the file exists.
- ``/admin/media/<storage name>`` (``cms.media.views.admin_file``): the original, the
  renditions and the caption tracks, to a user with admin access who may use the video
  (``videos.permissions.may_use``), through :func:`stored_video_file`, which
  ``videos.apps`` registers with ``cms.media.stored``.

Publishing moves and copies nothing: a file becomes public when the pipeline lists it,
and stops being so when the listing goes or the rights end.
"""

from __future__ import annotations

import datetime
import mimetypes
import re

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cms.media.stored import StoredFile
from cms.media.views import is_public_file, send
from cms.organisations.models import PARIS
from videos.models import CaptionTrack, Video, VideoRendition
from videos.models.related import CAPTIONS_FOLDER, RENDITIONS_FOLDER
from videos.models.video import ORIGINALS_FOLDER
from videos.permissions import may_use

#: The folder of every stored file of a video (the public URL drops it).
FOLDER = "videos"
#: Content types of a rendition and of a caption track.
MP4 = "video/mp4"
WEBVTT = "text/vtt; charset=utf-8"
#: What a public name may be: a rendition or a caption track, one random file name (letters,
#: digits, ``_``, ``-``: no dot but the extension's, no folder), never an original.
_PUBLIC_NAME = re.compile(r"(renditions|captions)/[A-Za-z0-9_-]+\.[a-z0-9]{1,8}")


def public_path(storage_name: str) -> str:
    """The path of the public URL of a rendition or caption track stored as
    ``storage_name`` (``"videos/renditions/<token>.mp4"`` ->
    ``"/media/videos/renditions/<token>.mp4"``); prefix it with the public media base."""
    return reverse("public_video_file", args=[storage_name.removeprefix(f"{FOLDER}/")])


def _rendition_or_caption(storage_name: str) -> tuple[Video, object, str] | None:
    """``(video, file, content type)`` of the rendition or caption track stored as
    ``storage_name`` (one query), or ``None``."""
    if storage_name.startswith(f"{RENDITIONS_FOLDER}/"):
        rendition = (
            VideoRendition.objects.filter(file=storage_name)
            .select_related("video__ministry")
            .first()
        )
        return None if rendition is None else (rendition.video, rendition.file, MP4)
    if storage_name.startswith(f"{CAPTIONS_FOLDER}/"):
        track = (
            CaptionTrack.objects.filter(file=storage_name).select_related("video__ministry").first()
        )
        return None if track is None else (track.video, track.file, WEBVTT)
    return None


def max_age(video: Video, now: datetime.datetime | None = None) -> int:
    """How long (seconds) a shared cache may keep a public file of ``video`` at ``now``:
    ``API_CACHE_MAX_AGE``, but never past the start of the day its rights expire (Paris
    midnight), so no cache serves the file after its rights have ended; 0 at worst."""
    limit = settings.API_CACHE_MAX_AGE
    if video.rights_expire_on is None:
        return limit
    end = datetime.datetime.combine(video.rights_expire_on, datetime.time.min, tzinfo=PARIS)
    left = int((end - (now or timezone.now())).total_seconds())
    return max(0, min(limit, left))


@require_safe
def public_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A rendition (``video/mp4``) or caption track (``text/vtt; charset=utf-8``) stored as
    ``videos/<name>``, to anyone, while a served document of the store lists it and the
    video's rights run; 404 otherwise (originals, any other name, a hidden or unknown
    file alike). Cacheable by shared caches for :func:`max_age` seconds."""
    if not _PUBLIC_NAME.fullmatch(name):
        raise Http404
    storage_name = f"{FOLDER}/{name}"
    found = _rendition_or_caption(storage_name)
    if found is None:
        raise Http404
    video, file, content_type = found
    if video.rights_have_expired or not is_public_file(storage_name):
        raise Http404
    response = send(request, file, content_type=content_type, attachment_filename=None)
    patch_cache_control(response, public=True, max_age=max_age(video))
    return response


def _original_type(video: Video) -> tuple[str, str | None]:
    """``(content type, attachment name)`` of an original: inline with its guessed type
    when that is a video or audio type (the admin's player), else a download of
    ``application/octet-stream`` under the uploader's (safe) file name."""
    guessed, _ = mimetypes.guess_type(video.file.name)
    if guessed and guessed.split("/")[0] in ("video", "audio"):
        return guessed, None
    return "application/octet-stream", video.original_filename or "video"


def stored_video_file(storage_name: str) -> StoredFile | None:
    """The lookup of ``cms.media.stored`` for the admin's file view: the original, a
    rendition or a caption track stored as ``storage_name``, seen by whoever may use its
    video (``may_use``); ``None`` for a name outside ``videos/`` or unknown (one query
    at most for a video's name, none for another)."""
    if not storage_name.startswith(f"{FOLDER}/"):
        return None
    found = _rendition_or_caption(storage_name)
    if found is not None:
        video, file, content_type = found
        return StoredFile(video, file, content_type, None, may_use)
    if storage_name.startswith(f"{ORIGINALS_FOLDER}/"):
        video = Video.objects.filter(file=storage_name).select_related("ministry").first()
        if video is not None:
            content_type, attachment = _original_type(video)
            return StoredFile(video, video.file, content_type, attachment, may_use)
    return None
