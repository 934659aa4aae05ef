"""A PATCH body is streamed to the file in bounded reads, never held whole: a body far
over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is accepted, the request is read 64 KiB at a time,
and the memory a PATCH allocates stays far below its body's size. A connection lost
midway keeps the bytes received."""

from __future__ import annotations

import tracemalloc

import pytest

from cms.uploads import services
from cms.uploads.models import Upload

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


class GeneratedBody:
    """A request body made as it is read (no copy of it exists anywhere): ``size`` bytes
    of a repeating pattern; ``fail_after``: raise ``OSError`` (a lost connection) once
    that many bytes were given."""

    def __init__(self, size: int, fail_after: int | None = None):
        self.remaining = size
        self.given = 0
        self.fail_after = fail_after
        self.largest_read = 0

    def read(self, size: int = -1) -> bytes:
        if self.fail_after is not None and self.given >= self.fail_after:
            raise OSError("connection reset by peer")
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        self.largest_read = max(self.largest_read, size)
        self.remaining -= size
        self.given += size
        return b"\x5a" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def patch_streamed(tus, url: str, body: GeneratedBody, length: int, offset: int = 0):
    return tus.client.generic(
        "PATCH",
        url,
        b"",
        headers={"Tus-Resumable": "1.0.0", "Upload-Offset": str(offset)},
        # The body is not given to the client (which would copy it) but read from ``body``.
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(length),
            "CONTENT_TYPE": "application/offset+octet-stream",
        },
    )


def test_a_body_over_the_in_memory_limit_is_streamed_in_bounded_reads(tus, settings):
    size = 8 * MIB
    settings.UPLOAD_CHUNK_SIZE = size
    assert size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    url = tus.create(size + 10)["Location"]
    # Warm-up: catalogues, sessions, the file, loaded once before measuring.
    assert tus.patch(url, b"\x5a" * 10, 0).status_code == 204

    body = GeneratedBody(size)
    tracemalloc.start()
    try:
        response = patch_streamed(tus, url, body, size, offset=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 204, response.content
    assert response["Upload-Offset"] == str(size + 10)
    assert body.largest_read == services.READ_SIZE
    assert peak < MIB, f"a PATCH of {size} bytes allocated {peak} bytes at its peak"
    upload = Upload.objects.get()
    assert upload.state == Upload.State.COMPLETE
    assert upload.path.stat().st_size == size + 10


def test_a_lost_connection_keeps_the_bytes_received(tus):
    url = tus.create(MIB)["Location"]
    body = GeneratedBody(MIB, fail_after=5 * services.READ_SIZE)
    response = patch_streamed(tus, url, body, MIB)
    received = 5 * services.READ_SIZE
    assert response.status_code == 204
    assert response["Upload-Offset"] == str(received)
    upload = Upload.objects.get()
    assert (upload.offset, upload.state) == (received, Upload.State.PARTIAL)
    assert upload.path.stat().st_size == received
    # The client asks where to go on, and sends the rest.
    assert tus.head(url)["Upload-Offset"] == str(received)
    rest = MIB - received
    assert patch_streamed(tus, url, GeneratedBody(rest), rest, offset=received).status_code == 204
    upload.refresh_from_db()
    assert upload.state == Upload.State.COMPLETE
    assert upload.path.read_bytes() == b"\x5a" * MIB
