"""Range requests on files streamed by Django (RFC 9110 §13–14), and the handover to the
web server (X-Accel-Redirect, X-Sendfile). The public and admin checks themselves are
tested in tests/delivery/test_media_serving.py."""

import os

from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.utils.http import http_date

import pytest

from cms.media import ranges
from cms.media.ranges import CHUNK_SIZE, ByteRange, RangeNotSatisfiable, requested_range
from tests.factories.media import DocumentFactory
from tests.test_settings import load_settings

DATA = bytes(range(256)) * 4  # 1024 bytes, each position recognisable
MTIME = 1_700_000_000


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "clip.mp4"
    file.write_bytes(DATA)
    os.utime(file, (MTIME, MTIME))
    return str(file)


ETAG = f'"{MTIME:x}-{len(DATA):x}"'


def get(path, method="get", **headers):
    request = getattr(RequestFactory(), method)("/clip.mp4", headers=headers)
    return ranges.stream(request, path, content_type="video/mp4")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, 1023),  # open-ended
        ("bytes=-24", 1000, 1023),  # suffix
        ("bytes=-5000", 0, 1023),  # suffix longer than the file: all of it
        ("bytes=1000-99999", 1000, 1023),  # last-pos past the end: clipped
        ("bytes=1023-1023", 1023, 1023),
        ("BYTES = 5-6", 5, 6),  # case and spaces
    ],
)
def test_a_range_is_answered_206(path, header, start, end):
    response = get(path, Range=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == DATA[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_an_unsatisfiable_range_is_answered_416(path, header):
    response = get(path, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(DATA)}"
    assert response["Accept-Ranges"] == "bytes"
    assert DATA[:10] not in body(response)


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-9",  # several ranges: the whole file, no multipart
        "items=0-5",  # another unit
        "bytes=9-5",  # last-pos before first-pos: invalid, ignored
        "bytes=abc",
        "bytes=-",
        "bytes=",
    ],
)
def test_other_range_headers_get_the_whole_file(path, header):
    response = get(path, Range=header)
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert response["Content-Length"] == str(len(DATA))
    assert body(response) == DATA


def test_without_range_the_whole_file_with_validators(path):
    response = get(path)
    assert response.status_code == 200
    assert response.streaming
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == ETAG
    assert response["Last-Modified"] == http_date(MTIME)
    assert response["Content-Length"] == str(len(DATA))
    assert body(response) == DATA


@pytest.mark.parametrize(
    ("if_range", "partial"),
    [
        (ETAG, True),
        (http_date(MTIME), True),
        ('"autre-version"', False),
        (f"W/{ETAG}", False),  # a weak tag never matches (strong comparison)
        (http_date(MTIME - 60), False),
        (http_date(MTIME + 60), False),  # exactly Last-Modified, not "since"
        ("n'importe quoi", False),
    ],
)
def test_if_range(path, if_range, partial):
    response = get(path, Range="bytes=0-9", If_Range=if_range)
    if partial:
        assert response.status_code == 206
        assert body(response) == DATA[:10]
    else:
        assert response.status_code == 200
        assert body(response) == DATA


def test_head_gives_the_headers_and_no_body(path):
    response = get(path, method="head")
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(DATA))
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == ETAG
    assert body(response) == b""
    # Range handling is defined for GET only (RFC 9110 §14.2): a HEAD ignores it.
    response = get(path, method="head", Range="bytes=0-9")
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(DATA))


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"If-None-Match": ETAG}, 304),
        ({"If-Modified-Since": http_date(MTIME)}, 304),
        ({"If-None-Match": '"autre"'}, 200),
        ({"If-Modified-Since": http_date(MTIME - 60)}, 200),
        ({"If-Match": '"autre"'}, 412),
        ({"If-Match": ETAG, "Range": "bytes=0-9"}, 206),
    ],
)
def test_conditional_requests(path, headers, status):
    response = get(path, **headers)
    assert response.status_code == status
    assert response["ETag"] == ETAG
    if status == 304:
        assert body(response) == b""


def test_a_large_file_is_streamed_in_bounded_chunks(tmp_path, db):  # close() signals
    large = tmp_path / "large.mp4"
    data = os.urandom(CHUNK_SIZE * 5 + 123)
    large.write_bytes(data)
    for headers, expected in [({}, data), ({"Range": "bytes=100-"}, data[100:])]:
        response = get(str(large), **headers)
        chunks = list(response.streaming_content)
        assert len(chunks) == len(expected) // CHUNK_SIZE + 1
        assert all(len(chunk) <= CHUNK_SIZE for chunk in chunks)
        assert b"".join(chunks) == expected
        response.close()


def test_the_file_is_closed_with_the_response(path, db):
    response = get(path, Range="bytes=0-9")
    part = response._resource_closers[0].__self__
    assert next(iter(response.streaming_content)) == DATA[:10]
    assert not part.file.closed
    response.close()  # as the WSGI server does, also for a client gone mid-way
    assert part.file.closed


def test_a_missing_file_is_404(tmp_path):
    with pytest.raises(Http404):
        get(str(tmp_path / "absent.mp4"))


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        (None, 10, None),
        ("bytes=0-0", 10, ByteRange(0, 0, 10)),
        ("bytes=-3", 10, ByteRange(7, 9, 10)),
        ("bytes=-3", 0, None),  # an empty file: nothing to cut, the whole (empty) file
    ],
)
def test_requested_range(header, size, expected):
    assert requested_range(header, size) == expected


def test_requested_range_on_an_empty_file():
    with pytest.raises(RangeNotSatisfiable):
        requested_range("bytes=0-", 0)


# -- Through the views: ranges of a checked file, and the handover headers ------------------


@pytest.fixture
def document(db):
    return DocumentFactory(file=ContentFile(DATA, name="note.pdf"))


def test_the_admin_view_answers_ranges(admin_client, document):
    response = admin_client.get(document.url, headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert body(response) == DATA[10:20]
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    response = admin_client.head(document.url)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(DATA))
    assert body(response) == b""


def test_x_sendfile_hands_the_absolute_path_over(admin_client, document, settings):
    settings.MEDIA_SENDFILE_HEADER = "X-Sendfile"
    response = admin_client.get(document.url, headers={"Range": "bytes=10-19"})
    assert response.status_code == 200  # the web server answers the range
    assert response["X-Sendfile"] == str(settings.MEDIA_ROOT.resolve() / document.file.name)
    assert response.content == b""
    assert "X-Accel-Redirect" not in response


def test_x_accel_redirect_with_the_prefix(admin_client, document, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_media/"
    response = admin_client.get(document.url)
    assert response["X-Accel-Redirect"] == f"/_media/{document.file.name}"
    assert "X-Sendfile" not in response
    assert response.content == b""


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_SENDFILE_HEADER": "X-Foo"}, "MEDIA_SENDFILE_HEADER must be empty"),
        ({"MEDIA_SENDFILE_HEADER": "X-Accel-Redirect"}, "needs MEDIA_ACCEL_REDIRECT_PREFIX"),
    ],
)
def test_a_wrong_handover_header_stops_the_start(env, message):
    result = load_settings("dev", MEDIA_ACCEL_REDIRECT_PREFIX="", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_x_sendfile_setting_loads():
    result = load_settings("dev", MEDIA_SENDFILE_HEADER="X-Sendfile")
    assert result.returncode == 0, result.stderr
