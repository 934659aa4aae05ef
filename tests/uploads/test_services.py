"""What a consumer's form calls (``claim``, ``release``) and the purge of abandoned
uploads (``purge``, ``manage.py purge_uploads``, the hourly job on the ``media`` queue)."""

from __future__ import annotations

import datetime
import os
import uuid
from io import StringIO

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.uploads import kinds, services
from cms.uploads.models import Upload, partial_root
from tests.uploads.conftest import KIND, TusClient

pytestmark = pytest.mark.django_db

DATA = b"0123456789" * 100


@pytest.fixture
def finished(tus) -> Upload:
    url = tus.create(len(DATA), name="Discours.mp4")["Location"]
    assert tus.patch(url, DATA, 0).status_code == 204
    return Upload.objects.get()


def test_claim_gives_the_checked_name_the_size_and_the_bytes(finished, uploader):
    claimed = services.claim(str(finished.pk), uploader, kind=KIND)
    assert (claimed.id, claimed.kind, claimed.filename, claimed.size) == (
        finished.pk,
        KIND,
        "Discours.mp4",
        len(DATA),
    )
    assert claimed.metadata["filetype"] == "video/mp4"
    with claimed.open() as file:
        name = default_storage.save(f"essais/{claimed.filename}", file)
    with default_storage.open(name) as stored:
        assert stored.read() == DATA


def test_release_deletes_the_row_and_then_the_file(
    finished, uploader, django_capture_on_commit_callbacks
):
    claimed = services.claim(finished.pk, uploader, kind=KIND)
    with django_capture_on_commit_callbacks(execute=True):
        services.release(claimed)
    assert not Upload.objects.exists()
    assert not claimed.path.exists()
    services.release(claimed)  # twice: nothing happens
    with pytest.raises(services.UploadNotFound):
        services.claim(finished.pk, uploader, kind=KIND)


def test_claim_pushes_the_expiry_back(finished, uploader):
    Upload.objects.update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    services.claim(finished.pk, uploader, kind=KIND)
    finished.refresh_from_db()
    assert finished.expires_at > timezone.now() + datetime.timedelta(hours=23)


def test_claim_refuses_an_unfinished_upload(tus, uploader):
    url = tus.create(len(DATA), name="Discours.mp4")["Location"]
    tus.patch(url, DATA[:400], 0)
    upload = Upload.objects.get()
    with pytest.raises(services.UploadIncomplete) as raised:
        services.claim(upload.pk, uploader, kind=KIND)
    assert raised.value.message == (
        "Le fichier «\u00a0Discours.mp4\u00a0» n'est pas encore entièrement envoyé "
        "(400\u00a0octets sur 1000\u00a0octets)\u00a0: attendez la fin du téléversement."
    )


@pytest.mark.parametrize("case", ["other user", "other kind", "unknown", "not a uuid"])
def test_claim_finds_nothing_that_is_not_the_users_own_of_this_kind(
    finished, uploader, other_uploader, case
):
    kinds.register(kinds.UploadKind(name="autre", permission="uploads.add_upload"))
    try:
        user, kind, upload_id = {
            "other user": (other_uploader, KIND, finished.pk),
            "other kind": (uploader, "autre", finished.pk),
            "unknown": (uploader, KIND, uuid.uuid4()),
            "not a uuid": (uploader, KIND, "../../etc/passwd"),
        }[case]
        with pytest.raises(services.UploadNotFound) as raised:
            services.claim(upload_id, user, kind=kind)
    finally:
        kinds.unregister("autre")
    assert raised.value.message == (
        "Ce téléversement est introuvable\u00a0: il a peut-être expiré ou été annulé. "
        "Choisissez de nouveau le fichier."
    )
    assert Upload.objects.filter(pk=finished.pk).exists()


def test_claim_refuses_an_upload_whose_file_is_missing(finished, uploader):
    finished.path.unlink()
    with pytest.raises(services.UploadNotFound):
        services.claim(finished.pk, uploader, kind=KIND)


def age(upload: Upload, hours: float) -> None:
    """Make ``upload`` look untouched for ``hours``."""
    moment = timezone.now() - datetime.timedelta(hours=hours)
    Upload.objects.filter(pk=upload.pk).update(updated_at=moment, expires_at=moment)


@pytest.fixture
def three_uploads(tus, uploader):
    """An abandoned partial upload, a fresh partial one, a finished one just claimed."""
    abandoned_url = tus.create(100, name="abandonné.mp4")["Location"]
    tus.patch(abandoned_url, b"a" * 40, 0)
    fresh_url = tus.create(100, name="en-cours.mp4")["Location"]
    tus.patch(fresh_url, b"b" * 40, 0)
    done_url = tus.create(100, name="terminé.mp4")["Location"]
    tus.patch(done_url, b"c" * 100, 0)
    by_name = {upload.filename: upload for upload in Upload.objects.all()}
    age(by_name["abandonné.mp4"], 25)
    age(by_name["terminé.mp4"], 25)
    services.claim(by_name["terminé.mp4"].pk, uploader, kind=KIND)  # in use by a form
    return by_name


def test_the_purge_removes_abandoned_uploads_and_files_only(
    three_uploads, django_capture_on_commit_callbacks
):
    abandoned = three_uploads["abandonné.mp4"]
    with django_capture_on_commit_callbacks(execute=True):
        report = services.purge()
    assert report.uploads == ["abandonné.mp4 (40/100)"]
    assert sorted(Upload.objects.values_list("filename", flat=True)) == [
        "en-cours.mp4",
        "terminé.mp4",
    ]
    assert not abandoned.path.exists()
    assert three_uploads["en-cours.mp4"].path.exists()
    assert three_uploads["terminé.mp4"].path.exists()


def test_a_finished_upload_never_claimed_is_purged_too(finished):
    age(finished, 25)
    assert services.purge().uploads == ["Discours.mp4 (1000/1000)"]
    assert not Upload.objects.exists()


def test_the_purge_removes_old_orphan_files_not_fresh_ones(kind):
    root = partial_root()
    root.mkdir(parents=True, exist_ok=True)
    old = root / str(uuid.uuid4())
    old.write_bytes(b"x")
    day_ago = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(old, (day_ago, day_ago))
    fresh = root / str(uuid.uuid4())
    fresh.write_bytes(b"y")  # maybe an upload whose row is not committed yet
    assert services.purge().orphan_files == [old.name]
    assert not old.exists()
    assert fresh.exists()
    fresh.unlink()


def test_the_command_prints_what_it_removed(three_uploads, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_uploads", stdout=out)
    assert out.getvalue().splitlines() == [
        "Téléversement expiré supprimé\u00a0: abandonné.mp4 (40/100)",
        "Téléversements expirés supprimés\u00a0: 1\u00a0; fichiers orphelins supprimés\u00a0: 0.",
    ]
    assert not three_uploads["abandonné.mp4"].path.exists()


def test_the_purge_runs_every_hour_on_the_media_queue(three_uploads):
    from procrastinate.contrib.django import procrastinate_app

    from cms.uploads import tasks

    [periodic] = [
        task
        for task in procrastinate_app.current_app.periodic_registry.periodic_tasks.values()
        if task.task.name == "uploads.purge"
    ]
    assert periodic.cron == "7 * * * *"
    assert periodic.task.queue == "media"
    tasks.purge_uploads(timestamp=int(timezone.now().timestamp()))  # what the worker runs
    assert Upload.objects.count() == 2


def test_deleting_the_owner_deletes_their_uploads_and_files(
    finished, uploader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        uploader.delete()
    assert not Upload.objects.exists()
    assert not finished.path.exists()


def test_a_kind_is_registered_once_and_checked(kind):
    with pytest.raises(ValueError, match="already registered"):
        kinds.register(kinds.UploadKind(name=KIND, permission="videos.add_video"))
    with pytest.raises(ValueError, match="must match"):
        kinds.UploadKind(name="../x", permission="a.b")
    assert kinds.UploadKind(name="sous-titres", permission="a.b", max_size=10).size_limit == 10


def test_a_kind_with_its_own_limit_refuses_beyond_it(uploader):
    kinds.register(kinds.UploadKind(name="petit", permission="uploads.add_upload", max_size=100))
    try:
        response = TusClient(uploader).client.post(
            "/admin/uploads/petit/", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "101"}
        )
    finally:
        kinds.unregister("petit")
    assert response.status_code == 413
    assert response.content.decode() == (
        "Le fichier pèse 101\u00a0octets\u00a0: la limite est de 100\u00a0octets."
    )
