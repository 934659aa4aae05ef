"""Admin for crisis alerts: snippet, audit-log actions, review button."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.crisis import views
from cms.crisis.models import CRISIS_PUBLISH, CRISIS_REVIEW, CrisisAlert


def alert_status(alert: CrisisAlert) -> str:
    """Where an alert stands now, in words: draft, upcoming, live, ended or withdrawn."""
    now = timezone.now()
    if not alert.live:
        return _("Retirée") if alert.first_published_at else _("Brouillon")
    if alert.ends_at and alert.ends_at <= now:
        return _("Terminée")
    if alert.starts_at > now:
        return _("À venir")
    return _("En cours")


def alert_review(alert: CrisisAlert) -> str:
    """Whether a crisis publication still awaits its review afterwards."""
    if alert.needs_review:
        return _("À revoir")
    if alert.reviewed_at:
        return _("Revue le %(date)s") % {
            "date": date_format(timezone.localtime(alert.reviewed_at), "SHORT_DATE_FORMAT")
        }
    return "—"


class CrisisAlertViewSet(SnippetViewSet):
    model = CrisisAlert
    icon = "warning"
    menu_label = _("Alertes de crise")
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        "title",
        Column("alert_status", label=_("État"), accessor=alert_status),
        "level",
        "starts_at",
        "ends_at",
        Column("alert_review", label=_("Revue"), accessor=alert_review),
    ]
    list_filter = ["level", "needs_review", "live"]


register_snippet(CrisisAlertViewSet)


@hooks.register("register_log_actions")
def register_crisis_log_actions(actions):
    actions.register_action(
        CRISIS_PUBLISH,
        _("Publication de crise"),
        _("Publication de crise, à revoir après coup"),
    )
    actions.register_action(CRISIS_REVIEW, _("Revue de crise"), _("Publication de crise revue"))


@hooks.register("register_admin_urls")
def register_crisis_urls():
    return [path("crise/<int:pk>/revue/", views.mark_reviewed, name="crisis_mark_reviewed")]


@hooks.register("register_snippet_listing_buttons")
def crisis_review_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, CrisisAlert)
        and snippet.needs_review
        and user.has_perm("crisis.review_crisisalert")
    ):
        url = reverse("crisis_mark_reviewed", args=[snippet.pk])
        yield Button(
            _("Marquer comme revue"),
            url,
            icon_name="check",
            # w-action posts to its url value, not to the href (else to the listing itself).
            attrs={
                "data-controller": "w-action",
                "data-action": "w-action#post",
                "data-w-action-url-value": url,
            },
            priority=10,
        )
