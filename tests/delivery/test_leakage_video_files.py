"""The leakage matrix of a video's public files: store state × rights × file × client.

``/media/videos/…`` (``videos/serving.py``) serves a rendition or caption track only while
a served document of the delivery store lists it and the video's rights run. Here the
store's rows are written directly, as the pipeline writes them, so the matrix does not
depend on how an item shows a video (the pipeline's own rows, item state by item state,
belong to ``test_leakage.py``). Each row asserts the exact status, the same answer for an
editor's session cookie (no ``Vary: Cookie``, the session never read) and, when refused,
that nothing of the video or its files is in the answer.

``test_every_public_media_route_is_in_a_matrix`` lists the public routes that send files:
a new one fails it until it is added to a leakage matrix.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.urls import URLPattern, get_resolver
from django.utils import timezone

import pytest

from cms.delivery.models import Document, Kind, PublicFile, State
from cms.organisations.models import paris_date
from tests.factories import MinistryFactory
from tests.factories.videos import VideoFactory
from tests.videos.files import add_files, stored_bytes

pytestmark = pytest.mark.django_db

SECRET = "ZX-VIDEO-FUITE"
PAST = datetime.timedelta(seconds=-1)
LATER = datetime.timedelta(hours=2)

#: How the store holds the video's files: ``(state, expires in, served?)`` of one news
#: document listing them, or ``None`` for no document at all.
STORE = {
    "public": (State.PUBLIC, None, True),
    "public, expiring later": (State.PUBLIC, LATER, True),
    "public, past its expiry (job late)": (State.PUBLIC, PAST, False),
    "withdrawn": (State.WITHDRAWN, None, True),
    "withdrawn, past its expiry": (State.WITHDRAWN, PAST, False),
    "tombstone": (State.GONE, None, False),
    "not in the store": None,
}
#: The video's rights on the day of the request (Paris): days until they expire.
RIGHTS = {"no end": None, "end tomorrow": 1, "end today": 0, "ended": -3}
FILES = ("rendition", "caption", "original")


@pytest.fixture
def files():
    video = VideoFactory(ministry=MinistryFactory(short_name="Santé"), title=SECRET)
    return video, add_files(video)


def _store(state_name: str, names: list[str]) -> None:
    held = STORE[state_name]
    if held is None:
        return
    state, expires_in, _ = held
    document = Document.objects.create(
        key="page:4242",
        kind=Kind.NEWS,
        public_id="4242",
        locale="fr",
        state=state,
        body=json.dumps({"title": "Actualité publique"}),
        etag=uuid.uuid4().hex,
        modified_at=timezone.now(),
        expires_at=None if expires_in is None else timezone.now() + expires_in,
    )
    PublicFile.objects.bulk_create([PublicFile(name=name, document=document) for name in names])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("kind", FILES)
@pytest.mark.parametrize("rights", RIGHTS)
@pytest.mark.parametrize("store", STORE)
def test_no_leak(client, admin_client, files, store, rights, kind):
    video, names = files
    days = RIGHTS[rights]
    if days is not None:
        video.rights_expire_on = paris_date(timezone.now()) + datetime.timedelta(days=days)
        video.save()
    # The pipeline never lists an original; listed here too, it must still be refused.
    _store(store, list(names.values()))
    served = (
        STORE[store] is not None
        and STORE[store][2]
        and (days is None or days > 0)
        and kind != "original"
    )
    url = "/media/videos/" + names[kind].removeprefix("videos/")
    for who, session in (("anonymous", client), ("editor", admin_client)):
        response = session.get(url)
        assert response.status_code == (200 if served else 404), (who, url)
        assert "cookie" not in response.get("Vary", "").lower(), who
        assert not response.wsgi_request.session.accessed, who
        data = _body(response)
        if served:
            assert data == stored_bytes(kind), who
            assert "public" in response["Cache-Control"]
        else:
            assert SECRET.encode() not in data, who
            assert stored_bytes(kind) not in data, who
            assert names[kind].encode() not in data, who


#: Every public route that sends a stored file, and where its leakage rows are.
PUBLIC_MEDIA_ROUTES = {
    "documents/<int:document_id>/<str:document_filename>": "test_leakage.py",
    "media/renditions/<str:filename>": "test_leakage.py",
    "media/videos/<path:name>": "test_leakage_video_files.py",
}


def test_every_public_media_route_is_in_a_matrix():
    routes = {
        str(pattern.pattern)
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLPattern)
        and str(pattern.pattern).startswith(("media/", "documents/"))
    }
    assert routes == set(PUBLIC_MEDIA_ROUTES)
