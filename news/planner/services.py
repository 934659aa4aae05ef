"""What the planner shows: the news items going live, or with a post planned, in a window.

An item is *live* (published) or *scheduled* (a revision approved for a later go-live,
embargoed or not). A draft neither live nor scheduled is not planned: it is absent, and
so are its posts. A scheduled item is described by its scheduled revision (title,
embargo), never by a later draft; a live item by its published version.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Revision, get_page_models

from cms.organisations.models import Ministry
from news.models import NewsPage, revision_instant
from news.social import SocialPost

#: The label of the Rédaction's own items (``NewsPage`` outside any ministry section).
REDACTION = "Rédaction"


@dataclass
class PlannedItem:
    """A news item as the planner shows it; instants are aware (UTC in the API)."""

    page: NewsPage
    state: str  # "live" or "scheduled"
    title: str
    go_live_at: datetime.datetime | None
    embargo_until: datetime.datetime | None
    ministry: Ministry | None
    posts: list[SocialPost] = field(default_factory=list)


def _news_content_types() -> list[int]:
    return [
        ContentType.objects.get_for_model(model).pk
        for model in get_page_models()
        if issubclass(model, NewsPage)
    ]


def planned_items(
    start: datetime.datetime,
    end: datetime.datetime,
    ministries: list[Ministry] | None = None,
) -> list[PlannedItem]:
    """Items whose go-live or a post's slot falls in ``[start, end)``, ordered by go-live.

    ``ministries``: when given (a token restricted to them), only those ministries' items,
    matched by identity (``translation_key``, whatever the language); the Rédaction's own
    items are then left out. Each item carries its posts planned in the window. Five
    queries, however many items.
    """
    scheduled = {
        int(revision.object_id): revision
        for revision in Revision.page_revisions.filter(
            approved_go_live_at__isnull=False, content_type_id__in=_news_content_types()
        ).order_by("approved_go_live_at")
    }
    going_live = {
        page_id
        for page_id, revision in scheduled.items()
        if start <= revision.approved_go_live_at < end
    }
    window_posts = SocialPost.objects.filter(planned_at__gte=start, planned_at__lt=end)
    pages = (
        NewsPage.objects.filter(
            Q(live=True, first_published_at__gte=start, first_published_at__lt=end)
            | Q(pk__in=going_live)
            | Q(pk__in=window_posts.values("news_page_id"))
        )
        .filter(Q(live=True) | Q(pk__in=list(scheduled)))
        .select_related("ministrynewspage__ministry")
    )
    if ministries is not None:
        keys = {ministry.translation_key for ministry in ministries}
        pages = pages.filter(ministrynewspage__ministry__translation_key__in=keys)
    items = []
    for page in pages:
        ministry_news = getattr(page, "ministrynewspage", None)
        ministry = ministry_news.ministry if ministry_news is not None else None
        if page.live:
            items.append(
                PlannedItem(
                    page, "live", page.title, page.first_published_at, page.embargo_until, ministry
                )
            )
        else:
            revision = scheduled[page.pk]
            items.append(
                PlannedItem(
                    page,
                    "scheduled",
                    revision.content.get("title", ""),
                    revision.approved_go_live_at,
                    revision_instant(revision, "embargo_until"),
                    ministry,
                )
            )
    by_page = {item.page.pk: item for item in items}
    for post in window_posts.filter(news_page_id__in=list(by_page)).select_related("image"):
        by_page[post.news_page_id].posts.append(post)
    return sorted(items, key=lambda item: (item.go_live_at or start, item.page.pk))
