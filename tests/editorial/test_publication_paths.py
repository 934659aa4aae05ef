"""The editorial line holds on every publication path, not only the admin's publish button."""

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, Site
from wagtail_localize.models import Translation, TranslationSource

import pytest

from cms.editorial.models import EditorialSettings
from cms.editorial.rules import EditorialLineError
from cms.workflows import setup
from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def forbid(term):
    EditorialSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"forbidden_terms": term}
    )


def test_direct_publication_of_a_failing_revision_is_refused(news_index):
    page = NewsPageFactory(parent=news_index, live=False, chapo="")
    revision = page.save_revision(clean=False)
    with pytest.raises(EditorialLineError) as error:
        revision.publish()
    assert "Ce contenu ne respecte pas la ligne éditoriale :" in error.value.messages
    assert any("chapô" in message for message in error.value.messages)
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_scheduled_go_live_is_not_checked_again(news_index):
    """Checked when scheduled: a setting changed since must not stop the go-live."""
    page = NewsPageFactory(parent=news_index, live=False, title="Le plan vélo")
    page.go_live_at = timezone.now() + timezone.timedelta(minutes=5)
    revision = page.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    forbid("vélo")
    # The instant comes: what the scheduler does then.
    past = timezone.now() - timezone.timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    revision.publish()
    assert NewsPage.objects.get(pk=page.pk).live


def test_final_approval_of_content_that_now_fails_is_refused(client, site):
    setup.setup_workflows()
    users, index = site["users"], site["pages"]["news_index"]
    page = NewsPageFactory(parent=index, live=False, title="Le plan vélo")
    page.save_revision(user=users["editor"])
    page.get_workflow().start(page, users["editor"])
    forbid("vélo")
    page = NewsPage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    client.force_login(users["chief"])
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302
    messages = " ".join(str(message) for message in response.wsgi_request._messages)
    assert "ligne éditoriale" in messages and "vélo" in messages
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    assert not PageLogEntry.objects.filter(
        page=page, user=users["chief"], action__in=["wagtail.workflow.approve", "wagtail.publish"]
    ).exists()


@pytest.mark.parametrize(("forbidden", "published"), [("", True), ("vélo", False)])
def test_translation_editor_cannot_publish_failing_content(
    forbidden,
    published,
    client,
    home,
    news_index,
    english,
    admin_user,
    django_capture_on_commit_callbacks,
):
    home.copy_for_translation(english)
    news_index.copy_for_translation(english)
    page = NewsPageFactory(parent=news_index, title="Le plan vélo")
    page.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(NewsPage.objects.get(pk=page.pk))
    translation = (
        source.translations.create(target_locale=english)
        if hasattr(source, "translations")
        else None
    )

    translation, _ = Translation.objects.get_or_create(source=source, target_locale=english)
    translation.save_target(publish=False)
    translated = NewsPage.objects.get(translation_key=page.translation_key, locale=english)
    forbid(forbidden)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    # wagtail-localize publishes after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish"})
    assert response.status_code == 302
    assert response.url == url
    notices = [str(message).strip() for message in get_messages(response.wsgi_request)]
    if published:
        assert not any("ligne éditoriale" in notice for notice in notices)
    else:
        assert notices == [
            "Rien n'a été publié : « Le plan vélo » ne respecte pas la ligne éditoriale : "
            "Le terme interdit « vélo » figure dans le titre."
        ]
    assert NewsPage.objects.get(pk=translated.pk).live is published


@pytest.mark.parametrize("include_descendants", [False, True])
def test_bulk_publication_of_failing_content_publishes_nothing(include_descendants, client, site):
    users, index = site["users"], site["pages"]["news_index"]
    fine = NewsPageFactory(parent=index, live=False, title="Le plan train")
    failing = NewsPageFactory(parent=index, live=False, title="Le plan vélo")
    for page in (fine, failing):
        page.save_revision(user=users["chief"])
    forbid("vélo")
    selected = [index.pk] if include_descendants else [fine.pk, failing.pk]
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = "&".join(f"id={pk}" for pk in selected)
    next_url = reverse("wagtailadmin_explore", args=[index.pk])
    client.force_login(users["chief"])
    response = client.post(
        f"{url}?{query}&next={next_url}",
        {"include_descendants": "on"} if include_descendants else {},
    )
    assert response.status_code == 302
    assert response.url == next_url
    notices = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert len(notices) == 1
    assert notices[0].startswith("Rien n'a été publié : « Le plan vélo » ne respecte pas")
    assert "vélo" in notices[0].split("ligne éditoriale", 1)[1]
    assert not NewsPage.objects.filter(pk__in=[fine.pk, failing.pk], live=True).exists()
