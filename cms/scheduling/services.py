"""Punctual go-live and expiry: the per-item steps shared by the exact-time jobs and the sweep.

Each step runs in its own transaction and re-reads its row under ``SELECT … FOR UPDATE
SKIP LOCKED`` (PostgreSQL; SQLite has no row locks and runs steps one at a time), so a
job and a sweep, or two sweeps, never handle the same item twice, and a step that runs
early does nothing. Wagtail decides against the clock whether a revision goes live: an
item is never published before its instant.
"""

from __future__ import annotations

import datetime
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import Locale, Page, Revision

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    """What a per-item step did."""

    DONE = "done"  # published, or expired
    POSTPONED = "postponed"  # still scheduled, for a later instant
    SKIPPED = "skipped"  # nothing to do: unscheduled, superseded, or handled elsewhere


@dataclass
class SweepReport:
    published: int = 0
    expired: int = 0
    postponed: int = 0
    failures: list[str] = field(default_factory=list)


#: Functions ``(now)`` run at the end of every sweep, after the go-live and expiry steps:
#: the delivery pipeline registers its own sweep here (``cms.publishing`` sits above this
#: layer and may not be imported from it). A failure is logged and counted, never raised.
AFTER_SWEEP: list[Callable[[datetime.datetime], object]] = []


class TranslationNotPublishable(PublishPagePermissionError):
    """A translation cannot go live while its source is neither live nor scheduled."""


def due_revision_ids(now: datetime.datetime) -> list[int]:
    """Revisions approved for publication at or before ``now``, oldest instant first."""
    return list(
        Revision.objects.filter(approved_go_live_at__lte=now)
        .order_by("approved_go_live_at", "pk")
        .values_list("pk", flat=True)
    )


def due_expiry_ids(now: datetime.datetime) -> list[int]:
    """Live pages whose expiry is at or before ``now``, oldest first."""
    return list(
        Page.objects.filter(live=True, expire_at__lte=now)
        .order_by("expire_at", "pk")
        .values_list("pk", flat=True)
    )


def publish_revision_if_due(revision_id: int, now: datetime.datetime | None = None) -> Outcome:
    """Publish a scheduled revision if its instant has come, in its own transaction.

    A page whose expiry has passed too (after downtime) is expired in the same
    transaction, so it is never public after its expiry.
    """
    now = now or timezone.now()
    with transaction.atomic():
        revision = (
            Revision.objects.select_for_update(skip_locked=True)
            .filter(pk=revision_id, approved_go_live_at__isnull=False)
            .first()
        )
        if revision is None:
            return Outcome.SKIPPED
        if revision.approved_go_live_at > now:
            return Outcome.POSTPONED
        # Logged as "wagtail.publish", like any publication: the public history of
        # major changes is built from those entries.
        revision.publish()
        revision.refresh_from_db(fields=["approved_go_live_at"])
        if revision.approved_go_live_at is not None:
            # Wagtail scheduled it again, later (a translation waiting for its source).
            return Outcome.POSTPONED
        if isinstance(revision.content_object, Page):
            expire_page_if_due(revision.content_object.pk, now)
    return Outcome.DONE


def expire_page_if_due(page_id: int, now: datetime.datetime | None = None) -> Outcome:
    """Unpublish a live page whose expiry has come and mark it expired, in its own transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        page = (
            Page.objects.select_for_update(skip_locked=True)
            .filter(pk=page_id, live=True, expire_at__isnull=False)
            .first()
        )
        if page is None:
            return Outcome.SKIPPED
        if page.expire_at > now:
            return Outcome.POSTPONED
        page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    return Outcome.DONE


def publish_due(now: datetime.datetime | None = None) -> SweepReport:
    """Publish every due revision, expire every due page, then run the ``AFTER_SWEEP``
    hooks; one bad item stops nothing."""
    now = now or timezone.now()
    report = SweepReport()
    for revision_id in due_revision_ids(now):
        try:
            outcome = publish_revision_if_due(revision_id, now)
        except Exception:
            logger.exception("Scheduled publication of revision %s failed", revision_id)
            report.failures.append(gettext("révision %(id)s") % {"id": revision_id})
            continue
        report.published += outcome is Outcome.DONE
        report.postponed += outcome is Outcome.POSTPONED
    for page_id in due_expiry_ids(now):
        try:
            outcome = expire_page_if_due(page_id, now)
        except Exception:
            logger.exception("Scheduled expiry of page %s failed", page_id)
            report.failures.append(gettext("page %(id)s") % {"id": page_id})
            continue
        report.expired += outcome is Outcome.DONE
    for hook in AFTER_SWEEP:
        try:
            hook(now)
        except Exception:
            logger.exception("Sweep hook %s failed", hook.__qualname__)
            report.failures.append(hook.__qualname__)
    return report


def source_go_live_at(page: Page) -> datetime.datetime | None:
    """The instant before which the translation ``page`` (as stored) must not go live.

    ``None`` when nothing holds it back: ``page`` is in the default locale, has no
    source, is already live, or its source is live. Raises ``TranslationNotPublishable``
    when the source is neither live nor scheduled.
    """
    if page.live:
        return None
    default_locale = Locale.get_default()
    if page.locale_id == default_locale.pk:
        return None
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale=default_locale)
        .only("pk", "live", "title")
        .first()
    )
    if source is None or source.live:
        return None
    scheduled_at = (
        Revision.page_revisions.filter(object_id=str(source.pk), approved_go_live_at__isnull=False)
        .values_list("approved_go_live_at", flat=True)
        .first()
    )
    if scheduled_at is None:
        raise TranslationNotPublishable(
            gettext(
                "La version française de « %(title)s » n'est ni publiée ni programmée : "
                "sa traduction ne peut pas être publiée avant elle."
            )
            % {"title": source.title}
        )
    return scheduled_at


def apply_translation_embargo(page: Page, version: Page) -> TranslationNotPublishable | None:
    """Hold ``version`` (a revision of ``page`` being loaded) back until its source goes live.

    Its ``go_live_at`` becomes the source's scheduled go-live when that is later. If the
    source is neither live nor scheduled, returns the refusal that publishing ``version``
    must raise (``TranslationEmbargoMixin`` does); otherwise ``None``.
    """
    try:
        not_before = source_go_live_at(page)
    except TranslationNotPublishable as refusal:
        return refusal
    if not_before is not None and (version.go_live_at is None or version.go_live_at < not_before):
        version.go_live_at = not_before
    return None
