"""Hand-run benchmark: the public search beside Wagtail's stock database search backend.

    createdb bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search .venv/bin/python \\
        bench/search.py [--items 10000,100000] [--duration 10] [--connections 8]

On the PostgreSQL database of ``DATABASE_URL`` (migrated here), with the production
settings plus the benchmark's views (``settings/bench.py``, ``bench/urls.py``), for each
size of ``--items`` in turn (the database seeded up to it):

1. ``seed_bench`` creates the news items if fewer are there; each bench item's chapô is
   then given the benchmark's words (an ``UPDATE`` of the page rows, once per item: see
   :func:`give_words`), and ``rebuild_delivery`` renders them into the store, which
   feeds our index through the pipeline (the real path, about 66 items/s: 25 minutes at
   100,000 items; ``--skip-rebuild`` when the store already holds them; ``--prepare-only``
   to seed and rebuild in the background and measure later). The items are
   the same pages for both searches. Then, timed: ``reindex --backend database`` (ours,
   items/s; then ``VACUUM ANALYZE`` of its table, as autovacuum would) and Wagtail's
   ``update_index`` (every indexed model: the bench items are
   nearly all of them; news pages/s).
2. gunicorn serves the app (2 workers, ``DEBUG=False``) and ``wrk`` loads it at 8
   connections, for four queries through ``/api/v1/search/`` — a rare word (rotating
   over five words each in about 0.1 % of the items), three words (each in a third to a
   fifth of the items), a common word (in 90 % of them), and that word filtered on the
   ministry with the most items (every answer carries the facets) — and the same words
   through ``/bench/stock-search/`` (Wagtail's ``get_search_backend().search(q,
   NewsPage)``, first 20 results, stock, no boosts; it has no ministry filter: the
   faceted row's stock figure is the common word's alone). Ours are measured first, then
   stock's (requests of a stock search still queued when its measure ends would run
   during the next one). Printed: requests/s, p50 and p99 side by side, with the
   issue's targets.
3. With a Procrastinate worker (``manage.py procrastinate worker --queues publication``,
   as ``bench/api.py``: the real pipeline, go-live then sync; the render jobs seeding
   left are dropped first, as the store was rebuilt since), a bench draft is given a
   unique word and published; ``/api/v1/search/?q=<word>`` is polled every 10 ms until
   it finds it: the delay since the end of ``publish()`` is printed. The item is
   unpublished at the end.

The load average is printed before and after: figures from a loaded machine are not a
measurement. Targets (issue 10, at 100,000 items): p99 ≤ 50 ms for the rare and
three-word queries, ≤ 150 ms for the common and faceted ones; ``reindex`` ≥ 2,000
items/s; findable ≤ 2 s after go-live.
"""

# ruff: noqa: T201 (a hand-run script: it prints its figures)

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import shutil
import string
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path, where this module would
# hide the ``search`` app: the project's root replaces it.
sys.path = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]

from bench.api import environment, load, manage, poll, server, worker, wrk  # noqa: E402

#: Words each in about 0.1 % of the items (item ``n`` has ``RARE[i]`` when
#: ``n % 1000 == 100 * i + 7``).
RARE = ["azurite", "bergamote", "cormoran", "dolmen", "escarbille"]
#: In 90 % of the items (those whose number does not end with 0).
COMMON = "mesure"
#: Each in a third, a quarter, a fifth of the items (all three: one in 60).
THREE = "plan énergie territoires"
#: The marker of a chapô already given the benchmark's words.
MARKER = "Banc de recherche"
#: p99 targets in ms, per query (issue 10).
TARGETS = {"Rare word": 50, "Three words": 50, "Common word": 150, "Faceted": 150}
REINDEX_TARGET = 2000
FINDABLE_TARGET = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items", default="10000,100000", help="sizes, comma-separated, run in turn"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per measure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--publications", type=int, default=2, help="go-lives timed, per size")
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="the store already holds the bench items"
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="seed and rebuild up to the largest size, measure nothing (25 min at 100,000)",
    )
    options = parser.parse_args()
    sizes = [int(size) for size in options.items.split(",")]
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed (apt-get install wrk).")
    os.environ.update(environment(url))
    os.chdir(ROOT)
    import django

    django.setup()
    print(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    print(f"Load average before: {load()}")
    manage("migrate", "--no-input")
    if options.prepare_only:
        prepare(max(sizes), options.skip_rebuild)
        return
    for size in sizes:
        print(f"\n== {size} items ==")
        prepare(size, options.skip_rebuild)
        index_rates()
        with server() as base:
            print_table(measure(base, rows(), options))
            with worker():
                findable_delays(base, options.publications)
    print(f"\nLoad average after: {load()}")


def give_words() -> int:
    """Give each bench item's chapô the benchmark's words, once (the chapô is indexed by
    both searches: weight B in ours, a ``SearchField`` of ``NewsPage`` in Wagtail's);
    how many items were given them."""
    from django.db import connection

    cases = " || ".join(
        f"CASE WHEN n % 1000 = {100 * i + 7} THEN ' {word}' ELSE '' END"
        for i, word in enumerate(RARE)
    )
    plan, energy, territories = THREE.split()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE news_newspage AS news SET chapo = text FROM (
                SELECT page.id, '{MARKER} : le gouvernement annonce'
                    || CASE WHEN n % 10 <> 0 THEN ' une {COMMON}' ELSE '' END
                    || CASE WHEN n % 3 = 0 THEN ' un {plan}' ELSE '' END
                    || CASE WHEN n % 4 = 0 THEN ' pour l''{energy}' ELSE '' END
                    || CASE WHEN n % 5 = 0 THEN ' dans les {territories}' ELSE '' END
                    || {cases} || ' (n° ' || n || ').' AS text
                FROM (
                    SELECT id, substring(slug FROM 6)::int AS n FROM wagtailcore_page
                    WHERE slug ~ '^banc-[0-9]+$'
                ) AS page
            ) AS words
            WHERE news.page_ptr_id = words.id AND news.chapo NOT LIKE '{MARKER}%'
            """  # noqa: S608 (constants of this module only)
        )
        return cursor.rowcount


def prepare(items: int, skip_rebuild: bool) -> None:
    """Seed up to ``items``, give the new items their words, rebuild the store when
    anything changed (or unless told not to), refresh the statistics."""
    from django.db import connection

    from cms.demo.bench import bench_items

    present = bench_items().count()
    if present < items:
        started = time.monotonic()
        print(manage("seed_bench", "--items", str(items - present), "--verbosity", "0").strip())
        print(f"seed_bench: {time.monotonic() - started:.0f} s")
    given = give_words()
    print(f"Words given to {given} items")
    if given or not skip_rebuild:
        started = time.monotonic()
        print(manage("rebuild_delivery").strip())
        print(f"rebuild_delivery: {time.monotonic() - started:.0f} s (load {load()})")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE delivery_document, delivery_facet, search_entry")


def index_rates() -> None:
    """Time ``reindex --backend database`` and Wagtail's ``update_index``."""
    from django.db import connection

    from news.models import NewsPage

    print(f"Load average before indexing: {load()}")
    print(manage("reindex", "--backend", "database").strip())
    print(f"  target: ≥ {REINDEX_TARGET:,} items/s")
    # The rebuild replaced every row: vacuumed now, as autovacuum would soon, so that the
    # searches measured do not walk the old rows' index entries (nor race autovacuum).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_entry")
    started = time.monotonic()
    manage("update_index")
    seconds = time.monotonic() - started
    pages = NewsPage.objects.count()
    print(
        f"Wagtail update_index (every indexed model): {seconds:.1f} s, "
        f"{pages / seconds:.0f} news pages per second"
    )
    print(f"Load average after indexing: {load()}")


def rows() -> list[dict]:
    """The four queries, through our API and Wagtail's stock backend."""
    from django.db.models import Count

    from cms.delivery.models import Facet

    ministries = Facet.objects.filter(name="ministry").values("value")
    ministry = ministries.annotate(items=Count("id")).order_by("-items")[0]["value"]

    def ours(query: str, **filters: str) -> str:
        return f"/api/v1/search/?{urllib.parse.urlencode({'q': query, **filters})}"

    def stock(query: str) -> str:
        return f"/bench/stock-search/?{urllib.parse.urlencode({'q': query})}"

    return [
        {
            "name": "Rare word",
            "ours": [ours(word) for word in RARE],
            "stock": [stock(word) for word in RARE],
        },
        {"name": "Three words", "ours": [ours(THREE)], "stock": [stock(THREE)]},
        {"name": "Common word", "ours": [ours(COMMON)], "stock": [stock(COMMON)]},
        {"name": "Faceted", "ours": [ours(COMMON, ministry=ministry)], "stock": [stock(COMMON)]},
    ]


def measure(base: str, queries: list[dict], options) -> list[dict]:
    """Every query through ours, then every query through stock: a stock search takes
    seconds, and the requests still queued when its ``wrk`` stops would run during the
    next measure."""
    figures = [{"name": row["name"]} for row in queries]
    for side in ("ours", "stock"):
        for row, figure in zip(queries, figures, strict=True):
            figure[side] = wrk(base, row[side], options)
            print(f"  measured: {row['name']}, {side} (load {load()})", file=sys.stderr)
    return figures


def cell(figure: dict) -> str:
    errors = f" !{figure['errors']}" if figure["errors"] else ""
    return f"{figure['rps']:>7.0f} {figure['p50']:>6.1f} {figure['p99']:>7.1f}{errors:>3}"


def print_table(figures: list[dict]) -> None:
    print()
    print("requests/s, p50 ms, p99 ms (! answers other than 2xx/3xx)")
    print(f"{'':14}{'ours':>24}{'stock Wagtail':>24}{'p99 target':>12}{'p99 ×':>8}")
    for row in figures:
        speedup = row["stock"]["p99"] / max(row["ours"]["p99"], 1e-6)
        print(
            f"{row['name']:14}{cell(row['ours'])}{cell(row['stock'])}"
            f"{'≤ ' + str(TARGETS[row['name']]) + ' ms':>12}{speedup:>7.1f}×"
        )
    print()


def findable_delays(base: str, count: int) -> None:
    """Seconds from the end of a bench draft's ``publish()`` to the first search answer
    finding its unique word; the first one is a warm-up (the worker's first job)."""
    from django.utils import timezone

    from cms.delivery.models import Document, Kind, State
    from cms.demo.bench import bench_items

    public = Document.objects.filter(kind=Kind.NEWS, state=State.PUBLIC)
    drafts = bench_items().filter(
        live=False, go_live_at__isnull=True, expire_at__isnull=True, embargo_until__isnull=True
    )
    # A draft published and unpublished by an earlier run (its document a tombstone) may
    # serve again: its new unique word is what is searched.
    unlisted = drafts.exclude(
        pk__in=[int(public_id) for public_id in public.values_list("public_id", flat=True)]
    )
    pages = [page.specific for page in unlisted.order_by("pk")[: count + 1]]
    if len(pages) < count + 1:
        print("Findability: not enough unpublished bench drafts (seed more items).")
        return
    delays, urls = [], []
    try:
        for page in pages:
            word = "banc" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
            page.chapo = f"{MARKER} : publication mesurée, {word}."
            page.save_revision().publish()
            published = timezone.now()
            urls.append(f"{base}/api/v1/search/?{urllib.parse.urlencode({'q': word})}")
            delays.append(poll(urls[-1], published, lambda body: json.loads(body)["count"] > 0))
    finally:
        for page in pages:
            page.refresh_from_db()
            if page.live:
                page.unpublish()
        # The worker syncs the store: wait until the items are no longer found, so that
        # the next size (or run) starts from the seeded items only.
        for url in urls:
            poll(url, timezone.now(), lambda body: json.loads(body)["count"] == 0)
    delays.pop(0)
    shown = ", ".join(f"{delay:.2f}" for delay in delays)
    print(f"Findable through /api/v1/search/ after (s): {shown}  (target ≤ {FINDABLE_TARGET} s)")


if __name__ == "__main__":
    main()
