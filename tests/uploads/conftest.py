"""A registered upload kind, users who may and may not use it, and a tus client."""

from __future__ import annotations

import base64

from django.contrib.auth.models import Permission
from django.test import Client

import pytest

from cms.uploads import kinds

KIND = "essai"
ENDPOINT = f"/admin/uploads/{KIND}/"


def metadata(**values: str) -> str:
    """An ``Upload-Metadata`` header: ``key base64(value)`` pairs."""
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in values.items()
    )


@pytest.fixture
def kind(settings):
    """The kind ``essai``: permission ``uploads.add_upload``, the settings' size limit."""
    registered = kinds.UploadKind(name=KIND, permission="uploads.add_upload")
    kinds.register(registered)
    yield registered
    kinds.unregister(KIND)


def make_uploader(django_user_model, username: str, *, may_upload: bool = True):
    user = django_user_model.objects.create_user(username=username, password="x")
    codenames = ["access_admin"] + (["add_upload"] if may_upload else [])
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def uploader(db, django_user_model):
    return make_uploader(django_user_model, "redactrice")


@pytest.fixture
def other_uploader(db, django_user_model):
    return make_uploader(django_user_model, "autre")


class TusClient:
    """Django's test client speaking tus for one user."""

    def __init__(self, user=None):
        self.client = Client()
        if user is not None:
            self.client.force_login(user)

    def create(self, length: int, name: str = "clip.mp4", **headers):
        headers.setdefault("Upload-Metadata", metadata(filename=name, filetype="video/mp4"))
        return self.client.post(
            ENDPOINT, headers={"Tus-Resumable": "1.0.0", "Upload-Length": str(length), **headers}
        )

    def head(self, url: str):
        return self.client.head(url, headers={"Tus-Resumable": "1.0.0"})

    def patch(self, url: str, data: bytes, offset: int, **headers):
        headers.setdefault("Content-Type", "application/offset+octet-stream")
        return self.client.generic(
            "PATCH",
            url,
            data,
            content_type=headers.pop("Content-Type"),
            headers={"Tus-Resumable": "1.0.0", "Upload-Offset": str(offset), **headers},
        )

    def delete(self, url: str):
        return self.client.delete(url, headers={"Tus-Resumable": "1.0.0"})


@pytest.fixture
def tus(kind, uploader) -> TusClient:
    return TusClient(uploader)


@pytest.fixture
def tus_for(kind):
    return TusClient


def send_through_tus(client: Client, data: bytes, *, kind: str, name: str = "clip.mp4") -> str:
    """Upload ``data`` as ``name`` through the real tus endpoint of ``kind`` with
    ``client`` (logged in), in one PATCH; returns the finished upload's id (a string, as
    the widget posts it with the form)."""
    headers = {"Tus-Resumable": "1.0.0"}
    created = client.post(
        f"/admin/uploads/{kind}/",
        headers={
            **headers,
            "Upload-Length": str(len(data)),
            "Upload-Metadata": metadata(filename=name, filetype="video/mp4"),
        },
    )
    assert created.status_code == 201, created.content
    location = created["Location"]
    patched = client.generic(
        "PATCH",
        location,
        data,
        content_type="application/offset+octet-stream",
        headers={**headers, "Upload-Offset": "0"},
    )
    assert patched.status_code == 204, patched.content
    return location.rstrip("/").rsplit("/", 1)[-1]
