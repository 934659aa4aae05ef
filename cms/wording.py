"""What editors are told after a workflow action, and when an approved item goes live.

Phrased without agreeing with the item's gender ("Validation enregistrée", "Mise en ligne
programmée le 30/11/2026 à 07:50"), in Paris time.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import WorkflowState


def _day_and_time(instant) -> dict[str, str]:
    local = timezone.localtime(instant)
    return {"date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M")}


def go_live_phrase(obj) -> str:
    """When ``obj`` (a page or snippet with drafts) goes live: "Mise en ligne programmée le
    30/11/2026 à 07:50.", "En ligne depuis le 30/11/2026 à 07:50.", or "" if neither.
    Read from the database: the caller's copy may predate the publication."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    revision = getattr(obj, "scheduled_revision", None)
    if revision is not None and revision.approved_go_live_at:
        return _("Mise en ligne programmée le %(date)s à %(time)s.") % _day_and_time(
            revision.approved_go_live_at
        )
    if getattr(obj, "live", False) and getattr(obj, "last_published_at", None):
        return _("En ligne depuis le %(date)s à %(time)s.") % _day_and_time(obj.last_published_at)
    return ""


def workflow_action_message(obj, action: str) -> str | None:
    """The message after ``action`` ("approve", "reject") on ``obj``'s current task, read
    from the database after the action; None for other actions."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    title = obj.get_admin_display_title() if hasattr(obj, "get_admin_display_title") else obj
    if action == "reject":
        return _(
            "Modifications demandées pour «\u00a0%(title)s\u00a0»\u00a0: l'auteur est prévenu."
        ) % {"title": title}
    if action != "approve":
        return None
    state = WorkflowState.objects.for_instance(obj).order_by("-created_at").first()
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return _(
            "Validation enregistrée\u00a0: «\u00a0%(title)s\u00a0» passe à l'étape «\u00a0%(task)s\u00a0»."
        ) % {
            "title": title,
            "task": state.current_task_state.task.name,
        }
    if obj.live and not getattr(obj, "scheduled_revision", None):
        return _(
            "Validation enregistrée, publication effectuée\u00a0: «\u00a0%(title)s\u00a0»."
        ) % {"title": title}
    return " ".join(
        part
        for part in (
            _("Validation enregistrée\u00a0: «\u00a0%(title)s\u00a0».") % {"title": title},
            go_live_phrase(obj),
        )
        if part
    )
