"""The edit page of a video whose processing failed, in Chromium: the "Relancer le
traitement" form above the edit form, and the chapters import field in "Accessibilité".

Screenshots go to ``test-output/browser/test_the_edit_page_of_a_failed_video/``.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot
from tests.factories.videos import VideoFactory
from videos import tasks
from videos.models import ProcessingStatus, Video

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]


def test_the_edit_page_of_a_failed_video(site, new_session, screenshots, monkeypatch):
    started = []
    monkeypatch.setattr(tasks, "start", lambda video: started.append(video.pk))
    video = VideoFactory(
        title="Conseil des ministres",
        ministry=site["pages"]["own_section"].ministry,
        status=ProcessingStatus.FAILED,
        failure_reason="Le fichier est tronqué.",
        duration=60,
    )
    contributor = site["users"]["contributor"]
    contributor.set_password(PASSWORD)
    contributor.save()

    page = new_session()
    log_in(page, "contributor")
    page.goto(f"/admin/videotheque/edit/{video.pk}/")
    notice = page.locator("[data-video-retry]")
    expect(notice).to_contain_text("Le traitement de cette vidéo a échoué.")
    shoot(page, screenshots, "01-relancer")
    page.get_by_role("tab", name="Accessibilité").click()
    expect(page.locator("#id_chapters_file")).to_be_visible()
    shoot(page, screenshots, "02-chapitres")
    page.get_by_role("button", name="Relancer le traitement").click()
    expect(page.locator(".messages")).to_contain_text("est relancé")
    assert started == [video.pk]
    assert Video.objects.get(pk=video.pk).title == "Conseil des ministres"
