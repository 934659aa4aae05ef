"""The planning: what goes live, under embargo or expires in the coming days, per ministry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Revision, WorkflowState

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


def _ministry_label(page) -> str:
    ministry = getattr(page, "ministry", None)
    return str(ministry) if ministry else REDACTION


def planning_entries(
    user, *, now: datetime.datetime | None = None, days: int = 14
) -> list[PlanningEntry]:
    """Scheduled go-lives, embargoes awaiting approval and expiries in the window, that the
    user may see (a ministry contributor only sees their own ministry's items)."""
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days)
    entries: list[PlanningEntry] = []
    news_pages = NewsPage.objects.all()

    scheduled = Revision.page_revisions.filter(
        approved_go_live_at__gte=now,
        approved_go_live_at__lt=until,
        object_id__in=[str(pk) for pk in news_pages.values_list("pk", flat=True)],
    )
    for revision in scheduled:
        page = revision.as_object()
        embargo = revision_instant(revision, "embargo_until") is not None
        event = _("Fin d'embargo, mise en ligne") if embargo else _("Mise en ligne programmée")
        entries.append(
            PlanningEntry(
                revision.approved_go_live_at,
                event,
                page,
                page.title,
                _ministry_label(page),
                embargo,
            )
        )

    in_review = WorkflowState.objects.active().filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    for state in in_review.select_related("current_task_state__revision"):
        revision = state.current_task_state.revision if state.current_task_state else None
        if revision is None:
            continue
        go_live = go_live_instant(
            revision_instant(revision, "embargo_until"), revision_instant(revision, "go_live_at")
        )
        if go_live and now <= go_live < until:
            page = revision.as_object()
            if isinstance(page, NewsPage):
                entries.append(
                    PlanningEntry(
                        go_live,
                        _("En validation, mise en ligne prévue"),
                        page,
                        page.title,
                        _ministry_label(page),
                        revision_instant(revision, "embargo_until") is not None,
                    )
                )

    for page in news_pages.live().filter(expire_at__gte=now, expire_at__lt=until).specific():
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
        entries = [entry for entry in entries if entry.page.permissions_for_user(user).can_edit()]
    return sorted(entries, key=lambda entry: (entry.ministry, entry.at))


def by_ministry(entries: list[PlanningEntry]) -> list[tuple[str, list[PlanningEntry]]]:
    return [
        (ministry, list(items)) for ministry, items in groupby(entries, key=lambda e: e.ministry)
    ]
