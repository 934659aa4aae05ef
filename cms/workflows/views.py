"""Workflow admin views: approving a revision that changed is refused, clearly; a ministry
cannot read another's workflow status."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import (
    ConfirmWorkflowCancellationView,
    WorkflowActionView,
)
from wagtail.models import TaskState
from wagtail_localize.views.update_translations import UpdateTranslationsView

from cms.editorial.rules import EditorialLineError
from cms.wording import workflow_action_message
from cms.workflows import isolation
from cms.workflows.actions import ReviewedRevisionChanged


class ReviewedWorkflowActionView(WorkflowActionView):
    """Approve only the revision that is still the latest one.

    When the item was edited after the reviewer opened it, the approval is refused with a
    French message, nothing is published and nothing is logged; the review now bears on
    the new text (with ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``, earlier steps will be
    asked again). The same message covers the rarer race caught by the finish action.
    """

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve" and self.task_state.revision_id != (
            self.object.latest_revision_id
        ):
            self.task_state.revision = self.object.get_latest_revision()
            self.task_state.save(update_fields=["revision"])
            return self.refuse()
        try:
            response = super().post(request, *args, **kwargs)
        except ReviewedRevisionChanged:
            return self.refuse()
        except EditorialLineError as error:
            return self.refuse(" ".join(error.messages))
        self.task_state.refresh_from_db()
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS and (
            message := workflow_action_message(self.object, self.action_name)
        ):
            messages.success(self.request, message)
        return response

    def refuse(self, message=ReviewedRevisionChanged.message):
        messages.error(self.request, message)
        if self.request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(
                self.request, {"step": "success", "redirect": self.redirect_url}
            )
        return redirect(self.redirect_url)


class IsolatedConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail checks no permission here: a ministry would read another's workflow status."""

    def dispatch(self, request, *args, **kwargs):
        if not isolation.can_see_page(request.user, kwargs[self.pk_url_kwarg]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DraftUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Mettre à jour les traductions", without "Publier immédiatement".

    That option publishes every translation at once, untranslated parts included, outside
    any workflow: updated translations are drafts, published through their workflow.
    """

    def get_form(self):
        form = super().get_form()
        del form.fields["publish_translations"]
        return form

    def form_valid(self, form):
        form.cleaned_data["publish_translations"] = False
        return super().form_valid(form)
