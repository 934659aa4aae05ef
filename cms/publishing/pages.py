"""Renderers of pages: news items, ministry sections, video pages and the homes' "À la une".

Each renders from the page row as it stands (the live content; a newer draft lives only
in its revision) and returns ``None`` for a page that is not public
(``cms.publishing.visibility``). :func:`render_preview` applies the same renderers to a
page object given (a revision's, or the unsaved form of the editor), whatever its state,
for the previews (``cms.previews``); it writes nothing. The JSON shapes are the delivery
serializers' (``cms.delivery.serializers``): what is rendered here is passed through them.
"""

from __future__ import annotations

from wagtail.models import Page

from cms.delivery import serializers
from cms.delivery.models import Kind, State
from cms.publishing import content, videos, visibility
from cms.publishing.documents import Rendered, renderer
from cms.publishing.urls import page_url, public_path
from home.models import HomePage
from news.models import MinistryNewsPage, MinistryPage, NewsPage
from videos.models import VideoPage


def every_page() -> list[int]:
    """Pages with a document, news first (homes show their summaries)."""
    return [
        *NewsPage.objects.order_by("pk").values_list("pk", flat=True),
        *VideoPage.objects.order_by("pk").values_list("pk", flat=True),
        *MinistryPage.objects.order_by("pk").values_list("pk", flat=True),
        *HomePage.objects.order_by("pk").values_list("pk", flat=True),
    ]


@renderer("page", every_page)
def render_page(pk: int) -> Rendered | None:
    """The document of page ``pk``, or ``None`` if it is not public (or has no document:
    indexes, aliases)."""
    page = Page.objects.filter(pk=pk).select_related("locale").first()
    if page is None:
        return None
    page = page.specific
    if isinstance(page, NewsPage):
        return render_news(page)
    if isinstance(page, MinistryPage):
        return render_section(page) if visibility.is_public(page) else None
    if isinstance(page, HomePage):
        return render_home(page) if visibility.is_public(page) else None
    if isinstance(page, VideoPage):
        return render_video_page(page) if visibility.is_public(page) else None
    return None


def page_reference(page: Page) -> dict:
    return {"id": page.pk, "path": public_path(page), "url": page_url(page)}


def render_preview(page: Page) -> Rendered | None:
    """The document ``page`` (a specific page object, unsaved or loaded from a revision)
    would have if it were public, whatever its state; ``None`` for a type without a
    document (indexes). Links and related items still show only what the store serves."""
    if isinstance(page, NewsPage):
        return render_news(page, preview=True)
    if isinstance(page, MinistryPage):
        return render_section(page)
    if isinstance(page, HomePage):
        return render_home(page)
    if isinstance(page, VideoPage):
        return render_video_page(page)
    return None


def render_news(page: NewsPage, *, preview: bool = False) -> Rendered | None:
    """A government or ministry news item, public or withdrawn (by itself, or as the
    translation of a withdrawn item: ``visibility``); any state for a ``preview``,
    rendered as public."""
    withdrawn = None if preview else visibility.withdrawal(page)
    if not preview and withdrawn is None and not visibility.is_public(page):
        return None
    reference = page_reference(page)
    government = page.government
    ministries = [content.ministry(link.ministry, page) for link in page.ministry_links.all()]
    if isinstance(page, MinistryNewsPage):
        ministries.insert(0, content.ministry(page.ministry, page))
        ministries = list({item["id"]: item for item in ministries}.values())
    topics = [content.topic(link.topic, page.locale) for link in page.topic_links.all()]
    files = []
    hero = content.image(page.hero_image, files) if page.hero_image else None
    summary = {
        **reference,
        "type": "ministry_news" if isinstance(page, MinistryNewsPage) else "news",
        "kind": page.kind,
        "locale": page.locale.language_code,
        "title": page.title,
        "chapo": page.chapo,
        "published_at": page.first_published_at,
        "updated_at": page.updated_at,
        "image": hero,
        "ministries": ministries,
        "topics": topics,
    }
    body = {
        **summary,
        "body": content.stream(page.body, files),
        "attachments": [content.attachment(link, files) for link in page.attachments.all()],
        "related": content.related(page),
        "government": content.government(government),
        "history_notice": page.history_notice,
        "change_history": page.public_change_history(),
        "withdrawn": {"at": withdrawn.at, "reason": withdrawn.reason} if withdrawn else None,
        "translations": content.translations(page),
        "seo": {"title": page.seo_title or page.title, "description": page.search_description},
    }
    government_end = content.day_start(government.end_date) if government else None
    shown_videos = videos.shown(page.body)
    return Rendered(
        kind=Kind.NEWS,
        public_id=str(page.pk),
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        state=State.PUBLIC if withdrawn is None else State.WITHDRAWN,
        path=reference["path"],
        url=reference["url"],
        body=serializers.NewsItemSerializer(body).data,
        summary=serializers.NewsSummarySerializer(summary).data,
        published_at=page.first_published_at,
        updated_at=page.updated_at,
        expires_at=visibility.expires_at(page),
        refresh_at=content.next_instant(
            government_end, *content.licence_ends(files), *videos.rights_ends(shown_videos)
        ),
        news_kind=page.kind,
        government=str(government.pk) if government else "",
        facets=[("ministry", m["id"]) for m in ministries]
        + [("topic", t["id"]) for t in topics]
        + videos.facets(shown_videos),
        files=files,
    )


def render_section(page: MinistryPage) -> Rendered:
    """A ministry's section: its ministry and introduction."""
    reference = page_reference(page)
    data = {
        **reference,
        "locale": page.locale.language_code,
        "title": page.title,
        "introduction": page.introduction,
        "ministry": content.ministry(page.ministry, page),
        "translations": content.translations(page),
    }
    return Rendered(
        kind=Kind.SECTION,
        public_id=str(page.pk),
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        path=reference["path"],
        url=reference["url"],
        body=serializers.SectionSerializer(data).data,
        published_at=page.first_published_at,
        updated_at=page.last_published_at,
        expires_at=visibility.expires_at(page),
        facets=[("ministry", data["ministry"]["id"])],
    )


def render_home(page: HomePage) -> Rendered:
    """A language's home: the "À la une" selection, in order, as stored news summaries."""
    featured = [item.page_id for item in page.featured_items.all()]
    data = {
        "locale": page.locale.language_code,
        "title": page.title,
        "featured": content.stored_summaries(featured),
    }
    return Rendered(
        kind=Kind.HOME,
        public_id=page.locale.language_code,
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        path=public_path(page),
        url=page_url(page),
        body=serializers.HomeSerializer(data).data,
        published_at=page.first_published_at,
        updated_at=page.last_published_at,
    )


def render_video_page(page: VideoPage) -> Rendered | None:
    """A video page: its introduction and its video object; ``None`` (no document, or a
    tombstone) while its video may not be published. Withdrawn from every public path at
    the start of the video's rights expiry day (``expires_at``, and a refresh then)."""
    files: list[str] = []
    shown = videos.video(page.video, files)
    if shown is None:
        return None
    reference = page_reference(page)
    ministry = content.ministry(page.ministry, page) if page.ministry_id else None
    data = {
        **reference,
        "type": "video_page",
        "locale": page.locale.language_code,
        "title": page.title,
        "introduction": page.introduction,
        "video": shown,
        "published_at": page.first_published_at,
        "updated_at": page.last_published_at,
        "translations": content.translations(page),
    }
    summary = {
        **{key: value for key, value in data.items() if key not in ("video", "translations")},
        "video": {k: v for k, v in shown.items() if k not in ("transcript", "chapters")},
    }
    rights_end = videos.rights_end(page.video)
    page_end = visibility.expires_at(page)
    ends = [instant for instant in (page_end, rights_end) if instant is not None]
    return Rendered(
        kind=Kind.VIDEO_PAGE,
        public_id=str(page.pk),
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        path=reference["path"],
        url=reference["url"],
        body=serializers.VideoPageSerializer(data).data,
        summary=serializers.VideoPageSummarySerializer(summary).data,
        published_at=page.first_published_at,
        updated_at=page.last_published_at,
        expires_at=min(ends, default=None),
        refresh_at=content.next_instant(rights_end, *content.licence_ends(files)),
        duration=page.video.duration,
        facets=([("ministry", ministry["id"])] if ministry else []) + videos.facets([page.video]),
        files=files,
    )
