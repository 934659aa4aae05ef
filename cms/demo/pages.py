"""The demo pages: the two indexes, the ministry sections, the planned news and "À la une".

Each page is created and published if missing, then its revisions, log entries and dates
are moved to the moment the plan gives it.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.db.models import Q

from wagtail.models import Page, PageLogEntry, Revision

from cms.demo.bodies import news_body, paragraph
from cms.demo.content import CALENDAR_DOCUMENT, DEMO_MINISTRY_SLUG, SECTION_SLUGS
from cms.demo.planning import NewsItem, featured_slugs, ministries_on, plan_news
from cms.demo.summary import DemoSummary
from cms.media.models import CustomDocument, CustomImage
from cms.organisations.models import PARIS, Ministry, Topic
from home.models import HomeFeaturedItem, HomePage
from news.models import (
    MinistryIndexPage,
    MinistryNewsPage,
    MinistryPage,
    NewsIndexPage,
    NewsKind,
    NewsPage,
    NewsPageAttachment,
    NewsPageMinistry,
    NewsPageRelatedPage,
    NewsPageTopic,
)
from videos.models import Video

#: Structural pages (indexes, sections) are dated from the opening of the site.
SITE_OPENING = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=PARIS)
MAJOR_CHANGE_DELAY = datetime.timedelta(days=5)


@dataclass(frozen=True)
class Library:
    """What the news pages refer to, by key or slug."""

    images: dict[str, CustomImage]
    documents: dict[str, CustomDocument]
    topics: dict[str, Topic]
    ministries: dict[str, Ministry]
    videos: dict[str, Video]


def seed_pages(
    home: HomePage, library: Library, users: dict[str, AbstractUser], summary: DemoSummary
) -> None:
    """The two indexes, the ministry sections, the planned news and the home's "À la une"."""
    chief = users["chef"]
    news_index = _ensure_child(
        home, NewsIndexPage(title="Actualités", slug="actualites"), SITE_OPENING, chief, summary
    )
    ministry_index = _ensure_child(
        home, MinistryIndexPage(title="Ministères", slug="ministeres"), SITE_OPENING, chief, summary
    )
    parents: dict[str, Page] = {"": news_index}
    for slug in SECTION_SLUGS:
        ministry = library.ministries[slug]
        section = MinistryPage(
            title=ministry.name,
            slug=slug,
            ministry=ministry,
            introduction=f"Les actualités du {ministry.name[0].lower()}{ministry.name[1:]}.",
        )
        opened = datetime.datetime.combine(ministry.start_date, datetime.time(9), tzinfo=PARIS)
        parents[slug] = _ensure_child(
            ministry_index, section, max(SITE_OPENING, opened), chief, summary
        )

    plan = plan_news()
    children = {
        section: dict(parent.get_children().values_list("slug", "pk"))
        for section, parent in parents.items()
    }
    for item in plan:
        siblings = children[item.section]
        if item.slug in siblings:
            continue
        author = users["contributeur" if item.section == DEMO_MINISTRY_SLUG else "redaction"]
        page = _create_news(
            item, parents[item.section], siblings, library, news_index.pk, author, chief
        )
        siblings[item.slug] = page.pk
        summary.pages += 1

    if not HomeFeaturedItem.objects.filter(home=home).exists():
        home.featured_items = [
            HomeFeaturedItem(page_id=children[""][slug])
            for slug in featured_slugs(plan)
            if slug in children[""]
        ]
        home.save_revision(user=chief).publish(user=chief, skip_permission_checks=True)
        summary.featured_items += len(home.featured_items.all())


def _ensure_child(
    parent: Page,
    page: Page,
    published_at: datetime.datetime,
    user: AbstractUser,
    summary: DemoSummary,
) -> Page:
    """The child of ``parent`` with the page's slug, created and published if missing."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    page.live = False
    page.owner = user
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    _date_revision(page.pk, revision, published_at, created=True, published=True)
    summary.pages += 1
    return page


def _create_news(
    item: NewsItem,
    parent: Page,
    siblings: dict[str, int],
    library: Library,
    news_index_id: int,
    author: AbstractUser,
    publisher: AbstractUser,
) -> NewsPage:
    """Create a news item under its parent and publish it at its date, unless a draft."""
    rng = random.Random(item.body_seed)  # noqa: S311 - reproducible demo data, not security
    subject = item.subjects[0]
    model = MinistryNewsPage if item.section else NewsPage
    extra = {"ministry": library.ministries[item.section]} if item.section else {}
    topics = list(dict.fromkeys(slug for s in item.subjects for slug in s.topics))[:3]
    ministries = ministries_on(
        [slug for s in item.subjects for slug in s.ministries], item.published_at.date()
    )
    related_ids = [siblings[slug] for slug in item.related if slug in siblings]
    if item.kind == NewsKind.COUNCIL_REPORT:
        hero_image = library.images["conseil"]
    elif item.kind == NewsKind.PRESS_RELEASE:
        hero_image = None
    else:
        hero_image = library.images[subject.image]
    page = model(
        title=item.title,
        slug=item.slug,
        kind=item.kind,
        chapo=item.chapo,
        hero_image=hero_image,
        body=news_body(item, rng, library, related_ids, news_index_id),
        live=False,
        owner=author,
        topic_links=[NewsPageTopic(topic=library.topics[slug]) for slug in topics],
        ministry_links=[NewsPageMinistry(ministry=library.ministries[slug]) for slug in ministries],
        related_links=[NewsPageRelatedPage(related_page_id=pk) for pk in related_ids],
        attachments=[
            NewsPageAttachment(document=document) for document in _attachments(item, rng, library)
        ],
        **extra,
    )
    parent.add_child(instance=page)
    revision = page.save_revision(user=author)
    if item.draft:
        _date_revision(page.pk, revision, item.published_at, created=True)
        return page
    revision.publish(user=publisher, skip_permission_checks=True)
    _date_revision(page.pk, revision, item.published_at, created=True, published=True)
    if item.change_note:
        _publish_major_change(model.objects.get(pk=page.pk), item, author, publisher)
    return page


def _publish_major_change(
    page: NewsPage, item: NewsItem, author: AbstractUser, publisher: AbstractUser
) -> None:
    """Publish a second revision flagged as a major change, a few days after the first."""
    page.major_change = True
    page.change_note = item.change_note
    page.body = [
        paragraph(f"<b>Mise à jour :</b> {item.change_note}"),
        *page.body.raw_data,
    ]
    revision = page.save_revision(user=author)
    revision.publish(user=publisher, skip_permission_checks=True)
    updated_at = item.published_at + MAJOR_CHANGE_DELAY
    _date_revision(page.pk, revision, updated_at, published=True)
    type(page).objects.filter(pk=page.pk).update(last_major_update_at=updated_at)


def _date_revision(
    page_id: int,
    revision: Revision,
    moment: datetime.datetime,
    *,
    created: bool = False,
    published: bool = False,
) -> None:
    """Move a revision, its log entries and the page's dates to their historical moment.

    ``created``: the revision is the page's first one (its creation is dated too).
    """
    Revision.objects.filter(pk=revision.pk).update(created_at=moment)
    entries = Q(revision=revision)
    if created:
        entries |= Q(page_id=page_id, action="wagtail.create")
    PageLogEntry.objects.filter(entries).update(timestamp=moment)
    dates = {"latest_revision_created_at": moment}
    if published:
        dates["last_published_at"] = moment
        if created:
            dates["first_published_at"] = moment
    Page.objects.filter(pk=page_id).update(**dates)


def _attachments(item: NewsItem, rng: random.Random, library: Library) -> list[CustomDocument]:
    """The subject's document (always on a press kit), the calendar on 2026 council reports."""
    if item.kind == NewsKind.COUNCIL_REPORT:
        return [library.documents[CALENDAR_DOCUMENT]] if item.published_at.year == 2026 else []
    key = item.subjects[0].document
    if key and (item.kind == NewsKind.PRESS_KIT or rng.random() < 0.5):
        return [library.documents[key]]
    return []
