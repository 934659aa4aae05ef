"""The processing job of an uploaded video: poster, renditions, status (docs/videos.md,
"From upload to ready").

``start(video)`` is called once a video's original is stored (creation, or the
"Relancer le traitement" action): with a job queue (``JOBS_BACKEND=procrastinate``) it
defers ``videos.process`` on the ``media`` queue (retried on failure, one waiting job per
video); without one (SQLite quick start), it runs :func:`process` in a background thread of this
process once the transaction commits (:func:`in_background`): the request that saved the
video answers at once, as it would with a worker (issue 9: processing never blocks a web
request). The transcode itself runs in a child process at low priority in both cases.

:func:`process` moves the row ``waiting``/``failed`` → ``processing`` (progress written
every :data:`PROGRESS_STEP` %) → ``ready``, or ``failed`` with a French reason; the
original is always kept. A worker killed mid-job leaves the row ``processing`` and the
job ``doing``: the every-minute stalled-job retry (``cms.jobs.retry_stalled``) puts the job
back in the queue and it starts again from the beginning. An editor may also relaunch a
row once it is stale (:func:`is_stale`): the only way without a job queue.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

import procrastinate

from cms import jobs
from videos import processing
from videos.models import ProcessingStatus, Video, VideoRendition

logger = logging.getLogger(__name__)

#: Five attempts, waiting 2, 4, 8, 16 s: for a worker lost or a storage hiccup. A file
#: the probe refuses is not retried (it will not change).
RETRY = procrastinate.RetryStrategy(max_attempts=5, exponential_wait=2)
#: Progress is written to the row every this many percent (not at every frame).
PROGRESS_STEP = 5
#: A row "processing" whose last progress is older than this is taken for a job whose
#: worker died: editors may relaunch it. Progress is written at least every 5 % of the
#: transcode, which takes about the video's duration (docs/performance.md): 30 minutes
#: without progress means no worker.
STALE_AFTER = datetime.timedelta(minutes=30)


@jobs.app.task(name="videos.process", queue=jobs.MEDIA, retry=RETRY)
def process_job(video: int) -> None:
    process(video)


def start(video: Video) -> None:
    """Process ``video`` once the current transaction commits: a job on the ``media``
    queue, or in this process without a job queue."""
    if jobs.enabled():
        jobs.defer(process_job, video=video.pk)
    else:
        pk = video.pk
        transaction.on_commit(lambda: in_background(process, pk), robust=True)


def in_background(function: Callable[..., object], *args) -> threading.Thread:
    """Start ``function(*args)`` in a daemon thread of this process and return the thread
    at once; the thread's database connections are closed when it ends. An exception is
    logged (the row says "failed": :func:`process` records it first). Without a job queue
    only: a restart of the process loses the work, and the row, left "processing",
    becomes stale (:func:`is_stale`) and may be relaunched."""

    def run() -> None:
        try:
            function(*args)
        except Exception:
            logger.exception("Background processing failed: %s%r", function.__name__, args)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=f"videos-{function.__name__}", daemon=True)
    thread.start()
    return thread


def is_stale(video: Video, now: datetime.datetime | None = None) -> bool:
    """Whether ``video`` is "processing" with no progress for :data:`STALE_AFTER`."""
    now = now or timezone.now()
    return video.status == ProcessingStatus.PROCESSING and video.updated_at < now - STALE_AFTER


def may_retry(video: Video) -> bool:
    """Whether the processing of ``video`` may be relaunched: it failed, or it is stale."""
    return video.status == ProcessingStatus.FAILED or is_stale(video)


def retry(video: Video) -> None:
    """Put ``video`` back to "waiting" and start its processing again."""
    _update(video.pk, status=ProcessingStatus.WAITING, progress=0, failure_reason="")
    start(video)


def _update(pk: int, **fields) -> None:
    Video.objects.filter(pk=pk).update(updated_at=timezone.now(), **fields)


@contextmanager
def _local_copy(video: Video):
    """A local path of ``video``'s original: the storage's own, or a temporary copy."""
    try:
        yield Path(video.file.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="video-") as folder:
        path = Path(folder) / Path(video.file.name).name
        with video.file.open("rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


def process(video_id: int) -> str | None:
    """Process the video ``video_id``: probe, poster (if it has none), renditions at
    ``rendition_heights(display_height)``; returns its final status (``None`` when the
    video no longer exists). A ready video is left as it is.

    A file the probe refuses (``InvalidVideo``) ends "failed" with the probe's French
    message. Any other error (an interrupted subprocess, storage) also leaves the row
    "failed" with a French reason, then is raised again for the job queue to retry."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None or video.status == ProcessingStatus.READY:
        return video and video.status
    _update(video_id, status=ProcessingStatus.PROCESSING, progress=0, failure_reason="")
    try:
        with _local_copy(video) as path, tempfile.TemporaryDirectory(prefix="video-") as work:
            probed = processing.probe(path)
            if video.poster_id is None:
                _make_poster(video, path, probed, Path(work))
            heights = processing.rendition_heights(probed.display_height)
            outputs = {height: Path(work) / f"{height}.mp4" for height in heights}
            results = processing.transcode_in_subprocess(
                path, outputs, progress=_progress_writer(video_id), info=probed
            )
            _store_renditions(video, outputs, results)
    except processing.InvalidVideo as error:
        _update(video_id, status=ProcessingStatus.FAILED, failure_reason=error.message)
        return ProcessingStatus.FAILED
    except Exception as error:
        logger.exception("Processing of video %s failed", video_id)
        reason = getattr(error, "message", "") or _(
            "Erreur inattendue pendant le traitement\u00a0: relancez-le, ou signalez-le à "
            "l'équipe technique s'il échoue encore."
        )
        _update(video_id, status=ProcessingStatus.FAILED, failure_reason=str(reason))
        raise
    return ProcessingStatus.READY


def _progress_writer(video_id: int):
    written = 0

    def write(fraction: float) -> None:
        nonlocal written
        percent = min(int(fraction * 100), 99)  # 100 once the renditions are stored
        if percent >= written + PROGRESS_STEP:
            written = percent
            _update(video_id, progress=percent)

    return write


def _make_poster(video: Video, path: Path, probed: processing.ProbeResult, work: Path) -> None:
    """A Wagtail image of a frame of the video, in the video's collection, with its
    rights; set as its poster (the editor may replace it)."""
    jpeg = work / "poster.jpg"
    processing.extract_poster(path, jpeg, info=probed)
    with jpeg.open("rb") as file:
        image = get_image_model()(
            title=_("Affiche de la vidéo «\u00a0%(title)s\u00a0»") % {"title": video.title},
            description=_("Image extraite de la vidéo «\u00a0%(title)s\u00a0»")
            % {"title": video.title},
            credit=video.credits or video.rights_holder,
            licence=video.licence,
            licence_expires_at=video.rights_expire_on,
            collection=video.collection,
            file=File(file, name=f"affiche-{video.pk}.jpg"),
        )
        image.save()
    # Unless an editor chose one meanwhile.
    Video.objects.filter(pk=video.pk, poster__isnull=True).update(poster=image)


def _store_renditions(video: Video, outputs: dict[int, Path], results: dict) -> None:
    """Replace the video's renditions and mark it ready, in one transaction: the jobs the
    renditions' saves schedule (the publication pipeline's) run once the video is ready."""
    with transaction.atomic():
        for rendition in VideoRendition.objects.filter(video=video):
            rendition.delete()  # its file goes after the commit (signal handler)
        for height, path in outputs.items():
            result = results[height]
            with path.open("rb") as file:
                VideoRendition.objects.create(
                    video=video,
                    height=height,
                    width=result.width,
                    file_size=result.size,
                    file=File(file, name=f"{video.pk}-{height}p.mp4"),
                )
        _update(video.pk, status=ProcessingStatus.READY, progress=100)


@jobs.app.periodic(cron="15 6 * * *", periodic_id="notify_video_rights")
@jobs.app.task(name="videos.notify_rights", queue=jobs.MEDIA, queueing_lock="videos.notify_rights")
def notify_rights(timestamp: int) -> None:
    """Every day at 06:15 UTC (``timestamp``: that minute): the rights expiry notices
    (``videos.rights.notify_expiring``; once per video and date, so a second run the same
    day sends nothing). Without a job queue, cron runs ``manage.py notify_video_rights``."""
    from videos import rights

    sent = rights.notify_expiring()
    if sent:
        logger.info("Rights expiry notices: %d videos announced", sent)
