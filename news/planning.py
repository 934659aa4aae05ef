"""The planning: what goes live, under embargo or expires in the coming days, per ministry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Revision, WorkflowState, get_page_models

from cms.workflows import isolation
from news.models import NewsPage, go_live_instant, revision_instant

REDACTION = "Rédaction – actualités gouvernementales"


@dataclass(frozen=True)
class PlanningEntry:
    at: datetime.datetime
    event: str
    page: Page
    title: str
    ministry: str
    embargo: bool


def _ministry_label(page: NewsPage) -> str:
    ministry_news = getattr(page, "ministrynewspage", None)
    return str(ministry_news.ministry) if ministry_news else REDACTION


def _news_pages():
    """News items with their ministry, if any, in the same query."""
    return NewsPage.objects.select_related("ministrynewspage__ministry")


def planning_entries(
    user, *, now: datetime.datetime | None = None, days: int = 14
) -> list[PlanningEntry]:
    """Scheduled go-lives, embargoes awaiting approval and expiries in the window, that the
    user may see (a ministry contributor only sees their own ministry's items).

    A few queries in all, however many entries: revisions are read as stored (their
    title and instants), and their pages are loaded together.
    """
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days)
    news_types = [
        ContentType.objects.get_for_model(model).pk
        for model in get_page_models()
        if issubclass(model, NewsPage)
    ]
    # (instant, event, revision, embargo) of the revisions due in the window.
    planned: list[tuple[datetime.datetime, str, Revision, bool]] = []

    scheduled = Revision.page_revisions.filter(
        approved_go_live_at__gte=now,
        approved_go_live_at__lt=until,
        content_type_id__in=news_types,
    )
    for revision in scheduled:
        embargo = revision_instant(revision, "embargo_until") is not None
        event = _("Fin d'embargo, mise en ligne") if embargo else _("Mise en ligne programmée")
        planned.append((revision.approved_go_live_at, event, revision, embargo))

    in_review = WorkflowState.objects.active().filter(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        current_task_state__revision__content_type_id__in=news_types,
    )
    for state in in_review.select_related("current_task_state__revision"):
        revision = state.current_task_state.revision if state.current_task_state else None
        if revision is None:
            continue
        embargo = revision_instant(revision, "embargo_until")
        go_live = go_live_instant(embargo, revision_instant(revision, "go_live_at"))
        if go_live and now <= go_live < until:
            event = _("En validation, mise en ligne prévue")
            planned.append((go_live, event, revision, embargo is not None))

    pages = _news_pages().in_bulk([int(revision.object_id) for *_, revision, _ in planned])
    entries = [
        PlanningEntry(
            at,
            event,
            pages[int(revision.object_id)],
            revision.content.get("title") or revision.object_str,
            _ministry_label(pages[int(revision.object_id)]),
            embargo,
        )
        for at, event, revision, embargo in planned
        if int(revision.object_id) in pages
    ]

    for page in _news_pages().live().filter(expire_at__gte=now, expire_at__lt=until):
        entries.append(
            PlanningEntry(
                page.expire_at,
                _("Dépublication programmée"),
                page,
                page.title,
                _ministry_label(page),
                False,
            )
        )

    if isolation.is_restricted(user):
        # A ministry's own people see their own items only, never another ministry's.
        entries = [
            entry
            for entry in entries
            if isolation.in_own_area(user, entry.page)
            and entry.page.permissions_for_user(user).can_edit()
        ]
    return sorted(entries, key=lambda entry: (entry.ministry, entry.at))


def by_ministry(entries: list[PlanningEntry]) -> list[tuple[str, list[PlanningEntry]]]:
    return [
        (ministry, list(items)) for ministry, items in groupby(entries, key=lambda e: e.ministry)
    ]
