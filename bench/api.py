"""Hand-run benchmark: the public API at 100,000 items, beside the ceiling and stock Wagtail.

    createdb bench_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api .venv/bin/python \\
        bench/api.py [--items 100000] [--duration 10] [--connections 8]

On the PostgreSQL database of ``DATABASE_URL`` (migrated here), with the production
settings plus the stock APIs (``settings/bench.py``, ``bench/urls.py``):

1. ``seed_bench`` creates the news items if fewer are there (bulk inserts, the reference
   index included), then ``rebuild_delivery`` fills the store (timed: items/s; skipped
   with ``--skip-rebuild`` when the store already holds them).
2. gunicorn serves the app (2 workers, ``DEBUG=False``, ``DATABASE_CONN_MAX_AGE``) and
   ``wrk`` loads it at 8 connections, each URL rotating over 500 items, for: listing,
   listing by ministry, listing by topic, detail, path lookup — each measured right
   after the ceiling (a trivial JSON view of the same app and server), then ours, then
   Wagtail's API v2 and the v3 preview over the same pages. Printed: requests/s, p50
   and p99, and our share of the ceiling's throughput.
   Before that, each row's µs per request in this process (the WSGI application called
   as gunicorn calls it, ``--requests`` per row; the listings also with their cache of
   rendered pages off).
3. With a Procrastinate worker (``manage.py procrastinate worker --queues publication``,
   the production command, started after the render jobs seeding left are dropped: the
   store was rebuilt since), items are published (now, and scheduled 5 s ahead) and the
   API is polled every 10 ms: the delay between the go-live and the first 200 is
   printed. They are unpublished at the end (the store keeps their tombstones). Then
   crisis alerts are published the same way, ``/api/v1/crisis-alert/`` polled until it
   shows each, then unpublished, polled until it no longer does.

The load average is printed before and after: on a shared machine, compare the ratios
to the ceiling, not the absolute figures.
"""

# ruff: noqa: T201 (a hand-run script: it prints its figures)

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 500
#: ``wrk`` latency units, in milliseconds.
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
LIMIT = 20


def environment(url: str) -> dict:
    """The production configuration, with the stock APIs mounted (bench settings)."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "settings.bench",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "JOBS_BACKEND": "procrastinate",
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="gouvernail-bench-static-"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="news items (seed_bench)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--publications", type=int, default=3, help="go-lives timed, per way")
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="the reference index and store are ready"
    )
    parser.add_argument(
        "--requests", type=int, default=2000, help="requests per row, in process (0: none)"
    )
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed (apt-get install wrk).")
    os.environ.update(environment(url))
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    print(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    print(f"Load average before: {load()}")
    prepare(options.items, options.skip_rebuild)
    from cms.delivery.models import Document
    from cms.demo.bench import bench_items

    print(
        f"{bench_items().count()} bench items; the store holds "
        f"{Document.objects.filter(kind='news').count()} news documents"
    )
    samples = Samples()
    print_in_process(samples.rows(), options.requests)
    with server() as base:
        rows = [measure(base, row, options) for row in samples.rows()]
        print_table(rows)
        with worker():
            publication_delays(base, options.publications)
            crisis_alert_delays(base, options.publications)
    print(f"Load average after: {load()}")


def load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def manage(*arguments: str) -> str:
    """Run ``manage.py`` in a subprocess with this environment; its standard output."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def prepare(items: int, skip_rebuild: bool) -> None:
    """Migrate, seed, rebuild the store (:func:`rebuild`), refresh its statistics."""
    from django.db import connection

    from cms.demo.bench import bench_items

    manage("migrate", "--no-input")
    present = bench_items().count()
    if present < items:
        started = time.monotonic()
        print(manage("seed_bench", "--items", str(items - present), "--verbosity", "0").strip())
        print(f"seed_bench: {time.monotonic() - started:.0f} s")
    if not skip_rebuild:
        rebuild()
    # Fresh statistics of the store, as autovacuum would gather after a rebuild: with the
    # empty tables' statistics, the planner walks the whole listing index for a filter.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE delivery_document, delivery_facet")


def rebuild() -> None:
    """Enter the bench items in the reference index if missing, then ``rebuild_delivery``."""
    from wagtail.models import ReferenceIndex

    from cms.demo.bench import bench_items, index_references
    from news.models import MinistryNewsPage, NewsPage

    # Databases seeded before seed_bench filled the reference index.
    ministry_items = MinistryNewsPage.objects.filter(pk__in=bench_items().values("pk"))
    first = ministry_items.order_by("pk").first()
    if first is not None and not ReferenceIndex.objects.filter(object_id=str(first.pk)).exists():
        started = time.monotonic()
        government = bench_items().filter(ministrynewspage__isnull=True)
        for model, rows in ((NewsPage, government), (MinistryNewsPage, ministry_items)):
            ids = list(rows.values_list("pk", flat=True))
            for start in range(0, len(ids), 2000):
                index_references(model, ids[start : start + 2000])
        print(f"Reference index of the bench items: {time.monotonic() - started:.0f} s")
    print(f"Load average before rebuild_delivery: {load()}")
    print(manage("rebuild_delivery").strip())
    print(f"Load average after rebuild_delivery: {load()}")


class Samples:
    """The URLs measured: the same items and ministry for each API."""

    def __init__(self):
        from django.db.models import Count

        from cms.delivery.models import Document, Facet, Kind, State
        from cms.organisations.models import Ministry, Topic

        documents = Document.objects.filter(kind=Kind.NEWS, state=State.PUBLIC).order_by("?")
        picked = list(documents.values_list("public_id", "path")[:SAMPLE])
        if len(picked) < SAMPLE:
            sys.exit("The delivery store is (nearly) empty: run without --skip-rebuild.")
        self.ids = [int(public_id) for public_id, _ in picked]
        self.paths = [path for _, path in picked]
        # The ministry with the most items.
        ministries = Facet.objects.filter(name="ministry").values("value")
        ministry = ministries.annotate(items=Count("id")).order_by("-items")[0]["value"]
        self.ministry_key = ministry
        self.ministry_pk = Ministry.objects.filter(translation_key=ministry).first().pk
        topic = Topic.objects.first()
        # seed_bench gives its items no topic: the topic filter then answers an empty page.
        self.topic_key = (
            str(topic.translation_key) if topic else "00000000-0000-4000-8000-000000000000"
        )

    def rows(self) -> list[dict]:
        v2_fields = "fields=kind,chapo,ministry_links,topic_links"
        order = "order=-first_published_at"
        return [
            {
                "name": "Listing (20)",
                "ours": ["/api/v1/news/"],
                "v2": [f"/api/v2/pages/?type=news.NewsPage&{v2_fields}&{order}&limit={LIMIT}"],
                "v3": [f"/api/v3/pages/?type=news.NewsPage&{order}&limit={LIMIT}"],
            },
            {
                "name": "Listing by ministry",
                "ours": [f"/api/v1/news/?ministry={self.ministry_key}"],
                "v2": [
                    f"/api/v2/pages/?type=news.MinistryNewsPage&ministry={self.ministry_pk}"
                    f"&{v2_fields}&{order}&limit={LIMIT}"
                ],
                "v3": [
                    f"/api/v3/pages/?type=news.MinistryNewsPage&ministry={self.ministry_pk}"
                    f"&{order}&limit={LIMIT}"
                ],
            },
            {
                # Topics are an orderable of the page: neither stock API filters by them.
                "name": "Listing by topic",
                "ours": [f"/api/v1/news/?topic={self.topic_key}"],
            },
            {
                "name": "Detail",
                "ours": [f"/api/v1/news/{pk}/" for pk in self.ids],
                "v2": [f"/api/v2/pages/{pk}/" for pk in self.ids],
                "v3": [f"/api/v3/pages/{pk}/" for pk in self.ids],
            },
            {
                # The stock APIs answer a path with a 302 to the detail: timed as answered.
                "name": "Path lookup",
                "ours": [f"/api/v1/pages/?path={path}" for path in self.paths],
                "v2": [f"/api/v2/pages/find/?html_path={path}" for path in self.paths],
                "v3": [f"/api/v3/pages/find/?html_path={path}" for path in self.paths],
            },
        ]


def in_process(paths: list[str], count: int) -> tuple[float, float]:
    """Microseconds per request of ``count`` GETs of ``paths`` in turn, through the WSGI
    application called in this process as gunicorn calls it: elapsed (the database's
    time included) and this process's CPU time (the database's excluded: steadier on a
    loaded machine). The first pass over ``paths`` is a warm-up, not counted."""
    import io

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def get(target: str) -> None:
        path, _, query = target.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        response = application(environ, lambda status, headers, exc_info=None: None)
        b"".join(response)
        response.close()

    for target in paths:
        get(target)
    started, cpu = time.perf_counter(), time.process_time()
    for number in range(count):
        get(paths[number % len(paths)])
    return (
        (time.perf_counter() - started) / count * 1e6,
        (time.process_time() - cpu) / count * 1e6,
    )


def print_in_process(rows: list[dict], count: int) -> None:
    """Our µs per request for each row, and the ceiling's, in this process; the listings
    also with their cache of rendered pages off (``API_LISTING_CACHE_SIZE=0``)."""
    from django.test import override_settings

    if not count:
        return
    print(f"In process, µs per request ({count} requests per row; load {load()}):")
    print(f"  {'':22}{'elapsed':>8}{'CPU':>8}{'its cache off':>24}")

    def figures(paths: list[str]) -> str:
        return "".join(f"{figure:>8.0f}" for figure in in_process(paths, count))

    print(f"  {'Ceiling':22}{figures(['/bench/ceiling/'])}")
    for row in rows:
        line = f"  {row['name']:22}{figures(row['ours'])}"
        if row["name"].startswith("Listing"):
            with override_settings(API_LISTING_CACHE_SIZE=0):
                line += f"{figures(row['ours']):>24}"
        print(line)
    print()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def server():
    """gunicorn, 2 workers, on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cms.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/bench/ceiling/", timeout=5).read()  # noqa: S310
                break
            time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start.")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


#: Publication jobs a rebuild of the store makes redundant (they render again what it
#: rendered).
REDUNDANT_JOBS = ("publishing.sync_document", "publishing.sync_dependents")


@contextlib.contextmanager
def worker():
    """A Procrastinate worker on the publication queue, as in production, started on an
    empty queue (:func:`drop_backlog`)."""
    dropped = drop_backlog()
    if dropped:
        print(f"Publication jobs left by the seeding, dropped before the worker: {dropped}")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "publication"],
        cwd=ROOT,
    )
    try:
        time.sleep(3)  # its connection and first poll
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def drop_backlog() -> int:
    """Delete the due render jobs still queued (:data:`REDUNDANT_JOBS`; those a killed
    worker had taken too); how many. Seeding saves ministries and topics, whose
    dependents jobs each render again every page showing them: hours of work at
    100,000 items, which the go-lives timed would wait behind (a backlog production
    drains once). The store has been rebuilt since, so they would only redo it; jobs
    due later (expiries, scheduled go-lives) are kept."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE task_name = ANY(%s)"
            " AND status IN ('todo', 'doing') AND (scheduled_at IS NULL OR scheduled_at <= now())",
            [list(REDUNDANT_JOBS)],
        )
        return cursor.rowcount


def wrk(base: str, paths: list[str], options) -> dict:
    """Requests/s, p50 and p99 (ms), and answers other than 2xx/3xx, of ``paths`` in turn."""
    script = (
        "paths = {"
        + ",".join(f'"{p}"' for p in paths)
        + "}\n"
        + (
            "counter = 0\n"
            "request = function()\n"
            "  counter = counter + 1\n"
            '  return wrk.format("GET", paths[(counter % #paths) + 1])\n'
            "end\n"
        )
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    command = ["wrk", "-t2", f"-c{options.connections}", "--timeout", "10s", "-s", file.name]
    # Warm-up: the workers' connections, caches and first requests; then the requests
    # still queued at the server are let through before the measure starts.
    subprocess.run([*command, "-d2s", base], capture_output=True, check=True)  # noqa: S603
    for _ in range(3):
        urllib.request.urlopen(f"{base}/bench/ceiling/", timeout=60).read()  # noqa: S310
    output = subprocess.run(  # noqa: S603
        [*command, f"-d{options.duration}s", "--latency", base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(file.name)
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for name, percentile in (("p50", "50%"), ("p99", "99%")):
        value, unit = re.search(rf"\s{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
        figures[name] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["errors"] = int(errors.group(1)) if errors else 0
    return figures


def measure(base: str, row: dict, options) -> dict:
    """The ceiling, then ours, then the stock APIs, for one row."""
    figures = {"name": row["name"], "ceiling": wrk(base, ["/bench/ceiling/"], options)}
    for api in ("ours", "v2", "v3"):
        if api in row:
            figures[api] = wrk(base, row[api], options)
    print(f"  measured: {row['name']} (load {load()})", file=sys.stderr)
    return figures


def cell(figure: dict | None) -> str:
    if figure is None:
        return f"{'n/a':>24}"
    errors = f" !{figure['errors']}" if figure["errors"] else ""
    return f"{figure['rps']:>7.0f} {figure['p50']:>6.1f} {figure['p99']:>7.1f}{errors:>3}"


def print_table(rows: list[dict]) -> None:
    print()
    print("requests/s, p50 ms, p99 ms; share = ours / ceiling (same row, same server)")
    header = f"{'':22}{'ceiling':>24}{'ours':>24}{'share':>7}{'stock v2':>24}{'v3 preview':>24}"
    print(header)
    for row in rows:
        share = row["ours"]["rps"] / row["ceiling"]["rps"]
        print(
            f"{row['name']:22}{cell(row['ceiling'])}{cell(row['ours'])}{share:>7.0%}"
            f"{cell(row.get('v2'))}{cell(row.get('v3'))}"
        )
    print()


def publication_delays(base: str, count: int) -> None:
    """Seconds from go-live to the first 200 of the item's detail, published now and
    scheduled 5 s ahead (the go-live job, then the sync job, both run by the worker)."""
    from django.utils import timezone

    from cms.delivery.models import Document
    from cms.demo.bench import bench_items

    stored = Document.objects.filter(kind="news").values("public_id")
    drafts = bench_items().filter(
        live=False, go_live_at__isnull=True, expire_at__isnull=True, embargo_until__isnull=True
    )
    unstored = drafts.exclude(pk__in=[int(row["public_id"]) for row in stored])
    # The first is a warm-up (the worker's first job), not counted.
    pages = [page.specific for page in unstored[: 2 * count + 1]]
    if len(pages) < 2 * count + 1:
        sys.exit("Not enough unpublished bench drafts left: seed a fresh database.")
    delays = {"now": [], "scheduled": []}
    try:
        for number, page in enumerate(pages):
            way = "now" if number <= count else "scheduled"
            if way == "scheduled":
                page.go_live_at = timezone.now() + datetime.timedelta(seconds=5)
            page.save_revision().publish()
            live_at = page.go_live_at if way == "scheduled" else timezone.now()
            delays[way].append(poll(f"{base}/api/v1/news/{page.pk}/", live_at))
    finally:
        for page in pages:
            page.refresh_from_db()
            if page.live:
                page.unpublish()
    delays["now"].pop(0)
    for way, figures in delays.items():
        shown = ", ".join(f"{figure:.2f}" for figure in figures)
        print(f"Publication ({way}) visible through the API after (s): {shown}")


def crisis_alert_delays(base: str, count: int) -> None:
    """Seconds from a crisis alert's publication (the end of ``publish()``, as the
    editorial side does it: a revision published) to the first answer of
    ``/api/v1/crisis-alert/`` showing it, then from its unpublication to the first answer
    without it (the store keeps its tombstone). The first alert warms up, not counted."""
    from django.utils import timezone

    from cms.crisis.models import CrisisAlert

    url = f"{base}/api/v1/crisis-alert/"
    shown, ended, alerts = [], [], []
    try:
        for number in range(count + 1):
            alert = CrisisAlert(
                title=f"Alerte de banc d'essai {number}",
                level=CrisisAlert.Level.ALERT,
                message="Mesure du délai de publication.",
                live=False,
            )
            alert.save()
            alerts.append(alert)
            alert.save_revision().publish()
            shown.append(poll(url, timezone.now(), lambda body, pk=alert.pk: shows(body, pk)))
            alert.refresh_from_db()
            alert.unpublish()
            ended.append(poll(url, timezone.now(), lambda body, pk=alert.pk: not shows(body, pk)))
    finally:
        for alert in alerts:
            alert.refresh_from_db()
            if alert.live:
                alert.unpublish()
    shown.pop(0)
    ended.pop(0)
    print(
        "Crisis alert visible through the API after (s): "
        + ", ".join(f"{figure:.2f}" for figure in shown)
    )
    print(
        "Crisis alert ended, gone from the API after (s): "
        + ", ".join(f"{figure:.2f}" for figure in ended)
    )


def shows(body: bytes, pk: int) -> bool:
    """Whether a crisis alert answer shows the alert ``pk``."""
    alert = json.loads(body)["alert"]
    return alert is not None and alert["id"] == pk


def poll(url: str, live_at: datetime.datetime, accept=None, limit: float = 30.0) -> float:
    """Poll ``url`` every 10 ms until it answers 200 (with a body ``accept`` accepts, if
    given); seconds since ``live_at``."""
    from django.utils import timezone

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200 and (accept is None or accept(response.read())):
                    return (timezone.now() - live_at).total_seconds()
        except urllib.error.HTTPError:
            pass
        time.sleep(0.01)
    return float("inf")


if __name__ == "__main__":
    main()
