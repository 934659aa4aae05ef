"""The tus 1.0.0 endpoint, through Django's test client: creation, offsets, appends in
several chunks, termination, expiry, and each refusal with its status and French text."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

import pytest

from cms.uploads.models import Upload
from tests.uploads.conftest import ENDPOINT, KIND, TusClient, metadata

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_options_names_the_version_extensions_and_limit(tus, settings):
    settings.UPLOAD_MAX_SIZE = 5000
    response = tus.client.options(ENDPOINT)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration"
    assert response["Tus-Max-Size"] == "5000"


def test_an_upload_is_created_then_filled_in_several_chunks(tus, uploader):
    data = bytes(range(256)) * 40  # 10 240 bytes
    created = tus.create(len(data), name="Conférence de presse.mp4")
    assert created.status_code == 201, text(created)
    assert created["Tus-Resumable"] == "1.0.0"
    url = created["Location"]
    assert url == f"{ENDPOINT}{Upload.objects.get().pk}/"
    upload = Upload.objects.get()
    assert (upload.owner, upload.kind, upload.filename, upload.length, upload.offset) == (
        uploader,
        KIND,
        "Conférence de presse.mp4",
        len(data),
        0,
    )
    assert upload.metadata == {"filename": "Conférence de presse.mp4", "filetype": "video/mp4"}
    assert "Upload-Expires" in created

    head = tus.head(url)
    assert (head.status_code, head["Upload-Offset"], head["Upload-Length"]) == (200, "0", "10240")
    assert head["Cache-Control"] == "no-store"
    assert head["Upload-Metadata"] == metadata(
        filename="Conférence de presse.mp4", filetype="video/mp4"
    )

    offset = 0
    for size in (4000, 4000, 2240):
        response = tus.patch(url, data[offset : offset + size], offset)
        assert response.status_code == 204, text(response)
        offset += size
        assert response["Upload-Offset"] == str(offset)
        assert tus.head(url)["Upload-Offset"] == str(offset)
    upload.refresh_from_db()
    assert upload.state == Upload.State.COMPLETE
    assert upload.path.read_bytes() == data


def test_a_patch_at_the_wrong_offset_is_a_conflict(tus):
    url = tus.create(100)["Location"]
    assert tus.patch(url, b"a" * 10, 0).status_code == 204
    response = tus.patch(url, b"b" * 10, 0)
    assert response.status_code == 409
    assert text(response) == (
        "Le serveur a reçu 10 octets de ce fichier, pas 0\u00a0: reprenez à partir de 10."
    )
    upload = Upload.objects.get()
    assert upload.offset == 10
    assert upload.path.read_bytes() == b"a" * 10


def test_a_patch_of_another_content_type_is_refused(tus):
    url = tus.create(100)["Location"]
    response = tus.patch(url, b"a" * 10, 0, **{"Content-Type": "application/octet-stream"})
    assert response.status_code == 415
    assert text(response) == (
        "Le corps d'un envoi doit être de type application/offset+octet-stream."
    )
    assert Upload.objects.get().offset == 0


@pytest.mark.parametrize("offset", ["", "-1", "1e3", "dix"])
def test_a_patch_without_a_valid_offset_is_refused(tus, offset):
    url = tus.create(100)["Location"]
    response = tus.client.generic(
        "PATCH",
        url,
        b"a",
        content_type="application/offset+octet-stream",
        headers={"Tus-Resumable": "1.0.0", "Upload-Offset": offset},
    )
    assert response.status_code == 400
    assert text(response) == (
        "L'en-tête Upload-Offset doit être un nombre entier positif ou nul d'octets."
    )


def test_a_file_over_the_limit_is_refused_at_creation(tus, settings):
    settings.UPLOAD_MAX_SIZE = 2 * 1024**3
    response = tus.create(3 * 1024**3)
    assert response.status_code == 413
    assert text(response) == "Le fichier pèse 3\u00a0Go\u00a0: la limite est de 2\u00a0Go."
    assert not Upload.objects.exists()


def test_the_default_limit_is_2_gib(tus):
    assert tus.client.options(ENDPOINT)["Tus-Max-Size"] == "2147483648"
    assert tus.create(2 * 1024**3 + 1).status_code == 413
    assert tus.create(2 * 1024**3).status_code == 201


def test_a_patch_past_the_declared_length_is_refused_and_writes_nothing(tus):
    url = tus.create(10)["Location"]
    response = tus.patch(url, b"a" * 11, 0)
    assert response.status_code == 413
    assert text(response) == (
        "Ce morceau dépasse la taille annoncée du fichier (10 octets)\u00a0: "
        "il n'en reste que 10 à recevoir."
    )
    upload = Upload.objects.get()
    assert upload.offset == 0
    assert not upload.path.exists()


def test_a_patch_over_the_chunk_size_is_refused(tus, settings):
    settings.UPLOAD_CHUNK_SIZE = 1024
    url = tus.create(4096)["Location"]
    response = tus.patch(url, b"a" * 1025, 0)
    assert response.status_code == 413
    assert text(response) == "Un morceau pèse 1\u00a0Ko au plus\u00a0; celui-ci pèse 1\u00a0Ko."
    assert tus.patch(url, b"a" * 1024, 0).status_code == 204


def test_an_empty_file_is_refused(tus):
    response = tus.create(0)
    assert (response.status_code, text(response)) == (400, "Le fichier est vide.")


@pytest.mark.parametrize(
    ("length", "status"),
    [(None, 400), ("", 400), ("-5", 400), ("12.5", 400), ("beaucoup", 400)],
)
def test_creation_needs_a_valid_length(tus, length, status):
    headers = {"Tus-Resumable": "1.0.0", "Upload-Metadata": metadata(filename="a.mp4")}
    if length is not None:
        headers["Upload-Length"] = length
    response = tus.client.post(ENDPOINT, headers=headers)
    assert response.status_code == status
    assert text(response) == (
        "L'en-tête Upload-Length doit être un nombre entier positif ou nul d'octets."
    )
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Le nom du fichier manque (métadonnée «\u00a0filename\u00a0»)."),
        (
            "filename pas-du-base64!",
            "La valeur «\u00a0filename\u00a0» de l'en-tête Upload-Metadata n'est pas du texte "
            "UTF-8 codé en base64.",
        ),
        (
            "filename //8=",  # base64 of b"\xff\xff": not UTF-8
            "La valeur «\u00a0filename\u00a0» de l'en-tête Upload-Metadata n'est pas du texte "
            "UTF-8 codé en base64.",
        ),
        (
            "filename YQ==,filename Yg==",
            "L'en-tête Upload-Metadata est mal formé (paires «\u00a0clé valeur\u00a0»).",
        ),
        (
            "file name YQ==",
            "L'en-tête Upload-Metadata est mal formé (paires «\u00a0clé valeur\u00a0»).",
        ),
    ],
)
def test_bad_metadata_is_refused(tus, header, message):
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "10"}
    if header is not None:
        headers["Upload-Metadata"] = header
    response = tus.client.post(ENDPOINT, headers=headers)
    assert (response.status_code, text(response)) == (400, message)
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "../../settings/base.py",
            "Le nom du fichier ne doit pas contenir de chemin («\u00a0/\u00a0», «\u00a0\\\u00a0» "
            "ou «\u00a0..\u00a0»)\u00a0: envoyez le fichier seul.",
        ),
        (
            "..\\..\\boot.ini",
            "Le nom du fichier ne doit pas contenir de chemin («\u00a0/\u00a0», «\u00a0\\\u00a0» "
            "ou «\u00a0..\u00a0»)\u00a0: envoyez le fichier seul.",
        ),
        (
            "..",
            "Le nom du fichier ne doit pas contenir de chemin («\u00a0/\u00a0», «\u00a0\\\u00a0» "
            "ou «\u00a0..\u00a0»)\u00a0: envoyez le fichier seul.",
        ),
        ("clip\x00.mp4", "Le nom du fichier contient un octet nul\u00a0: renommez le fichier."),
        (
            "clip\n.mp4",
            "Le nom du fichier contient un caractère de contrôle\u00a0: renommez le fichier.",
        ),
        (
            "clip\u202e4pm.exe",
            "Le nom du fichier contient un caractère de contrôle\u00a0: renommez le fichier.",
        ),
        (
            "a" * 296 + ".mp4",
            "Le nom du fichier compte 300 caractères\u00a0; 255 au plus\u00a0: raccourcissez-le.",
        ),
        ("   ", "Le nom du fichier est vide."),
    ],
)
def test_bad_filenames_are_refused_before_any_byte(tus, name, message):
    response = tus.create(10, name=name)
    assert (response.status_code, text(response)) == (400, message)
    assert not Upload.objects.exists()


def test_a_long_name_within_the_limit_and_a_dotted_name_are_kept(tus):
    name = "é" * 251 + ".mp4"
    assert tus.create(10, name=name).status_code == 201
    assert tus.create(10, name="..vidéo..finale.mp4").status_code == 201
    assert sorted(Upload.objects.values_list("filename", flat=True)) == sorted(
        [name, "..vidéo..finale.mp4"]
    )


def test_another_users_upload_is_not_found(tus, other_uploader):
    url = tus.create(10)["Location"]
    other = TusClient(other_uploader)
    assert other.head(url).status_code == 404
    response = other.patch(url, b"a" * 10, 0)
    assert response.status_code == 404
    assert text(response).startswith("Ce téléversement est introuvable")
    assert other.delete(url).status_code == 404
    assert Upload.objects.get().offset == 0


def test_an_unknown_upload_and_kind_are_not_found(tus):
    assert tus.head(f"{ENDPOINT}00000000-0000-0000-0000-000000000000/").status_code == 404
    response = tus.client.post(
        "/admin/uploads/inconnu/", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "1"}
    )
    assert (response.status_code, text(response)) == (404, "Ce type de téléversement n'existe pas.")


def test_anonymous_and_unauthorised_users_are_refused(kind, django_user_model):
    from tests.uploads.conftest import make_uploader

    anonymous = TusClient().create(10)
    assert anonymous.status_code == 403
    assert text(anonymous) == "Connectez-vous à l'administration pour téléverser."
    without = TusClient(make_uploader(django_user_model, "lecteur", may_upload=False)).create(10)
    assert without.status_code == 403
    assert text(without) == "Vous n'avez pas le droit de téléverser ce type de fichier."
    assert not Upload.objects.exists()


def test_a_request_without_the_tus_version_is_refused(tus):
    response = tus.client.post(ENDPOINT, headers={"Upload-Length": "10"})
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert text(response) == "Ce serveur parle le protocole tus 1.0.0."


def test_csrf_is_checked_and_the_header_token_accepted(kind, uploader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(uploader)
    client.get("/admin/")  # sets the CSRF cookie
    headers = {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": "10",
        "Upload-Metadata": metadata(filename="a.mp4"),
    }
    assert client.post(ENDPOINT, headers=headers).status_code == 403
    token = client.cookies["csrftoken"].value
    response = client.post(ENDPOINT, headers={**headers, "X-CSRFToken": token})
    assert response.status_code == 201


def test_delete_terminates_the_upload_and_its_file(tus, django_capture_on_commit_callbacks):
    url = tus.create(10)["Location"]
    tus.patch(url, b"a" * 5, 0)
    path = Upload.objects.get().path
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = tus.delete(url)
    assert response.status_code == 204
    assert not Upload.objects.exists()
    assert not path.exists()
    assert tus.head(url).status_code == 404


def test_an_expired_upload_is_gone(tus):
    url = tus.create(10)["Location"]
    Upload.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert tus.head(url).status_code == 410  # tus-js-client then creates a new upload
    response = tus.patch(url, b"a" * 10, 0)
    assert response.status_code == 410
    assert text(response) == "Ce téléversement a expiré\u00a0: choisissez de nouveau le fichier."


def test_each_patch_pushes_the_expiry_back(tus, settings):
    settings.UPLOAD_EXPIRY_HOURS = 2
    url = tus.create(10)["Location"]
    Upload.objects.update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    response = tus.patch(url, b"a" * 4, 0)
    expires = Upload.objects.get().expires_at
    assert expires > timezone.now() + datetime.timedelta(hours=1, minutes=59)
    assert response["Upload-Expires"] == tus.head(url)["Upload-Expires"]


def test_bytes_left_past_the_offset_by_a_killed_request_are_overwritten(tus):
    url = tus.create(10)["Location"]
    tus.patch(url, b"abc", 0)
    upload = Upload.objects.get()
    with upload.path.open("ab") as file:
        file.write(b"garbage!")  # written, but its offset never recorded
    assert tus.patch(url, b"defghij", 3).status_code == 204
    assert upload.path.read_bytes() == b"abcdefghij"
