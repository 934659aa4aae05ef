"""The demo video: a short clip made at run time (no media file is committed), with its
French captions and transcript, processed at once so that its poster and renditions are
there when the demo starts.
"""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile

import av

from cms.demo.summary import DemoSummary
from cms.organisations.models import Ministry
from videos import tasks
from videos.models import CaptionTrack, Licence, Sharing, Video

TITLE = "Conseil des ministres : le compte rendu en vidéo"
#: Length of the clip, in seconds, and its frame size and rate.
SECONDS, WIDTH, HEIGHT, FPS = 6, 640, 360, 25
SAMPLE_RATE = 48_000

CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:03.000
Le Conseil des ministres s'est réuni ce mercredi.

00:00:03.000 --> 00:00:06.000
[Musique] Le porte-parole du Gouvernement en présente le compte rendu.
"""
TRANSCRIPT = (
    "Le Conseil des ministres s'est réuni ce mercredi. [Musique] Le porte-parole du "
    "Gouvernement en présente le compte rendu."
)


def make_clip(path: Path) -> Path:
    """A ``SECONDS``-long H.264/AAC MP4 at ``path``: FFmpeg's moving ``testsrc2`` pattern
    and a 440 Hz tone, through PyAV's bundled ``lavfi`` device."""
    with av.open(str(path), "w") as output:
        video = output.add_stream("libx264", rate=FPS, options={"preset": "ultrafast"})
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        sound = output.add_stream("aac", rate=SAMPLE_RATE)
        with av.open(f"testsrc2=size={WIDTH}x{HEIGHT}:rate={FPS}", format="lavfi") as source:
            frames = source.decode(video=0)
            for index in range(SECONDS * FPS):
                frame = next(frames).reformat(format="yuv420p")
                frame.pts, frame.time_base = index, Fraction(1, FPS)
                output.mux(video.encode(frame))
        output.mux(video.encode(None))
        tone = f"sine=frequency=440:sample_rate={SAMPLE_RATE}:duration={SECONDS}"
        with av.open(tone, format="lavfi") as source:
            for frame in source.decode(audio=0):
                output.mux(sound.encode(frame))
        output.mux(sound.encode(None))
    return path


def seed_videos(ministry: Ministry, summary: DemoSummary) -> dict[str, Video]:
    """The demo video of ``ministry`` (interministerial, ready, with French captions and a
    transcript), created and processed if missing: ``{"council": video}``."""
    video = Video.objects.filter(title=TITLE).first()
    if video is None:
        with tempfile.TemporaryDirectory(prefix="demo-video-") as folder:
            clip = make_clip(Path(folder) / "conseil-des-ministres.mp4")
            with clip.open("rb") as file:
                video = Video(
                    title=TITLE,
                    description="Le compte rendu du Conseil des ministres, en bref.",
                    ministry=ministry,
                    rights_holder="Service d'information du Gouvernement",
                    credits="Réalisation : Service d'information du Gouvernement",
                    licence=Licence.ETALAB_2,
                    sharing=Sharing.INTERMINISTERIAL,
                    transcript=TRANSCRIPT,
                    original_filename=clip.name,
                    file_size=clip.stat().st_size,
                    file=File(file, name=clip.name),
                )
                video.save()
        CaptionTrack.objects.create(
            video=video, file=ContentFile(CAPTIONS.encode(), name="conseil-fr.vtt")
        )
        summary.videos += 1
    if video.status != "ready":
        tasks.process(video.pk)
        video.refresh_from_db()
    return {"council": video}
