"""Keep roles and workflows in step with ministries and the page tree; notify approvers."""

from django.db.models.signals import post_save

from wagtail.models import TaskState
from wagtail.signals import task_submitted

from cms.organisations.models import Ministry
from cms.workflows import roles, setup
from cms.workflows.notifications import MinistryValidationSubmissionNotifier
from cms.workflows.pages import MinistrySectionMixin, WorkflowRootMixin, page_models

#: Module-level: signals keep only weak references to their receivers.
ministry_validation_notifier = MinistryValidationSubmissionNotifier()


def on_ministry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        roles.sync_ministry_roles(instance)


def on_section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        roles.sync_ministry_roles(instance.ministry)


def on_tree_root_saved(sender, instance, created, raw=False, **kwargs):
    """A new home or "Ministères" index (a new language) gets the same workflows."""
    if created and not raw:
        setup.setup_workflows()


def register_signal_handlers():
    post_save.connect(on_ministry_saved, sender=Ministry, dispatch_uid="roles-ministry")
    for model in page_models(MinistrySectionMixin):
        post_save.connect(
            on_section_saved, sender=model, dispatch_uid=f"roles-section-{model.__name__}"
        )
    for model in page_models(WorkflowRootMixin):
        post_save.connect(
            on_tree_root_saved, sender=model, dispatch_uid=f"workflows-{model.__name__}"
        )
    task_submitted.connect(
        ministry_validation_notifier,
        sender=TaskState,
        dispatch_uid="ministry-validation-submitted-email",
    )
