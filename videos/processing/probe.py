"""What a video file is, read with PyAV, and whether the library takes it.

:func:`probe` opens the file (FFmpeg reads only the headers and the packets it is asked
for: the file is never loaded whole), decodes its first frames, then seeks to its last
seconds and reads them to their end, so that a file cut short (an interrupted copy, a
truncated upload) is caught here rather than halfway through a transcode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.utils.translation import gettext as _

import av
import av.error
import filetype

#: Containers (FFmpeg demuxer names) taken: MP4/QuickTime, Matroska/WebM, AVI, MPEG-TS.
ALLOWED_CONTAINERS = frozenset({"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts"})
#: Video codecs taken (FFmpeg codec names), with the name an editor reads. What cameras,
#: phones, screen recorders and editing suites export; MPEG-2, Motion JPEG, Theora, WMV
#: and the like are refused: convert them first.
ALLOWED_VIDEO_CODECS = {
    "h264": "H.264",
    "hevc": "H.265 (HEVC)",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "mpeg4": "MPEG-4 Part 2",
    "prores": "ProRes",
}
#: Audio codecs taken (FFmpeg codec names): AAC, MP3, Opus, Vorbis, FLAC and plain PCM.
ALLOWED_AUDIO_CODECS = frozenset(
    {
        "aac",
        "mp3",
        "opus",
        "vorbis",
        "flac",
        "pcm_s16le",
        "pcm_s16be",
        "pcm_s24le",
        "pcm_s24be",
        "pcm_s32le",
        "pcm_f32le",
    }
)
#: Shortest video taken, in seconds.
MIN_DURATION = 0.5
#: Smallest and largest side, in pixels (8192: DCI 8K), and the widest aspect ratio
#: (either way: 4:1 or 1:4).
MIN_SIDE = 32
MAX_SIDE = 8192
MAX_ASPECT = 4
#: Frame rates taken, in frames per second.
MIN_FRAME_RATE = 1
MAX_FRAME_RATE = 240
#: Frames decoded at the start to check that the video decodes at all.
FRAMES_CHECKED = 5
#: The packets read at the end must reach the stated duration within this many seconds
#: (or this share of the duration, whichever is larger).
END_TOLERANCE = 0.25
END_TOLERANCE_SHARE = 0.02
#: Seconds before the stated end where the tail check starts.
TAIL_SECONDS = 2.0
#: Demuxers that read still images (the image2 family and animated GIF).
IMAGE_FORMATS = frozenset({"image2", "gif", "apng"})


class InvalidVideo(Exception):  # noqa: N818 (the name says what the caller catches)
    """A file the library refuses; ``message`` (also ``str(error)``) is French, for the
    editor who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProbeResult:
    """What :func:`probe` read. ``container`` is FFmpeg's demuxer name
    (``"mov,mp4,m4a,3gp,3g2,mj2"``…), codecs are FFmpeg codec names (``"h264"``,
    ``"aac"``…), ``duration`` is in seconds, ``width`` and ``height`` are the coded
    picture's in pixels, ``pixel_aspect`` the shape of its pixels (width / height, 1 for
    square pixels), ``rotation`` the turn it needs for display (0, 90, 180 or 270 degrees
    counterclockwise: a phone filming upright stores its picture on its side),
    ``display_width`` and ``display_height`` the size shown once the pixels are square
    and the picture turned, ``frame_rate`` in frames per second."""

    container: str
    video_codec: str
    audio_codec: str | None
    duration: float
    width: int
    height: int
    pixel_aspect: Fraction
    rotation: int
    display_width: int
    display_height: int
    frame_rate: float

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def display_aspect(self) -> Fraction:
        """Exact width / height of the displayed picture."""
        aspect = self.width * self.pixel_aspect / self.height
        return 1 / aspect if self.rotation in (90, 270) else aspect


def probe(path: Path | str) -> ProbeResult:
    """Read ``path`` and return a :class:`ProbeResult`.

    Raises :class:`InvalidVideo` when the file is not a video (text, image, audio only),
    is corrupt or truncated, lasts less than ``MIN_DURATION``, uses a container or codec
    outside ``ALLOWED_CONTAINERS``, ``ALLOWED_VIDEO_CODECS`` or ``ALLOWED_AUDIO_CODECS``,
    or has an absurd size or frame rate.
    """
    path = Path(path)
    if path.stat().st_size == 0:
        raise InvalidVideo(_("Ce fichier est vide."))
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError:
        raise InvalidVideo(_unreadable_message(path)) from None
    with container:
        return _check(container)


def _check(container: av.container.InputContainer) -> ProbeResult:
    format_name = container.format.name
    if format_name in IMAGE_FORMATS or format_name.endswith("_pipe"):
        raise InvalidVideo(_("Ce fichier est une image, pas une vidéo."))
    video_streams = moving_picture_streams(container)
    audio_streams = list(container.streams.audio)
    if not video_streams:
        if audio_streams:
            raise InvalidVideo(_("Ce fichier ne contient que du son, pas d'image."))
        raise InvalidVideo(_("Ce fichier ne contient aucune image vidéo."))
    if format_name not in ALLOWED_CONTAINERS:
        raise InvalidVideo(
            _(
                "Le format de ce fichier (%(format)s) n'est pas accepté. Formats "
                "acceptés\u00a0: MP4, MOV, MKV, WebM, AVI, MPEG-TS."
            )
            % {"format": container.format.long_name}
        )
    video = video_streams[0]
    audio = audio_streams[0] if audio_streams else None
    video_codec = video.codec_context.codec.canonical_name
    if video_codec not in ALLOWED_VIDEO_CODECS:
        raise InvalidVideo(
            _(
                "Le codec vidéo de ce fichier (%(codec)s) n'est pas accepté. Codecs "
                "acceptés\u00a0: %(allowed)s. Convertissez la vidéo en MP4 (H.264) avant "
                "de l'envoyer."
            )
            % {"codec": video_codec, "allowed": ", ".join(ALLOWED_VIDEO_CODECS.values())}
        )
    audio_codec = audio.codec_context.codec.canonical_name if audio else None
    if audio_codec is not None and audio_codec not in ALLOWED_AUDIO_CODECS:
        raise InvalidVideo(
            _(
                "Le codec audio de ce fichier (%(codec)s) n'est pas accepté. Codecs "
                "acceptés\u00a0: AAC, MP3, Opus, Vorbis, FLAC, PCM."
            )
            % {"codec": audio_codec}
        )
    width, height = video.codec_context.width, video.codec_context.height
    _check_size(width, height)
    frame_rate = float(video.average_rate or video.guessed_rate or 0)
    if not MIN_FRAME_RATE <= frame_rate <= MAX_FRAME_RATE:
        raise InvalidVideo(
            _(
                "La fréquence d'images de cette vidéo (%(rate)s images par seconde) n'est "
                "pas plausible (de %(min)s à %(max)s)."
            )
            % {"rate": _number(frame_rate), "min": MIN_FRAME_RATE, "max": MAX_FRAME_RATE}
        )
    duration = stream_duration(container, video)
    if duration < MIN_DURATION:
        raise InvalidVideo(
            _("Cette vidéo dure %(duration)s\u00a0s\u00a0: il faut au moins %(min)s\u00a0s.")
            % {"duration": _number(duration), "min": _number(MIN_DURATION)}
        )
    rotation = _check_decodes(container, video)
    _check_complete(container, video, audio, duration)
    pixel_aspect = video.sample_aspect_ratio or Fraction(1)
    shown_width = max(2, round(width * pixel_aspect))
    if rotation in (90, 270):
        display_width, display_height = height, shown_width
    else:
        display_width, display_height = shown_width, height
    return ProbeResult(
        container=format_name,
        video_codec=video_codec,
        audio_codec=audio_codec,
        duration=duration,
        width=width,
        height=height,
        pixel_aspect=pixel_aspect,
        rotation=rotation,
        display_width=display_width,
        display_height=display_height,
        frame_rate=frame_rate,
    )


def moving_picture_streams(container: av.container.InputContainer) -> list[av.VideoStream]:
    """The video streams of ``container``, less attached pictures (an MP3's cover art)."""
    return [
        stream
        for stream in container.streams.video
        if not stream.disposition & av.stream.Disposition.attached_pic
    ]


def stream_duration(container: av.container.InputContainer, stream: av.stream.Stream) -> float:
    """Duration of ``stream`` in seconds: the stream's own, else the container's, else 0."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def stream_start(stream: av.stream.Stream) -> float:
    """Start time of ``stream`` in seconds (0 when unknown)."""
    if stream.start_time is None or stream.time_base is None:
        return 0.0
    return float(stream.start_time * stream.time_base)


def _check_size(width: int, height: int) -> None:
    plausible = (
        MIN_SIDE <= width <= MAX_SIDE
        and MIN_SIDE <= height <= MAX_SIDE
        and max(width, height) <= MAX_ASPECT * min(width, height)
    )
    if not plausible:
        raise InvalidVideo(
            _(
                "La résolution de cette vidéo (%(width)s\u00a0×\u00a0%(height)s pixels) "
                "n'est pas plausible\u00a0: chaque côté doit compter de %(min)s à %(max)s "
                "pixels, et le plus long au plus %(aspect)s fois le plus court."
            )
            % {
                "width": width,
                "height": height,
                "min": MIN_SIDE,
                "max": MAX_SIDE,
                "aspect": MAX_ASPECT,
            }
        )


def _check_decodes(container: av.container.InputContainer, video: av.stream.Stream) -> int:
    """Decode the first frames; return the rotation they carry (see :func:`rotation_of`)."""
    frames = []
    try:
        for packet in container.demux(video):
            frames += packet.decode()
            if len(frames) >= FRAMES_CHECKED:
                break
        else:
            frames += video.codec_context.decode(None)
    except av.error.FFmpegError:
        raise InvalidVideo(_corrupt_message()) from None
    if not frames:
        raise InvalidVideo(_("Cette vidéo ne contient aucune image lisible."))
    return rotation_of(frames[0])


def rotation_of(frame: av.VideoFrame) -> int:
    """The turn ``frame`` needs for display, from its display matrix: 0, 90, 180 or 270
    degrees counterclockwise (other angles are rounded to the nearest quarter turn)."""
    return round(frame.rotation / 90) % 4 * 90


def _check_complete(
    container: av.container.InputContainer,
    video: av.stream.Stream,
    audio: av.stream.Stream | None,
    duration: float,
) -> None:
    """Seek to the last seconds and read every packet to the end: a truncated file ends
    early or fails to read, whatever its header promises. Sound counts too: a file whose
    sound outlasts its picture is whole if its last packet reaches the stated end."""
    start = stream_start(video)
    target = start + max(0.0, duration - TAIL_SECONDS)
    streams = [video] if audio is None else [video, audio]
    last_end = start
    try:
        container.seek(math.floor(target / video.time_base), stream=video, backward=True)
        video.codec_context.flush_buffers()
        for packet in container.demux(streams):
            if packet.stream is video:
                packet.decode()
            if packet.pts is not None:
                end = packet.pts + (packet.duration or 0)
                last_end = max(last_end, float(end * packet.time_base))
    except av.error.FFmpegError:
        raise InvalidVideo(_corrupt_message()) from None
    tolerance = max(END_TOLERANCE, END_TOLERANCE_SHARE * duration)
    if last_end - start < duration - tolerance:
        raise InvalidVideo(_corrupt_message())


def _unreadable_message(path: Path) -> str:
    guess = filetype.guess(str(path))
    if guess is not None and guess.mime.startswith("video/"):
        return _corrupt_message()
    if guess is not None and guess.mime.startswith("image/"):
        return _("Ce fichier est une image, pas une vidéo.")
    if guess is not None and guess.mime.startswith("audio/"):
        return _("Ce fichier ne contient que du son, pas d'image.")
    return _("Ce fichier n'est pas une vidéo (ou son format n'est pas reconnu).")


def _corrupt_message() -> str:
    return _(
        "Cette vidéo est corrompue ou incomplète (l'envoi ou la copie a peut-être été "
        "interrompu)\u00a0: envoyez de nouveau le fichier d'origine."
    )


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
