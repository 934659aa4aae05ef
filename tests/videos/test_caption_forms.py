"""Caption tracks in the video's edit form: files read by ``videos.captions``, SRT
converted, errors in French with their lines, the transcript prefilled."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset

import pytest

from tests.factories.videos import VideoFactory
from tests.videos.conftest import edit_form_data, logged_in
from videos.models import CaptionTrack

pytestmark = pytest.mark.django_db

GOOD_VTT = (
    "WEBVTT\n\nNOTE relu\n\n00:00.000 --> 00:01.500\n<v Élisabeth Borne>Bonjour à tous.\n\n"
    "00:01.500 --> 00:02.800\nMerci d'être là.\n"
).encode()
GOOD_SRT = (
    b"1\r\n00:00:00,000 --> 00:00:01,000\r\n<i>Bonjour</i> & bienvenue\r\n\r\n"
    b"2\r\n00:00:01,500 --> 00:00:02,000\r\n<font color=red>Merci.</font>\r\n"
)


@pytest.fixture
def world(site):
    return {"users": site["users"], "own": site["pages"]["own_section"].ministry}


def _post(world, video, tracks, transcript=""):
    client = logged_in(world["users"]["contributor"])
    data = edit_form_data(
        video,
        title="Titre modifié",
        transcript=transcript,
        caption_tracks=inline_formset(tracks),
    )
    return client.post(reverse("videos:edit", args=[video.pk]), data)


def _track(name: str, content: bytes, language="fr", kind="captions"):
    return {
        "language": language,
        "kind": kind,
        "label": "",
        "file": SimpleUploadedFile(name, content),
    }


def test_a_webvtt_file_is_stored_normalised_and_prefills_the_transcript(world):
    video = VideoFactory(ministry=world["own"], duration=3.0)
    response = _post(world, video, [_track("allocution.vtt", GOOD_VTT)])
    assert response.status_code == 302
    track = CaptionTrack.objects.get(video=video)
    assert track.file.name.endswith(".vtt")
    assert track.file.read().decode() == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Élisabeth Borne>Bonjour à tous.\n\n"
        "00:00:01.500 --> 00:00:02.800\nMerci d'être là.\n"
    )
    video.refresh_from_db()
    assert video.transcript == "Élisabeth Borne\u00a0: Bonjour à tous. Merci d'être là."


def test_an_srt_file_is_converted_and_stored_as_webvtt(world):
    video = VideoFactory(ministry=world["own"], duration=3.0)
    response = _post(world, video, [_track("interview.srt", GOOD_SRT, kind="subtitles")])
    assert response.status_code == 302
    track = CaptionTrack.objects.get(video=video)
    assert track.file.name.endswith(".vtt")
    assert track.file.read().decode() == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<i>Bonjour</i> &amp; bienvenue\n\n"
        "00:00:01.500 --> 00:00:02.000\nMerci.\n"
    )


def test_an_editors_transcript_is_not_replaced(world):
    video = VideoFactory(ministry=world["own"], duration=3.0)
    _post(world, video, [_track("fr.vtt", GOOD_VTT)], transcript="Ma transcription.")
    video.refresh_from_db()
    assert video.transcript == "Ma transcription."


def test_english_captions_do_not_prefill_the_transcript(world):
    video = VideoFactory(ministry=world["own"], duration=3.0)
    assert _post(world, video, [_track("en.vtt", GOOD_VTT, language="en")]).status_code == 302
    video.refresh_from_db()
    assert video.transcript == ""


@pytest.mark.parametrize(
    ("name", "content", "duration", "message"),
    [
        (
            "a.vtt",
            b"WEBVTT\n\n00:00.000 --> 00:01,500\nBonjour.\n",
            None,
            "Ligne\u00a03\u00a0: horodatage invalide «\u00a000:01,500\u00a0» "
            "(format attendu\u00a0: HH:MM:SS.mmm).",
        ),
        (
            "a.vtt",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nDéjà vu.\n".encode("cp1252"),
            None,
            "Ligne\u00a04\u00a0: le fichier n'est pas encodé en UTF-8 (probablement en "
            "Windows-1252 ou ISO-8859-1)\u00a0; enregistrez-le en UTF-8.",
        ),
        (
            "a.vtt",
            b"WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\n00:05.000 --> 00:09.000\nB\n",
            3.0,
            "Ligne\u00a06\u00a0: ce sous-titre commence à 00:00:05.000, après la fin de la "
            "vidéo (00:00:03.000).",
        ),
        (
            "a.srt",
            b"1\n00:00:00.000 -> 00:00:01.000\nBonjour.\n",
            None,
            "Ligne\u00a01\u00a0: bloc sans horodatage",
        ),
    ],
)
def test_a_bad_caption_file_is_refused_in_french_and_nothing_is_lost(
    world, name, content, duration, message
):
    video = VideoFactory(ministry=world["own"], duration=duration)
    response = _post(world, video, [_track(name, content)], transcript="Texte saisi.")
    assert response.status_code == 200
    formset = response.context["form"].formsets["caption_tracks"]
    (errors,) = [form.errors["file"] for form in formset.forms]
    assert any(error.startswith(message) for error in errors), errors
    body = response.content.decode()
    assert message.replace("'", "&#x27;").split("«")[0] in body
    # Nothing saved, and what was typed is still in the form.
    assert not CaptionTrack.objects.exists()
    video.refresh_from_db()
    assert video.title != "Titre modifié" and video.transcript == ""
    form = response.context["form"]
    assert form["title"].value() == "Titre modifié"
    assert form["transcript"].value() == "Texte saisi."
