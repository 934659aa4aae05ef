"""Videos for tests: a real (tiny) MP4 made with PyAV at run time, never a committed file."""

import functools
import io

from django.core.files.base import ContentFile

import av
import factory
from factory.django import DjangoModelFactory

from videos.models import Video


@functools.cache
def sample_video_bytes(seconds: int = 1, size: tuple[int, int] = (64, 48), rate: int = 10) -> bytes:
    """An MPEG-4 video of ``seconds`` at ``rate`` frames per second, ``size`` pixels, with
    no audio, encoded by PyAV (once per process for the same arguments)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=rate)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for index in range(seconds * rate):
            frame = av.VideoFrame(size[0], size[1], "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([(index * 20) % 256]) * plane.buffer_size)
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return buffer.getvalue()


def video_file(name: str = "clip.mp4") -> ContentFile:
    """A sample video as an uploaded file named ``name``."""
    return ContentFile(sample_video_bytes(), name=name)


class VideoFactory(DjangoModelFactory):
    """A video waiting for its processing; ``ministry`` must be given (a French one)."""

    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Vidéo {n}")
    rights_holder = "Service d'information du Gouvernement"
    file = factory.LazyFunction(video_file)
    file_size = factory.LazyAttribute(lambda o: len(sample_video_bytes()))
    original_filename = "clip.mp4"
