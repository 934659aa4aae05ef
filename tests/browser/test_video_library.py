"""A ministry contributor adds a video in Chromium, sees it listed with its status, and
opens its edit screen's tabs (the file goes through the resumable uploader, and is
processed after the save: no job queue in the tests); a video of another ministry shared with hers is listed too.

Screenshots go to ``test-output/browser/test_a_contributor_adds_and_edits_a_video/``.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot
from tests.factories.videos import VideoFactory, sample_video_bytes
from videos import tasks
from videos.models import ProcessingStatus, Sharing, Video, VideoShare

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]


def test_a_contributor_adds_and_edits_a_video(
    site, new_session, screenshots, monkeypatch, settings
):
    # No job queue (as in the quick start), and its processing thread run in the request,
    # so that the page after the save shows the video ready (tests/videos/conftest.py).
    settings.JOBS_BACKEND = "none"
    monkeypatch.setattr(tasks, "in_background", lambda function, *args: function(*args))
    own = site["pages"]["own_section"].ministry
    other = site["pages"]["other_section"].ministry
    shared = VideoFactory(
        title="Défilé du 14 juillet",
        ministry=other,
        sharing=Sharing.SHARED,
        status=ProcessingStatus.PROCESSING,
        progress=42,
    )
    VideoShare.objects.create(video=shared, ministry=own)
    VideoFactory(title="Exercice naval confidentiel", ministry=other, status=ProcessingStatus.READY)
    contributor = site["users"]["contributor"]
    contributor.set_password(PASSWORD)
    contributor.save()

    page = new_session()
    log_in(page, "contributor")
    page.get_by_role("link", name="Vidéothèque").click()
    page.get_by_role("link", name="Ajouter une vidéo").first.click()
    # The resumable uploader sends the file (tus) before the form is saved.
    page.locator("#id_file-file").set_input_files(
        {"name": "allocution.mp4", "mimeType": "video/mp4", "buffer": sample_video_bytes()}
    )
    expect(page.locator("#id_file-status")).to_contain_text(
        "«\u00a0allocution.mp4\u00a0» est envoyé"
    )
    page.locator("#id_title").fill("Allocution de la ministre")
    page.locator("#id_description").fill("Les vœux de la ministre aux soignants.")
    page.get_by_role("tab", name="Droits").click()
    page.locator("#id_rights_holder").fill("Ministère de la Santé")
    page.get_by_role("tab", name="Partage").click()
    page.get_by_label("Partagée avec des ministères").check()
    page.get_by_label(str(other)).check()
    shoot(page, screenshots, "01-creation-partage")
    page.get_by_role("button", name="Créer").click()
    expect(page.locator(".messages")).to_contain_text("Vidéo « Allocution de la ministre »")
    table = page.locator("main table")
    expect(table).to_contain_text("Allocution de la ministre")
    expect(table).to_contain_text("En cours de traitement (42\u00a0%)")
    expect(table).not_to_contain_text("Exercice naval")
    shoot(page, screenshots, "02-liste")

    video = Video.objects.get(title="Allocution de la ministre")
    page.goto(f"/admin/videotheque/edit/{video.pk}/")
    for number, tab in enumerate(
        ("Informations", "Droits", "Partage", "Accessibilité", "Fichiers"), start=3
    ):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tabpanel", name=tab)).to_be_visible()
        shoot(page, screenshots, f"{number:02d}-modification-{tab.lower()}")
    files = page.get_by_role("tabpanel", name="Fichiers")
    expect(files).to_contain_text("allocution.mp4")
    # Processed after the save (no job queue here): ready, with the extracted poster.
    expect(files).to_contain_text("Prête")
    expect(files).to_contain_text("Affiche de la vidéo «\u00a0Allocution de la ministre\u00a0»")
