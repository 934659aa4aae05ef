"""The video model's rules: French errors for bad input, harmless file names, the
collection a video lives in, and the creation service."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Collection, ReferenceIndex

import pytest

from cms.media.models import CustomImage
from cms.workflows import roles
from cms.workflows.models import MinistryRoles
from tests.factories import DocumentFactory, ImageFactory, MinistryFactory, TopicFactory
from tests.factories.videos import VideoFactory, sample_video_bytes, video_file
from videos import services
from videos.models import (
    CaptionTrack,
    Licence,
    ProcessingStatus,
    Sharing,
    Video,
    VideoChapter,
    VideoRendition,
    VideoShare,
    safe_filename,
)
from videos.models.video import ministry_collection, storage_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(db):
    return MinistryFactory(short_name="Santé")


def _errors(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def _video(ministry, **fields) -> Video:
    defaults = {
        "title": "Campagne de vaccination",
        "ministry": ministry,
        "rights_holder": "Service d'information du Gouvernement",
        "file": video_file(),
    }
    return Video(**{**defaults, **fields})


def test_a_complete_video_is_valid_and_saved_in_its_ministry_s_collection(ministry):
    video = _video(ministry, licence=Licence.ETALAB_2)
    video.full_clean()  # raises ValidationError for any field refused
    video.save()
    assert Video.objects.get(pk=video.pk).collection == ministry_collection(ministry)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Ce champ ne peut pas être vide."),
        ({"rights_holder": ""}, "rights_holder", "Ce champ ne peut pas être vide."),
        ({"file": None}, "file", "Ce champ ne peut pas être vide."),
        (
            {"recorded_on": datetime.date.today() + datetime.timedelta(days=2)},
            "recorded_on",
            "La date de tournage ne peut pas être dans le futur.",
        ),
        (
            {
                "recorded_on": datetime.date(2025, 5, 1),
                "rights_expire_on": datetime.date(2025, 5, 1),
            },
            "rights_expire_on",
            "La fin des droits doit être postérieure à la date de tournage.",
        ),
        (
            {"licence": Licence.AGENCY},
            "rights_expire_on",
            "Les droits d'agence ont une durée limitée : indiquez la date de fin des droits.",
        ),
        (
            {"consent_recorded": True},
            "consent_document",
            "Joignez le document qui atteste le consentement des personnes filmées.",
        ),
        (
            {"progress": 101},
            "progress",
            "Assurez-vous que cette valeur est inférieure ou égale à 100.",
        ),
        (
            {"duration": -1.0},
            "duration",
            "Assurez-vous que cette valeur est supérieure ou égale à 0.",
        ),
        ({"licence": "copyleft"}, "licence", "La valeur «\u00a0'copyleft'\u00a0» n’est pas"),
        ({"language": "de"}, "language", "La valeur «\u00a0'de'\u00a0» n’est pas un choix"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.isidentifier() else None,
)
def test_bad_input_gets_a_french_error(ministry, fields, field, message):
    errors = _errors(_video(ministry, **fields))
    assert any(error.startswith(message) for error in errors[field]), errors


def test_a_consent_document_needs_the_consent_box(ministry):
    errors = _errors(_video(ministry, consent_document=DocumentFactory()))
    assert errors["consent_recorded"] == [
        "Un document de consentement est joint : cochez cette case ou retirez le document."
    ]
    _video(ministry, consent_document=DocumentFactory(), consent_recorded=True).full_clean()


def test_the_ministry_is_its_french_version(ministry, english):
    translated = ministry.copy_for_translation(english)
    translated.save()
    errors = _errors(_video(translated))
    assert errors["ministry"] == ["Choisissez le ministère dans sa version française."]


def test_progress_above_100_is_refused_by_the_database(ministry):
    video = VideoFactory(ministry=ministry)
    video.progress = 101
    with pytest.raises(IntegrityError), transaction.atomic():
        video.save()


def test_progress_label(ministry):
    video = _video(ministry, status=ProcessingStatus.PROCESSING, progress=42)
    assert video.progress_label == "En cours de traitement (42\u00a0%)"
    video.status = ProcessingStatus.FAILED
    assert video.progress_label == "Échec"


def test_rights_expire_on_their_date(ministry):
    today = timezone.localdate()
    assert _video(ministry, rights_expire_on=today).rights_have_expired
    assert not _video(
        ministry, rights_expire_on=today + datetime.timedelta(days=1)
    ).rights_have_expired
    assert not _video(ministry).rights_have_expired


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\clip.mp4", "clip.mp4"),
        ("clip\x00.mp4", "clip.mp4"),
        ("\u200b\x07 .clip.mp4", "\u200bclip.mp4"[1:]),
        ("", "video"),
        ("...", "video"),
        ("Allocution du Président.MOV", "Allocution du Président.MOV"),
        ("e\u0301te\u0301.mp4", "été.mp4"),
    ],
)
def test_safe_filename(sent, kept):
    assert safe_filename(sent) == kept


def test_safe_filename_cuts_long_names_keeping_the_extension():
    kept = safe_filename("a" * 300 + ".mp4")
    assert len(kept) == 200
    assert kept.endswith("a.mp4")


@pytest.mark.parametrize(
    ("sent", "extension"),
    [("clip.MP4", ".mp4"), ("clip", ""), ("clip.mp4;rm -rf", ""), ("../x.webm", ".webm")],
)
def test_storage_names_are_random_and_keep_a_plain_extension(sent, extension):
    first, second = storage_name("videos/originals", sent), storage_name("videos/originals", sent)
    assert first != second
    folder, name = first.rsplit("/", 1)
    assert folder == "videos/originals"
    assert name.endswith(extension) and len(name) == 22 + len(extension)


def test_a_video_lives_in_its_ministrys_collection(ministry):
    other = MinistryFactory(short_name="Armées")
    video = VideoFactory(ministry=ministry)
    assert video.collection == roles.roles_for_ministry(ministry).collection
    video.ministry = other
    video.title = "Renommée"
    video.save(update_fields=["ministry", "title"])
    video.refresh_from_db()
    assert video.collection == roles.roles_for_ministry(other).collection
    video.sharing = Sharing.INTERMINISTERIAL
    video.save()
    assert video.collection == roles.roles_for_ministry(other).collection


def test_a_video_of_a_ministry_without_roles_lives_in_the_root_collection(ministry):
    MinistryRoles.objects.filter(ministry_key=ministry.translation_key).delete()
    video = VideoFactory(ministry=ministry)
    assert video.collection == Collection.get_first_root_node()


def test_a_video_is_not_shared_with_its_own_ministry(ministry, english):
    video = VideoFactory(ministry=ministry)
    with pytest.raises(ValidationError) as caught:
        VideoShare(video=video, ministry=ministry).full_clean()
    assert caught.value.message_dict["ministry"] == [
        "La vidéo appartient déjà à ce ministère : inutile de la partager."
    ]
    translated = MinistryFactory().copy_for_translation(english)
    translated.save()
    with pytest.raises(ValidationError) as caught:
        VideoShare(video=video, ministry=translated).full_clean()
    assert caught.value.message_dict["ministry"] == [
        "Choisissez le ministère dans sa version française."
    ]


def test_caption_tracks(ministry):
    video = VideoFactory(ministry=ministry)
    track = CaptionTrack(video=video, file=ContentFile(b"WEBVTT\n", name="fr.vtt"))
    track.full_clean()
    track.save()
    assert track.label == "Français"
    assert track.file.name.startswith("videos/captions/") and track.file.name.endswith(".vtt")
    duplicate = CaptionTrack(video=video, file=ContentFile(b"WEBVTT\n", name="autre.vtt"))
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["Cette vidéo a déjà une piste de ce type dans cette langue."]
    subtitles = CaptionTrack(
        video=video, kind=CaptionTrack.Kind.SUBTITLES, file=ContentFile(b"1\n", name="fr.srt")
    )
    with pytest.raises(ValidationError) as caught:
        subtitles.full_clean()
    assert "«\u00a0srt\u00a0» n’est pas autorisée" in caught.value.message_dict["file"][0]


def test_chapters_start_within_the_video(ministry):
    video = VideoFactory(ministry=ministry, duration=60.0)
    VideoChapter(video=video, start=59.5, title="Conclusion").full_clean()
    with pytest.raises(ValidationError) as caught:
        VideoChapter(video=video, start=60, title="Après la fin").full_clean()
    assert caught.value.message_dict["start"] == [
        "Le chapitre doit commencer avant la fin de la vidéo (60,0\u00a0secondes)."
    ]
    with pytest.raises(ValidationError) as caught:
        VideoChapter(video=video, start=-1, title="Avant le début").full_clean()
    assert "supérieure ou égale à 0" in caught.value.message_dict["start"][0]


def test_the_poster_and_the_consent_document_are_in_the_reference_index(ministry):
    poster = ImageFactory()
    consent = DocumentFactory()
    video = VideoFactory(
        ministry=ministry, poster=poster, consent_recorded=True, consent_document=consent
    )
    ReferenceIndex.create_or_update_for_object(video)
    for target in (poster, consent):
        sources = [source for source, _refs in ReferenceIndex.get_grouped_references_to(target)]
        assert sources == [video]


# The creation service


@pytest.fixture
def own_roles(ministry):
    roles.setup_roles()
    return roles.roles_for_ministry(ministry)


@pytest.fixture
def contributor(own_roles):
    user = get_user_model().objects.create_user(username="contributrice", password="x")
    user.groups.add(own_roles.contributors)
    return user


def _stored_originals() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "videos" / "originals"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def test_create_video(ministry, own_roles, contributor):
    other = MinistryFactory(short_name="Armées")
    topic = TopicFactory(name="Santé publique")
    video = services.create_video(
        file=video_file("../Allocution\x00 du ministre.mp4"),
        user=contributor,
        title="Allocution du ministre",
        ministry=ministry,
        rights_holder="Ministère de la Santé",
        licence=Licence.ETALAB_2,
        topics=[topic],
        tags=["vaccination", "hiver"],
        sharing=Sharing.SHARED,
        shared_with=[other],
    )
    video.refresh_from_db()
    assert video.status == ProcessingStatus.WAITING and video.progress == 0
    assert video.uploaded_by == contributor
    assert video.original_filename == "Allocution du ministre.mp4"
    assert video.file_size == len(sample_video_bytes())
    assert video.file.name.startswith("videos/originals/") and video.file.name.endswith(".mp4")
    assert "Allocution" not in video.file.name
    assert video.file.read() == sample_video_bytes()
    assert video.collection == own_roles.collection
    assert list(video.topics.all()) == [topic]
    assert sorted(video.tags.names()) == ["hiver", "vaccination"]
    assert [share.ministry for share in video.shares.all()] == [other]


def test_create_video_keeps_the_share_list_only_when_shared(ministry, own_roles, contributor):
    video = services.create_video(
        file=video_file(),
        user=contributor,
        title="Interministérielle",
        ministry=ministry,
        rights_holder="SIG",
        sharing=Sharing.INTERMINISTERIAL,
        shared_with=[MinistryFactory()],
    )
    assert not video.shares.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title": ""}, {"title": ["Ce champ ne peut pas être vide."]}),
        (
            {"sharing": Sharing.SHARED},
            {"shared_with": ["Choisissez au moins un ministère avec qui partager la vidéo."]},
        ),
        (
            {"consent_recorded": True},
            {
                "consent_document": [
                    "Joignez le document qui atteste le consentement des personnes filmées."
                ]
            },
        ),
    ],
)
def test_create_video_refuses_bad_input_and_stores_nothing(
    ministry, own_roles, contributor, fields, error
):
    before = _stored_originals()
    data = {"title": "Vidéo", "ministry": ministry, "rights_holder": "SIG", **fields}
    with pytest.raises(ValidationError) as caught:
        services.create_video(file=video_file(), user=contributor, **data)
    assert caught.value.message_dict == error
    assert not Video.objects.exists()
    assert _stored_originals() == before


def test_create_video_refuses_sharing_with_its_own_ministry(ministry, own_roles, contributor):
    with pytest.raises(ValidationError) as caught:
        services.create_video(
            file=video_file(),
            user=contributor,
            title="Vidéo",
            ministry=ministry,
            rights_holder="SIG",
            sharing=Sharing.SHARED,
            shared_with=[ministry],
        )
    assert caught.value.message_dict == {
        "shared_with": ["« Santé » est le ministère de la vidéo : il l'utilise déjà."]
    }


def test_create_video_for_another_ministry_is_refused(ministry, own_roles, contributor):
    other = MinistryFactory(short_name="Armées")
    roles.setup_roles()
    nobody = get_user_model().objects.create_user(username="personne", password="x")
    for user, target in ((contributor, other), (nobody, ministry)):
        with pytest.raises(PermissionDenied):
            services.create_video(
                file=video_file(), user=user, title="Vidéo", ministry=target, rights_holder="SIG"
            )
    assert not Video.objects.exists()


def test_poster_image_deleted_leaves_the_video(ministry):
    video = VideoFactory(ministry=ministry, poster=ImageFactory())
    CustomImage.objects.all().delete()
    video.refresh_from_db()
    assert video.poster is None


def test_deleting_a_video_deletes_its_files(ministry, django_capture_on_commit_callbacks):
    video = VideoFactory(ministry=ministry)
    track = CaptionTrack.objects.create(video=video, file=ContentFile(b"WEBVTT\n", name="fr.vtt"))
    rendition = VideoRendition.objects.create(
        video=video, height=48, width=64, file=video_file("360.mp4"), file_size=10
    )
    storage = video.file.storage
    names = [video.file.name, track.file.name, rendition.file.name]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert not any(storage.exists(name) for name in names)
