"""Videos in the publication pipeline: the video block in bodies, the video page, the
video's own document, what keeps them current, and the rights' expiry.

Every test runs the real pipeline (``deliver``: the on-commit callbacks on SQLite, the
waiting jobs with ``JOBS_BACKEND=procrastinate`` on PostgreSQL) on ready videos
(``video_samples.ready_video``: the rows the processing leaves).
"""

from __future__ import annotations

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from cms.delivery.models import Document, Kind, PublicFile, State
from cms.organisations.models import PARIS
from cms.publishing import pages, pipeline, videos
from cms.workflows.choosers import CHOICE_REFUSAL
from home.models import HomePage
from news.models import MinistryPage
from news.services import withdraw
from tests.factories import MinistryNewsPageFactory, NewsPageFactory, TopicFactory
from tests.factories.videos import VideoFactory
from tests.publishing.video_samples import ready_video, video_body, video_files
from videos.models import CaptionTrack, Sharing, Video, VideoPage

pytestmark = pytest.mark.django_db

#: The keys of a video object (docs/videos.md, "Publication").
VIDEO_KEYS = {
    "id",
    "title",
    "description",
    "language",
    "duration",
    "width",
    "height",
    "recorded_on",
    "poster",
    "renditions",
    "captions",
    "chapters",
    "transcript",
    "credits",
    "rights_holder",
    "licence",
    "ministry",
    "topics",
    "embed",
}


def stored(key: str) -> Document | None:
    return Document.objects.filter(key=key).first()


def body(key: str) -> dict:
    return json.loads(Document.objects.get(key=key).body)


def video_block_of(page) -> dict:
    """The value of the first video block of the stored news item ``page``."""
    blocks = body(f"page:{page.pk}")["body"]
    return next(block["value"] for block in blocks if block["type"] == "video")


def listed_files(video: Video) -> set[str]:
    """The files of ``video`` (renditions, captions) that ``PublicFile`` lists."""
    names = video_files(video)
    return set(PublicFile.objects.filter(name__in=names).values_list("name", flat=True))


@pytest.fixture
def clock(monkeypatch):
    """``clock(instant)``: from now on, ``timezone.now()`` answers ``instant`` (every
    module reads the clock through ``django.utils.timezone``)."""

    def move(instant: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    return move


def news_with(video, parent, **fields):
    return NewsPageFactory(parent=parent, live=False, body=video_body(video), **fields)


# -- The video block ----------------------------------------------------------------------


def test_a_video_block_shows_the_video_object_and_lists_its_files(news_index, publish, settings):
    settings.MEDIA_PUBLIC_BASE_URL = "https://medias.example.fr/"
    settings.API_PUBLIC_URL = "https://cms.example.fr"
    topic = TopicFactory()
    video = ready_video(title="Le plan en images", description="Ce que dit le plan.")
    video.topics.add(topic)
    video.save()  # a ParentalManyToManyField: saved with the video
    page = publish(news_with(video, news_index))

    value = video_block_of(page)
    assert value["caption"] == "Une légende."
    assert value["unavailable"] is False
    shown = value["video"]
    assert set(shown) == VIDEO_KEYS
    assert shown["id"] == video.pk
    assert shown["title"] == "Le plan en images"
    assert (shown["language"], shown["duration"], shown["width"], shown["height"]) == (
        "fr",
        1.0,
        64,
        48,
    )
    rendition = video.renditions.get()
    assert shown["renditions"] == [
        {
            "url": "https://medias.example.fr/media/videos/"
            + rendition.file.name.removeprefix("videos/"),
            "type": "video/mp4",
            "width": 64,
            "height": 48,
            "size": rendition.file_size,
        }
    ]
    track = video.caption_tracks.get()
    assert shown["captions"] == [
        {
            "language": "fr",
            "label": "Français",
            "kind": "captions",
            "url": "https://medias.example.fr/media/videos/captions/"
            + track.file.name.removeprefix("videos/captions/"),
        }
    ]
    assert shown["chapters"] == [{"start": 0.0, "title": "Introduction"}]
    assert shown["transcript"] == "Bonjour à toutes et à tous."
    assert shown["ministry"]["id"] == str(video.ministry.translation_key)
    assert shown["topics"] == [
        {"id": str(topic.translation_key), "slug": topic.slug, "name": topic.name}
    ]
    assert set(shown["poster"]["renditions"]) == {"small", "medium", "large", "social"}
    assert shown["embed"]["url"] == f"https://cms.example.fr/embed/videos/{video.pk}/"
    assert 'title="Vidéo : Le plan en images"' in shown["embed"]["html"]
    assert f'src="https://cms.example.fr/embed/videos/{video.pk}/"' in shown["embed"]["html"]

    document = stored(f"page:{page.pk}")
    assert ("video", str(video.pk)) in set(document.facets.values_list("name", "value"))
    files = set(document.files.values_list("name", flat=True))
    assert video_files(video) <= files
    poster_files = {r.file.name for r in video.poster.renditions.all()}
    assert poster_files and poster_files <= files


def test_a_video_block_without_a_video_shows_nothing(news_index, publish):
    page = NewsPageFactory(
        parent=news_index, live=False, body=[("video", {"video": None, "caption": "Bientôt."})]
    )
    page = publish(page)
    assert video_block_of(page) == {"video": None, "caption": "Bientôt.", "unavailable": False}
    assert not stored(f"page:{page.pk}").facets.filter(name="video").exists()


# -- The video's document -----------------------------------------------------------------


def test_a_video_shown_by_a_live_item_has_its_document(news_index, publish):
    topic = TopicFactory()
    video = ready_video(language="fr")
    video.topics.add(topic)
    video.save()  # a ParentalManyToManyField: saved with the video
    first = publish(news_with(video, news_index))
    second = publish(news_with(video, news_index))

    document = stored(f"video:{video.pk}")
    assert (document.kind, document.public_id, document.locale, document.state) == (
        Kind.VIDEO,
        str(video.pk),
        "fr",
        State.PUBLIC,
    )
    assert document.path == ""
    assert document.duration == 1.0
    assert document.published_at == first.first_published_at < second.first_published_at
    assert document.expires_at is None
    assert set(document.facets.values_list("name", "value")) == {
        ("ministry", str(video.ministry.translation_key)),
        ("topic", str(topic.translation_key)),
    }
    data = json.loads(document.body)
    assert set(data) == VIDEO_KEYS | {"published_at", "updated_at"}
    summary = json.loads(document.summary)
    assert set(summary) == VIDEO_KEYS - {"transcript", "chapters"} | {"published_at", "updated_at"}
    assert listed_files(video) == video_files(video)
    assert video_files(video) <= set(document.files.values_list("name", flat=True))


def test_a_video_used_only_in_a_draft_or_a_scheduled_item_is_not_public(news_index, deliver):
    video = ready_video()
    draft = news_with(video, news_index)
    scheduled = news_with(video, news_index)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    with deliver():
        draft.save_revision()
        scheduled.save_revision().publish()
    assert stored(f"video:{video.pk}") is None
    assert stored(f"page:{draft.pk}") is None
    assert listed_files(video) == set()


def test_the_video_document_follows_the_items_that_show_it(
    news_index, publish, deliver, admin_user
):
    video = ready_video()
    first = publish(news_with(video, news_index))
    second = publish(news_with(video, news_index))
    key = f"video:{video.pk}"

    with deliver():
        first.unpublish()
    assert stored(key).state == State.PUBLIC
    assert stored(key).published_at == second.first_published_at
    assert listed_files(video) == video_files(video)

    with deliver():
        withdraw(type(second).objects.get(pk=second.pk), reason="Erreur.", user=admin_user)
    # A withdrawn item is served with its notice (its body keeps the video), never listed:
    # the video has no listed document showing it any more.
    assert stored(key).state == State.GONE
    assert stored(f"page:{second.pk}").state == State.WITHDRAWN
    assert video_block_of(second)["video"]["id"] == video.pk
    assert not PublicFile.objects.filter(document__key=key).exists()

    again = publish(news_with(video, news_index))
    assert stored(key).state == State.PUBLIC
    assert stored(key).published_at == again.first_published_at


def test_removing_the_video_from_the_body_takes_it_out_of_the_store(news_index, publish, deliver):
    video = ready_video()
    page = publish(news_with(video, news_index))
    assert stored(f"video:{video.pk}").state == State.PUBLIC
    page.body = [("paragraph", "<p>Sans vidéo.</p>")]
    with deliver():
        page.save_revision().publish()
    assert stored(f"video:{video.pk}").state == State.GONE
    assert listed_files(video) == set()


# -- Not publishable ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    ["French captions deleted", "transcript emptied", "processed again"],
)
def test_a_video_that_stops_being_publishable_is_unavailable_everywhere(
    news_index, publish, deliver, change
):
    video = ready_video()
    page = publish(news_with(video, news_index))
    assert video_block_of(page)["unavailable"] is False

    with deliver():
        if change == "French captions deleted":
            CaptionTrack.objects.get(video=video, language="fr").delete()
        elif change == "transcript emptied":
            video.transcript = ""
            video.save()
        else:
            video.status = "processing"
            video.save()

    assert video_block_of(page) == {"video": None, "caption": "Une légende.", "unavailable": True}
    assert stored(f"video:{video.pk}").state == State.GONE
    assert listed_files(video) == set()
    assert not stored(f"page:{page.pk}").facets.filter(name="video").exists()


def test_a_video_without_french_captions_is_never_public(news_index, publish, deliver):
    """The editorial line refuses to publish an item with such a video (``tests/videos/
    test_editorial.py``); should its French track become another language once the item
    is live, the item shows the video unavailable."""
    video = ready_video()
    page = publish(news_with(video, news_index))
    with deliver():
        track = video.caption_tracks.get()
        track.language = "en"
        track.save()
    assert video_block_of(page) == {"video": None, "caption": "Une légende.", "unavailable": True}
    assert stored(f"video:{video.pk}").state == State.GONE
    assert listed_files(video) == set()

    # The French track arrives: the item shows the video, which gets its document.
    with deliver():
        track = video.caption_tracks.get()
        track.language = "fr"
        track.save()
    assert video_block_of(page)["video"]["id"] == video.pk
    assert stored(f"video:{video.pk}").state == State.PUBLIC
    assert listed_files(video) == video_files(video)


def test_editing_a_video_renders_its_items_and_its_document_again(news_index, publish, deliver):
    video = ready_video(title="Avant")
    page = publish(news_with(video, news_index))
    with deliver():
        video.title = "Après"
        video.save()
    assert video_block_of(page)["video"]["title"] == "Après"
    assert body(f"video:{video.pk}")["title"] == "Après"


def test_a_deleted_video_leaves_its_items_and_the_store(news_index, publish, deliver):
    video = ready_video()
    page = publish(news_with(video, news_index))
    files = video_files(video)
    with deliver():
        Video.objects.get(pk=video.pk).delete()
    assert video_block_of(page) == {"video": None, "caption": "Une légende.", "unavailable": False}
    assert stored(f"video:{video.pk}").state == State.GONE
    assert not PublicFile.objects.filter(name__in=files).exists()


# -- Rights expiry ------------------------------------------------------------------------


def test_rights_expiry_withdraws_the_video_from_every_public_path(
    news_index, publish, publish_page, deliver, clock, client
):
    today = timezone.now().astimezone(PARIS).date()
    tomorrow = today + datetime.timedelta(days=1)
    video = ready_video(rights_expire_on=tomorrow)
    page = publish(news_with(video, news_index))
    video_page = publish_page(
        VideoPage(title="La vidéo du plan", slug="video-du-plan", video=video),
        HomePage.objects.get(locale__language_code="fr"),
    )
    end = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=PARIS)
    news_document = stored(f"page:{page.pk}")
    assert news_document.refresh_at == end
    assert stored(f"video:{video.pk}").expires_at == end
    assert stored(f"video:{video.pk}").refresh_at == end
    assert stored(f"page:{video_page.pk}").expires_at == end
    assert listed_files(video) == video_files(video)

    # The day comes: reads stop serving the video's documents at once…
    clock(end + datetime.timedelta(minutes=1))
    served = Document.objects.served()
    assert not served.filter(key__in=[f"video:{video.pk}", f"page:{video_page.pk}"]).exists()
    # …and the refresh due then (a job at the instant; the sweep) renders them again.
    with deliver():
        assert pipeline.sweep() >= 3

    response = client.get(f"/api/v1/news/{page.pk}/")
    assert response.status_code == 200
    blocks = response.json()["body"]
    assert blocks[1] == {
        "type": "video",
        "value": {"video": None, "caption": "Une légende.", "unavailable": True},
    }
    assert video.title not in response.content.decode()
    assert stored(f"video:{video.pk}").state == State.GONE
    assert stored(f"page:{video_page.pk}").state == State.GONE
    assert stored(f"page:{page.pk}").refresh_at is None
    assert listed_files(video) == set()
    assert not PublicFile.objects.filter(document__key=f"video:{video.pk}").exists()


@pytest.fixture
def publish_page(deliver):
    """Publish a new page (not saved yet) under ``parent``."""

    def publish_page(page, parent):
        parent.add_child(instance=page)
        with deliver():
            page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    return publish_page


# -- The video page -----------------------------------------------------------------------


def test_a_video_page_of_the_redaction(home, publish_page, settings):
    video = ready_video()
    page = publish_page(
        VideoPage(
            title="Le plan en vidéo", slug="plan-video", introduction="Le plan.", video=video
        ),
        home,
    )
    assert page.ministry is None
    document = stored(f"page:{page.pk}")
    assert (document.kind, document.public_id, document.state) == (
        Kind.VIDEO_PAGE,
        str(page.pk),
        State.PUBLIC,
    )
    data = json.loads(document.body)
    assert list(data) == [
        "id",
        "path",
        "url",
        "type",
        "locale",
        "title",
        "introduction",
        "published_at",
        "updated_at",
        "video",
        "translations",
    ]
    assert (data["type"], data["title"], data["introduction"], data["path"]) == (
        "video_page",
        "Le plan en vidéo",
        "Le plan.",
        "/plan-video/",
    )
    assert set(data["video"]) == VIDEO_KEYS
    assert data["video"]["id"] == video.pk
    assert set(json.loads(document.summary)["video"]) == VIDEO_KEYS - {"transcript", "chapters"}
    assert set(document.facets.values_list("name", "value")) == {("video", str(video.pk))}
    assert video_files(video) <= set(document.files.values_list("name", flat=True))
    assert stored(f"video:{video.pk}").published_at == page.first_published_at


def test_a_video_page_whose_video_is_not_publishable_has_no_document(home, publish_page, deliver):
    """The editorial line refuses to publish such a page (``tests/videos/
    test_video_page_editorial.py``); should its video lose its transcript once the page is
    live, the pipeline takes the page out of the store all the same."""
    video = ready_video()
    page = publish_page(VideoPage(title="Sans transcription", slug="sans", video=video), home)
    with deliver():
        video.transcript = ""
        video.save()
    assert VideoPage.objects.get(pk=page.pk).live
    assert stored(f"page:{page.pk}").state == State.GONE
    assert stored(f"video:{video.pk}").state == State.GONE
    assert listed_files(video) == set()

    with deliver():
        video.transcript = "Le texte intégral."
        video.save()
    assert stored(f"page:{page.pk}").state == State.PUBLIC
    assert stored(f"video:{video.pk}").state == State.PUBLIC


def test_a_video_page_in_a_ministry_section_belongs_to_its_ministry(
    ministry_section, publish_page, deliver
):
    video = ready_video(ministry=ministry_section.ministry)
    page = publish_page(
        VideoPage(title="Vidéo du ministère", slug="video", video=video), ministry_section
    )
    assert page.ministry == ministry_section.ministry
    document = stored(f"page:{page.pk}")
    assert ("ministry", str(ministry_section.ministry.translation_key)) in set(
        document.facets.values_list("name", "value")
    )
    with deliver():
        page.unpublish()
    assert stored(f"page:{page.pk}").state == State.GONE
    assert stored(f"video:{video.pk}").state == State.GONE


def test_where_a_video_page_may_live():
    from news.models import MinistryNewsPage, NewsIndexPage

    assert set(VideoPage.allowed_parent_page_models()) == {MinistryPage, HomePage}
    assert VideoPage in MinistryPage.allowed_subpage_models()
    assert VideoPage in HomePage.allowed_subpage_models()
    assert VideoPage not in NewsIndexPage.allowed_subpage_models()
    assert VideoPage not in MinistryNewsPage.allowed_subpage_models()


def _video_page_form(video) -> dict:
    return nested_form_data(
        {
            "title": "Une vidéo",
            "slug": "une-video",
            "introduction": "",
            "video": video.pk,
            "comments": inline_formset([]),
        }
    )


def test_a_contributor_may_choose_only_a_video_they_may_use(site, client):
    """A ministry's contributor creates a video page in their section: their own video
    is accepted; another ministry's private video, posted by its id, is refused and
    nothing is saved."""
    section = site["pages"]["own_section"]
    other = site["pages"]["other_section"].ministry
    own_video = VideoFactory(ministry=section.ministry, title="Vidéo de Santé")
    hidden = VideoFactory(ministry=other, sharing=Sharing.PRIVATE, title="ZX-cachée")
    client.force_login(site["users"]["contributor"])
    url = reverse("wagtailadmin_pages:add", args=["videos", "videopage", section.pk])

    response = client.post(url, _video_page_form(hidden))
    assert response.status_code == 200
    assert str(CHOICE_REFUSAL) in response.content.decode()
    assert "ZX-cachée" not in response.content.decode()
    assert not VideoPage.objects.exists()

    response = client.post(url, _video_page_form(own_video))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = VideoPage.objects.get()
    assert (page.video, page.ministry, page.live) == (own_video, section.ministry, False)


# -- Query budgets ------------------------------------------------------------------------


def test_rendering_an_item_with_videos_stays_within_its_budget(
    news_index, publish, django_assert_max_num_queries
):
    shown = [ready_video() for _ in range(3)]
    page = NewsPageFactory(
        parent=news_index,
        live=False,
        body=[("video", {"video": video, "caption": ""}) for video in shown],
    )
    page = publish(page)
    # Per video: its renditions, tracks, chapters, topics, language, ministry, poster and
    # its renditions, the publication check (twice); the rest is the item's own.
    with django_assert_max_num_queries(80):
        rendered = pages.render_page(page.pk)
    assert {f for f in rendered.facets if f[0] == "video"} == {
        ("video", str(video.pk)) for video in shown
    }
    with django_assert_max_num_queries(20):
        assert videos.render_video(shown[0].pk) is not None


def test_a_rebuild_renders_videos_after_the_pages(news_index, publish):
    from cms.publishing import documents

    sources = list(documents.SOURCES)
    assert sources.index("video") > sources.index("page")
    video = ready_video()
    page = publish(news_with(video, news_index))
    Document.objects.all().delete()
    from django.core.management import call_command

    call_command("rebuild_delivery", verbosity=0)
    assert stored(f"page:{page.pk}").state == State.PUBLIC
    assert stored(f"video:{video.pk}").state == State.PUBLIC


def test_a_ministry_news_item_with_a_video(ministry_section, publish):
    video = ready_video(ministry=ministry_section.ministry)
    page = publish(
        MinistryNewsPageFactory(parent=ministry_section, live=False, body=video_body(video))
    )
    assert video_block_of(page)["video"]["id"] == video.pk
    assert stored(f"video:{video.pk}").state == State.PUBLIC


def test_a_video_chosen_while_processing_is_shown_once_ready(
    news_index, publish, monkeypatch, django_capture_on_commit_callbacks, settings
):
    """The processing marks the video ready in the transaction that stores its
    renditions, whose saves schedule the video and the items showing it: when that
    transaction commits (its callbacks run then, here), the video is ready, and the item
    shows it (the real job; its transcode in this process)."""
    from tests.delivery.conftest import run_waiting_jobs
    from videos import processing, tasks

    monkeypatch.setattr(processing, "transcode_in_subprocess", processing.transcode)
    store_renditions = tasks._store_renditions

    def committed(*args):
        with django_capture_on_commit_callbacks(execute=True):
            store_renditions(*args)
        if settings.JOBS_BACKEND == "procrastinate":
            run_waiting_jobs()

    monkeypatch.setattr(tasks, "_store_renditions", committed)
    video = ready_video()
    page = publish(news_with(video, news_index))
    # Processed again (the editorial line let the item go live with the video ready).
    with django_capture_on_commit_callbacks(execute=True):
        video.renditions.all().delete()
        video.status, video.progress = "waiting", 0
        video.save()
    if settings.JOBS_BACKEND == "procrastinate":
        run_waiting_jobs()
    assert video_block_of(page)["unavailable"] is True

    assert tasks.process(video.pk) == "ready"

    shown = video_block_of(page)["video"]
    assert shown["id"] == video.pk
    assert [r["height"] for r in shown["renditions"]] == [48]
    assert stored(f"video:{video.pk}").state == State.PUBLIC
