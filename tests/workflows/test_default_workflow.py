"""Wagtail's default "Moderators approval" workflow is out of use, beside ours."""

from wagtail.models import Page, Task, Workflow, WorkflowPage, WorkflowState

import pytest

from cms.workflows import setup

pytestmark = pytest.mark.django_db


def _default():
    return Workflow.objects.get(name=setup.DEFAULT_WORKFLOW)


def test_the_migrations_leave_it_inactive_and_unassigned(home):
    workflow = _default()
    assert not workflow.active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    assert not Task.objects.get(name=setup.DEFAULT_WORKFLOW).active
    assert home.get_workflow() is None


def test_setup_workflows_takes_it_out_of_use_again(home, site):
    workflow = _default()
    workflow.active = True
    workflow.save()
    Task.objects.filter(name=setup.DEFAULT_WORKFLOW).update(active=True)
    root = Page.get_first_root_node()
    WorkflowPage.objects.create(page=root, workflow=workflow)
    item, chief = site["pages"]["government_draft"], site["users"]["chief"]
    item.save_revision(user=chief)
    state = workflow.start(item, chief)

    setup.setup_workflows()

    workflow.refresh_from_db()
    state.refresh_from_db()
    assert not workflow.active
    assert not Task.objects.get(name=setup.DEFAULT_WORKFLOW).active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert home.get_workflow().name == setup.GOVERNMENT_NEWS
