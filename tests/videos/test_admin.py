"""The "Vidéothèque" admin: create and edit a video, happy and bad paths, in French."""

from __future__ import annotations

import json

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset

import pytest

from cms.uploads.models import Upload
from home.models import HomePage
from tests.admin_french.checker import french_mistakes
from tests.conftest import make_site, rolled_back_once
from tests.factories import ImageFactory
from tests.factories.media import image_file
from tests.factories.videos import VideoFactory, sample_video_bytes
from tests.uploads.conftest import send_through_tus
from tests.videos.conftest import edit_form_data, logged_in
from videos.models import CaptionTrack, ProcessingStatus, Sharing, Video, VideoShare

pytestmark = pytest.mark.django_db

WEBVTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour.\n"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test."""
    yield from rolled_back_once(django_db_blocker, _build_world)


def _build_world() -> dict:
    site = make_site(HomePage.objects.get(locale__language_code="fr"))
    pages, users = site["pages"], site["users"]
    return {
        "users": users,
        "own": pages["own_section"].ministry,
        "other": pages["other_section"].ministry,
    }


def _upload(client, name="allocution.mp4", content=None) -> str:
    """The id of a finished upload of a video (or ``content``) sent by ``client``."""
    data = sample_video_bytes() if content is None else content
    return send_through_tus(client, data, kind="video", name=name)


def _creation_data(world, client, **overrides):
    data = {
        "file": _upload(client),
        "title": "Allocution de la ministre",
        "description": "Vœux aux soignants.",
        "ministry": world["own"].pk,
        "language": "fr",
        "recorded_on": "2025-01-15",
        "tags": "vœux, santé",
        "rights_holder": "Ministère de la Santé",
        "credits": "Réalisation : SIG",
        "licence": "etalab_2",
        "rights_expire_on": "",
        "consent_document": "",
        "sharing": Sharing.PRIVATE,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def test_create_a_video(world):
    client = logged_in(world["users"]["contributor"])
    response = client.post(
        reverse("videos:add"),
        _creation_data(world, client, sharing=Sharing.SHARED, shared_with=[world["other"].pk]),
    )
    assert response.status_code == 302
    video = Video.objects.get()
    assert response["Location"] == reverse("videos:index")
    (message,) = get_messages(response.wsgi_request)
    assert message.message.startswith(
        "Vidéo « Allocution de la ministre » enregistrée : son traitement va commencer."
    )
    assert video.status == ProcessingStatus.WAITING
    assert video.uploaded_by == world["users"]["contributor"]
    assert video.original_filename == "allocution.mp4"
    assert sorted(video.tags.names()) == ["santé", "vœux"]
    assert [share.ministry for share in video.shares.all()] == [world["other"]]
    listing = client.get(reverse("videos:index")).content.decode()
    assert "Allocution de la ministre" in listing and "En attente" in listing


def test_the_creation_form_offers_the_users_own_ministry_only(world):
    client = logged_in(world["users"]["contributor"])
    form = client.get(reverse("videos:add")).context["form"]
    assert list(form.fields["ministry"].queryset) == [world["own"]]
    assert form.fields["ministry"].initial == world["own"].pk
    chief_form = logged_in(world["users"]["chief"]).get(reverse("videos:add")).context["form"]
    assert set(chief_form.fields["ministry"].queryset) == {world["own"], world["other"]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"file": None},
            "file",
            "Choisissez un fichier et attendez la fin du téléversement avant d'enregistrer.",
        ),
        (
            {"file": "3a1f0a4e-0000-4000-8000-000000000000"},
            "file",
            "Ce téléversement est introuvable",
        ),
        ({"title": ""}, "title", "Champ requis."),
        ({"ministry": "other"}, "ministry", "Sélectionnez un choix valide."),
        (
            {"sharing": Sharing.SHARED},
            "shared_with",
            "Choisissez au moins un ministère avec qui partager la vidéo.",
        ),
        (
            {"sharing": Sharing.SHARED, "shared_with": ["own"]},
            "shared_with",
            "« Santé » est le ministère de la vidéo : il l'utilise déjà.",
        ),
        (
            {"consent_recorded": "on"},
            "consent_document",
            "Joignez le document qui atteste le consentement des personnes filmées.",
        ),
        (
            {"licence": "agency"},
            "rights_expire_on",
            "Les droits d'agence ont une durée limitée : indiquez la date de fin des droits.",
        ),
        ({"recorded_on": "31/02/2025"}, "recorded_on", "Saisissez une date valide."),
    ],
)
def test_creation_refuses_bad_input_in_french(world, overrides, field, message):
    for key, value in overrides.items():
        if value == "other" or value == "own":
            overrides[key] = world[value].pk
        elif isinstance(value, list):
            overrides[key] = [world[item].pk for item in value]
    client = logged_in(world["users"]["contributor"])
    response = client.post(reverse("videos:add"), _creation_data(world, client, **overrides))
    assert response.status_code == 200
    assert any(error.startswith(message) for error in _errors(response)[field]), _errors(response)
    (error,) = get_messages(response.wsgi_request)
    assert error.message.startswith("Création impossible"), error.message
    assert not Video.objects.exists()


def test_creation_stores_the_upload_with_its_probed_metadata_and_releases_it(world):
    client = logged_in(world["users"]["contributor"])
    data = _creation_data(world, client)
    response = client.post(reverse("videos:add"), data)
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.file.read() == sample_video_bytes()
    assert video.file_size == len(sample_video_bytes())
    assert video.original_filename == "allocution.mp4"
    assert (video.container, video.video_codec, video.audio_codec) == (
        "mov,mp4,m4a,3gp,3g2,mj2",
        "mpeg4",
        "",
    )
    assert (video.width, video.height, video.frame_rate, video.has_audio) == (64, 48, 10.0, False)
    assert video.duration == pytest.approx(1.0, abs=0.1)
    assert not Upload.objects.exists()
    # The upload is spent: posting its id again finds nothing.
    again = client.post(reverse("videos:add"), {**data, "title": "Encore"})
    assert _errors(again)["file"][0].startswith("Ce téléversement est introuvable")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Ceci n'est pas une vid\xc3\xa9o.\n" * 100, "Ce fichier n'est pas une vidéo"),
        (
            sample_video_bytes()[: len(sample_video_bytes()) // 2],
            "Ce fichier ne contient aucune image vidéo.",
        ),
    ],
)
def test_an_upload_that_is_not_a_valid_video_is_refused_and_deleted(
    world, content, message, django_capture_on_commit_callbacks
):
    client = logged_in(world["users"]["contributor"])
    upload_id = _upload(client, name="rapport.mp4", content=content)
    path = Upload.objects.get().path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("videos:add"), _creation_data(world, client, file=upload_id))
    assert response.status_code == 200
    (error,) = _errors(response)["file"]
    assert message in error, error
    # The other fields are kept for the next try.
    form = response.context["form"]
    assert form["title"].value() == "Allocution de la ministre"
    assert form["rights_holder"].value() == "Ministère de la Santé"
    assert not Video.objects.exists()
    assert not Upload.objects.filter(pk=upload_id).exists()
    assert not path.exists()


def test_a_valid_upload_is_kept_while_other_fields_are_corrected(world):
    client = logged_in(world["users"]["contributor"])
    upload_id = _upload(client)
    refused = client.post(
        reverse("videos:add"), _creation_data(world, client, file=upload_id, title="")
    )
    assert "title" in _errors(refused) and "file" not in _errors(refused)
    assert f'value="{upload_id}"' in refused.content.decode()
    accepted = client.post(reverse("videos:add"), _creation_data(world, client, file=upload_id))
    assert accepted.status_code == 302
    assert Video.objects.get().file_size == len(sample_video_bytes())


def test_someone_elses_upload_cannot_be_claimed(world):
    owner = logged_in(world["users"]["chief"])
    upload_id = _upload(owner)
    client = logged_in(world["users"]["contributor"])
    response = client.post(reverse("videos:add"), _creation_data(world, client, file=upload_id))
    assert _errors(response)["file"][0].startswith("Ce téléversement est introuvable")
    assert Upload.objects.filter(pk=upload_id).exists()


def test_edit_tabs_and_technical_metadata(world):
    video = VideoFactory(ministry=world["own"], duration=125.4, width=1920, height=1080)
    client = logged_in(world["users"]["validator"])
    response = client.get(reverse("videos:edit", args=[video.pk]))
    # Its own ministry uses it anyway: it is not offered to share with.
    assert list(response.context["form"].fields["shared_with"].queryset) == [world["other"]]
    body = response.content.decode()
    for tab in ("Informations", "Droits", "Partage", "Accessibilité", "Fichiers"):
        assert f">{tab}<" in body or f"{tab}\n" in body, tab
    assert "2\u00a0min\u00a005\u00a0s" in body
    assert "1920\u00a0×\u00a01080\u00a0pixels" in body
    assert "En attente" in body


def test_edit_a_video_with_captions_and_chapters(world):
    video = VideoFactory(ministry=world["own"], duration=90.0)
    client = logged_in(world["users"]["contributor"])
    response = client.post(
        reverse("videos:edit", args=[video.pk]),
        edit_form_data(
            video,
            title="Nouveau titre",
            transcript="Bonjour.",
            sharing=Sharing.INTERMINISTERIAL,
            caption_tracks=inline_formset(
                [
                    {
                        "language": "fr",
                        "kind": "captions",
                        "label": "",
                        "file": SimpleUploadedFile("fr.vtt", WEBVTT),
                    }
                ]
            ),
            chapters=inline_formset(
                [{"start": "0", "title": "Introduction"}, {"start": "45.5", "title": "Suite"}]
            ),
        ),
    )
    assert response.status_code == 302, _errors(response) if response.status_code == 200 else ""
    video.refresh_from_db()
    assert video.title == "Nouveau titre"
    assert video.sharing == Sharing.INTERMINISTERIAL
    assert video.transcript == "Bonjour."
    track = video.caption_tracks.get()
    assert (track.language, track.kind, track.label) == ("fr", "captions", "Français")
    assert track.file.read() == b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour.\n"
    assert track.file.name.endswith(".vtt")
    assert [(c.start, c.title) for c in video.chapters.all()] == [
        (0.0, "Introduction"),
        (45.5, "Suite"),
    ]


def test_changing_from_shared_to_private_removes_the_shares(world):
    video = VideoFactory(ministry=world["own"], sharing=Sharing.SHARED)
    VideoShare.objects.create(video=video, ministry=world["other"])
    client = logged_in(world["users"]["contributor"])
    response = client.post(
        reverse("videos:edit", args=[video.pk]),
        edit_form_data(video, sharing=Sharing.PRIVATE, shared_with=[world["other"].pk]),
    )
    assert response.status_code == 302
    assert not VideoShare.objects.filter(video=video).exists()


def _inline_errors(response, relation: str) -> list[str]:
    formset = response.context["form"].formsets[relation]
    errors = [str(e) for e in formset.non_form_errors()]
    for form in formset.forms:
        errors += [str(e) for errors_ in form.errors.values() for e in errors_]
    return errors


@pytest.mark.parametrize(
    ("relation", "items", "message"),
    [
        (
            "caption_tracks",
            [
                {"language": "fr", "kind": "captions", "file": SimpleUploadedFile("a.vtt", WEBVTT)},
                {"language": "fr", "kind": "captions", "file": SimpleUploadedFile("b.vtt", WEBVTT)},
            ],
            "Deux pistes ont la même langue et le même type : gardez-en une seule.",
        ),
        (
            "caption_tracks",
            [{"language": "fr", "kind": "captions", "file": SimpleUploadedFile("a.srt", b"1\n")}],
            "Ligne\u00a01\u00a0: bloc sans horodatage",
        ),
        (
            "chapters",
            [{"start": "-3", "title": "Avant"}],
            "Assurez-vous que cette valeur est supérieure ou égale à 0.",
        ),
        (
            "chapters",
            [{"start": "120", "title": "Après la fin"}],
            "Le chapitre doit commencer avant la fin de la vidéo (90,0\u00a0secondes).",
        ),
    ],
)
def test_edit_refuses_bad_children_in_french(world, relation, items, message):
    video = VideoFactory(ministry=world["own"], duration=90.0)
    client = logged_in(world["users"]["contributor"])
    response = client.post(
        reverse("videos:edit", args=[video.pk]),
        edit_form_data(video, **{relation: inline_formset(items)}),
    )
    assert response.status_code == 200
    errors = _inline_errors(response, relation)
    assert any(error.startswith(message) for error in errors), errors
    assert not CaptionTrack.objects.exists() and not video.chapters.exists()


def test_a_poster_from_another_ministrys_collection_is_refused(world):
    """The poster chooser offers the user's media only; a posted id of another ministry's
    image is refused without naming it (``cms.workflows.choosers``)."""
    from cms.workflows import roles

    other_collection = roles.roles_for_ministry(world["other"]).collection
    secret = ImageFactory(
        title="ZX-IMAGE secrète", collection=other_collection, file=image_file("zx.png")
    )
    video = VideoFactory(ministry=world["own"])
    client = logged_in(world["users"]["contributor"])
    response = client.post(
        reverse("videos:edit", args=[video.pk]), edit_form_data(video, poster=secret.pk)
    )
    assert response.status_code == 200
    assert "ZX-IMAGE" not in response.content.decode()
    assert _errors(response)["poster"] == ["Vous ne pouvez pas choisir ce contenu."]
    video.refresh_from_db()
    assert video.poster is None


def test_usage_lists_nothing_for_a_new_video_and_is_in_french(world):
    video = VideoFactory(ministry=world["own"])
    body = (
        logged_in(
            world["users"]["community"]
            if "community" in world["users"]
            else world["users"]["contributor"]
        )
        .get(reverse("videos:usage", args=[video.pk]))
        .content.decode()
    )
    assert "Utilisation" in body


@pytest.mark.parametrize(
    "url_name",
    [
        "videos:index",
        "videos:add",
        "videos:edit",
        "videos:inspect",
        "videos:usage",
        "videos:delete",
        "videos:history",
        "video_chooser:choose",
    ],
)
def test_screens_read_as_french(world, url_name):
    """No mark of a word-for-word translation (``tests/admin_french/checker.py``)."""
    video = VideoFactory(
        ministry=world["own"], status=ProcessingStatus.PROCESSING, progress=42, duration=75.0
    )
    args = [] if url_name in ("videos:index", "videos:add", "video_chooser:choose") else [video.pk]
    response = logged_in(world["users"]["contributor"]).get(reverse(url_name, args=args))
    assert response.status_code == 200
    html = (
        json.loads(response.content)["html"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    assert french_mistakes(html) == []
