"""Whether a page is public: the one rule the store is filled by.

A page is *public* when it is live, not an alias, not expired, not under embargo, has no
view restriction on itself or an ancestor, every ancestor below the root is live, and,
for a translation, its source (the default locale's version) is public too. A news item
that was public and was withdrawn (``withdrawn_at``) stays addressable with its notice
(GOV.UK's practice for withdrawn content) when the same conditions hold but ``live``.

Whether a page is public thus follows the state of other pages: its ancestors, and for a
translation its source. :func:`dependents` names them the other way round, for the
pipeline (``pipeline.DEPENDENTS``): when a page's document changes state or path (a
section unpublished, a French item withdrawn), the pages under it and its translations
are rendered again, and stop being served.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction


def _reachable(page: Page, now) -> bool:
    """The conditions other than ``live``: see the module."""
    if page.alias_of_id is not None:
        return False
    if page.expire_at is not None and page.expire_at <= now:
        return False
    embargo = getattr(page, "embargo_until", None)
    if embargo is not None and embargo > now:
        return False
    ancestors = Page.objects.filter(path__in=_ancestor_paths(page), depth__gt=1)
    if ancestors.filter(live=False).exists():
        return False
    restricted = [page.path, *_ancestor_paths(page)]
    if PageViewRestriction.objects.filter(page__path__in=restricted).exists():
        return False
    return _source_is_public(page, now)


def _ancestor_paths(page: Page) -> list[str]:
    step = page.steplen
    return [page.path[:depth] for depth in range(step, len(page.path), step)]


def _source_is_public(page: Page, now) -> bool:
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return True
    source = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if source is None:
        return True  # written in this language only
    return is_public(source.specific, now)


def is_public(page: Page, now=None) -> bool:
    """Whether ``page`` (specific) may be served now: see the module."""
    return page.live and _reachable(page, now or timezone.now())


def is_withdrawn(page: Page, now=None) -> bool:
    """Whether ``page`` is a withdrawn item still served with its notice: see the module."""
    return (
        not page.live
        and getattr(page, "withdrawn_at", None) is not None
        and page.first_published_at is not None
        and _reachable(page, now or timezone.now())
    )


def dependents(source: str, pk: int) -> list[tuple[str, int]]:
    """The pages that stop being public with page ``pk`` (``source`` ``"page"``): while
    it is not public, its descendants and, in the default locale, its translations, among
    those ever published (a page never published has no document). ``[]`` for a public
    page (a rebuild renders every page anyway, and a new section's or home's document
    must not render the whole tree again) and for other sources.

    Registered in ``pipeline.DEPENDENTS``, so they are rendered again when the page's
    document changes (here: when it becomes a tombstone or a withdrawn notice).
    """
    if source != "page":
        return []
    page = Page.objects.filter(pk=pk).select_related("locale").first()
    if page is None:
        return []  # deleted: its descendants were deleted with it, each with its own job
    if is_public(page.specific):
        return []
    followers = Page.objects.descendant_of(page)
    if page.locale.language_code == settings.LANGUAGE_CODE:
        translations = Page.objects.filter(translation_key=page.translation_key).exclude(pk=pk)
        followers = followers | translations
    ever_published = followers.filter(first_published_at__isnull=False).order_by("path")
    return [("page", follower) for follower in ever_published.values_list("pk", flat=True)]
