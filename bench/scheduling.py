"""Hand-run benchmark: how late after their instant do scheduled items go live? PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sched_bench .venv/bin/python \\
        bench/scheduling.py [--items 50] [--workers 1] [--concurrency N] [--ahead S]

Migrates the database, starts ``--workers`` production workers (``manage.py procrastinate
worker --queues publication,indexing``) and waits until they are up, schedules ``--items`` news
items through Wagtail for one instant ``--ahead`` seconds later (by default, time enough
to schedule them all), then watches their ``live`` flags every 10 ms and prints the delay
from the instant to each flag flipping (p50, p95, max). The goal: all public within 5
seconds, none before the instant. The items are deleted at the end.
"""

# ruff: noqa: T201 (a hand-run script: it prints its figures)

import argparse
import datetime
import logging
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.01


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50, help="items scheduled for the instant")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--concurrency", type=int, help="jobs at once per worker (settings)")
    parser.add_argument("--ahead", type=float, help="seconds until the instant")
    options = parser.parse_args()
    ahead = options.ahead or max(5.0, 0.4 * options.items)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (Procrastinate needs PostgreSQL).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    os.environ["JOBS_BACKEND"] = "procrastinate"
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))

    import django

    for name in ("wagtail", "procrastinate"):
        logging.getLogger(name).setLevel(logging.WARNING)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    since = timezone.now()
    command = [
        sys.executable,
        "manage.py",
        "procrastinate",
        "worker",
        "--queues",
        "publication,indexing",
    ]
    if options.concurrency:
        command += ["--concurrency", str(options.concurrency)]
    workers = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        for _ in range(options.workers)
    ]
    try:
        wait_for_workers(options.workers, since)
        concurrency = options.concurrency or settings.PROCRASTINATE_WORKER_DEFAULTS["concurrency"]
        run(options.items, ahead, f"{options.workers} × concurrency {concurrency}")
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)


def wait_for_workers(count: int, since: datetime.datetime) -> None:
    """Until ``count`` workers have registered since ``since`` (once started), at most 60 s."""
    from procrastinate.contrib.django.models import ProcrastinateWorker

    deadline = time.monotonic() + 60
    while ProcrastinateWorker.objects.filter(last_heartbeat__gte=since).count() < count:
        if time.monotonic() > deadline:
            sys.exit("The workers did not start within 60 s.")
        time.sleep(0.1)


def run(count: int, ahead: float, workers: str) -> None:
    from django.utils import timezone

    from wagtail.models import Locale

    from home.models import HomePage
    from news.models import NewsIndexPage, NewsPage

    home = HomePage.objects.get(locale=Locale.get_default())
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))

    started = timezone.now()
    instant = started + datetime.timedelta(seconds=ahead)
    batch = uuid.uuid4().hex[:8]
    ids = []
    for number in range(count):
        page = NewsPage(
            title=f"Banc d'essai {batch} n° {number}",
            slug=f"banc-{batch}-{number}",
            kind="actualite",
            chapo="Mesure de la ponctualité de la mise en ligne.",
            live=False,
        )
        index.add_child(instance=page)
        page.go_live_at = instant
        page.save_revision().publish()
        ids.append(page.pk)
    scheduling = (timezone.now() - started).total_seconds()
    if timezone.now() >= instant:
        sys.exit(f"Scheduling took {scheduling:.1f} s, past the instant: raise --ahead.")

    seen: dict[int, float] = {}
    deadline = time.monotonic() + ahead + 60
    while len(seen) < count and time.monotonic() < deadline:
        live = NewsPage.objects.filter(pk__in=ids, live=True).values_list("pk", flat=True)
        moment = timezone.now()
        for pk in set(live) - set(seen):
            seen[pk] = (moment - instant).total_seconds()
        time.sleep(POLL_SECONDS)

    published_at = NewsPage.objects.filter(pk__in=ids).values_list("last_published_at", flat=True)
    early = sum(1 for delay in seen.values() if delay < 0)
    early += sum(1 for moment in published_at if moment is not None and moment < instant)
    delays = sorted(seen.values())
    print(f"Items: {count} scheduled in {scheduling:.1f} s; workers: {workers}")
    print(f"Live: {len(delays)}/{count} within {ahead + 60:.0f} s; before the instant: {early}")
    if delays:
        p95 = delays[max(0, round(0.95 * len(delays)) - 1)]
        print(
            f"Delay after the instant: p50 {statistics.median(delays):.2f} s, "
            f"p95 {p95:.2f} s, max {delays[-1]:.2f} s"
        )
    for page in NewsPage.objects.filter(pk__in=ids):
        page.delete()


if __name__ == "__main__":
    main()
