"""Admin hooks isolating the ministries from one another (services in ``isolation``), and
the audit-log labels of the workflows."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter

from cms.workflows import isolation
from cms.workflows.models import EDITORIAL_LINE_FAILED, EDITORIAL_LINE_PASSED
from cms.workflows.views import DraftUpdateTranslationsView

#: Run after Wagtail's own registrations, which these replace.
AFTER_WAGTAIL = 1
#: Run before wagtail-localize's URLs, which these override.
BEFORE_LOCALIZE = -1


@hooks.register("construct_explorer_page_queryset")
def isolate_explorer(parent_page, pages, request):
    if not isolation.can_explore(request.user, parent_page):
        raise Http404
    return isolation.visible_pages(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def isolate_page_chooser(pages, request):
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None and not isolation.can_see_page(request.user, parent_id):
        raise Http404
    return isolation.visible_pages(request.user, pages)


@hooks.register("before_move_page")
def keep_moves_in_own_section(request, page, destination):
    if not isolation.may_place_in(request.user, destination):
        messages.error(request, isolation.MOVE_REFUSAL)
        return redirect("wagtailadmin_pages:move", page.pk)
    return None


@hooks.register("before_copy_page")
def keep_copies_in_own_section(request, page):
    if request.method == "POST" and not isolation.may_copy_to(
        request.user, request.POST.get("new_parent_page")
    ):
        messages.error(request, isolation.COPY_REFUSAL)
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None


for action_class in isolation.isolated_bulk_actions():
    hooks.register("register_bulk_action", action_class, order=AFTER_WAGTAIL)


@hooks.register("construct_admin_api", order=AFTER_WAGTAIL)
def isolate_media_api(router):
    router.register_endpoint("images", isolation.IsolatedImagesAdminAPIViewSet)
    router.register_endpoint("documents", isolation.IsolatedDocumentsAdminAPIViewSet)


@hooks.register("register_admin_urls", order=BEFORE_LOCALIZE)
def close_translations_report():
    return isolation.localize_urlpatterns()


@hooks.register("register_admin_urls", order=BEFORE_LOCALIZE - 1)
def update_translations_as_drafts():
    """Before the isolation's copy of wagtail-localize's URLs, and guarded as they are."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            isolation.hidden_refused(DraftUpdateTranslationsView.as_view()),
        )
    ]


@hooks.register("construct_reports_menu")
def hide_unfiltered_reports(request, menu_items):
    if isolation.is_restricted(request.user):
        closed = {
            reverse("wagtailadmin_reports:page_types_usage"),
            reverse("wagtail_localize:translations_report"),
        }
        menu_items[:] = [item for item in menu_items if item.url not in closed]


class EditorialLineCheckFormatter(LogFormatter):
    """The editorial-line check in the history, with its failures as the comment."""

    def format_comment(self, log_entry):
        return log_entry.data.get("comment", "")


@hooks.register("register_log_actions")
def register_workflow_log_actions(actions):
    @actions.register_action(EDITORIAL_LINE_PASSED)
    class EditorialLinePassed(EditorialLineCheckFormatter):
        label = _("Ligne éditoriale vérifiée")
        message = _("Ligne éditoriale vérifiée automatiquement")

    @actions.register_action(EDITORIAL_LINE_FAILED)
    class EditorialLineFailed(EditorialLineCheckFormatter):
        label = _("Ligne éditoriale non respectée")
        message = _("Ligne éditoriale non respectée : renvoyé à l'auteur")
