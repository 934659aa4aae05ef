"""Issue 9: "A worker killed mid-job leaves the video in a state that can be retried."

For real, on PostgreSQL: a ``manage.py procrastinate worker --queues media`` process is
started on the test database, takes the processing job of a 20-second 720p video, and is
killed (SIGKILL) once the row shows progress. The row stays ``processing``, the original
intact, no rendition exists, the transcode child dies with the worker's fork server, and
the job stays ``doing``. A minute later, the every-minute stalled-job retry
(``cms.jobs.retry_stalled``), run by a second worker, puts it back in the queue, and that
worker takes it to the end.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection

import pytest
from asgiref.sync import async_to_sync

from cms import jobs
from tests.factories import MinistryFactory
from tests.factories.videos import VideoFactory
from tests.videos.samples import make_video
from videos import tasks
from videos.models import ProcessingStatus, Video, VideoRendition
from videos.models.related import RENDITIONS_FOLDER

pytestmark = [
    pytest.mark.skipif(
        not jobs.enabled(),
        reason="needs JOBS_BACKEND=procrastinate (PostgreSQL): a real worker takes the job",
    ),
    # The worker is another process: it only sees committed rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: Upper bounds of the waits (seconds): generous for a busy machine; each wait ends as
#: soon as its condition holds.
WORKER_TAKES_JOB = 90
PROCESSES_GONE = 10
WORKER_FINISHES = 120
#: Between two looks at the database or at /proc.
POLL = 0.05


@pytest.fixture
def worker_tmp():
    """The workers' ``TMPDIR``, where the test can look at a job's temporary folder. Short
    (in the system's temporary folder, not ``tmp_path``): the fork server's socket goes
    there, and a Unix socket's path is limited to 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="gv-worker-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def workers(tmp_path, settings, worker_tmp):
    """Start real workers on the test database and this test's ``MEDIA_ROOT`` (a folder
    of ``tmp_path``); each is killed (if still running) and reaped at the end of the
    test, whatever happened. Their output goes to ``tmp_path/worker-N.log``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    started: list[subprocess.Popen] = []
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "settings.test"),
        "DATABASE_URL": (
            f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}"
            f"@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "JOBS_BACKEND": "procrastinate",
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TMPDIR": str(worker_tmp),
    }

    def start(*options: str, queues: str = "media") -> subprocess.Popen:
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
                [sys.executable, "manage.py", "procrastinate", "worker", "--queues", queues]
                + list(options),
                cwd=django_settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        process.log = log
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    with connection.cursor() as cursor:  # Procrastinate's tables are not flushed
        cursor.execute("DELETE FROM procrastinate_periodic_defers")
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")


def _output(worker: subprocess.Popen) -> str:
    return worker.log.read_text(errors="replace")[-3000:]


def _wait_for(condition, timeout: float, worker: subprocess.Popen | None = None):
    """Look at ``condition()`` every ``POLL`` seconds until it is true (its value is
    returned) or ``timeout`` seconds pass (the test fails); a worker that exits meanwhile
    fails the test with its output."""
    deadline = time.monotonic() + timeout
    while (value := condition()) is None or value is False:
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"The worker exited ({worker.returncode}):\n{_output(worker)}")
        if time.monotonic() > deadline:
            pytest.fail(f"Still waiting after {timeout} s" + (worker and f":\n{_output(worker)}"))
        time.sleep(POLL)
    return value


def _stat(pid: int) -> tuple[str, int, int] | None:
    """State, parent id and start time (clock ticks after boot) of process ``pid``, from
    ``/proc/<pid>/stat`` (Linux); ``None`` if there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), int(fields[19])


def _children(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[1] == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _transcode_children(worker: subprocess.Popen) -> tuple[int, list[int]]:
    """The worker's fork server and its children (the transcode: ``lowpriority``)."""
    (server,) = (pid for pid in _children(worker.pid) if "forkserver" in _cmdline(pid))
    return server, _children(server)


def _running(pid: int, started_at: int) -> bool:
    """Whether the process ``pid`` that started at ``started_at`` still runs. A zombie has
    stopped running: only its exit status waits for the container's PID 1 to reap it."""
    stat = _stat(pid)
    return stat is not None and stat[2] == started_at and stat[0] != "Z"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _job():
    from procrastinate.contrib.django.models import ProcrastinateJob

    return ProcrastinateJob.objects.filter(task_name="videos.process").first()


def test_a_worker_killed_mid_transcode_leaves_a_video_that_is_processed_again(
    tmp_path, settings, worker_tmp, workers, restored_after_flush
):
    # 20 s of 1280×720: two renditions (360p, 720p), a transcode of about 3 s on an idle
    # machine (progress written every 5 %, about every 0.15 s; looked at every 0.05 s).
    original = make_video(tmp_path / "discours.mp4", seconds=20, width=1280, height=720)
    video = VideoFactory(
        ministry=MinistryFactory(),
        file=ContentFile(original.read_bytes(), name="discours.mp4"),
        file_size=original.stat().st_size,
    )
    stored = Path(video.file.path)
    digest = _sha256(stored)
    tasks.start(video)
    job = _job()
    assert (job.queue_name, job.args, job.status) == ("media", {"video": video.pk}, "todo")

    worker = workers()

    def transcoding():
        status, progress = Video.objects.values_list("status", "progress").get(pk=video.pk)
        if status == ProcessingStatus.FAILED:
            pytest.fail(f"The processing failed:\n{_output(worker)}")
        return status == ProcessingStatus.PROCESSING and progress > 0

    _wait_for(transcoding, WORKER_TAKES_JOB, worker)
    server, children = _transcode_children(worker)
    assert len(children) == 1, children  # the transcode, at low priority
    (child,) = children
    processes = {pid: _stat(pid)[2] for pid in (server, child)}
    assert os.getpriority(os.PRIO_PROCESS, child) >= 15

    worker.send_signal(signal.SIGKILL)
    assert worker.wait(timeout=PROCESSES_GONE) == -signal.SIGKILL

    # The fork server exits with the worker, the transcode with the fork server.
    _wait_for(
        lambda: not any(_running(pid, start) for pid, start in processes.items()),
        PROCESSES_GONE,
    )
    video.refresh_from_db()
    assert video.status == ProcessingStatus.PROCESSING
    assert 0 < video.progress < 100
    assert not VideoRendition.objects.filter(video=video).exists()
    assert _sha256(stored) == digest and stored.stat().st_size == original.stat().st_size
    renditions = Path(settings.MEDIA_ROOT) / RENDITIONS_FOLDER
    assert not renditions.exists() or list(renditions.iterdir()) == []
    # The killed job's work folder (left behind) holds the poster and, at most, unfinished
    # outputs: the child, killed or finding its pipe broken, deletes them if it can.
    (work,) = worker_tmp.glob("video-*")
    names = {path.name for path in work.iterdir()}
    assert "poster.jpg" in names
    assert names <= {"poster.jpg", "360.mp4.part", "720.mp4.part"}, names
    # The job is left "doing" by a worker that sends no heartbeat any more…
    assert _job().status == "doing"
    # …which is not taken for dead before JOBS_STALLED_AFTER (30 s)…
    assert async_to_sync(jobs.retry_stalled_jobs)() == []
    # A minute later (time travel: its last heartbeat moved back), the every-minute retry,
    # run by a worker of the publication queue, puts it back in the queue, and the worker
    # takes it (one job at a time: the retry first, then the jobs waiting; then it exits).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = last_heartbeat - interval '1 min'"
        )
    jobs.defer(jobs.retry_stalled, timestamp=0)
    again = workers("--one-shot", "--concurrency", "1", queues="publication,media")
    assert again.wait(timeout=WORKER_FINISHES) == 0, _output(again)
    assert f"Job {job.id} (videos.process) of a stalled worker put back" in _output(again)
    video.refresh_from_db()
    assert (video.status, video.progress, video.failure_reason) == ("ready", 100, "")
    assert sorted(VideoRendition.objects.filter(video=video).values_list("height", flat=True)) == [
        360,
        720,
    ]
    assert all(Path(rendition.file.path).is_file() for rendition in video.renditions.all())
    assert _sha256(stored) == digest
    assert _job() is None  # succeeded (successful jobs are deleted)
