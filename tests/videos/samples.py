"""Small sample media generated at run time with PyAV (no media file is committed).

Video frames come from FFmpeg's ``testsrc2`` pattern (moving, coloured), sound from its
``sine`` source, both through PyAV's bundled ``lavfi`` device. Each generator writes to
``path`` and returns it; the container is chosen from the suffix (``.mp4``, ``.mkv``,
``.webm``, ``.avi``, ``.mov``, ``.m4a``…).
"""

from __future__ import annotations

import os
import struct
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

#: Pixel format each encoder is given.
PIXEL_FORMATS = {
    "mjpeg": "yuvj420p",
    "prores_ks": "yuv422p10le",
}
#: Audio codec by container suffix.
AUDIO_CODECS = {".webm": "libopus", ".mkv": "aac", ".avi": "mp3"}
SAMPLE_RATE = 48_000


def make_video(
    path: Path | str,
    seconds: float = 2,
    width: int = 640,
    height: int = 360,
    fps: int = 25,
    audio: bool = True,
    codec: str = "h264",
    faststart: bool = False,
    black_seconds: float = 0,
    options: dict[str, str] | None = None,
    sample_aspect: Fraction | None = None,
    noise: int = 0,
    rotation: int = 0,
) -> Path:
    """A ``seconds``-long video of ``width``×``height`` at ``fps`` frames per second,
    encoded with ``codec`` (an FFmpeg encoder name; "h264" is libx264 ``ultrafast``), with
    a 440 Hz tone if ``audio``. Its first ``black_seconds`` are black. ``faststart`` puts
    an MP4's index at the front (as a truncated upload of such a file would have it).
    ``options`` go to the encoder (e.g. ``{"qp": "0"}`` for a large lossless file);
    ``sample_aspect`` is the pixels' shape (``Fraction(4, 3)``: wider than high);
    ``noise`` (0–100) adds grain that changes every frame, as a camera's does (flat
    synthetic pictures are unrealistically easy to encode); ``rotation`` (90, 180, 270:
    degrees counterclockwise, as FFmpeg reports it) marks an MP4 or MOV to be turned
    for display, as a phone filming upright does."""
    path = Path(path)
    encoder = "libx264" if codec == "h264" else codec
    container_options = {"movflags": "+faststart"} if faststart else {}
    frame_count = round(seconds * fps)
    with av.open(str(path), "w", container_options=container_options) as output:
        video = output.add_stream(
            encoder,
            rate=fps,
            options=options or ({"preset": "ultrafast"} if encoder == "libx264" else {}),
        )
        video.width, video.height = width, height
        video.pix_fmt = PIXEL_FORMATS.get(encoder, "yuv420p")
        if sample_aspect is not None:
            video.codec_context.sample_aspect_ratio = sample_aspect
        sound = None
        if audio:
            sound = output.add_stream(AUDIO_CODECS.get(path.suffix, "aac"), rate=SAMPLE_RATE)
        output.start_encoding()  # writes the header even when no frame follows
        pattern = f"testsrc2=size={width}x{height}:rate={fps}"
        if noise:
            pattern += f",noise=alls={noise}:allf=t+u"
        with av.open(pattern, format="lavfi") as source:
            frames = source.decode(video=0)
            for index in range(frame_count):
                frame = next(frames)
                if index < black_seconds * fps:
                    frame = black_frame(width, height)
                frame = frame.reformat(format=video.pix_fmt)
                frame.pts, frame.time_base = index, Fraction(1, fps)
                output.mux(video.encode(frame))
        output.mux(video.encode(None))
        if sound is not None and seconds > 0:
            _write_tone(output, sound, seconds)
    if rotation:
        _set_display_matrix(path, rotation)
    return path


def make_audio_only(path: Path | str, seconds: float = 2) -> Path:
    """A ``seconds``-long 440 Hz tone in AAC (``.m4a``, ``.mp4``) or MP3 (``.mp3``)."""
    path = Path(path)
    codec = "libmp3lame" if path.suffix == ".mp3" else "aac"
    with av.open(str(path), "w") as output:
        _write_tone(output, output.add_stream(codec, rate=SAMPLE_RATE), seconds)
    return path


def make_image(path: Path | str, width: int = 640, height: int = 360) -> Path:
    """A plain PNG or JPEG image (by suffix)."""
    path = Path(path)
    Image.new("RGB", (width, height), (0, 0, 145)).save(path)
    return path


def truncate(path: Path | str, share: float = 0.6) -> Path:
    """Cut ``path`` to ``share`` of its size, as an interrupted upload leaves it."""
    path = Path(path)
    os.truncate(path, int(path.stat().st_size * share))
    return path


def black_frame(width: int, height: int) -> av.VideoFrame:
    """A black yuv420p frame (video black: luma 16, neutral chroma)."""
    frame = av.VideoFrame(width, height, "yuv420p")
    for plane, value in zip(frame.planes, (16, 128, 128), strict=True):
        plane.update(bytes([value]) * plane.buffer_size)
    return frame


#: QuickTime display matrices (16.16 and 2.30 fixed point) by rotation, in degrees
#: counterclockwise.
DISPLAY_MATRICES = {
    90: (0, -0x10000, 0, 0x10000, 0, 0, 0, 0, 0x40000000),
    180: (-0x10000, 0, 0, 0, -0x10000, 0, 0, 0, 0x40000000),
    270: (0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000),
}


def _set_display_matrix(path: Path, rotation: int) -> None:
    """Write the display matrix of ``rotation`` into the first track header (``tkhd``,
    the video track's as PyAV writes it) of the MP4 or MOV at ``path``."""
    data = bytearray(path.read_bytes())
    box = data.index(b"tkhd")
    version = data[box + 4]
    # version/flags, times, track id, reserved, duration, reserved, layer, group, volume
    offset = box + 4 + 4 + (20 if version == 0 else 32) + 8 + 8
    data[offset : offset + 36] = struct.pack(">9i", *DISPLAY_MATRICES[rotation])
    path.write_bytes(bytes(data))


def _write_tone(output: av.container.OutputContainer, stream, seconds: float) -> None:
    """Encode ``seconds`` of a 440 Hz sine into ``stream`` and flush it."""
    tone = f"sine=frequency=440:sample_rate={SAMPLE_RATE}:duration={seconds}"
    with av.open(tone, format="lavfi") as source:
        for frame in source.decode(audio=0):
            output.mux(stream.encode(frame))
    output.mux(stream.encode(None))
