"""A video's stored files for the serving tests: a rendition and a French caption track
next to its original (``add_files``), with the bytes each holds."""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.factories.videos import sample_video_bytes
from videos.models import CaptionTrack, VideoRendition

#: The rendition's bytes (a real MP4 of 2 seconds, a few kilobytes; not the original's).
RENDITION_BYTES = sample_video_bytes(seconds=2)
#: The caption track's bytes (WebVTT, UTF-8).
CAPTION_BYTES = "WEBVTT\n\n00:00.000 --> 00:01.000\nÉcoutez bien.\n".encode()


def add_files(video) -> dict[str, str]:
    """Give ``video`` a 48p rendition and a French caption track; the storage names of its
    three files, by kind: ``{"original": …, "rendition": …, "caption": …}``."""
    rendition = VideoRendition.objects.create(
        video=video,
        height=48,
        width=64,
        file=ContentFile(RENDITION_BYTES, name="rendu.mp4"),
        file_size=len(RENDITION_BYTES),
    )
    track = CaptionTrack.objects.create(
        video=video, language="fr", file=ContentFile(CAPTION_BYTES, name="sous-titres.vtt")
    )
    return {
        "original": video.file.name,
        "rendition": rendition.file.name,
        "caption": track.file.name,
    }


def stored_bytes(kind: str) -> bytes:
    """What the file of ``kind`` (``original``, ``rendition``, ``caption``) holds, as
    ``add_files`` and ``VideoFactory`` store it."""
    return {
        "original": sample_video_bytes(),
        "rendition": RENDITION_BYTES,
        "caption": CAPTION_BYTES,
    }[kind]
