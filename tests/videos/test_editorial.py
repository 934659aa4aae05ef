"""The videos' rule of the editorial line, through the admin: a news item is published or
submitted only with videos that are ready, captioned in French, transcribed and whose
rights last past its go-live; a video its editor may not use is not named."""

from __future__ import annotations

import datetime
import html

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text, streamfield

import pytest

from cms.editorial.rules import check_page
from cms.organisations.models import paris_date
from cms.workflows import setup
from news.models import MinistryNewsPage, NewsPage
from tests.factories import MinistryNewsPageFactory, NewsPageFactory
from tests.factories.videos import VideoFactory
from tests.forms import news_form_data
from videos.models import CaptionTrack, ProcessingStatus, Sharing
from videos.rights import long_date

pytestmark = pytest.mark.django_db

HEADING = "Ce contenu ne respecte pas la ligne éditoriale :"
WHERE = "le corps du texte (bloc 2 « Vidéo »)"
TITLE = "Conseil des ministres"


def add_captions(video):
    CaptionTrack.objects.create(
        video=video,
        file=ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour.\n", name="fr.vtt"),
    )


def publishable(ministry, **fields):
    """A ready video of ``ministry`` with French captions and a transcript."""
    fields = {
        "title": TITLE,
        "status": ProcessingStatus.READY,
        "transcript": "Bonjour.",
        "ministry": ministry,
        **fields,
    }
    video = VideoFactory(**fields)
    add_captions(video)
    return video


def body_with(video) -> dict:
    return streamfield(
        [
            ("paragraph", rich_text("<p>Texte.</p>")),
            ("video", {"video": video.pk, "caption": "Le point presse"}),
        ]
    )


def form(action, video, **overrides):
    return news_form_data(action, body=body_with(video), **overrides)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def refusal(response) -> list[str]:
    """The non-field errors of the refused form, each checked to be shown in the page."""
    assert response.status_code == 200
    errors = list(response.context["form"].non_field_errors())
    html = response.content.decode()
    for error in errors:
        assert error.replace("'", "&#x27;") in html
    return errors


def publications(page) -> int:
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


@pytest.fixture
def ministry(site):
    return site["pages"]["own_section"].ministry


@pytest.fixture(params=["news", "ministry_news"])
def draft(request, site):
    """A draft news item of each type the editorial line checks."""
    if request.param == "news":
        return NewsPageFactory(parent=site["pages"]["news_index"], live=False, slug="plan")
    return MinistryNewsPageFactory(parent=site["pages"]["own_section"], live=False, slug="plan")


class TestPublication:
    def test_without_captions_nor_transcript_is_refused(self, admin_client, draft, ministry):
        video = VideoFactory(title=TITLE, ministry=ministry, status=ProcessingStatus.READY)
        response = admin_client.post(edit_url(draft), form("publish", video))
        assert refusal(response) == [
            HEADING,
            f"Il manque à la vidéo « {TITLE} », dans {WHERE}, des sous-titres en français et une "
            "transcription : complétez-la dans la vidéothèque avant de publier.",
        ]
        page = type(draft).objects.get(pk=draft.pk)
        assert not page.live
        assert publications(page) == 0

    def test_missing_transcript_only(self, admin_client, draft, ministry):
        video = publishable(ministry, transcript=" ")
        response = admin_client.post(edit_url(draft), form("publish", video))
        assert refusal(response)[1:] == [
            f"Il manque à la vidéo « {TITLE} », dans {WHERE}, une transcription : complétez-la "
            "dans la vidéothèque avant de publier."
        ]

    def test_allowed_once_captions_and_transcript_are_added(self, admin_client, draft, ministry):
        video = VideoFactory(title=TITLE, ministry=ministry, status=ProcessingStatus.READY)
        assert refusal(admin_client.post(edit_url(draft), form("publish", video)))
        video.transcript = "Bonjour."
        video.save()
        add_captions(video)
        response = admin_client.post(edit_url(draft), form("publish", video))
        assert response.status_code == 302
        page = type(draft).objects.get(pk=draft.pk)
        assert page.live
        assert page.body[1].value["video"] == video

    @pytest.mark.parametrize(
        ("status", "state"),
        [
            (ProcessingStatus.WAITING, "son traitement n'est pas terminé"),
            (ProcessingStatus.PROCESSING, "son traitement n'est pas terminé"),
            (ProcessingStatus.FAILED, "son traitement a échoué (relancez-le dans la vidéothèque)"),
        ],
    )
    def test_a_video_not_ready_is_refused(self, admin_client, draft, ministry, status, state):
        video = publishable(ministry, status=status)
        response = admin_client.post(edit_url(draft), form("publish", video))
        assert refusal(response) == [
            HEADING,
            f"La vidéo « {TITLE} », dans {WHERE}, n'est pas encore prête : {state}.",
        ]

    def test_expired_rights_are_refused(self, admin_client, draft, ministry):
        today = paris_date(timezone.now())
        video = publishable(ministry, rights_expire_on=today)
        response = admin_client.post(edit_url(draft), form("publish", video))
        assert refusal(response) == [
            HEADING,
            f"Les droits de la vidéo « {TITLE} », dans {WHERE}, ont expiré le {long_date(today)} : "
            "elle ne peut plus être publiée.",
        ]

    def test_rights_expiring_before_the_embargo_are_refused(self, admin_client, site, ministry):
        page = NewsPageFactory(parent=site["pages"]["news_index"], live=False, slug="plan")
        today = paris_date(timezone.now())
        expiry = today + datetime.timedelta(days=3)
        video = publishable(ministry, rights_expire_on=expiry)
        embargo = timezone.localtime() + datetime.timedelta(days=5)
        data = form("publish", video, embargo_until=embargo.strftime("%Y-%m-%d %H:%M"))
        response = admin_client.post(edit_url(page), data)
        assert refusal(response) == [
            HEADING,
            f"Les droits de la vidéo « {TITLE} », dans {WHERE}, expirent le {long_date(expiry)}, "
            f"avant la mise en ligne de ce contenu le {long_date(paris_date(embargo))} : elle "
            "serait retirée aussitôt.",
        ]
        # Without the embargo (published today), the rights last long enough.
        response = admin_client.post(edit_url(page), form("publish", video))
        assert response.status_code == 302
        assert NewsPage.objects.get(pk=page.pk).live

    def test_rights_expiring_after_the_go_live_are_accepted(self, admin_client, draft, ministry):
        video = publishable(
            ministry, rights_expire_on=paris_date(timezone.now()) + datetime.timedelta(days=1)
        )
        response = admin_client.post(edit_url(draft), form("publish", video))
        assert response.status_code == 302
        assert type(draft).objects.get(pk=draft.pk).live

    def test_a_draft_is_saved_whatever_its_videos(self, admin_client, draft, ministry):
        video = VideoFactory(title=TITLE, ministry=ministry, status=ProcessingStatus.FAILED)
        response = admin_client.post(edit_url(draft), form(None, video))
        assert response.status_code == 302
        latest = type(draft).objects.get(pk=draft.pk).get_latest_revision_as_object()
        assert latest.body[1].value["video"] == video


def test_submission_to_moderation_is_refused(client, site, ministry):
    setup.setup_workflows()
    user = site["users"]["contributor"]
    page = MinistryNewsPageFactory(parent=site["pages"]["own_section"], live=False, slug="plan")
    video = VideoFactory(title=TITLE, ministry=ministry, status=ProcessingStatus.READY)
    client.force_login(user)
    response = client.post(edit_url(page), form("submit", video))
    assert refusal(response)[1:] == [
        f"Il manque à la vidéo « {TITLE} », dans {WHERE}, des sous-titres en français et une "
        "transcription : complétez-la dans la vidéothèque avant de publier."
    ]
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_final_approval_is_refused_once_the_video_fails(client, site, ministry):
    """Submitted with a publishable video; its processing is relaunched and fails before
    the chief editor approves: the approval publishes nothing."""
    setup.setup_workflows()
    users = site["users"]
    page = NewsPageFactory(parent=site["pages"]["news_index"], live=False, slug="plan")
    video = publishable(ministry)
    client.force_login(users["editor"])
    response = client.post(edit_url(page), form("submit", video))
    assert response.status_code == 302
    page = NewsPage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    assert state is not None  # past the editorial-line task, waiting for the chief editor
    video.status = ProcessingStatus.FAILED
    video.save()

    client.force_login(users["chief"])
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302
    messages = [html.unescape(str(message)) for message in response.wsgi_request._messages]
    assert any(
        f"La vidéo « {TITLE} », dans {WHERE}, n'est pas encore prête" in message
        for message in messages
    )
    assert not NewsPage.objects.get(pk=page.pk).live


class TestHiddenVideo:
    """Another ministry's private video, put in a Santé item by the Rédaction: a Santé
    contributor publishing or submitting the item learns the video's number, not its
    title."""

    @pytest.fixture
    def item(self, site):
        other = site["pages"]["other_section"].ministry
        video = VideoFactory(
            title="Exercice naval secret", ministry=other, status=ProcessingStatus.READY
        )
        page = MinistryNewsPageFactory(parent=site["pages"]["own_section"], live=False, slug="plan")
        page.body = [
            ("paragraph", RichText("<p>Texte.</p>")),
            ("video", {"video": video, "caption": ""}),
        ]
        page.save_revision(user=site["users"]["editor"])
        return page, video

    def test_the_contributor_does_not_learn_its_title(self, client, site, item):
        setup.setup_workflows()
        page, video = item
        client.force_login(site["users"]["contributor"])
        response = client.post(edit_url(page), form("submit", video))
        assert refusal(response)[1:] == [
            f"Il manque à une vidéo que vous ne pouvez pas consulter (n° {video.pk}), dans {WHERE}, "
            "des sous-titres en français et une transcription : son ministère ou la Rédaction "
            "doit la compléter avant la publication, ou retirez-la."
        ]
        # (The chooser widget of the redisplayed body is another matter: it shows the
        # videos already in the item, as the edit page does.)
        assert "Exercice naval" not in " ".join(response.context["form"].non_field_errors())

    def test_the_redaction_reads_its_title(self, admin_client, item):
        page, video = item
        response = admin_client.post(edit_url(page), form("publish", video))
        assert (
            f"Il manque à la vidéo « Exercice naval secret », dans {WHERE}," in refusal(response)[1]
        )

    def test_a_job_names_it_by_its_number(self, item):
        page, video = item
        report = check_page(page.get_latest_revision_as_object())
        assert [f.message for f in report.errors if f.code == "video-publishable"] == [
            f"Il manque à la vidéo n° {video.pk}, dans {WHERE}, des sous-titres en français et une "
            "transcription : complétez-la dans la vidéothèque avant de publier."
        ]

    def test_an_interministerial_video_is_named(self, client, site, item):
        setup.setup_workflows()
        page, video = item
        video.sharing = Sharing.INTERMINISTERIAL
        video.save()
        client.force_login(site["users"]["contributor"])
        response = client.post(edit_url(page), form("submit", video))
        assert "Exercice naval secret" in refusal(response)[1]


def test_the_page_s_own_video_is_checked(site, ministry):
    """A page type with a ``video`` (the video page) has it checked first."""
    page = MinistryNewsPage(title="Vidéo", chapo="Chapô.", kind="communique")
    page.video = VideoFactory(title=TITLE, ministry=ministry, status=ProcessingStatus.READY)
    report = check_page(page, site=None)
    assert [f.message for f in report.errors if f.code == "video-publishable"] == [
        f"Il manque à la vidéo n° {page.video.pk}, dans le champ « Vidéo » de la page, des sous-titres en "
        "français et une transcription : complétez-la dans la vidéothèque avant de publier."
    ]
