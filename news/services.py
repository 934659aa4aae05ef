"""Services of the news app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Revision

WITHDRAW_ACTION = "gouvernail.withdraw"


def record_major_update(page, revision: Revision) -> None:
    """Date the page's last major update when a published revision says it is one.

    The first publication is not an update. The date lives on the page row only
    (see ``NewsPage.with_content_json``), so later minor publications keep it.
    """
    if not revision.content.get("major_change"):
        return
    if page.first_published_at == page.last_published_at:
        return
    type(page).objects.filter(pk=page.pk).update(last_major_update_at=page.last_published_at)
    page.last_major_update_at = page.last_published_at


def clear_withdrawal(page) -> None:
    """A withdrawn item published again is no longer withdrawn."""
    if page.withdrawn_at is None:
        return
    type(page).objects.filter(pk=page.pk).update(withdrawn_at=None, withdrawal_reason="")
    page.withdrawn_at, page.withdrawal_reason = None, ""


def can_withdraw(page, user) -> bool:
    """Whether ``user`` may withdraw ``page``: it is live and they may publish it.

    Unlike Wagtail's ``can_unpublish``, no lock stands in the way: locks guard the text
    against concurrent edits, and a withdrawal edits nothing. A scheduled correction, which
    locks the item for everyone, is cancelled by the withdrawal.
    """
    return page.live and page.permissions_for_user(user).can_publish()


@transaction.atomic
def withdraw(page, *, reason: str, user) -> Revision | None:
    """Unpublish a news item as *withdrawn*: it stays addressable with a public reason and date.

    A correction scheduled for it is cancelled (logged as Wagtail's "wagtail.schedule.cancel")
    and returned, else ``None``. Atomic: the withdrawal, the cancellation, the unpublication
    and the audit entries happen together or not at all. Raises ``PermissionDenied`` unless
    ``can_withdraw``, ``ValidationError`` for a draft or a blank reason.
    """
    from news.models import NewsPage

    page = NewsPage.objects.select_for_update().get(pk=page.pk).specific
    if not page.live:
        raise ValidationError(_("Seul un contenu en ligne peut être retiré."))
    if not can_withdraw(page, user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Le motif du retrait est obligatoire : il sera publié."))
    cancelled = page.scheduled_revision
    if cancelled is not None:
        cancelled.approved_go_live_at = None
        cancelled.save(user=user, update_fields=["approved_go_live_at"])
    page.withdrawn_at = timezone.now()
    page.withdrawal_reason = reason.strip()
    UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
    log(instance=page, action=WITHDRAW_ACTION, user=user, data={"reason": page.withdrawal_reason})
    return cancelled


@transaction.atomic
def submit_translation(page, *, user):
    """Put a translation through its workflow, as its source went (wagtail-localize's
    translation editor can save or publish, but not submit for moderation)."""
    from cms.editorial.rules import enforce_editorial_line

    page = type(page).objects.select_for_update().get(pk=page.pk)
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    if page.workflow_in_progress:
        raise ValidationError(_("Cette traduction est déjà en cours de modération."))
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("Aucun workflow ne s'applique à cette traduction."))
    enforce_editorial_line(page.get_latest_revision_as_object(), user=user)
    return workflow.start(page, user)


def reading_status(page) -> dict:
    """Where a news item stands, for its read-only view: its status as the explorer says
    it, whether its latest version is online, the scheduled go-live, the task it awaits,
    its withdrawal."""
    scheduled = page.scheduled_revision
    task = page.current_workflow_task if page.workflow_in_progress else None
    return {
        "label": page.status_string,
        "live": page.live,
        "latest_is_live": page.live and not page.has_unpublished_changes,
        "go_live_at": scheduled.approved_go_live_at if scheduled else None,
        "awaiting": task.name if task else "",
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "updated_at": page.latest_revision_created_at,
        "withdrawn_at": page.withdrawn_at,
        "withdrawal_reason": page.withdrawal_reason,
    }
