"""Benchmark content: many news items, inserted in bulk, for the hand-run benchmarks.

``seed_bench(count)`` adds ``count`` news items to the default locale: 60 % government
news under the news index, 40 % ministry news spread over 7 ministry sections. Each item
has one revision; a few hundred are drafts, about a hundred are scheduled in the next 14
days (a third of them under embargo), a few dozen live ones expire in that window, and
the rest are live. Sections, the indexes and their roles are created through Wagtail if
missing; the items themselves are written with bulk inserts (tree paths computed here),
indexed for search and entered in Wagtail's reference index in batches (bulk inserts
skip both): Wagtail's ``add_child`` would take hours at 100,000.

The items are recognisable by their slug prefix (``banc-``); the seeding refuses to run
on a database that already has them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from cms.organisations.models import Ministry
from home.models import HomePage
from news.models import (
    MinistryIndexPage,
    MinistryNewsPage,
    MinistryPage,
    NewsIndexPage,
    NewsKind,
    NewsPage,
)

SLUG_PREFIX = "banc-"
SECTIONS = 7
GOVERNMENT_SHARE = 0.6
BATCH = 2000
KINDS = list(NewsKind.values)


class BenchContentExists(Exception):
    """The database already holds benchmark items."""


@dataclass
class BenchSummary:
    """What ``seed_bench`` created, per state, and the containers it used."""

    government: int = 0
    ministry: int = 0
    drafts: int = 0
    scheduled: int = 0
    embargoed: int = 0
    expiring: int = 0
    news_index_id: int | None = None
    section_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.government + self.ministry


@dataclass(frozen=True)
class Plan:
    """The state of item ``number``: draft, scheduled, embargoed, expiring or live."""

    count: int

    @property
    def drafts(self) -> int:
        return max(2, round(self.count * 0.003))

    @property
    def scheduled(self) -> int:
        return max(2, round(self.count * 0.001))

    @property
    def expiring(self) -> int:
        return max(1, round(self.count * 0.0002))

    def state(self, number: int) -> str:
        # Every state is spread over the whole range, so both kinds of item have each.
        if number % (self.count // self.drafts) == 0:
            return "draft"
        step = self.count // self.scheduled
        if number % step == 1:
            # A third of the scheduled items are under embargo.
            return "embargoed" if number // step % 3 == 0 else "scheduled"
        if number % (self.count // self.expiring) == 2:
            return "expiring"
        return "live"


def bench_items() -> models.QuerySet[Page]:
    """The benchmark items already in the database."""
    return NewsPage.objects.filter(slug__startswith=SLUG_PREFIX)


def seed_bench(
    count: int = 100_000,
    *,
    now: datetime.datetime | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BenchSummary:
    """Insert ``count`` news items (see the module) and return what was created.

    Raises ``BenchContentExists`` if benchmark items are already there. ``on_progress``
    is called with the number of items written so far, after each batch.
    """
    if bench_items().exists():
        raise BenchContentExists(
            f"La base contient déjà {bench_items().count()} actualités du banc d'essai : "
            "rien n'a été créé. Utilisez une base neuve pour recommencer."
        )
    now = now or timezone.now()
    plan = Plan(count)
    summary = BenchSummary()
    locale = Locale.get_default()
    with transaction.atomic():
        news_index, sections = _containers(locale)
        summary.news_index_id = news_index.pk
        summary.section_ids = [section.pk for section in sections]
        government = round(count * GOVERNMENT_SHARE)
        jobs = [(news_index, NewsPage, None, range(government))]
        share, extra = divmod(count - government, len(sections))
        start = government
        for position, section in enumerate(sections):
            amount = share + (position < extra)
            jobs.append(
                (section, MinistryNewsPage, section.ministry_id, range(start, start + amount))
            )
            start += amount
        written = 0
        for parent, model, ministry_id, numbers in jobs:
            step = _last_step(parent)
            for offset in range(0, len(numbers), BATCH):
                batch = numbers[offset : offset + BATCH]
                _insert_batch(parent, model, ministry_id, batch, step + offset, plan, now, summary)
                written += len(batch)
                if on_progress:
                    on_progress(written)
            Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(numbers))
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather: plans then match production's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary


def _containers(locale: Locale) -> tuple[NewsIndexPage, list[MinistryPage]]:
    """The news index and ``SECTIONS`` ministry sections of ``locale``, created if missing."""
    home = HomePage.objects.get(locale=locale)
    news_index = NewsIndexPage.objects.child_of(home).first()
    if news_index is None:
        news_index = _add(home, NewsIndexPage(title="Actualités", slug="actualites"))
    ministry_index = MinistryIndexPage.objects.child_of(home).first()
    if ministry_index is None:
        ministry_index = _add(home, MinistryIndexPage(title="Ministères", slug="ministeres"))
    sections = list(MinistryPage.objects.child_of(ministry_index).order_by("path")[:SECTIONS])
    for number in range(len(sections), SECTIONS):
        ministry = Ministry.objects.create(
            name=f"Ministère du banc d'essai n° {number + 1}",
            short_name=f"Banc d'essai {number + 1}",
            slug=f"banc-essai-{number + 1}",
            locale=locale,
        )
        sections.append(
            _add(
                ministry_index,
                MinistryPage(title=ministry.name, slug=ministry.slug, ministry=ministry),
            )
        )
    return news_index, sections


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _last_step(parent: Page) -> int:
    last = parent.get_last_child()
    return Page._str2int(last.path[-Page.steplen :]) if last else 0


def _insert_batch(parent, model, ministry_id, numbers, step, plan, now, summary) -> None:
    """Write one batch of items: pages, their news rows, one revision each, search index."""
    page_type = ContentType.objects.get_for_model(Page)
    content_type = ContentType.objects.get_for_model(model)
    rows = []
    for position, number in enumerate(numbers, start=1):
        rows.append(_item(parent, number, step + position, plan.state(number), now))
    pages = Page.objects.bulk_create(
        [Page(content_type=content_type, **row["page"]) for row in rows]
    )
    news = []
    ministry_news = []
    revisions = []
    for page, row in zip(pages, rows, strict=True):
        news.append(NewsPage(page_ptr_id=page.pk, **row["news"]))
        if ministry_id is not None:
            ministry_news.append(MinistryNewsPage(newspage_ptr_id=page.pk, ministry_id=ministry_id))
        content = {**row["page"], **row["news"], "pk": page.pk, "content_type": content_type.pk}
        if ministry_id is not None:
            content["ministry"] = ministry_id
        content["locale"] = content.pop("locale_id")
        for name in ("live_revision", "latest_revision"):
            content[name] = None
        revisions.append(
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                object_str=row["page"]["title"],
                content=content,
                created_at=row["created_at"],
                approved_go_live_at=row["approved_go_live_at"],
            )
        )
        summary.ministry += ministry_id is not None
        summary.government += ministry_id is None
        state = row["state"]
        summary.drafts += state == "draft"
        summary.scheduled += state in ("scheduled", "embargoed")
        summary.embargoed += state == "embargoed"
        summary.expiring += state == "expiring"
    _insert_rows(NewsPage, news)
    if ministry_news:
        _insert_rows(MinistryNewsPage, ministry_news)
    Revision.objects.bulk_create(revisions)
    ids = [page.pk for page in pages]
    revision = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(models.OuterRef("pk"), models.CharField())
    ).values("pk")[:1]
    Page.objects.filter(pk__in=ids).update(latest_revision_id=models.Subquery(revision))
    Page.objects.filter(pk__in=ids, live=True).update(
        live_revision_id=models.F("latest_revision_id")
    )
    objects = index_references(model, ids)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)


def index_references(model: type[Page], ids: list[int]) -> list[Page]:
    """Enter the pages ``ids`` of ``model`` in Wagtail's reference index (what ``save()``
    does, and bulk inserts skip: the pipeline finds an item's dependents there) and
    return them. Their child relations are fetched in one query each."""
    relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    objects = list(model.objects.filter(pk__in=ids).prefetch_related(*relations))
    with transaction.atomic():
        for page in objects:
            ReferenceIndex.create_or_update_for_object(page)
    return objects


def _insert_rows(model, objects) -> None:
    """Insert the rows of ``model``'s own table only (multi-table inheritance)."""
    fields = model._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields)


def _item(parent: Page, number: int, step: int, state: str, now: datetime.datetime) -> dict:
    """The column values of item ``number``, in ``state``."""
    slug = f"{SLUG_PREFIX}{number}"
    title = f"Actualité du banc d'essai n° {number}"
    published = now - datetime.timedelta(minutes=7 * number + 60)
    go_live = embargo = expire = None
    live = state in ("live", "expiring")
    if state in ("scheduled", "embargoed"):
        go_live = now + datetime.timedelta(hours=1 + (number * 7919) % (13 * 24))
        if state == "embargoed":
            embargo = go_live
    elif state == "expiring":
        expire = now + datetime.timedelta(hours=1 + (number * 7919) % (13 * 24))
    return {
        "state": state,
        "created_at": published,
        "approved_go_live_at": go_live,
        "page": {
            "title": title,
            "draft_title": title,
            "slug": slug,
            "path": Page._get_path(parent.path, parent.depth + 1, step),
            "depth": parent.depth + 1,
            "numchild": 0,
            "url_path": f"{parent.url_path}{slug}/",
            "live": live,
            "has_unpublished_changes": not live,
            "first_published_at": published if live else None,
            "last_published_at": published if live else None,
            "latest_revision_created_at": published,
            "go_live_at": go_live,
            "expire_at": expire,
            "locale_id": parent.locale_id,
            "translation_key": uuid.uuid4(),
        },
        "news": {
            "kind": KINDS[number % len(KINDS)],
            "chapo": f"Le chapô de l'actualité n° {number}, court et informatif.",
            "body": [],
            "embargo_until": embargo,
        },
    }
