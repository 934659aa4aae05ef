"""Hand-run benchmark: the admin and the go-live on a large site, beside a baseline. PostgreSQL.

    createdb bench_admin   # then, once:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_admin .venv/bin/python \\
        manage.py migrate && ... manage.py seed_bench --items 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_admin .venv/bin/python \\
        bench/admin.py [--baseline main] [--runs 7]

Measures, with the Django test client (``force_login``) in this process, the median time
(p50, ms) and the number of SQL queries of: the Planning (14 days), the explorer of the
news index and of a ministry section (as its contributor), the page chooser browsing the
news index (as a contributor), the editor's "Publier", ``revision.publish()`` of one
item, one ``publish_due`` sweep that publishes 50 items due at the same instant, the
sweep with nothing due, and the search-index update of one item.

With ``--baseline REF`` (default ``main``), the same measures run on the code of that git
revision (a temporary worktree) against a copy of the database (``<name>_baseline``,
made with ``CREATE DATABASE … TEMPLATE``, without the migrations that REF lacks), and
both figures are printed side by side. The seeded items are reused from run to run: the
items published by a run are unpublished again at its end.
"""

# ruff: noqa: T201 (a hand-run script: it prints its figures)

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DUE_ITEMS = 50

#: (key, label) of each measure, in the order they are printed.
MEASURES = [
    ("planning", "Planning (14 days), as the Rédaction"),
    ("explore_index", "Explorer, news index, page 1"),
    ("explore_section", "Explorer, a ministry section, as its contributor"),
    ("chooser", "Page chooser, news index, as a contributor"),
    ("edit_publish", 'Admin edit POST "Publier"'),
    ("publish", "revision.publish() of one item"),
    ("due_50", f"{DUE_ITEMS} items due at one instant, one publish_due"),
    ("sweep_idle", "Sweep with nothing due"),
    ("index_one", "Search index update of one item"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--no-baseline", action="store_true", help="measure this code only")
    parser.add_argument("--runs", type=int, default=7, help="runs per measure (p50 of them)")
    parser.add_argument("--measure", metavar="ROOT", help=argparse.SUPPRESS)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a seeded PostgreSQL database (see the docstring).")
    if options.measure:
        print(json.dumps(measure(Path(options.measure), options.runs)))
        return

    print(f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    baseline = None
    if not options.no_baseline:
        baseline = run_baseline(url, options.baseline, options.runs)
    ours = run_measure(ROOT, url, options.runs)
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print_table(ours, baseline, options.baseline)


def run_measure(root: Path, url: str, runs: int) -> dict:
    """The figures of the code in ``root`` on the database at ``url`` (a subprocess)."""
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "DEBUG": "false",
        # Production's configuration: side effects (search index updates) are jobs.
        "JOBS_BACKEND": "procrastinate",
    }
    command = [sys.executable, str(ROOT / "bench" / "admin.py"), "--measure", str(root)]
    result = subprocess.run(  # noqa: S603
        [*command, "--runs", str(runs)],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"Measuring {root} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_baseline(url: str, revision: str, runs: int) -> dict:
    """The figures of ``revision``, in a temporary worktree, on a copy of the database."""
    copy_url = copy_database(url)
    with tempfile.TemporaryDirectory(prefix="gouvernail-baseline-") as folder:
        tree = Path(folder) / "tree"
        git = ["git", "-C", str(ROOT)]
        subprocess.run([*git, "worktree", "add", "--detach", str(tree), revision], check=True)  # noqa: S603
        try:
            unapply_missing_migrations(copy_url, tree)
            return run_measure(tree, copy_url, runs)
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(tree)], check=True)  # noqa: S603


def copy_database(url: str) -> str:
    """Copy the database at ``url`` to ``<name>_baseline`` (replaced) and return its URL."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    copy = f"{name}_baseline"
    maintenance = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        connection.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return parsed._replace(path=f"/{copy}").geturl()


def unapply_missing_migrations(url: str, tree: Path) -> None:
    """Roll the copy back, with this code, to the migrations that ``tree`` has."""
    for folder in sorted(ROOT.glob("*/migrations")) + sorted(ROOT.glob("cms/*/migrations")):
        relative = folder.relative_to(ROOT)
        ours = sorted(path.stem for path in folder.glob("[0-9]*.py"))
        theirs = {path.stem for path in (tree / relative).glob("[0-9]*.py")}
        if not set(ours) - theirs:
            continue
        common = [name for name in ours if name in theirs]
        app = folder.parent.name
        target = common[-1] if common else "zero"
        environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "settings.dev"}
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", app, target, "-v", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )


def print_table(ours: dict, baseline: dict | None, revision: str) -> None:
    print(f"\nItems: {ours['items']} news items; runs per measure: {ours['runs']}")
    header = f"{'measure':<56} {'ours p50 ms (queries)':>24}"
    if baseline:
        header += f" {revision + ' p50 ms (queries)':>28}"
    print(header)
    for key, label in MEASURES:
        line = f"{label:<56} {cell(ours.get(key)):>24}"
        if baseline:
            line += f" {cell(baseline.get(key)):>28}"
        print(line)


def cell(figure: dict | None) -> str:
    if not figure:
        return "—"
    queries = figure["queries"]
    count = f"{queries[0]}" if queries[0] == queries[-1] else f"{queries[0]}–{queries[-1]}"
    return f"{figure['p50']:,.1f} ({count})"


# The measures, run in a subprocess on the code of ``--measure ROOT``.


def measure(root: Path, runs: int) -> dict:
    """Every measure's p50 (ms) and range of query counts, on the code in ``root``."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    import logging

    import django

    django.setup()
    for name in ("wagtail", "procrastinate", "django_tasks"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    bench = Bench(runs)
    return {"items": bench.items_count, "runs": runs, **bench.run()}


class Bench:
    """The seeded site, its users, and one method per measure."""

    def __init__(self, runs: int):
        from django.contrib.auth import get_user_model
        from django.test import Client

        from wagtail.models import Locale

        from cms.workflows import roles
        from home.models import HomePage
        from news.models import MinistryNewsPage, NewsIndexPage, NewsPage

        self.runs = runs
        items = NewsPage.objects.filter(slug__startswith="banc-")
        self.items_count = items.count()
        if not self.items_count:
            sys.exit("No benchmark items: run manage.py seed_bench first.")
        home = HomePage.objects.get(locale=Locale.get_default())
        self.index = NewsIndexPage.objects.child_of(home).get()
        ministry_items = MinistryNewsPage.objects.filter(slug__startswith="banc-")
        self.section = ministry_items.first().get_parent().specific
        self.government_live = list(
            items.filter(live=True, expire_at__isnull=True)
            .exclude(pk__in=ministry_items.values("pk"))
            .order_by("-pk")
            .values_list("pk", flat=True)[: 4 * runs]
        )
        self.drafts = list(
            items.filter(live=False, go_live_at__isnull=True).order_by("pk")[:DUE_ITEMS]
        )
        users = get_user_model().objects
        admin = users.filter(username="bench-admin").first()
        if admin is None:
            admin = users.create_superuser("bench-admin", "bench@example.org", None)
        contributor, _ = users.get_or_create(username="bench-contributeur")
        contributor.groups.add(roles.roles_for_ministry(self.section.ministry).contributors)
        self.admin = Client(HTTP_HOST="localhost")
        self.admin.force_login(admin)
        self.contributor = Client(HTTP_HOST="localhost")
        self.contributor.force_login(contributor)

    def run(self) -> dict:
        from django.urls import reverse

        return {
            "planning": self.get(self.admin, reverse("news_planning")),
            "explore_index": self.get(
                self.admin, reverse("wagtailadmin_explore", args=[self.index.pk])
            ),
            "explore_section": self.get(
                self.contributor, reverse("wagtailadmin_explore", args=[self.section.pk])
            ),
            "chooser": self.get(
                self.contributor, reverse("wagtailadmin_choose_page_child", args=[self.index.pk])
            ),
            "edit_publish": self.edit_publish(),
            "publish": self.publish(),
            "due_50": self.due(),
            "sweep_idle": self.sweep_idle(),
            "index_one": self.index_one(),
        }

    def timed(self, action, setups=None) -> dict:
        """Run ``action`` ``self.runs`` times (after one warm-up): p50 ms and query counts.

        ``setups``, when given, yields one untimed preparation per run whose result is
        passed to ``action``.
        """
        from django.db import connection

        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        durations, queries = [], []
        for number in range(self.runs + 1):
            argument = setups(number) if setups else None
            count[0] = 0
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                action(argument) if setups else action()
                elapsed = (time.perf_counter() - started) * 1000
            if number:
                durations.append(elapsed)
                queries.append(count[0])
        return {"p50": statistics.median(durations), "queries": sorted(queries)}

    def get(self, client, url: str) -> dict:
        def action():
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"GET {url}: {response.status_code}")

        return self.timed(action)

    def publish(self) -> dict:
        from wagtail.models import Page

        def setup(number):
            page = Page.objects.get(pk=self.government_live[number]).specific
            return page.save_revision()

        return self.timed(lambda revision: revision.publish(), setup)

    def edit_publish(self) -> dict:
        from django.urls import reverse

        from wagtail.models import Page
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

        def setup(number):
            page = Page.objects.get(pk=self.government_live[2 * self.runs + number]).specific
            data = {
                "title": page.title,
                "slug": page.slug,
                "kind": page.kind,
                "chapo": page.chapo,
                "hero_image": "",
                "embargo_until": "",
                "body": streamfield([]),
                "topic_links": inline_formset([]),
                "ministry_links": inline_formset([]),
                "related_links": inline_formset([]),
                "attachments": inline_formset([]),
                "comments": inline_formset([]),
                "major_change": "",
                "change_note": "",
                "action-publish": "1",
            }
            return reverse("wagtailadmin_pages:edit", args=[page.pk]), nested_form_data(data)

        def action(argument):
            url, data = argument
            response = self.admin.post(url, data)
            if response.status_code != 302:
                sys.exit(f"POST {url}: {response.status_code}")

        return self.timed(action, setup)

    def due(self) -> dict:
        """Schedule the drafts, make them due at one instant, and time one sweep."""
        import datetime

        from django.db import connection
        from django.utils import timezone

        from wagtail.models import Page, Revision

        from cms.scheduling import services

        later = timezone.now() + datetime.timedelta(hours=1)
        revisions = []
        for page in self.drafts:
            page.go_live_at = later
            revision = page.save_revision()
            revision.publish()
            revisions.append(revision.pk)
        # Time travel: the instant comes, in the schedule and in the revisions' content.
        instant = timezone.now()
        for revision in Revision.objects.filter(pk__in=revisions):
            content = {**revision.content, "go_live_at": instant.isoformat()}
            Revision.objects.filter(pk=revision.pk).update(
                approved_go_live_at=instant, content=content
            )
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            report = services.publish_due()
            elapsed = (time.perf_counter() - started) * 1000
        ids = [page.pk for page in self.drafts]
        live = Page.objects.filter(pk__in=ids, live=True).count()
        if report.published != len(ids) or live != len(ids):
            sys.exit(f"publish_due published {report.published}, {live} live of {len(ids)}")
        for page in Page.objects.filter(pk__in=ids).specific():
            page.unpublish()
            Page.objects.filter(pk=page.pk).update(go_live_at=None)
        return {"p50": elapsed, "queries": [count[0]]}

    def sweep_idle(self) -> dict:
        from cms.scheduling import services

        return self.timed(services.publish_due)

    def index_one(self) -> dict:
        from wagtail.models import Page
        from wagtail.search import index

        def setup(number):
            return Page.objects.get(pk=self.government_live[number]).specific

        return self.timed(index.insert_or_update_object, setup)


if __name__ == "__main__":
    main()
