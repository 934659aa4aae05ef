"""The video library's media processing: pure functions on file paths, no Django models.

- :func:`probe` reads what a file is (container, codecs, duration, size, frame rate) and
  refuses, with :class:`InvalidVideo` and a French message, what the library does not take;
- :func:`extract_poster` writes a JPEG poster from a representative frame;
- :func:`rendition_heights` says which standard heights a source gets;
- :func:`transcode` decodes a source once and encodes every rendition (MP4, H.264/AAC)
  from the same frames;
- :func:`run_low_priority` and :func:`transcode_in_subprocess` run that work in a child
  process at low CPU and I/O priority.

Everything goes through PyAV (FFmpeg's libraries, bundled in its wheels): see
``docs/videos.md``, section "Processing", for the version, the licence and the preset.
"""

from videos.processing.lowpriority import (
    ProcessingInterrupted,
    run_low_priority,
    transcode_in_subprocess,
)
from videos.processing.poster import extract_poster
from videos.processing.probe import (
    ALLOWED_AUDIO_CODECS,
    ALLOWED_CONTAINERS,
    ALLOWED_VIDEO_CODECS,
    InvalidVideo,
    ProbeResult,
    probe,
)
from videos.processing.transcode import (
    AUDIO_BIT_RATE,
    AUDIO_SAMPLE_RATE,
    STANDARD_HEIGHTS,
    X264_CRF,
    X264_PRESET,
    RenditionResult,
    rendition_heights,
    transcode,
)

__all__ = [
    "ALLOWED_AUDIO_CODECS",
    "ALLOWED_CONTAINERS",
    "ALLOWED_VIDEO_CODECS",
    "AUDIO_BIT_RATE",
    "AUDIO_SAMPLE_RATE",
    "STANDARD_HEIGHTS",
    "X264_CRF",
    "X264_PRESET",
    "InvalidVideo",
    "ProbeResult",
    "ProcessingInterrupted",
    "RenditionResult",
    "extract_poster",
    "probe",
    "rendition_heights",
    "run_low_priority",
    "transcode",
    "transcode_in_subprocess",
]
