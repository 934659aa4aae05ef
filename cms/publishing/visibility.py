"""Whether a page is public: the one rule the store is filled by.

A page is *public* when it is live, not an alias, not expired, not under embargo, has no
view restriction on itself or an ancestor, every ancestor below the root is live, and,
for a translation, its source (the default locale's version) is public too. A news item
that was public and was withdrawn (``withdrawn_at``) stays addressable with its notice
(GOV.UK's practice for withdrawn content) when the same conditions hold but ``live``.
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
