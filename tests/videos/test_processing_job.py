"""The processing job, run for real on tiny clips made with PyAV: poster, renditions,
status and progress, failure, and the "Relancer le traitement" action."""

from __future__ import annotations

import datetime
import threading

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from tests.factories import ImageFactory
from tests.factories.videos import VideoFactory, sample_video_bytes
from tests.uploads.conftest import send_through_tus
from tests.videos.conftest import logged_in
from tests.videos.samples import make_video, truncate
from videos import processing, tasks
from videos.models import ProcessingStatus, Video

pytestmark = pytest.mark.django_db

#: The thread starter, before ``tests/videos/conftest.py`` makes it run inline.
real_in_background = tasks.in_background


@pytest.fixture
def world(site):
    return {"users": site["users"], "own": site["pages"]["own_section"].ministry}


@pytest.fixture
def clip(tmp_path) -> bytes:
    """A 1-second H.264 clip with sound, 160×90 pixels."""
    return make_video(tmp_path / "clip.mp4", seconds=1, width=160, height=90, fps=10).read_bytes()


def _video(world, content: bytes, **fields) -> Video:
    return VideoFactory(ministry=world["own"], file=ContentFile(content, name="clip.mp4"), **fields)


def test_processing_makes_a_poster_and_the_renditions(world, clip):
    video = _video(world, clip)
    assert tasks.process(video.pk) == ProcessingStatus.READY
    video.refresh_from_db()
    assert (video.status, video.progress, video.failure_reason) == ("ready", 100, "")
    assert video.poster is not None
    assert video.poster.collection == video.collection
    assert (video.poster.width, video.poster.height) == (160, 90)
    (rendition,) = video.renditions.all()
    probed = processing.probe(rendition.file.path)
    assert (rendition.height, rendition.width) == (90, 160)
    assert (probed.display_width, probed.display_height, probed.video_codec) == (160, 90, "h264")
    assert probed.has_audio
    assert rendition.file_size == rendition.file.size
    # The original is kept as it was.
    assert video.file.read() == clip
    # A ready video is left alone.
    assert tasks.process(video.pk) == ProcessingStatus.READY
    assert video.renditions.count() == 1


def test_the_editors_poster_is_kept(world, clip):
    poster = ImageFactory()
    video = _video(world, clip, poster=poster)
    tasks.process(video.pk)
    video.refresh_from_db()
    assert video.poster == poster and video.status == ProcessingStatus.READY


def test_a_corrupt_original_fails_with_a_french_reason(world, tmp_path):
    corrupt = truncate(
        make_video(tmp_path / "cut.mp4", seconds=2, width=160, height=90)
    ).read_bytes()
    video = _video(world, corrupt)
    assert tasks.process(video.pk) == ProcessingStatus.FAILED
    video.refresh_from_db()
    assert video.status == ProcessingStatus.FAILED
    assert video.failure_reason.startswith("Ce") and "vidéo" in video.failure_reason
    assert not video.renditions.exists() and video.poster is None
    assert video.file.read() == corrupt


def test_progress_is_written_every_five_percent(world):
    video = _video(world, sample_video_bytes())
    write = tasks._progress_writer(video.pk)
    seen = []
    for fraction in (0.01, 0.04, 0.05, 0.07, 0.12, 1.0):
        write(fraction)
        seen.append(Video.objects.get(pk=video.pk).progress)
    assert seen == [0, 0, 5, 5, 12, 99]


def test_a_stalled_processing_is_stale_after_thirty_minutes(world):
    video = _video(world, sample_video_bytes(), status=ProcessingStatus.PROCESSING)
    assert not tasks.is_stale(video) and not tasks.may_retry(video)
    later = timezone.now() + datetime.timedelta(minutes=31)
    assert tasks.is_stale(video, now=later)


def test_a_failed_video_is_retried_from_the_admin(
    world, clip, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_BACKEND = "none"  # processed in this process, after the commit
    video = _video(world, clip, status=ProcessingStatus.FAILED, failure_reason="Échec.")
    client = logged_in(world["users"]["contributor"])
    edit = client.get(reverse("videos:edit", args=[video.pk])).content.decode()
    retry_url = reverse("videos:retry", args=[video.pk])
    assert retry_url in edit and "Relancer le traitement" in edit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response["Location"] == reverse("videos:edit", args=[video.pk])
    (message,) = get_messages(response.wsgi_request)
    assert message.message == f"Le traitement de la vidéo «\u00a0{video.title}\u00a0» est relancé."
    video.refresh_from_db()
    assert video.status == ProcessingStatus.READY and video.failure_reason == ""
    # Nothing to relaunch now.
    again = client.post(retry_url)
    refusal = list(get_messages(again.wsgi_request))[-1]
    assert refusal.message.startswith("Le traitement de cette vidéo n'a pas échoué")
    assert retry_url not in client.get(reverse("videos:edit", args=[video.pk])).content.decode()


def test_only_those_who_may_edit_the_video_may_retry(world):
    video = _video(world, sample_video_bytes(), status=ProcessingStatus.FAILED)
    retry_url = reverse("videos:retry", args=[video.pk])
    assert logged_in(world["users"]["crisis"]).post(retry_url).status_code == 404
    assert logged_in(world["users"]["contributor"]).get(retry_url).status_code == 405
    video.refresh_from_db()
    assert video.status == ProcessingStatus.FAILED


def test_an_uploaded_video_is_processed_without_a_job_queue(
    world, clip, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_BACKEND = "none"
    client = logged_in(world["users"]["contributor"])
    upload_id = send_through_tus(client, clip, kind="video", name="allocution.mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("videos:add"),
            {
                "file": upload_id,
                "title": "Allocution",
                "ministry": world["own"].pk,
                "language": "fr",
                "rights_holder": "SIG",
                "licence": "etalab_2",
                "sharing": "private",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    video = Video.objects.get()
    assert video.status == ProcessingStatus.READY
    assert [r.height for r in video.renditions.all()] == [90]
    listing = client.get(reverse("videos:index")).content.decode()
    assert "Prête" in listing


@pytest.mark.skipif(
    not tasks.jobs.enabled(), reason="needs JOBS_BACKEND=procrastinate (PostgreSQL)"
)
def test_with_a_job_queue_the_processing_is_deferred_on_the_media_queue(world, clip):
    from procrastinate.contrib.django.models import ProcrastinateJob

    video = _video(world, clip, status=ProcessingStatus.FAILED)
    client = logged_in(world["users"]["contributor"])
    client.post(reverse("videos:retry", args=[video.pk]))
    client.post(reverse("videos:retry", args=[video.pk]))  # not failed any more: no second job
    (job,) = ProcrastinateJob.objects.filter(task_name="videos.process")
    assert (job.queue_name, job.args, job.status) == ("media", {"video": video.pk}, "todo")
    video.refresh_from_db()
    assert video.status == ProcessingStatus.WAITING
    # The worker's call.
    tasks.process_job(video=video.pk)
    video.refresh_from_db()
    assert video.status == ProcessingStatus.READY


def test_without_a_job_queue_the_request_does_not_wait_for_the_processing():
    """``in_background`` returns while the work is still running (a web request answers
    at once), then the work completes in its thread."""
    started, release, done = threading.Event(), threading.Event(), []

    def work(value):
        started.set()
        release.wait(timeout=30)
        done.append(value)

    thread = real_in_background(work, 7)
    assert started.wait(timeout=30)
    assert thread.is_alive() and done == []  # the caller got the thread back first
    release.set()
    thread.join(timeout=30)
    assert done == [7]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_job_queue_a_saved_video_is_processed_in_its_thread(
    world, clip, settings, monkeypatch, restored_after_flush
):
    """The quick start's way, for real: the thread starts after the commit, with a
    database connection of its own, and leaves the video ready."""
    settings.JOBS_BACKEND = "none"
    threads = []
    monkeypatch.setattr(
        tasks,
        "in_background",
        lambda function, *args: threads.append(real_in_background(function, *args)),
    )
    with transaction.atomic():
        video = _video(world, clip)
        tasks.start(video)
        assert threads == []  # not before the commit
    (thread,) = threads
    thread.join(timeout=120)
    assert not thread.is_alive()
    video.refresh_from_db()
    assert video.status == ProcessingStatus.READY
    assert video.renditions.count() == 1
