"""Serving a video's files (``videos/serving.py``, docs/videos.md "Serving the files").

The public view ``/media/videos/…`` serves a rendition or caption track only while a
served document of the delivery store lists it (``PublicFile`` rows are written here
directly, as the pipeline writes them) and the video's rights run at the moment of the
request; whatever the session. The admin's file view serves the original, renditions and
captions to the users who may use the video, and to nobody else (404).
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

import pytest

from cms.delivery.models import Document, Kind, PublicFile, State
from cms.organisations.models import PARIS, paris_date
from tests.factories import MinistryFactory
from tests.factories.videos import VideoFactory
from tests.videos.conftest import TITLES, logged_in
from tests.videos.files import CAPTION_BYTES, RENDITION_BYTES, add_files, stored_bytes
from videos import serving
from videos.models import Video

pytestmark = pytest.mark.django_db

MP4 = "video/mp4"
WEBVTT = "text/vtt; charset=utf-8"


def public_url(storage_name: str) -> str:
    return "/media/videos/" + storage_name.removeprefix("videos/")


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def store_document(*names: str, state: str = State.PUBLIC, expires_at=None) -> Document:
    """A news document of the store, in ``state``, listing the files ``names``, as the
    pipeline writes it."""
    number = Document.objects.count() + 1
    document = Document.objects.create(
        key=f"page:{9000 + number}",
        kind=Kind.NEWS,
        public_id=str(9000 + number),
        locale="fr",
        state=state,
        body=json.dumps({"title": "Une actualité"}),
        etag=uuid.uuid4().hex,
        modified_at=timezone.now(),
        expires_at=expires_at,
    )
    PublicFile.objects.bulk_create([PublicFile(name=name, document=document) for name in names])
    return document


@pytest.fixture
def video(db):
    return VideoFactory(ministry=MinistryFactory(short_name="Santé"), title="Campagne ZX-SECRET")


@pytest.fixture
def files(video) -> dict[str, str]:
    return add_files(video)


@pytest.fixture
def public(files) -> dict[str, str]:
    """The rendition and the caption track listed by a public document; their URLs."""
    store_document(files["rendition"], files["caption"])
    return {kind: public_url(files[kind]) for kind in ("rendition", "caption")}


@pytest.fixture
def clients(client, admin_client):
    """Anonymous, and with a superuser's session cookie: the public view answers both
    the same."""
    return {"anonymous": client, "editor": admin_client}


def assert_refused(clients, path):
    for who, client in clients.items():
        response = client.get(path)
        assert response.status_code == 404, (who, path)
        assert RENDITION_BYTES not in response.content, who
        assert CAPTION_BYTES not in response.content, who
        assert b"ZX-SECRET" not in response.content, who
        assert "Cookie" not in response.get("Vary", ""), who
        assert not response.wsgi_request.session.accessed, who


# -- The public view ---------------------------------------------------------------------


def test_public_files_of_a_served_document(clients, files, public):
    for who, client in clients.items():
        for kind, content_type, data in (
            ("rendition", MP4, RENDITION_BYTES),
            ("caption", WEBVTT, CAPTION_BYTES),
        ):
            response = client.get(public[kind])
            assert response.status_code == 200, (who, kind)
            assert response["Content-Type"] == content_type
            assert response["Accept-Ranges"] == "bytes"
            assert response["Content-Length"] == str(len(data))
            assert response["Content-Disposition"] == "inline"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
            assert "Cookie" not in response.get("Vary", "")
            assert not response.wsgi_request.session.accessed  # never reads the session
            assert body(response) == data


def test_public_path_is_the_url_the_view_answers(files, public):
    assert serving.public_path(files["rendition"]) == public["rendition"]
    assert public["rendition"].startswith("/media/videos/renditions/")
    assert public["caption"].startswith("/media/videos/captions/")
    assert public["caption"].endswith(".vtt")


def test_no_document_lists_the_file(clients, files):
    for kind in ("rendition", "caption"):
        assert_refused(clients, public_url(files[kind]))


def test_another_file_listed_is_not_this_one(clients, files, video):
    store_document(files["caption"])  # the captions only
    assert_refused(clients, public_url(files["rendition"]))
    assert clients["anonymous"].get(public_url(files["caption"])).status_code == 200


@pytest.mark.parametrize(
    ("state", "expires_in", "served"),
    [
        (State.PUBLIC, None, True),
        (State.PUBLIC, datetime.timedelta(hours=1), True),
        (State.PUBLIC, -datetime.timedelta(seconds=1), False),  # expired, job late
        (State.WITHDRAWN, None, True),  # the store still serves a withdrawn item
        (State.WITHDRAWN, -datetime.timedelta(seconds=1), False),
        (State.GONE, None, False),  # tombstone
    ],
)
def test_the_store_decides(clients, files, state, expires_in, served):
    expires_at = timezone.now() + expires_in if expires_in is not None else None
    store_document(files["rendition"], files["caption"], state=state, expires_at=expires_at)
    for kind in ("rendition", "caption"):
        path = public_url(files[kind])
        if served:
            for client in clients.values():
                assert client.get(path).status_code == 200
        else:
            assert_refused(clients, path)


def test_a_tombstone_does_not_hide_a_file_another_document_serves(clients, files):
    store_document(files["rendition"], state=State.GONE)
    assert_refused(clients, public_url(files["rendition"]))
    store_document(files["rendition"])
    assert clients["anonymous"].get(public_url(files["rendition"])).status_code == 200


def test_rights_expired_at_the_request(clients, video, public):
    """The store still lists the files (its refresh has not run): the view refuses them
    from the Paris day the rights expire."""
    video.rights_expire_on = paris_date(timezone.now())
    video.save()
    for path in public.values():
        assert_refused(clients, path)
    video.rights_expire_on = paris_date(timezone.now()) + datetime.timedelta(days=1)
    video.save()
    for path in public.values():
        assert clients["anonymous"].get(path).status_code == 200


def test_cache_lifetime_never_outlives_the_rights(client, settings, video, public):
    settings.API_CACHE_MAX_AGE = 10 * 24 * 3600
    video.rights_expire_on = paris_date(timezone.now()) + datetime.timedelta(days=1)
    video.save()
    before = timezone.now()
    response = client.get(public["rendition"])
    assert response.status_code == 200
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    end = datetime.datetime.combine(video.rights_expire_on, datetime.time.min, tzinfo=PARIS)
    assert 0 < max_age <= (end - before).total_seconds()
    assert max_age > (end - before).total_seconds() - 60  # capped, not shortened further


def test_max_age():
    video = VideoFactory.build(rights_expire_on=datetime.date(2026, 12, 1))
    midnight = datetime.datetime(2026, 12, 1, tzinfo=PARIS)
    assert serving.max_age(video, now=midnight - datetime.timedelta(seconds=30)) == 30
    assert serving.max_age(video, now=midnight - datetime.timedelta(days=2)) == 60
    assert serving.max_age(video, now=midnight + datetime.timedelta(seconds=5)) == 0
    video.rights_expire_on = None
    assert serving.max_age(video, now=midnight) == 60


def test_originals_are_never_public(clients, files):
    """Even listed by a public document (a pipeline bug), an original has no public URL."""
    store_document(files["original"], files["rendition"])
    assert_refused(clients, public_url(files["original"]))
    assert_refused(clients, f"/media/{files['original']}")


@pytest.mark.parametrize(
    "path",
    [
        "/media/videos/renditions/../originals/{original}",
        "/media/videos/renditions/%2e%2e/originals/{original}",
        "/media/videos/renditions/%2E%2E%2Foriginals%2F{original}",
        "/media/videos/captions/..%2F..%2Fvideos/originals/{original}",
        "/media/videos//{abs_original}",
        "/media/videos/%2F{abs_original}",
        "/media/videos/{rendition}/",
        "/media/videos/{rendition}%00",
        "/media/videos/renditions/./{rendition_tail}",
        "/media/videos/../videos/{rendition}",
    ],
)
def test_path_traversal(clients, files, video, path, settings):
    store_document(*files.values())  # everything listed: only the name check stands
    tail = files["rendition"].removeprefix("videos/")
    assert_refused(
        clients,
        path.format(
            original=files["original"].rsplit("/", 1)[1],
            abs_original=f"{settings.MEDIA_ROOT}/{files['original']}".lstrip("/"),
            rendition=tail,
            rendition_tail=tail.split("/", 1)[1],
        ),
    )


def test_unknown_files(clients, files, public):
    store_document("videos/renditions/inconnu.mp4")
    for path in (
        "/media/videos/renditions/inconnu.mp4",
        "/media/videos/captions/inconnu.vtt",
        "/media/videos/",
        "/media/videos/renditions/",
        "/media/videos/autre/inconnu.mp4",
    ):
        assert_refused(clients, path)


def test_a_listed_row_whose_file_is_missing(clients, files, public, video):
    rendition = video.renditions.get()
    rendition.file.storage.delete(rendition.file.name)
    assert_refused(clients, public["rendition"])


def test_head(client, public):
    response = client.head(public["rendition"])
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(RENDITION_BYTES))
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == b""


def test_only_get_and_head(client, public):
    assert client.post(public["rendition"]).status_code == 405
    assert client.put(public["rendition"]).status_code == 405


def test_range(client, public):
    size = len(RENDITION_BYTES)
    response = client.get(public["rendition"], headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{size}"
    assert response["Content-Length"] == "10"
    assert response["Content-Type"] == MP4
    assert body(response) == RENDITION_BYTES[10:20]
    response = client.get(public["rendition"], headers={"Range": "bytes=-5"})
    assert response.status_code == 206
    assert body(response) == RENDITION_BYTES[-5:]


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=-0"])
def test_unsatisfiable_range(client, public, header):
    response = client.get(public["rendition"], headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(RENDITION_BYTES)}"
    assert body(response) == b""


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-9", "bytes=9-2", "bytes=abc"])
def test_several_or_malformed_ranges_get_the_whole_file(client, public, header):
    response = client.get(public["rendition"], headers={"Range": header})
    assert response.status_code == 200
    assert body(response) == RENDITION_BYTES


def test_if_range(client, public):
    etag = client.head(public["rendition"])["ETag"]
    same = client.get(public["rendition"], headers={"Range": "bytes=0-3", "If-Range": etag})
    assert same.status_code == 206
    assert body(same) == RENDITION_BYTES[:4]
    changed = client.get(public["rendition"], headers={"Range": "bytes=0-3", "If-Range": '"x"'})
    assert changed.status_code == 200
    assert body(changed) == RENDITION_BYTES


def test_conditional(client, public):
    etag = client.head(public["caption"])["ETag"]
    response = client.get(public["caption"], headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_x_accel_redirect(client, settings, files, public):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_media/"
    response = client.get(public["rendition"])
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_media/{files['rendition']}"
    assert response["Content-Type"] == MP4
    assert "public" in response["Cache-Control"]
    assert body(response) == b""
    response = client.get(public["caption"])
    assert response["X-Accel-Redirect"] == f"/_media/{files['caption']}"
    assert response["Content-Type"] == WEBVTT
    # A refused file is never handed over.
    refused = client.get(public_url(files["original"]))
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused


def test_x_sendfile(client, settings, files, public):
    settings.MEDIA_SENDFILE_HEADER = "X-Sendfile"
    response = client.get(public["rendition"])
    assert response.status_code == 200
    assert response["X-Sendfile"] == str((settings.MEDIA_ROOT / files["rendition"]).resolve())
    assert body(response) == b""


def test_an_editors_cookie_gets_nothing_more(admin_client, client, files):
    """The superuser may see every video in the admin, but not through the public URL."""
    for kind in ("rendition", "caption"):
        path = public_url(files[kind])
        assert_refused({"editor": admin_client, "anonymous": client}, path)
        # In the admin, the same file.
        response = admin_client.get(f"/admin/media/{files[kind]}")
        assert response.status_code == 200
        assert body(response) == stored_bytes(kind)


# -- The admin's file view ---------------------------------------------------------------

#: Whether each role of the world may use each video (tests/videos/test_permissions.py).
USERS_OF = {
    "own_private": {"superuser", "editor", "chief", "contributor", "validator", "community"},
    "other_private": {"superuser", "editor", "chief", "outsider"},
    "other_shared_third": {"superuser", "editor", "chief", "outsider", "third"},
}
KINDS = ("original", "rendition", "caption")
CONTENT_TYPES = {"original": MP4, "rendition": MP4, "caption": WEBVTT}


@pytest.fixture(scope="module")
def world_files(video_world, django_db_blocker):
    """The storage names of the files of each world video, by video and kind (made in
    the world's transaction, rolled back with it)."""
    with django_db_blocker.unblock():
        return {name: add_files(video) for name, video in video_world["videos"].items()}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("video", list(USERS_OF))
@pytest.mark.parametrize(
    "role",
    ["superuser", "editor", "chief", "contributor", "validator", "community", "outsider", "third"],
)
def test_admin_files_by_role(video_world, world_files, role, video, kind):
    client = logged_in(video_world["users"][role])
    response = client.get(f"/admin/media/{world_files[video][kind]}")
    if role in USERS_OF[video]:
        assert response.status_code == 200
        assert response["Content-Type"] == CONTENT_TYPES[kind]
        assert response["Content-Disposition"] == "inline"
        assert "private" in response["Cache-Control"]
        assert body(response) == stored_bytes(kind)
    else:
        # Not even confirmed to exist: the same answer as an unknown name.
        assert response.status_code == 404
        unknown = client.get(f"/admin/media/videos/{kind}s/inconnu.mp4")
        assert unknown.status_code == 404
        assert response.content == unknown.content
        assert TITLES[video].encode() not in response.content
        assert stored_bytes(kind) not in response.content


def test_admin_files_anonymous_go_to_the_login(client, world_files):
    for kind in KINDS:
        response = client.get(f"/admin/media/{world_files['other_interministerial'][kind]}")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/admin/media/videos/")


def test_admin_range_for_the_player(video_world, world_files):
    client = logged_in(video_world["users"]["contributor"])
    response = client.get(
        f"/admin/media/{world_files['own_private']['rendition']}", headers={"Range": "bytes=0-9"}
    )
    assert response.status_code == 206
    assert body(response) == RENDITION_BYTES[:10]


def test_admin_original_of_an_unplayable_type_is_a_download(video_world):
    client = logged_in(video_world["users"]["contributor"])
    video = video_world["videos"]["own_private"]
    name = default_storage.save(
        "videos/originals/x.html", ContentFile(b"<script>alert(1)</script>")
    )
    Video.objects.filter(pk=video.pk).update(file=name, original_filename="notes.html")
    response = client.get(f"/admin/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "notes.html" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_the_lookup_answers_none_outside_videos(db):
    assert serving.stored_video_file("documents/note.pdf") is None
    assert serving.stored_video_file("videos/renditions/inconnu.mp4") is None
    assert serving.stored_video_file("videos/autre/x.mp4") is None
