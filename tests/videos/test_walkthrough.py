"""Issue 9's "Done when", walked through once, as its users meet it.

A contributor of the Armées uploads a video through the resumable uploader and sees it
processed (poster, renditions) in the Vidéothèque; adds French captions and a
transcript, and shares it with the Santé. A Santé contributor chooses it for a ministry
news item, which goes through the Santé validator and the Rédaction. Until the item goes
live, none of the video's files, nor the video itself, is public; once it is live, the
item's JSON gives the video, its files play (with Range) and its embed page is served.

The quick start's wiring (no job queue: processing and the pipeline run after each
commit), whichever the database.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, streamfield

import pytest

from cms.workflows import roles, setup
from news.models import MinistryNewsPage
from tests.factories.videos import sample_video_bytes
from tests.forms import news_form_data
from tests.uploads.conftest import send_through_tus
from tests.videos.conftest import edit_form_data, logged_in
from videos.models import ProcessingStatus, Sharing, Video

pytestmark = pytest.mark.django_db

TITLE = "Exercice de sécurité civile"
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:01.000\n[Sir\xc3\xa8ne] D\xc3\xa9but de l'exercice.\n"


def path_of(url: str) -> str:
    return urlsplit(url).path


def public_paths(video: Video) -> list[str]:
    """Where the video would be public: its files (by their storage names), its API
    detail and its embed page."""
    files = [rendition.file.name for rendition in video.renditions.all()]
    files += [track.file.name for track in video.caption_tracks.all()]
    return [
        *("/media/" + name for name in files),
        f"/api/v1/videos/{video.pk}/",
        f"/embed/videos/{video.pk}/",
    ]


def test_a_shared_video_is_public_only_once_the_news_showing_it_is_live(
    site, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_BACKEND = "none"
    setup.setup_workflows()
    users, pages = site["users"], site["pages"]
    own, other = pages["own_section"].ministry, pages["other_section"].ministry
    author = users["contributor"].__class__.objects.create_user(username="armees", password="x")
    author.groups.add(roles.roles_for_ministry(other).contributors)
    armees = logged_in(author)

    # 1. Upload through tus, then the creation form: processed after the commit.
    upload = send_through_tus(armees, sample_video_bytes(), kind="video", name="exercice.mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = armees.post(
            reverse("videos:add"),
            {
                "file": upload,
                "title": TITLE,
                "description": "Un exercice grandeur nature.",
                "ministry": other.pk,
                "language": "fr",
                "recorded_on": "2026-10-01",
                "tags": "",
                "rights_holder": "Ministère des Armées",
                "credits": "",
                "licence": "etalab_2",
                "rights_expire_on": "",
                "consent_document": "",
                "sharing": Sharing.PRIVATE,
            },
        )
    assert response.status_code == 302
    video = Video.objects.get(title=TITLE)
    assert video.status == ProcessingStatus.READY, video.failure_reason
    assert video.poster is not None
    assert video.renditions.count() >= 1
    listing = armees.get(reverse("videos:index")).content.decode()
    assert TITLE in listing and "Prête" in listing

    # 2. French captions, a transcript, and a share with the Santé.
    data = edit_form_data(
        video,
        recorded_on="2026-10-01",
        transcript="[Sirène] Début de l'exercice.",
        sharing=Sharing.SHARED,
        poster=video.poster_id,
        caption_tracks=inline_formset(
            [
                {
                    "language": "fr",
                    "kind": "captions",
                    "label": "",
                    "file": SimpleUploadedFile("fr.vtt", CAPTIONS),
                }
            ]
        ),
    )
    data["shared_with"] = [own.pk]  # a multiple choice: the field's name repeated
    with django_capture_on_commit_callbacks(execute=True):
        response = armees.post(reverse("videos:edit", args=[video.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    video.refresh_from_db()
    assert video.publication_gaps() == []
    assert list(video.shares.values_list("ministry", flat=True)) == [own.pk]

    # 3. A Santé contributor embeds it in a ministry news item and submits it.
    santé = logged_in(users["contributor"])
    url = reverse(
        "wagtailadmin_pages:add", args=["news", "ministrynewspage", pages["own_section"].pk]
    )
    body = streamfield([("video", {"video": video.pk, "caption": "L'exercice en images."})])
    with django_capture_on_commit_callbacks(execute=True):
        response = santé.post(
            url,
            news_form_data(
                "submit", title="Sécurité civile : un exercice", slug="exercice", body=body
            ),
        )
    assert response.status_code == 302, response.context["form"].errors
    page = MinistryNewsPage.objects.get(slug="exercice")
    anonymous = Client()
    for path in public_paths(video):
        assert anonymous.get(path).status_code == 404, path
    assert anonymous.get(f"/api/v1/news/{page.pk}/").status_code == 404

    # 4. The Santé validator, then the Rédaction approve: the item goes live.
    for reviewer in ("validator", "editor"):
        state = MinistryNewsPage.objects.get(pk=page.pk).current_workflow_task_state
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in(users[reviewer]).post(
                reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
                {"comment": ""},
            )
        assert response.status_code in (200, 302), reviewer
    assert MinistryNewsPage.objects.get(pk=page.pk).live

    # 5. Now public: the item shows the video, whose files, detail and embed are served.
    item = json.loads(anonymous.get(f"/api/v1/news/{page.pk}/").content)
    (block,) = [block for block in item["body"] if block["type"] == "video"]
    shown = block["value"]["video"]
    assert block["value"]["caption"] == "L'exercice en images."
    assert shown["id"] == video.pk and shown["transcript"] == "[Sirène] Début de l'exercice."
    assert shown["poster"] is not None and shown["duration"] == pytest.approx(1.0, abs=0.1)
    assert [track["language"] for track in shown["captions"]] == ["fr"]
    rendition = anonymous.get(path_of(shown["renditions"][0]["url"]), HTTP_RANGE="bytes=0-99")
    assert rendition.status_code == 206 and rendition["Content-Type"] == "video/mp4"
    captions = anonymous.get(path_of(shown["captions"][0]["url"]))
    assert captions.status_code == 200
    assert b"".join(captions.streaming_content) == video.caption_tracks.get().file.read()
    for path in public_paths(video):
        assert anonymous.get(path).status_code in (200, 206), path
    detail = json.loads(anonymous.get(f"/api/v1/videos/{video.pk}/").content)
    assert detail["title"] == TITLE
    embed = anonymous.get(f"/embed/videos/{video.pk}/").content.decode()
    assert '<track kind="captions"' in embed and TITLE in embed
