"""Page create and edit views that run the editorial line before a submission or a publication.

A plain save of a draft is never checked, so work in progress is never lost.
"""

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Site

from cms.editorial.rules import REFUSAL_HEADING, check_page
from cms.wording import dated_schedule_messages, workflow_action_message

#: The actions of the create and edit views that submit or publish the page.
CHECKED_ACTIONS = frozenset({"publish", "submit", "restart_workflow"})


class EditorialLineMixin:
    """Refuse a submission or a publication that fails the editorial line, saving nothing."""

    def get_editorial_site(self) -> Site | None:
        return self.parent_page.get_site()

    def needs_check(self) -> bool:
        """Submitting, publishing, or approving (possibly with edits) from the editor."""
        return self.action_name in CHECKED_ACTIONS or (
            self.action_name == "perform_workflow_action"
            and getattr(self, "workflow_action", None) == "approve"
        )

    def publish_action(self):
        """Wagtail's publication, with the go-live instant in its "programmée" message."""
        since = len(get_messages(self.request))
        response = super().publish_action()
        dated_schedule_messages(self.request, self.page, since)
        return response

    def form_valid(self, form):
        if not self.needs_check():
            return super().form_valid(form)
        # The same in-memory page, child relations included, that Wagtail is about to save.
        report = check_page(
            form.save(commit=False), site=self.get_editorial_site(), user=self.request.user
        )
        for finding in report.warnings:
            messages.warning(self.request, finding.message)
        if report.is_blocking:
            form.add_error(None, REFUSAL_HEADING)
            for finding in report.errors:
                form.add_error(None, finding.message)
            return self.form_invalid(form)
        return super().form_valid(form)


class EditorialCreateView(EditorialLineMixin, CreateView):
    def form_invalid(self, form):
        """Starting an item whose draft exists (an autosave) links to that draft."""
        response = super().form_invalid(form)
        if draft := getattr(form, "existing_draft", None):
            messages.warning(
                self.request,
                _(
                    "Un brouillon de ce contenu existe déjà («\u00a0%(title)s\u00a0»), "
                    "peut-être enregistré automatiquement."
                )
                % {"title": draft.get_admin_display_title()},
                buttons=[
                    messages.button(
                        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                        _("Reprendre ce brouillon"),
                    )
                ],
            )
        return response


class EditorialEditView(EditorialLineMixin, EditView):
    def get_editorial_site(self) -> Site | None:
        return self.page.get_site()

    def add_save_confirmation_message(self):
        """After approving or requesting changes from the editor, say what happened
        ("Validation enregistrée…"), not Wagtail's "updated"."""
        message = None
        if self.action_name == "perform_workflow_action" and not self.is_reverting:
            message = workflow_action_message(self.page, self.workflow_action)
        if message is None:
            return super().add_save_confirmation_message()
        messages.success(self.request, message)
