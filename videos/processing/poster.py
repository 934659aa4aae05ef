"""A poster image for a video: a JPEG of a representative frame."""

from __future__ import annotations

import os
from pathlib import Path

import av
import av.error
from PIL import Image

from videos.processing.probe import (
    ProbeResult,
    moving_picture_streams,
    probe,
    stream_start,
)

#: Where the poster is looked for, as shares of the duration, in order: the first frame
#: that is not (nearly) black wins; if all are, the brightest.
CANDIDATE_SHARES = (0.1, 0.25, 0.5)
#: Mean luma (0–255) under which a frame counts as black (video black is 16).
BLACK_LUMA = 24
#: JPEG quality of the poster (Pillow's scale).
JPEG_QUALITY = 85
#: Pillow's turn for each rotation (degrees counterclockwise).
TURNS = {
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}


def extract_poster(
    path: Path | str,
    destination: Path | str,
    at_seconds: float | None = None,
    info: ProbeResult | None = None,
) -> tuple[int, int]:
    """Write a JPEG poster of the video at ``path`` to ``destination``; return its
    ``(width, height)`` in pixels: the displayed size (non-square pixels made square, a
    picture stored on its side turned upright).

    The frame is the one at ``at_seconds`` (seconds from the start, clamped to the
    video) if given, else the first frame that is not black at 10 %, 25 % or 50 % of
    the duration. ``info`` is what :func:`~videos.processing.probe.probe` said of
    ``path``, if the caller has already probed it. Raises
    :class:`~videos.processing.probe.InvalidVideo` if the source is refused by
    :func:`~videos.processing.probe.probe`. The file is written under a
    temporary name and renamed, so ``destination`` is never left half-written.
    """
    if info is None:
        info = probe(path)
    if at_seconds is not None:
        times = [min(max(0.0, at_seconds), info.duration)]
    else:
        times = [share * info.duration for share in CANDIDATE_SHARES]
    with av.open(str(path), metadata_errors="ignore") as container:
        video = moving_picture_streams(container)[0]
        best, best_luma = None, -1.0
        for seconds in times:
            frame = _frame_at(container, video, stream_start(video) + seconds)
            if frame is None:
                continue
            luma = _mean_luma(frame)
            if luma > best_luma:
                best, best_luma = frame, luma
            if luma >= BLACK_LUMA:
                break
    if best is None:
        raise ValueError(f"no frame decoded from {path}")
    image = best.to_image()
    if info.rotation:
        image = image.transpose(TURNS[info.rotation])
    if image.size != (info.display_width, info.display_height):
        image = image.resize((info.display_width, info.display_height))
    destination = Path(destination)
    part = destination.with_name(destination.name + ".part")
    try:
        image.save(part, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        os.replace(part, destination)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return image.size


def _frame_at(container, video, seconds: float) -> av.VideoFrame | None:
    """The first frame at or after ``seconds`` (stream time), or the last one before the
    end if none is."""
    container.seek(int(seconds / video.time_base), stream=video, backward=True)
    video.codec_context.flush_buffers()
    last = None
    for frame in container.decode(video):
        last = frame
        if frame.time is not None and frame.time >= seconds:
            return frame
    return last


def _mean_luma(frame: av.VideoFrame) -> float:
    """Mean luma (0–255) of ``frame``, from a 16×16 grey thumbnail."""
    grey = frame.reformat(16, 16, "gray")
    plane = grey.planes[0]
    data = bytes(plane)
    return sum(sum(data[row * plane.line_size :][:16]) for row in range(16)) / 256
