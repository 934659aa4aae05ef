"""The three workflows end to end through the admin views, notifications and the finish action."""

from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState, WorkflowState

import pytest

from cms.workflows import setup
from cms.workflows.actions import ReviewedRevisionChanged, publish_reviewed_revision
from news.models import MinistryNewsPage, NewsPage
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def flows(site):
    setup.setup_workflows()
    return site


ITEM = {
    "title": "Plan national pour l'emploi",
    "slug": "plan-emploi",
    "chapo": "Le Gouvernement présente son plan pour l'emploi.",
}


def news_data(**overrides):
    return news_form_data(**{**ITEM, **overrides})


def client_for(client, user):
    client.force_login(user)
    return client


def submit_new(client, user, parent, model_name):
    url = reverse("wagtailadmin_pages:add", args=["news", model_name, parent.pk])
    response = client_for(client, user).post(url, news_data(**{"action-submit": "1"}))
    assert response.status_code == 302, (
        getattr(response, "context", {}) and response.context["form"].errors
    )
    return NewsPage.objects.get(slug="plan-emploi").specific


def act(client, user, page, action, comment=""):
    state = type(page).objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client_for(client, user).post(url, {"comment": comment})


def current_task(page):
    page = type(page).objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    return state.task.name if state else None


class TestGovernmentNews:
    def test_editor_submits_chief_approves_and_it_is_live(self, client, flows):
        users, index = flows["users"], flows["pages"]["news_index"]
        page = submit_new(client, users["editor"], index, "newspage")
        assert not page.live
        assert current_task(page) == setup.CHIEF_APPROVAL_TASK
        workflow_state = page.current_workflow_state
        editorial = workflow_state.task_states.get(task__name=setup.EDITORIAL_LINE_TASK)
        assert editorial.status == TaskState.STATUS_APPROVED

        # The editor may not approve their own item at the chief's step.
        response = act(client, users["editor"], page, "approve")
        assert NewsPage.objects.get(pk=page.pk).live is False
        assert response.status_code in (302, 403)

        response = act(client, users["chief"], page, "approve")
        assert response.status_code == 302
        page = NewsPage.objects.get(pk=page.pk)
        assert page.live
        assert page.live_revision == workflow_state.current_task_state.revision
        actions = set(
            PageLogEntry.objects.filter(page=page).values_list("action", "user__username")
        )
        assert ("wagtail.workflow.start", "editor") in actions
        assert ("wagtail.workflow.approve", "chief") in actions
        assert ("wagtail.publish", "chief") in actions

    def test_rejection_reaches_the_author_with_the_comment(
        self, client, flows, django_capture_on_commit_callbacks
    ):
        users = flows["users"]
        users["editor"].email = "redaction@sig.gouv.fr"
        users["editor"].save()
        page = submit_new(client, users["editor"], flows["pages"]["news_index"], "newspage")
        workflow_state = page.current_workflow_state
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            act(client, users["chief"], page, "reject", comment="Le chapô doit citer le ministre.")
        workflow_state.refresh_from_db()
        assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert not NewsPage.objects.get(pk=page.pk).live
        to_author = [m for m in mail.outbox if m.to == ["redaction@sig.gouv.fr"]]
        assert len(to_author) == 1
        assert "Le chapô doit citer le ministre." in to_author[0].body
        assert "a été rejeté" in to_author[0].subject


class TestMinistryNews:
    def test_contributor_validator_redaction(
        self, client, flows, django_capture_on_commit_callbacks
    ):
        users, section = flows["users"], flows["pages"]["own_section"]
        users["validator"].email = "valideur@sante.gouv.fr"
        users["validator"].save()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            page = submit_new(client, users["contributor"], section, "ministrynewspage")
        assert isinstance(page, MinistryNewsPage)
        assert current_task(page) == setup.MINISTRY_VALIDATION_TASK
        # The validators of the page's own ministry are told, in French.
        notified = [message for message in mail.outbox if "valideur@sante.gouv.fr" in message.to]
        assert notified, [message.to for message in mail.outbox]
        assert page.title in notified[0].subject

        act(client, users["validator"], page, "approve")
        assert current_task(page) == setup.REDACTION_REVIEW_TASK
        act(client, users["editor"], page, "approve")
        assert MinistryNewsPage.objects.get(pk=page.pk).live

    def test_validator_of_another_ministry_cannot_validate(self, client, flows, django_user_model):
        users, section = flows["users"], flows["pages"]["own_section"]
        from cms.workflows import roles

        other_roles = roles.roles_for_ministry(flows["pages"]["other_section"].ministry)
        outsider = django_user_model.objects.create_user(username="autre-valideur", password="x")
        outsider.groups.add(other_roles.validators)
        page = submit_new(client, users["contributor"], section, "ministrynewspage")
        task = page.current_workflow_task_state.task.specific
        assert task.get_actions(page, outsider) == []
        assert task.get_actions(page, users["validator"]) != []
        assert not task.get_task_states_user_can_moderate(outsider).exists()
        assert task.get_task_states_user_can_moderate(users["validator"]).exists()
        act(client, outsider, page, "approve")
        assert current_task(page) == setup.MINISTRY_VALIDATION_TASK

    def test_translation_goes_through_the_same_workflow(self, flows, english):
        section = flows["pages"]["own_section"]
        home = section.get_parent().get_parent()
        home.copy_for_translation(english)
        index = section.get_parent().copy_for_translation(english)
        translated = section.copy_for_translation(english)
        assert index.specific.get_workflow().name == setup.MINISTRY_NEWS
        assert translated.get_workflow().name == setup.MINISTRY_NEWS
        assert home.get_translation(english).get_workflow().name == setup.GOVERNMENT_NEWS


class TestFinishAction:
    def test_edit_during_final_approval_publishes_nothing(self, client, flows):
        users = flows["users"]
        page = submit_new(client, users["editor"], flows["pages"]["news_index"], "newspage")
        workflow_state = page.current_workflow_state
        reviewed = workflow_state.current_task_state.revision
        # An edit lands after the reviewer opened the item, before the publication.
        draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        draft.chapo = "Texte modifié que personne n'a relu."
        draft.save_revision(user=users["editor"])
        with pytest.raises(ReviewedRevisionChanged):
            publish_reviewed_revision(workflow_state, user=users["chief"])
        page = NewsPage.objects.get(pk=page.pk)
        assert not page.live
        assert page.live_revision is None
        assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
        assert reviewed.pk != page.latest_revision_id

    def test_approving_a_revision_that_changed_is_refused(self, client, flows):
        users = flows["users"]
        page = submit_new(client, users["editor"], flows["pages"]["news_index"], "newspage")
        draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        draft.chapo = "Nouvelle version."
        draft.save_revision(user=users["editor"])
        response = act(client, users["chief"], page, "approve")
        messages = [str(message) for message in response.wsgi_request._messages]
        assert any("modifié depuis la version relue" in message for message in messages)
        page = NewsPage.objects.get(pk=page.pk)
        assert not page.live
        assert not PageLogEntry.objects.filter(
            page=page,
            user=users["chief"],
            action__in=["wagtail.workflow.approve", "wagtail.publish"],
        ).exists()
        # The review now bears on the new text; approving it publishes exactly that.
        state = page.current_workflow_task_state
        assert state.task.name == setup.CHIEF_APPROVAL_TASK
        assert state.revision_id == page.latest_revision_id
        act(client, users["chief"], page, "approve")
        page = NewsPage.objects.get(pk=page.pk)
        assert page.live
        assert page.chapo == "Nouvelle version."

    def test_approving_with_edits_runs_the_editorial_line(self, client, flows):
        users = flows["users"]
        page = submit_new(client, users["editor"], flows["pages"]["news_index"], "newspage")
        state = NewsPage.objects.get(pk=page.pk).current_workflow_task_state
        client.force_login(users["chief"])
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            news_data(
                title="Un titre bien trop long pour les réseaux sociaux " * 3,
                **{"action-workflow-action": "1", "workflow-action-name": "approve"},
            ),
        )
        assert response.status_code == 200
        assert "Ce contenu ne respecte pas la ligne éditoriale" in response.content.decode()
        page = NewsPage.objects.get(pk=page.pk)
        assert not page.live
        assert page.current_workflow_task_state.pk == state.pk

    def test_editorial_line_task_sends_back_a_failing_revision(self, flows):
        users, index = flows["users"], flows["pages"]["news_index"]
        from tests.factories import NewsPageFactory

        page = NewsPageFactory(parent=index, live=False, chapo="")
        page.save_revision(user=users["editor"], clean=False)
        workflow = page.get_workflow()
        workflow_state = workflow.start(page, users["editor"])
        workflow_state.refresh_from_db()
        assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        state = workflow_state.task_states.get()
        assert state.status == TaskState.STATUS_REJECTED
        assert "chapô" in state.comment.lower()
