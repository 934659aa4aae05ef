"""The video library's models: the video (the asset) and what belongs to it.

- ``Video`` (``videos.models.video``): the asset, its rights, its sharing, the technical
  metadata the probe fills in, its processing status;
- ``VideoRendition``, ``CaptionTrack``, ``VideoChapter``, ``VideoShare``
  (``videos.models.related``): its MP4 renditions, caption tracks, chapters, and the
  ministries it is shared with;
- ``VideoPage`` (``videos.models.pages``): the public page of one video.

See docs/videos.md.
"""

from videos.models.pages import VideoPage
from videos.models.related import CaptionTrack, VideoChapter, VideoRendition, VideoShare
from videos.models.video import (
    Licence,
    ProcessingStatus,
    Sharing,
    TaggedVideo,
    Video,
    safe_filename,
)

__all__ = [
    "CaptionTrack",
    "Licence",
    "ProcessingStatus",
    "Sharing",
    "TaggedVideo",
    "Video",
    "VideoChapter",
    "VideoPage",
    "VideoRendition",
    "VideoShare",
    "safe_filename",
]
