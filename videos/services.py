"""Creating videos and sharing them: the commands the admin and the uploader call.

``create_video`` is the one way a video comes in: the admin's creation form calls it with
the uploaded file, and the resumable uploader (``cms/uploads/``) will call it with the
assembled file. The processing (probe, poster, renditions) starts from the ``waiting``
status it leaves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from cms.organisations.models import Ministry, Topic
from cms.uploads import services as uploads
from videos import tasks
from videos.models import ProcessingStatus, Sharing, Video, VideoShare, safe_filename
from videos.permissions import ministries_for_new_videos, policy
from videos.processing import ProbeResult


def assign_shares(video: Video, sharing: str, ministries: Iterable[Ministry]) -> None:
    """Set ``video``'s sharing and the ministries it is shared with, in memory (saved with
    the video: they are cluster children). The list is kept only when ``sharing`` is
    "shared"; existing shares keep their date."""
    video.sharing = sharing
    kept = list(ministries) if sharing == Sharing.SHARED else []
    existing = {share.ministry_id: share for share in video.shares.all()}
    video.shares = [existing.get(ministry.pk) or VideoShare(ministry=ministry) for ministry in kept]


def check_shares(video: Video, ministries: Iterable[Ministry]) -> None:
    """Raise ``ValidationError`` (French message, on ``shared_with``) when a shared video
    has no ministry to share with or names its own ministry."""
    if video.sharing != Sharing.SHARED:
        return
    ministries = list(ministries)
    if not ministries:
        raise ValidationError(
            {"shared_with": _("Choisissez au moins un ministère avec qui partager la vidéo.")}
        )
    if video.ministry_id is None:
        return
    owner = video.ministry.translation_key
    for ministry in ministries:
        if ministry.translation_key == owner:
            raise ValidationError(
                {
                    "shared_with": _(
                        "« %(ministry)s » est le ministère de la vidéo : il l'utilise déjà."
                    )
                    % {"ministry": ministry}
                }
            )


@transaction.atomic
def create_video(
    *,
    file: File,
    user,
    topics: Iterable[Topic] = (),
    tags: Iterable[str] = (),
    shared_with: Iterable[Ministry] = (),
    **fields,
) -> Video:
    """Store a new video, status "waiting" (progress 0), uploaded by ``user``.

    ``file``: the original (a Django ``File``, read from its start; its ``name`` is the
    uploader's file name, kept made harmless in ``original_filename``; it is stored under a
    random name, ``videos/originals/<token>.<ext>``). ``fields``: the ``Video`` fields an
    editor fills in (``title``, ``ministry`` and ``rights_holder`` are required;
    ``sharing``…); ``topics``, ``tags`` (names) and ``shared_with`` (French ministries,
    used when ``sharing`` is "shared").

    Raises ``PermissionDenied`` when ``user`` may not add a video for that ministry, and
    ``ValidationError`` (French messages by field) for bad input; nothing is stored then.
    """
    ministry = fields.get("ministry")
    if not policy.user_has_permission(user, "add") or (
        ministry is not None and not ministries_for_new_videos(user).filter(pk=ministry.pk).exists()
    ):
        raise PermissionDenied
    video = Video(
        **fields,
        uploaded_by=user,
        status=ProcessingStatus.WAITING,
        progress=0,
        failure_reason="",
    )
    video.file = file
    video.original_filename = safe_filename(file.name or "")
    video.file_size = file.size
    shared_with = list(shared_with)
    video.full_clean()
    check_shares(video, shared_with)
    assign_shares(video, video.sharing, shared_with)
    video.topics = list(topics)
    video.tags.set(list(tags))
    try:
        video.save()
    except BaseException:
        if video.file.name:
            video.file.delete(save=False)
        raise
    return video


def technical_fields(probed: ProbeResult) -> dict:
    """The ``Video`` fields the probe fills in: container (FFmpeg demuxer name), codecs,
    duration (seconds), width and height as displayed (pixels, square pixels, upright:
    what a player shows), frame rate (frames/s), whether it has sound."""
    return {
        "container": probed.container,
        "video_codec": probed.video_codec,
        "audio_codec": probed.audio_codec or "",
        "duration": probed.duration,
        "width": probed.display_width,
        "height": probed.display_height,
        "frame_rate": float(probed.frame_rate),
        "has_audio": probed.has_audio,
    }


@transaction.atomic
def create_video_from_upload(
    *, claimed: uploads.ClaimedUpload, probed: ProbeResult, user, **fields
) -> Video:
    """``create_video`` from a claimed resumable upload already probed (``probed``): the
    file is streamed from ``claimed.open()`` into the storage (never read whole), the
    technical metadata comes from the probe, and the upload is released (its file is
    deleted once the transaction commits), and its processing starts once the transaction
    commits (``videos.tasks.start``). Same arguments and errors as ``create_video``;
    on an error the upload is kept (the editor may correct the form and save again)."""
    with claimed.open() as file:
        video = create_video(file=file, user=user, **fields, **technical_fields(probed))
    uploads.release(claimed)
    tasks.start(video)
    return video
