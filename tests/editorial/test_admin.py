"""The editorial line in the admin: submitting and publishing are refused, saving a draft is not."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset

import pytest

from cms.editorial.models import EditorialSettings
from cms.editorial.views import EditorialCreateView, EditorialEditView
from news.models import MinistryNewsPage, NewsPage
from tests.factories import MinistryNewsPageFactory, NewsPageFactory
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db

HEADING = "Ce contenu ne respecte pas la ligne éditoriale :"
TOO_LONG = (
    "Le titre compte 111 caractères, pour 110 au plus (il est repris sur les réseaux sociaux)."
)


def add_url(parent, model="newspage"):
    return reverse("wagtailadmin_pages:add", args=["news", model, parent.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def refusal(response):
    """The non-field errors of a refused form, checking they are shown to the editor."""
    assert response.status_code == 200
    errors = list(response.context["form"].non_field_errors())
    page = response.content.decode()
    for error in errors:
        assert error.replace("'", "&#x27;") in page
    return errors


def publications(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


@pytest.fixture
def workflow(news_index):
    moderators = Group.objects.get(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Relecture de la Rédaction")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Rédaction")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=news_index)
    return workflow


class TestCreate:
    @pytest.mark.parametrize("action", ["publish", "submit"])
    def test_refused_with_every_failure_in_french(self, admin_client, news_index, workflow, action):
        EditorialSettings.objects.create(
            site=Site.objects.get(is_default_site=True), forbidden_terms="plan"
        )
        response = admin_client.post(
            add_url(news_index), news_form_data(action, title="Le plan " + "x" * 103)
        )
        assert refusal(response) == [
            HEADING,
            TOO_LONG,
            "Le terme interdit « plan » figure dans le titre.",
        ]
        assert not NewsPage.objects.exists()
        assert not WorkflowState.objects.exists()
        assert not PageLogEntry.objects.filter(action="wagtail.publish").exists()

    def test_draft_with_failures_is_saved(self, admin_client, news_index):
        response = admin_client.post(add_url(news_index), news_form_data(title="x" * 111))
        assert response.status_code == 302
        page = NewsPage.objects.get(slug="plan")
        assert not page.live
        assert page.get_latest_revision_as_object().title == "x" * 111

    def test_valid_item_is_published(self, admin_client, news_index):
        response = admin_client.post(add_url(news_index), news_form_data("publish"))
        assert response.status_code == 302
        page = NewsPage.objects.get(slug="plan")
        assert page.live
        assert publications(page) == 1

    def test_valid_item_is_submitted(self, admin_client, news_index, workflow):
        response = admin_client.post(add_url(news_index), news_form_data("submit"))
        assert response.status_code == 302
        page = NewsPage.objects.get(slug="plan")
        assert not page.live
        assert page.current_workflow_state.workflow == workflow

    def test_ministry_news_is_checked_too(self, admin_client, ministry_section):
        response = admin_client.post(
            add_url(ministry_section, "ministrynewspage"),
            news_form_data("publish", title="x" * 111),
        )
        assert refusal(response) == [HEADING, TOO_LONG]
        assert not MinistryNewsPage.objects.exists()


class TestEdit:
    @pytest.fixture
    def live_page(self, news_index):
        page = NewsPageFactory(parent=news_index, title="En ligne", slug="plan")
        page.save_revision().publish()
        return NewsPage.objects.get(pk=page.pk)

    def test_publish_refused_keeps_the_live_version(self, admin_client, live_page):
        revisions = live_page.revisions.count()
        response = admin_client.post(
            edit_url(live_page), news_form_data("publish", title="x" * 111)
        )
        assert refusal(response) == [HEADING, TOO_LONG]
        # The editor's input is redisplayed.
        assert response.context["form"]["title"].value() == "x" * 111
        page = NewsPage.objects.get(pk=live_page.pk)
        assert page.live
        assert page.title == "En ligne"
        assert page.live_revision_id == live_page.live_revision_id
        assert page.revisions.count() == revisions
        assert publications(page) == 1

    def test_submit_refused_starts_no_workflow(self, admin_client, news_index, workflow):
        page = NewsPageFactory(parent=news_index, live=False, slug="plan")
        response = admin_client.post(edit_url(page), news_form_data("submit", title="x" * 111))
        assert refusal(response) == [HEADING, TOO_LONG]
        assert not WorkflowState.objects.exists()
        assert not page.revisions.exists()

    def test_restarting_a_workflow_is_checked(self, admin_client, news_index, workflow, admin_user):
        page = NewsPageFactory(parent=news_index, live=False, slug="plan")
        page.save_revision()
        state = workflow.start(page, admin_user)
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, admin_user, "reject")
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        revisions = page.revisions.count()

        response = admin_client.post(
            edit_url(page), news_form_data("restart-workflow", title="x" * 111)
        )
        assert refusal(response) == [HEADING, TOO_LONG]
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert WorkflowState.objects.count() == 1
        assert page.revisions.count() == revisions

    def test_draft_with_failures_is_saved(self, admin_client, live_page):
        response = admin_client.post(edit_url(live_page), news_form_data(title="x" * 111))
        assert response.status_code == 302
        page = NewsPage.objects.get(pk=live_page.pk)
        assert page.has_unpublished_changes
        assert page.get_latest_revision_as_object().title == "x" * 111
        assert page.title == "En ligne"

    def test_valid_edit_is_published(self, admin_client, live_page):
        response = admin_client.post(
            edit_url(live_page), news_form_data("publish", title="Nouveau")
        )
        assert response.status_code == 302
        page = NewsPage.objects.get(pk=live_page.pk)
        assert page.title == "Nouveau"
        assert publications(page) == 2


class TestLinksInTheAdmin:
    @pytest.fixture
    def target(self, news_index):
        return NewsPageFactory(parent=news_index, title="Dossier de presse", live=False)

    def related(self, target):
        return inline_formset([{"related_page": target.pk}])

    def test_link_to_a_draft_refuses_publication(self, admin_client, news_index, target):
        response = admin_client.post(
            add_url(news_index), news_form_data("publish", related_links=self.related(target))
        )
        assert refusal(response) == [
            HEADING,
            "Le lien vers « Dossier de presse » (les contenus liés) ne fonctionnera pas : "
            "elle n'est pas publiée.",
        ]
        assert not NewsPage.objects.filter(slug="plan").exists()

    def test_link_to_a_page_scheduled_before_publishes_with_a_warning(
        self, admin_client, news_index, target
    ):
        go_live = timezone.now() + datetime.timedelta(days=1)
        target.go_live_at = go_live
        target.save_revision().publish()
        embargo = timezone.localtime(go_live + datetime.timedelta(hours=1))
        response = admin_client.post(
            add_url(news_index),
            news_form_data(
                "publish",
                related_links=self.related(target),
                embargo_until=embargo.strftime("%Y-%m-%d %H:%M"),
            ),
            follow=True,
        )
        page = NewsPage.objects.get(slug="plan")
        assert page.scheduled_revision is not None
        messages = [(m.level_tag, str(m).strip()) for m in response.context["messages"]]
        assert (
            "warning",
            "Le lien vers « Dossier de presse » (les contenus liés) mène à une page pas encore "
            f"en ligne, programmée le {timezone.localtime(go_live):%d/%m/%Y à %H:%M} : elle "
            "sera publiée avant ou en même temps que ce contenu.",
        ) in messages


def test_the_setting_is_edited_in_french(admin_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["editorial", "editorialsettings", site.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Termes interdits" in response.content.decode()
    response = admin_client.post(
        url, {"forbidden_terms": "Élysée\nfake news", "title_max_length": "90"}
    )
    assert response.status_code == 302
    settings = EditorialSettings.objects.get(site=site)
    assert settings.terms == ["Élysée", "fake news"]
    assert settings.title_max_length == 90


@pytest.mark.parametrize("ministry", [False, True])
def test_news_and_ministry_news_use_the_editorial_views(
    admin_client, news_index, ministry_section, ministry
):
    if ministry:
        page = MinistryNewsPageFactory(parent=ministry_section)
    else:
        page = NewsPageFactory(parent=news_index)
    response = admin_client.get(edit_url(page))
    assert response.status_code == 200
    assert isinstance(response.context["view"], EditorialEditView)
    parent = ministry_section if ministry else news_index
    model = "ministrynewspage" if ministry else "newspage"
    response = admin_client.get(add_url(parent, model))
    assert isinstance(response.context["view"], EditorialCreateView)
