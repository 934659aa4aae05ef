"""A video page is published only with a video that may be (French captions, transcript):
the editorial line checks it on every publication path, and the admin says why."""

from __future__ import annotations

from django.urls import reverse

from wagtail.models import Page

import pytest

from cms.editorial.rules import EditorialLineError, check_page
from home.models import HomePage
from tests.publishing.video_samples import ready_video
from tests.videos.conftest import logged_in
from videos.models import VideoPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get(locale__language_code="fr")


def draft_page(home, video) -> VideoPage:
    page = VideoPage(title="Le plan en vidéo", slug="plan-video", video=video, live=False)
    home.add_child(instance=page)
    page.save_revision()
    return page


def test_publishing_a_page_whose_video_lacks_captions_and_transcript_is_refused(home):
    video = ready_video(french_captions=False, transcript="")
    page = draft_page(home, video)
    (finding,) = check_page(page).errors
    assert finding.code == "video-publishable"
    assert "des sous-titres en français et une transcription" in finding.message
    with pytest.raises(EditorialLineError) as refused:
        page.get_latest_revision().publish()
    assert "des sous-titres en français" in str(refused.value)
    assert not Page.objects.get(pk=page.pk).live


def test_the_news_rules_do_not_check_a_video_page(home):
    """A video page has no chapô, body or kind: only the videos' rule applies to it."""
    page = draft_page(home, ready_video())
    assert check_page(page).errors == []
    assert check_page(page).warnings == []
    page.get_latest_revision().publish()
    assert Page.objects.get(pk=page.pk).live


def test_the_admin_refuses_to_publish_it_and_says_why(home, site):
    video = ready_video(transcript="")
    page = draft_page(home, video)
    client = logged_in(site["users"]["chief"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(
        url,
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": "",
            "video": video.pk,
            "action-publish": "1",
        },
    )
    assert response.status_code == 200
    errors = [str(error) for error in response.context["form"].non_field_errors()]
    assert errors[0] == "Ce contenu ne respecte pas la ligne éditoriale :"
    assert any("une transcription" in error and video.title in error for error in errors)
    assert not Page.objects.get(pk=page.pk).live

    video.transcript = "Le texte intégral."
    video.save()
    response = client.post(
        url,
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": "",
            "video": video.pk,
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).live
