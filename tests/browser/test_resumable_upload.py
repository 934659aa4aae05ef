"""A 3 MiB file uploaded through the admin's resumable upload widget in Chromium, in
256 KiB chunks: one PATCH is dropped before the server gets it, the response of another
is lost after the server stored it, then the connection goes down for a while; the
upload goes on each time from the server's offset and completes, the progress bar at
100 %, the bytes intact (with a pause and a resumption by the buttons); the form then
claims the upload. A second test reloads the page
mid-upload and resumes the same upload when the file is chosen again.

Screenshots go to ``test-output/browser/<test name>/``.
"""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from playwright.sync_api import expect

from cms.uploads.models import Upload
from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot
from tests.uploads.conftest import (
    ENDPOINT,
    kind,  # noqa: F401 (fixture)
    make_uploader,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush", "kind"),
]

CHUNK = 256 * 1024
SIZE = 3 * 1024 * 1024 + 12_345


@pytest.fixture
def trial_page(settings, django_user_model, new_session):
    settings.ROOT_URLCONF = "tests.uploads.urls"
    settings.UPLOAD_CHUNK_SIZE = CHUNK
    user = make_uploader(django_user_model, "monteuse")
    user.set_password(PASSWORD)
    user.save()
    page = new_session()
    log_in(page, "monteuse")
    page.goto("/essai-televersement/")
    return page


@pytest.fixture
def video_file(tmp_path):
    """A file on disk, as an editor chooses it: the same one chosen twice has the same
    modification time (part of tus-js-client's fingerprint)."""
    path = tmp_path / "Conférence de presse.mp4"
    path.write_bytes(os.urandom(SIZE))
    return path


def choose(page, path) -> None:
    page.get_by_label("Fichier").set_input_files(path)


def test_the_upload_survives_dropped_requests_and_completes(trial_page, screenshots, video_file):
    page = trial_page
    data = video_file.read_bytes()
    state = {"patches": 0, "down": False}

    def flaky_network(route):
        if state["down"]:
            route.abort("connectionreset")
            return
        if route.request.method == "PATCH":
            state["patches"] += 1
            if state["patches"] == 3:  # lost on the way: the server never gets it
                route.abort("connectionreset")
                return
            if state["patches"] == 6:  # the server stores it, its answer is lost
                route.fetch()
                route.abort("connectionreset")
                return
            if state["patches"] == 9:  # the link goes down until the test restores it
                state["down"] = True
                route.abort("connectionreset")
                return
        route.continue_()

    page.route(re.compile(rf"{ENDPOINT}[0-9a-f-]+/$"), flaky_network)
    choose(page, video_file)
    status = page.locator(".gv-upload__status")
    # Seven chunks stored (the third sent twice, the fifth's answer lost), the eighth lost.
    expect(status).to_have_text(
        "58\u00a0% — 1,8\u00a0Mo sur 3\u00a0Mo · connexion perdue, nouvelle tentative…"
    )
    progress = page.locator("progress")
    expect(progress).to_have_attribute("value", "58")
    assert Upload.objects.get().offset == 7 * CHUNK
    shoot(page, screenshots, "01-connexion-perdue")

    page.get_by_role("button", name="Mettre en pause").click()
    expect(status).to_have_text("En pause à 58\u00a0% — 1,8\u00a0Mo sur 3\u00a0Mo")
    shoot(page, screenshots, "02-en-pause")
    state["down"] = False  # the link is back
    page.get_by_role("button", name="Reprendre").click()
    expect(progress).to_have_attribute("value", "100")
    expect(status).to_have_text(
        "100\u00a0% — «\u00a0Conférence de presse.mp4\u00a0» est envoyé (3\u00a0Mo)."
    )
    upload = Upload.objects.get()
    assert upload.state == Upload.State.COMPLETE
    assert hashlib.sha256(upload.path.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert page.locator("#id_fichier").input_value() == str(upload.pk)
    assert state["patches"] > SIZE // CHUNK + 1  # the failed ones were sent again
    shoot(page, screenshots, "03-termine")

    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("[data-received]")).to_have_text(
        f"Reçu : Conférence de presse.mp4, {SIZE} octets, "
        f"SHA-256 {hashlib.sha256(data).hexdigest()}"
    )
    assert not Upload.objects.exists()
    assert not upload.path.exists()


def test_a_reloaded_page_resumes_the_same_upload(trial_page, screenshots, video_file):
    page = trial_page
    data = video_file.read_bytes()
    state = {"patches": 0}

    def stop_after_four(route):
        if route.request.method == "PATCH":
            state["patches"] += 1
            if state["patches"] > 4:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route(re.compile(rf"{ENDPOINT}[0-9a-f-]+/$"), stop_after_four)
    choose(page, video_file)
    expect(page.locator(".gv-upload__status")).to_contain_text("connexion perdue")
    upload = Upload.objects.get()
    assert upload.offset == 4 * CHUNK

    page.reload()  # the page's pending retry dies with it
    page.unroute_all()
    upload.refresh_from_db()
    assert upload.offset == 4 * CHUNK
    sent = []
    page.on(
        "request",
        lambda request: sent.append((request.method, request.headers.get("upload-offset"))),
    )
    choose(page, video_file)
    expect(page.locator("progress")).to_have_attribute("value", "100")
    shoot(page, screenshots, "04-reprise-apres-rechargement")
    assert Upload.objects.get().pk == upload.pk  # the same upload, not a new one
    patches = [offset for method, offset in sent if method == "PATCH"]
    assert [method for method, _ in sent if method in {"POST", "HEAD"}] == ["HEAD"]
    assert patches[0] == str(4 * CHUNK)  # the first chunk sent is the fifth
    assert page.locator("#id_fichier").input_value() == str(upload.pk)
    assert hashlib.sha256(upload.path.read_bytes()).digest() == hashlib.sha256(data).digest()
