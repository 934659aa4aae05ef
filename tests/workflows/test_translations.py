"""Translations go through the same workflow as their source; the translation editor is no bypass."""

from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

import pytest

from cms.workflows import roles, setup
from news.models import MinistryNewsPage
from tests.factories.pages import translate_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(site, english):
    """The own ministry's live news item, translated into English (a draft)."""
    translate_section(site["pages"]["own_section"], english)
    setup.setup_workflows()
    source_page = MinistryNewsPage.objects.get(pk=site["pages"]["own_live"].pk)
    source, _ = TranslationSource.get_or_create_from_instance(source_page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=english)
    translation.save_target(publish=False)
    return MinistryNewsPage.objects.get(translation_key=source_page.translation_key, locale=english)


def test_contributor_cannot_publish_from_the_translation_editor(client, site, translated):
    client.force_login(site["users"]["contributor"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": "publish"}
    )
    assert response.status_code in (302, 403)
    assert not MinistryNewsPage.objects.get(pk=translated.pk).live


def test_contributor_submits_the_translation_to_the_ministry_workflow(client, site, translated):
    client.force_login(site["users"]["contributor"])
    url = reverse("news_submit_translation", args=[translated.pk])
    assert "Actualité ministérielle" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(translated.pk))
    assert state.workflow.name == setup.MINISTRY_NEWS
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == setup.MINISTRY_VALIDATION_TASK
    assert not MinistryNewsPage.objects.get(pk=translated.pk).live

    # Submitting twice is refused with a French message.
    response = client.post(url, follow=True)
    messages = " ".join(str(message) for message in response.context["messages"])
    assert "déjà en cours de modération" in messages
    assert WorkflowState.objects.filter(object_id=str(translated.pk)).count() == 1


def test_contributor_of_another_ministry_cannot_submit_it(
    client, site, translated, django_user_model
):
    other = roles.roles_for_ministry(site["pages"]["other_section"].ministry)
    outsider = django_user_model.objects.create_user(username="autre", password="x")
    outsider.groups.add(other.contributors)
    client.force_login(outsider)
    response = client.post(reverse("news_submit_translation", args=[translated.pk]))
    assert response.status_code in (302, 403)
    assert not WorkflowState.objects.filter(object_id=str(translated.pk)).exists()


def test_translate_this_page_makes_a_draft_for_the_workflow(
    admin_client, site, english, django_capture_on_commit_callbacks
):
    """On a live item, "Traduire cette page" makes a draft, never an untranslated live copy."""
    translate_section(site["pages"]["own_section"], english)
    setup.setup_workflows()
    source_page = site["pages"]["own_live"]
    client = admin_client
    url = reverse("wagtail_localize:submit_page_translation", args=[source_page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    translated = MinistryNewsPage.objects.get(
        translation_key=source_page.translation_key, locale=english
    )
    assert not translated.live
    assert translated.live_revision is None
    assert not PageLogEntry.objects.filter(page=translated, action="wagtail.publish").exists()

    response = client.post(reverse("news_submit_translation", args=[translated.pk]))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(translated.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_updating_translations_cannot_publish_them(
    admin_client, site, english, translated, django_capture_on_commit_callbacks
):
    """Updated with "Mettre à jour les traductions", translations stay drafts."""
    source = TranslationSource.objects.get(object_id=translated.translation_key)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert 'name="publish_translations"' not in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert not MinistryNewsPage.objects.get(pk=translated.pk).live
