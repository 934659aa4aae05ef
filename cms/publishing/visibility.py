"""Whether a page is public: the one rule the store is filled by.

A page is *public* when it is live, not an alias, not expired, not under embargo, has no
view restriction on itself or an ancestor, and every ancestor below the root is live. A
news item that was public and was withdrawn (``withdrawn_at``) stays addressable with its
notice (GOV.UK's practice for withdrawn content) when the same conditions hold but
``live``: it is *withdrawn*, served but never listed.

French (``LANGUAGE_CODE``) is the source language. A page in another language with the
same ``translation_key`` as a French page is a *translation*; it follows its source:

- source public: the translation is public, or withdrawn, by its own state;
- source withdrawn: a translation that would be public is served withdrawn too, with the
  source's notice (date and reason); one withdrawn itself keeps its own notice;
- source neither (unpublished, expired, restricted, under an unpublished section,
  deleted): the translation is not public.

A deleted source leaves no page, but the store keeps its tombstone (its document, with
the ``translation_key``): a page whose French version the store holds, or held, is the
translation of a deleted source. A page whose translation key never had a French
document (written in its language only) follows its own state.

Whether a page is public thus follows the state of other pages: its ancestors, and for a
translation its source. :func:`dependents` names them the other way round, for the
pipeline (``pipeline.DEPENDENTS``): when a page's document changes state or path (a
section unpublished, a French item withdrawn), the pages under it and its translations
are rendered again; the deletion of a source schedules its translations from
``pre_delete`` (``signal_handlers``).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from cms.delivery.models import Document


@dataclasses.dataclass(frozen=True)
class Withdrawal:
    """The public notice of a withdrawn item: when (aware) and why."""

    at: datetime.datetime
    reason: str


def _reachable(page: Page, now) -> bool:
    """The page's own conditions other than ``live``: see the module."""
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
    return not PageViewRestriction.objects.filter(page__path__in=restricted).exists()


def _ancestor_paths(page: Page) -> list[str]:
    step = page.steplen
    return [page.path[:depth] for depth in range(step, len(page.path), step)]


def _own_withdrawal(page: Page) -> Withdrawal | None:
    """The page's own notice, if it is a news item withdrawn after being published."""
    withdrawn_at = getattr(page, "withdrawn_at", None)
    if page.live or withdrawn_at is None or page.first_published_at is None:
        return None
    return Withdrawal(withdrawn_at, page.withdrawal_reason)


#: What a translation's source allows (:func:`_source_allows`).
_OWN, _WITHDRAWN, _NOTHING = "own", "withdrawn", "nothing"


def _source(page: Page) -> Page | None:
    """The default language's version of ``page`` (specific), ``None`` for a page in the
    default language or with no version in it."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return None
    source = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    return source.specific if source is not None else None


def _source_allows(page: Page, now) -> tuple[str, Withdrawal | None]:
    """``(_OWN, None)`` when the page is served by its own state (in the default
    language, written in its language only, or its source public); ``(_WITHDRAWN,
    notice)`` when its source is withdrawn; ``(_NOTHING, None)`` otherwise."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return _OWN, None
    source = _source(page)
    if source is None:
        deleted = Document.objects.filter(
            translation_key=page.translation_key, locale=settings.LANGUAGE_CODE
        ).exists()
        return (_NOTHING, None) if deleted else (_OWN, None)
    if is_public(source, now):
        return _OWN, None
    notice = withdrawal(source, now)
    return (_WITHDRAWN, notice) if notice is not None else (_NOTHING, None)


def is_public(page: Page, now=None) -> bool:
    """Whether ``page`` (specific) may be served and listed now: see the module."""
    now = now or timezone.now()
    return page.live and _reachable(page, now) and _source_allows(page, now)[0] == _OWN


def expires_at(page: Page) -> datetime.datetime | None:
    """The instant from which time alone takes ``page`` (specific) out of the public: its
    own ``expire_at`` or, for a translation, its source's, the earlier; ``None`` if
    neither is set. Stored as ``Document.expires_at``, which reads honour while the
    scheduler has not unpublished the page (or its source) yet."""
    source = _source(page)
    instants = (page.expire_at, source.expire_at if source is not None else None)
    return min((instant for instant in instants if instant is not None), default=None)


def withdrawal(page: Page, now=None) -> Withdrawal | None:
    """The notice ``page`` (specific) is served with as a withdrawn item now, or ``None``
    when it is not served as withdrawn (public, or not served): see the module."""
    now = now or timezone.now()
    own = _own_withdrawal(page)
    if not (page.live or own):
        return None
    allows, notice = _source_allows(page, now)  # no query in the default language
    if allows == _NOTHING:
        return None
    found = own or notice  # ``notice`` is ``None`` but for a withdrawn source
    return found if found is not None and _reachable(page, now) else None


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
