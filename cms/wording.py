"""What editors are told after a workflow action, and when an approved item goes live.

Phrased without agreeing with the item's gender ("Validation enregistrée", "Mise en ligne
programmée le 30/11/2026 à 07:50"), in Paris time.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import WorkflowState


def _day_and_time(instant) -> dict[str, str]:
    local = timezone.localtime(instant)
    return {"date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M")}


def _scheduled_go_live(obj):
    """When the scheduled revision of ``obj`` (as read from the database) goes live, or None."""
    revision = getattr(obj, "scheduled_revision", None)
    return revision.approved_go_live_at if revision is not None else None


def scheduled_instant(obj) -> str:
    """When ``obj``'s scheduled revision goes live, "le 30/11/2026 à 07:50" (Paris time), or
    "" if none is scheduled. Read from the database: the caller's copy may predate it."""
    at = _scheduled_go_live(type(obj)._default_manager.get(pk=obj.pk))
    return _("le %(date)s à %(time)s") % _day_and_time(at) if at else ""


def dated_schedule_messages(request, obj, since: int) -> None:
    """Complete the messages added to ``request`` since the ``since``-th that announce a
    publication "programmée." with the instant it goes live ("programmée le 30/11/2026 à
    07:50."): Wagtail's own say no date."""
    instant = scheduled_instant(obj)
    if not instant:
        return
    storage = messages.get_messages(request)
    for message in list(storage)[since:]:
        text = str(message.message)  # Wagtail's HTML: the text, then its buttons
        first_line = text.split("\n", 1)[0]
        if message.level == messages.SUCCESS and first_line.endswith("programmée."):
            dated = first_line.removesuffix(".") + " " + escape(instant) + "."
            message.message = mark_safe(dated + text[len(first_line) :])  # noqa: S308
    storage.used = False  # reading them above must not drop them


def go_live_phrase(obj) -> str:
    """When ``obj`` (a page or snippet with drafts) goes live: "Mise en ligne programmée le
    30/11/2026 à 07:50.", "En ligne depuis le 30/11/2026 à 07:50.", or "" if neither.
    Read from the database: the caller's copy may predate the publication."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    if at := _scheduled_go_live(obj):
        return _("Mise en ligne programmée le %(date)s à %(time)s.") % _day_and_time(at)
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
