"""E-mail notifications for the ministry validation task (Wagtail's only know fixed groups)."""

from django.contrib.auth import get_user_model

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState

from cms.workflows.models import MinistryValidationTask


class MinistryValidationSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Tells the validators of the item's own ministry that it awaits them."""

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(
            instance.task.specific, MinistryValidationTask
        )

    def get_recipient_users(self, task_state: TaskState, **kwargs):
        group = MinistryValidationTask.validators_group(task_state.workflow_state.content_object)
        if group is None:
            return get_user_model().objects.none()
        recipients = get_user_model().objects.filter(groups=group, is_active=True)
        if triggering_user := kwargs.get("user"):
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients
