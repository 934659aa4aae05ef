"""Renditions: MP4 (H.264/AAC) at standard heights, every size from one decode.

:func:`transcode` runs one decoder over the source and, for each output, one scaler and
one video encoder fed from the same decoded frames (FFmpeg's ``split`` filter, in
Python). The sound is the same in every rendition, so it is encoded once and its packets
written to every output (the ``ffmpeg`` command line would encode it once per output).
The source is read packet by packet and each output written as it goes, so memory does not
grow with the file's size. Outputs are written under a temporary name (``name.part``)
and renamed only once every one of them is complete: a job killed midway leaves no
rendition that looks finished, and running it again overwrites the ``.part`` files.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.utils.translation import gettext as _

import av
import av.error
import av.filter
from av.video.frame import PictureType
from av.video.reformatter import Interpolation, VideoReformatter

from videos.processing.probe import (
    InvalidVideo,
    ProbeResult,
    moving_picture_streams,
    probe,
    stream_duration,
    stream_start,
)

#: Standard rendition heights, in pixels, smallest first.
STANDARD_HEIGHTS = (360, 720, 1080)
#: x264 speed/size trade-off and quality (CRF: lower is better, 23 is x264's default).
#: Settled by measurement in ``bench/videos.py``: see ``docs/performance.md``.
X264_PRESET = "veryfast"
X264_CRF = 23
#: Audio of every rendition: AAC, stereo, 48 kHz, 128 kb/s.
AUDIO_BIT_RATE = 128_000
AUDIO_SAMPLE_RATE = 48_000
AUDIO_LAYOUT = "stereo"
#: Scaler used for downsizing (FFmpeg's ``scale`` filter default).
INTERPOLATION = Interpolation.BICUBIC
#: Progress is reported when it has grown by at least this much (and at the end).
PROGRESS_STEP = 0.01
#: Suffix of an output being written.
PART_SUFFIX = ".part"


@dataclass(frozen=True)
class RenditionResult:
    """One written rendition: ``height`` and ``width`` in pixels, ``size`` in bytes,
    ``duration`` in seconds (read back from the file)."""

    height: int
    width: int
    size: int
    duration: float


def rendition_heights(source_height: int) -> list[int]:
    """The ``STANDARD_HEIGHTS`` a source of ``source_height`` pixels gets, smallest first:
    pass the upright height, ``ProbeResult.display_height``.

    Never upscales: a height above the source's is left out. A source smaller than the
    smallest standard height still gets one rendition, at its own height (rounded down
    to an even number, as H.264 in 4:2:0 requires). ``ValueError`` if the height is not
    positive.
    """
    if source_height < 2:
        raise ValueError(f"source height must be at least 2 pixels, got {source_height}")
    heights = [height for height in STANDARD_HEIGHTS if height <= source_height]
    return heights or [source_height - source_height % 2]


def rendition_width(height: int, source: ProbeResult) -> int:
    """Even width, in pixels, of a rendition ``height`` pixels high with square pixels
    and the displayed aspect ratio of ``source``."""
    return max(2, round(source.display_aspect * height / 2) * 2)


def transcode(
    path: Path | str,
    outputs: dict[int, Path],
    progress: Callable[[float], None] | None = None,
    info: ProbeResult | None = None,
) -> dict[int, RenditionResult]:
    """Write one MP4 rendition of ``path`` per entry of ``outputs`` ({height: path}).

    Each rendition: H.264 (libx264, ``X264_PRESET``, ``X264_CRF``), yuv420p, square
    pixels, even dimensions, the source's frame timing; AAC stereo 48 kHz 128 kb/s when
    the source has sound; the index (``moov``) at the front (``+faststart``) so that a
    browser starts playing before it has the whole file.

    ``progress``, if given, is called with the fraction of the duration done (0 to 1,
    never decreasing, 1.0 last). ``info`` is what :func:`probe` said of ``path``, if the
    caller has already probed it (it is probed here otherwise). Returns
    ``{height: RenditionResult}``.

    Raises :class:`InvalidVideo` if the source is refused by :func:`probe` or fails to
    decode midway, ``ValueError`` for a height that is odd, not positive or above the
    source's. On any error no output is left, finished or partial.
    """
    path = Path(path)
    if info is None:
        info = probe(path)
    for height in outputs:
        if height < 2 or height % 2 or height > info.display_height:
            raise ValueError(
                f"rendition height {height} is odd, too small or above {info.display_height}"
            )
    widths = {height: rendition_width(height, info) for height in outputs}
    parts = {height: _part_path(output) for height, output in outputs.items()}
    tracker = _Progress(progress)
    try:
        with av.open(str(path), metadata_errors="ignore") as source:
            _run(source, info, widths, parts, tracker)
        results = {height: _read_back(part) for height, part in parts.items()}
        for height, part in parts.items():
            os.replace(part, outputs[height])
    except BaseException:
        for part in parts.values():
            part.unlink(missing_ok=True)
        raise
    tracker.finish()
    return results


class _Progress:
    """Reports growing fractions, in steps of ``PROGRESS_STEP``, to ``callback``."""

    def __init__(self, callback: Callable[[float], None] | None):
        self.callback = callback
        self.reported = 0.0

    def update(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if self.callback is not None and fraction - self.reported >= PROGRESS_STEP:
            self.reported = fraction
            self.callback(fraction)

    def finish(self) -> None:
        if self.callback is not None and self.reported < 1.0:
            self.reported = 1.0
            self.callback(1.0)


def _read_back(part: Path) -> RenditionResult:
    """What was written to ``part``, read from its header (the file is ours and whole:
    no decoding, unlike :func:`probe`)."""
    with av.open(str(part)) as written:
        video = written.streams.video[0]
        return RenditionResult(
            height=video.codec_context.height,
            width=video.codec_context.width,
            size=part.stat().st_size,
            duration=stream_duration(written, video),
        )


class _Output:
    """One rendition being written: its container, scaler and video encoder, and its
    sound stream: encoded here (``sound`` is ``None``: the first output) or a copy of
    the first output's (``sound``, whose packets :meth:`mux_audio` writes)."""

    def __init__(self, part: Path, width: int, height: int, source_video, source_audio, sound):
        self.width, self.height = width, height
        self.container = av.open(
            str(part), "w", format="mp4", container_options={"movflags": "+faststart"}
        )
        rate = source_video.average_rate or source_video.guessed_rate
        self.video = self.container.add_stream(
            "libx264", rate=rate, options={"preset": X264_PRESET, "crf": str(X264_CRF)}
        )
        self.video.width, self.video.height = width, height
        self.video.pix_fmt = "yuv420p"
        self.video.thread_type = "FRAME"  # x264 frame threads, as ffmpeg uses (not slices)
        self.video.codec_context.time_base = source_video.time_base
        self.video.codec_context.sample_aspect_ratio = Fraction(1)
        self.scaler = VideoReformatter()
        self.last_pts = None
        self.audio = None
        if sound is not None:
            self.audio = self.container.add_stream_from_template(sound)
        elif source_audio is not None:
            self.audio = self.container.add_stream(
                "aac", rate=AUDIO_SAMPLE_RATE, layout=AUDIO_LAYOUT
            )
            self.audio.bit_rate = AUDIO_BIT_RATE
            # Opens the encoders now, so that the sound's parameters (its AAC header)
            # are known to the outputs copying this stream.
            self.container.start_encoding()

    def encode_video(self, frame: av.VideoFrame | None) -> None:
        if frame is None:
            self.container.mux(self.video.encode(None))
            return
        if self.last_pts is not None and frame.pts <= self.last_pts:
            return  # x264 needs strictly increasing timestamps
        self.last_pts = frame.pts
        scaled = self.scaler.reformat(
            frame, self.width, self.height, "yuv420p", interpolation=INTERPOLATION
        )
        scaled.pts, scaled.time_base = frame.pts, frame.time_base
        # A decoded frame keeps its type in the source (I, P, B), which x264 would obey:
        # let it choose, as the ffmpeg command line does.
        scaled.pict_type = PictureType.NONE
        self.container.mux(self.video.encode(scaled))

    def mux_audio(self, packet: av.Packet) -> None:
        """Write ``packet``, encoded by the first output, to this output's sound."""
        packet.stream = self.audio
        self.container.mux_one(packet)


def _run(
    source: av.container.InputContainer,
    info: ProbeResult,
    widths: dict[int, int],
    parts: dict[int, Path],
    progress: _Progress,
) -> None:
    duration = info.duration
    video = moving_picture_streams(source)[0]
    audio = source.streams.audio[0] if source.streams.audio else None
    video.thread_type = "AUTO"
    origin = stream_start(video)
    video_origin = round(origin / video.time_base)
    audio_origin = round(origin / audio.time_base) if audio is not None else 0
    turn = _Turn(video, info.rotation) if info.rotation else None
    outputs = []
    try:
        for height, part in parts.items():
            # Every output after the first copies the first's sound stream.
            template = outputs[0].audio if outputs else None
            outputs.append(_Output(part, widths[height], height, video, audio, template))
        sound = outputs[0].audio  # the one sound encoder, or None without sound

        def encode_audio(frame: av.AudioFrame | None) -> None:
            for packet in sound.encode(frame):
                for output in outputs:
                    output.mux_audio(packet)

        streams = [video] if audio is None else [video, audio]
        try:
            for packet in source.demux(streams):
                for frame in packet.decode():
                    if packet.stream is video:
                        if frame.pts is None:
                            continue
                        frame.pts -= video_origin
                        if frame.pts < 0:
                            continue
                        if turn is not None:
                            frame = turn(frame)
                        for output in outputs:
                            output.encode_video(frame)
                        progress.update(float(frame.pts * frame.time_base) / duration)
                    else:
                        if frame.pts is None or frame.pts < audio_origin:
                            continue
                        frame.pts -= audio_origin
                        encode_audio(frame)
        except av.error.FFmpegError as error:
            raise InvalidVideo(
                _(
                    "Cette vidéo n'a pas pu être décodée jusqu'au bout (%(error)s)\u00a0: "
                    "elle est peut-être corrompue. Envoyez de nouveau le fichier d'origine."
                )
                % {"error": error.strerror}
            ) from None
        for output in outputs:
            output.encode_video(None)
        if sound is not None:
            encode_audio(None)
    finally:
        for output in outputs:
            output.container.close()


class _Turn:
    """Turns decoded frames upright (FFmpeg's ``transpose``, or both flips for 180°), once
    for every output, as the ``ffmpeg`` command line does by default."""

    FILTERS = {
        90: [("transpose", "cclock")],
        180: [("hflip", None), ("vflip", None)],
        270: [("transpose", "clock")],
    }

    def __init__(self, video: av.VideoStream, rotation: int):
        context = video.codec_context
        self.graph = av.filter.Graph()
        chain = [
            self.graph.add_buffer(
                width=context.width,
                height=context.height,
                format=context.format,
                time_base=video.time_base,
            )
        ]
        chain += [self.graph.add(name, argument) for name, argument in self.FILTERS[rotation]]
        chain.append(self.graph.add("buffersink"))
        for upstream, downstream in itertools.pairwise(chain):
            upstream.link_to(downstream)
        self.graph.configure()

    def __call__(self, frame: av.VideoFrame) -> av.VideoFrame:
        self.graph.push(frame)
        turned = self.graph.pull()
        turned.pts, turned.time_base = frame.pts, frame.time_base
        return turned


def _part_path(output: Path) -> Path:
    output = Path(output)
    return output.with_name(output.name + PART_SUFFIX)
