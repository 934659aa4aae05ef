"""The three moderation workflows, created idempotently and assigned to the page tree."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from cms.workflows import roles
from cms.workflows.models import EditorialLineTask, MinistryValidationTask
from cms.workflows.pages import WorkflowRootMixin, page_models

GOVERNMENT_NEWS = "Actualité gouvernementale"
MINISTRY_NEWS = "Actualité ministérielle"
CRISIS = "Crise"

EDITORIAL_LINE_TASK = "Contrôle de la ligne éditoriale"
CHIEF_APPROVAL_TASK = "Approbation du rédacteur en chef"
MINISTRY_VALIDATION_TASK = "Validation par le ministère"
REDACTION_REVIEW_TASK = "Relecture par la Rédaction"
CRISIS_APPROVAL_TASK = "Approbation de crise"
#: Wagtail's own workflow and task, created by its migrations, in English: never used here.
DEFAULT_WORKFLOW = "Moderators approval"


def _group_task(name: str, group_names: list[str]) -> GroupApprovalTask:
    task = GroupApprovalTask.objects.filter(name=name).first() or GroupApprovalTask.objects.create(
        name=name
    )
    task.groups.set(Group.objects.filter(name__in=group_names))
    return task


def _workflow(name: str, tasks) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    links = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
    if [link.task_id for link in links] != [task.pk for task in tasks]:
        links.delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


@transaction.atomic
def setup_workflows() -> dict[str, Workflow]:
    """Create the workflows and assign them: government news from every home page down,
    ministry news from every "Ministères" index down, crisis alerts by model. Wagtail's
    default workflow is taken out of use."""
    retire_default_workflow()
    editorial_line = EditorialLineTask.objects.filter(
        name=EDITORIAL_LINE_TASK
    ).first() or EditorialLineTask.objects.create(name=EDITORIAL_LINE_TASK)
    ministry_validation = MinistryValidationTask.objects.filter(
        name=MINISTRY_VALIDATION_TASK
    ).first() or MinistryValidationTask.objects.create(name=MINISTRY_VALIDATION_TASK)
    workflows = {
        GOVERNMENT_NEWS: _workflow(
            GOVERNMENT_NEWS,
            [editorial_line, _group_task(CHIEF_APPROVAL_TASK, [roles.CHIEF_EDITORS])],
        ),
        MINISTRY_NEWS: _workflow(
            MINISTRY_NEWS,
            [
                editorial_line,
                ministry_validation,
                _group_task(REDACTION_REVIEW_TASK, [roles.EDITORS, roles.CHIEF_EDITORS]),
            ],
        ),
        CRISIS: _workflow(
            CRISIS, [_group_task(CRISIS_APPROVAL_TASK, [roles.CRISIS_CELL, roles.CHIEF_EDITORS])]
        ),
    }
    for model in page_models(WorkflowRootMixin):
        assign_workflow(workflows[model.workflow_root_of], model.objects.all())
    _assign_to_model(workflows[CRISIS], "crisis", "crisisalert")
    return workflows


def retire_default_workflow() -> None:
    """Deactivate Wagtail's "Moderators approval" workflow and task (cancelling what is in
    progress in them, and unassigning the workflow), if still active."""
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW, active=True):
        workflow.deactivate()
    for task in Task.objects.filter(name=DEFAULT_WORKFLOW, active=True):
        task.specific.deactivate()


def assign_workflow(workflow: Workflow, pages) -> None:
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def _assign_to_model(workflow: Workflow, app_label: str, model: str) -> None:
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is not None:
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
