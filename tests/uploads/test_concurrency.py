"""Two requests on one upload at once (PostgreSQL, where rows are locked): the second
PATCH is refused with 423 while the first holds the row, and nothing is written; the
purge leaves a locked upload for its next run."""

from __future__ import annotations

import datetime
import threading

from django.db import connection, connections, transaction
from django.utils import timezone

import pytest

from cms.uploads import services
from cms.uploads.models import Upload

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no row locks (one writer)"
    ),
]


class RowHolder(threading.Thread):
    """Holds the row lock of an upload, in another connection, until released."""

    def __init__(self, pk):
        super().__init__()
        self.pk = pk
        self.locked = threading.Event()
        self.release = threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                Upload.objects.select_for_update().get(pk=self.pk)
                self.locked.set()
                self.release.wait(timeout=30)
        finally:
            connections.close_all()

    def __enter__(self):
        self.start()
        assert self.locked.wait(timeout=30)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.join()


def test_a_second_patch_while_the_first_holds_the_row_is_refused(tus):
    url = tus.create(10)["Location"]
    upload = Upload.objects.get()
    with RowHolder(upload.pk):
        response = tus.patch(url, b"a" * 10, 0)
    assert response.status_code == 423
    assert response.content.decode() == (
        "Ce fichier reçoit déjà des données par une autre requête\u00a0; réessayez."
    )
    upload.refresh_from_db()
    assert upload.offset == 0
    assert not upload.path.exists()
    assert tus.patch(url, b"a" * 10, 0).status_code == 204


def test_the_purge_skips_an_upload_being_written(tus):
    tus.create(10)
    upload = Upload.objects.get()
    Upload.objects.update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    with RowHolder(upload.pk):
        assert services.purge().uploads == []
    assert services.purge().uploads == ["clip.mp4 (0/10)"]
