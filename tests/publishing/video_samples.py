"""Ready videos for the publication tests: the rows the processing would leave (a rendition
of a real tiny MP4, a French caption track, a chapter, a poster), made directly so that a
test needs no transcode. The processing itself is tested in ``tests/videos``."""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.factories import ImageFactory, MinistryFactory
from tests.factories.videos import VideoFactory, sample_video_bytes
from videos.models import CaptionTrack, ProcessingStatus, Video, VideoChapter, VideoRendition

WEBVTT = "WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nBonjour à toutes et à tous.\n"


def ready_video(
    ministry=None,
    *,
    french_captions: bool = True,
    transcript: str = "Bonjour à toutes et à tous.",
    poster: bool = True,
    **fields,
) -> Video:
    """A processed video of ``ministry`` (a new one if None): ready, one 48-pixel
    rendition, a French caption track (unless ``french_captions`` is false: an English
    one then), one chapter, a poster image; ``fields`` override the video's fields."""
    video = VideoFactory(
        ministry=ministry or MinistryFactory(),
        status=ProcessingStatus.READY,
        progress=100,
        duration=1.0,
        width=64,
        height=48,
        transcript=transcript,
        poster=ImageFactory() if poster else None,
        **fields,
    )
    data = sample_video_bytes()
    VideoRendition.objects.create(
        video=video,
        height=48,
        width=64,
        file=ContentFile(data, name="rendu.mp4"),
        file_size=len(data),
    )
    CaptionTrack.objects.create(
        video=video,
        language="fr" if french_captions else "en",
        file=ContentFile(WEBVTT.encode(), name="sous-titres.vtt"),
    )
    VideoChapter.objects.create(video=video, start=0.0, title="Introduction", sort_order=0)
    return Video.objects.get(pk=video.pk)


def video_files(video: Video) -> set[str]:
    """The storage names of the files a public video shows but its poster's: renditions
    and caption tracks."""
    return {
        *video.renditions.values_list("file", flat=True),
        *video.caption_tracks.values_list("file", flat=True),
    }


def video_body(video: Video, caption: str = "Une légende.") -> list:
    """A news body showing ``video`` after a paragraph (``NewsPageFactory(body=...)``)."""
    return [
        ("paragraph", "<p>Le texte.</p>"),
        ("video", {"video": video, "caption": caption}),
    ]
