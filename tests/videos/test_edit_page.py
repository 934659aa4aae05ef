"""The video edit page: the "Relancer le traitement" form stands outside the edit form;
a chapters file replaces the chapter rows, or is refused with its lines, losing nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset

import pytest
from bs4 import BeautifulSoup

from tests.factories.videos import VideoFactory
from tests.videos.conftest import edit_form_data, logged_in
from videos.models import ProcessingStatus, VideoChapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site):
    return {"users": site["users"], "own": site["pages"]["own_section"].ministry}


def edit_url(video):
    return reverse("videos:edit", args=[video.pk])


class TestRetryForm:
    def test_the_retry_form_is_not_inside_the_edit_form(self, world):
        video = VideoFactory(ministry=world["own"], status=ProcessingStatus.FAILED)
        response = logged_in(world["users"]["contributor"]).get(edit_url(video))
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        retry_url = reverse("videos:retry", args=[video.pk])
        (retry,) = soup.find_all("form", action=retry_url)
        assert retry.get("method", "").upper() == "POST"
        assert retry.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
        assert retry.find("button", string="Relancer le traitement") is not None
        assert retry.find_parent("form") is None
        edit_form = soup.find("form", id="w-editor-form")
        assert edit_form is not None and not edit_form.find_all("form")
        # No button of the edit form posts to the retry view any more.
        assert not soup.find_all(attrs={"formaction": retry_url})
        assert "le bouton « Relancer le traitement » est en haut de la page" in edit_form.text

    @pytest.mark.parametrize("status", [ProcessingStatus.READY, ProcessingStatus.PROCESSING])
    def test_no_retry_form_when_there_is_nothing_to_relaunch(self, world, status):
        video = VideoFactory(ministry=world["own"], status=status)
        response = logged_in(world["users"]["contributor"]).get(edit_url(video))
        soup = BeautifulSoup(response.content, "html.parser")
        assert not soup.find_all("form", action=reverse("videos:retry", args=[video.pk]))
        assert "Relancer le traitement" not in response.content.decode()

    @pytest.mark.parametrize(
        ("role", "status", "relaunched"),
        [("contributor", 302, True), ("validator", 302, True), ("crisis", 404, False)],
    )
    def test_the_retry_post(
        self, world, role, status, relaunched, monkeypatch, django_capture_on_commit_callbacks
    ):
        from videos import tasks

        started = []
        monkeypatch.setattr(tasks, "start", lambda video: started.append(video.pk))
        video = VideoFactory(ministry=world["own"], status=ProcessingStatus.FAILED)
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in(world["users"][role]).post(
                reverse("videos:retry", args=[video.pk])
            )
        assert response.status_code == status
        if relaunched:
            assert response["Location"] == edit_url(video)
        assert started == ([video.pk] if relaunched else [])


CHAPTERS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:10.000\nIntroduction\n\n"
    "00:10.000 --> 00:40.000\nLes annonces\n\n"
    "00:40.000 --> 01:00.000\nQuestions de la presse\n"
)


def chapters_file(text: str, name: str = "chapitres.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


class TestChaptersImport:
    @pytest.fixture
    def video(self, world):
        video = VideoFactory(
            ministry=world["own"], title="Point presse", status=ProcessingStatus.READY, duration=60
        )
        VideoChapter.objects.create(video=video, start=0, title="Ouverture", sort_order=0)
        return video

    def post(self, world, video, upload, **overrides):
        chapter = video.chapters.get()
        data = edit_form_data(
            video,
            chapters=inline_formset(
                [{"id": chapter.pk, "start": "0", "title": "Ouverture"}], initial=1
            ),
            **overrides,
        )
        data["chapters_file"] = upload
        return logged_in(world["users"]["contributor"]).post(edit_url(video), data)

    def test_the_field_is_on_the_edit_page(self, world, video):
        response = logged_in(world["users"]["contributor"]).get(edit_url(video))
        html = response.content.decode()
        assert "Importer des chapitres (fichier WebVTT)" in html
        assert 'name="chapters_file"' in html

    def test_a_chapters_file_replaces_the_chapters(self, world, video):
        response = self.post(world, video, chapters_file(CHAPTERS), title="Point presse du jour")
        assert response.status_code == 302
        video.refresh_from_db()
        assert video.title == "Point presse du jour"
        assert [(c.start, c.title) for c in video.chapters.order_by("sort_order")] == [
            (0.0, "Introduction"),
            (10.0, "Les annonces"),
            (40.0, "Questions de la presse"),
        ]

    @pytest.mark.parametrize(
        ("text", "errors"),
        [
            (
                "WEBVTT\n\n00:00.000 --> 00:10.000\nIntroduction\n\n"
                "00:00.000 --> 00:20.000\nBis\n\n00:70.000 --> 00:80.000\nFaux\n",
                [
                    "Ligne\u00a06\u00a0: ce chapitre ne commence pas après le précédent "
                    "(00:00:00.000).",
                ],
            ),
            (
                "WEBVTT\n\n00:00.000 --> 00:10.000\nIntroduction\n\n"
                "01:30.000 --> 01:40.000\nAprès la fin\n",
                None,
            ),
            ("WEBVTT\n", ["Le fichier ne contient aucun chapitre."]),
            ("", ["Le fichier soumis est vide."]),
        ],
    )
    def test_a_bad_file_is_refused_and_nothing_is_lost(self, world, video, text, errors):
        response = self.post(world, video, chapters_file(text), title="Titre modifié")
        assert response.status_code == 200
        refused = response.context["form"].errors.as_data()["chapters_file"]
        shown = [message for error in refused for message in error.messages]
        if errors is not None:
            assert shown[: len(errors)] == errors
        page = response.content.decode()
        assert all(message.replace("'", "&#x27;") in page for message in shown)
        assert shown and all(message.startswith(("Ligne", "Le fichier")) for message in shown), (
            shown
        )
        # The typed title is redisplayed; nothing is saved.
        assert response.context["form"]["title"].value() == "Titre modifié"
        video.refresh_from_db()
        assert video.title == "Point presse"
        assert [c.title for c in video.chapters.all()] == ["Ouverture"]

    def test_without_a_file_the_rows_are_kept(self, world, video):
        response = self.post(world, video, "")
        assert response.status_code == 302
        assert [c.title for c in video.chapters.all()] == ["Ouverture"]
