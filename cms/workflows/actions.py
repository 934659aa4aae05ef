"""What happens when a workflow is fully approved.

Imported by ``wagtail.models`` itself (``WorkflowState.on_finish``): no Wagtail model
imports at module level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from wagtail.models import WorkflowState


class ReviewedRevisionChanged(PermissionDenied):
    """The item was edited after the revision that was reviewed: nothing is published."""

    message = _(
        "Ce contenu a été modifié depuis la version relue : rien n'a été publié, "
        "la relecture doit porter sur la nouvelle version."
    )


def publish_reviewed_revision(workflow_state: WorkflowState, user=None) -> None:
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: publish the revision that was reviewed, or nothing.

    Wagtail's stock action publishes the *latest* revision without a lock, so an edit saved
    while the last reviewer approves could go out unreviewed. Here the object's row is
    locked (``SELECT … FOR UPDATE``; an edit updates that row too, so it waits), and the
    reviewed revision is published only if it is still the latest. Otherwise the approval
    is refused: the exception rolls the whole approval back.

    Also used when a workflow has no task at all: then nothing was reviewed and the
    latest revision is published, as Wagtail does.
    """
    content_object = workflow_state.content_object
    task_state = workflow_state.current_task_state
    reviewed = task_state.revision if task_state else content_object.get_latest_revision()
    with transaction.atomic():
        locked = (
            type(content_object)
            ._default_manager.select_for_update()
            .only("pk", "latest_revision")
            .get(pk=content_object.pk)
        )
        if locked.latest_revision_id != reviewed.pk:
            raise ReviewedRevisionChanged(ReviewedRevisionChanged.message)
        # The workflow is the authority: whoever may approve its last step publishes, even
        # without a publish permission of their own (e.g. the Rédaction's review).
        reviewed.publish(user=user, skip_permission_checks=True)
