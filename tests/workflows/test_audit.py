"""The audit log: every editorial action appears with the acting user."""

import datetime

from django.utils import timezone

from wagtail.log_actions import LogContext
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import PageLogEntry

import pytest

from cms.workflows import setup
from news import services
from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def actions(page):
    return set(PageLogEntry.objects.filter(page=page).values_list("action", "user__username"))


def test_submit_reject_resubmit_approve_withdraw(site):
    setup.setup_workflows()
    editor, chief = site["users"]["editor"], site["users"]["chief"]
    page = NewsPageFactory(parent=site["pages"]["news_index"], live=False)
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    workflow_state.current_task_state.specific.task.specific.on_action(
        workflow_state.current_task_state, chief, "reject", comment="Chapô à revoir."
    )
    workflow_state.refresh_from_db()
    workflow_state.resume(editor)
    page = NewsPage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, chief, "approve")
    services.withdraw(NewsPage.objects.get(pk=page.pk), reason="Remplacé.", user=chief)

    assert {
        ("wagtail.workflow.start", "editor"),
        ("wagtail.workflow.reject", "chief"),
        ("wagtail.workflow.resume", "editor"),
        ("wagtail.workflow.approve", "chief"),
        ("wagtail.publish", "chief"),
        ("wagtail.unpublish", "chief"),
        (services.WITHDRAW_ACTION, "chief"),
    } <= actions(page)


def test_scheduling_is_logged_with_its_user(site):
    chief = site["users"]["chief"]
    page = NewsPageFactory(parent=site["pages"]["news_index"], live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    page.save_revision(user=chief).publish(user=chief)
    assert ("wagtail.publish.schedule", "chief") in actions(page)
    assert not NewsPage.objects.get(pk=page.pk).live


EDITORIAL_LINE_ENTRIES = {
    "passed": (
        "gouvernail.editorial_line.passed",
        "Ligne éditoriale vérifiée",
        "Ligne éditoriale vérifiée automatiquement",
    ),
    "failed": (
        "gouvernail.editorial_line.failed",
        "Ligne éditoriale non respectée",
        "Ligne éditoriale non respectée : renvoyé à l'auteur",
    ),
}


@pytest.mark.parametrize(("chapo", "outcome"), [("Un chapô court.", "passed"), ("", "failed")])
def test_the_editorial_line_step_is_logged_as_a_check_without_user(chapo, outcome, site):
    setup.setup_workflows()
    editor = site["users"]["editor"]
    page = NewsPageFactory(parent=site["pages"]["news_index"], live=False, chapo=chapo)
    page.save_revision(user=editor, clean=False)
    with LogContext(user=editor):  # as in an admin request of the author
        page.get_workflow().start(page, editor)

    entries = PageLogEntry.objects.filter(page=page)
    assert not entries.filter(
        action__in=["wagtail.workflow.approve", "wagtail.workflow.reject"]
    ).exists()
    action, label, message = EDITORIAL_LINE_ENTRIES[outcome]
    entry = entries.get(action=action)
    assert entry.user is None
    assert log_action_registry.get_action_label(action) == label
    assert entry.message == message
    assert ("chapô" in entry.comment) is (outcome == "failed")
    assert ("wagtail.workflow.start", "editor") in actions(page)
