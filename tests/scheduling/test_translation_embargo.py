"""A translation never goes live before its French source."""

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import Translation, TranslationSource

import pytest

from cms.scheduling import services
from cms.scheduling.pages import TranslationEmbargoMixin
from home.models import HomePage
from news.models import MinistryNewsPage, MinistryPage, NewsPage
from tests.factories import NewsPageFactory
from tests.scheduling.conftest import minutes, move_instant

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_draft(home, news_index, english):
    """An unpublished French news item, and the English home it can be translated under."""
    home.copy_for_translation(english)
    return NewsPageFactory(parent=news_index, live=False, title="Plan climat")


def schedule_under_embargo(page: NewsPage, at) -> Revision:
    page.embargo_until = at
    revision = page.save_revision()
    revision.publish()
    revision.refresh_from_db()
    return revision


def english_draft(french: NewsPage, english) -> NewsPage:
    """An English translation without any date of its own (as wagtail-localize leaves it)."""
    translation = french.copy_for_translation(english, copy_parents=True)
    translation.embargo_until = translation.go_live_at = None
    translation.title = "Climate plan"
    translation.save()
    translation.save_revision()
    return NewsPage.objects.get(pk=translation.pk)


def approved_at(page: NewsPage):
    return (
        Revision.page_revisions.filter(object_id=str(page.pk), approved_go_live_at__isnull=False)
        .values_list("approved_go_live_at", flat=True)
        .first()
    )


def test_published_through_wagtail_localize_it_waits_for_the_embargo(
    french_draft, english, now, django_capture_on_commit_callbacks
):
    at = now + minutes(30)
    french_revision = schedule_under_embargo(french_draft, at)
    source, _ = TranslationSource.get_or_create_from_instance(french_draft)
    with django_capture_on_commit_callbacks(execute=True):
        translation, _ = source.create_or_update_translation(
            english, publish=True, copy_parent_pages=True, fallback=True
        )
    translation = NewsPage.objects.get(pk=translation.pk)
    assert not translation.live
    assert approved_at(translation) == at

    # At the instant, the sweep publishes both.
    move_instant(french_revision, now - minutes(1))
    move_instant(translation.latest_revision, now - minutes(1))
    assert services.publish_due().published == 2
    assert NewsPage.objects.get(pk=french_draft.pk).live
    assert NewsPage.objects.get(pk=translation.pk).live


def test_published_with_no_date_of_its_own_it_is_scheduled_with_its_source(
    french_draft, english, now
):
    at = now + minutes(30)
    schedule_under_embargo(french_draft, at)
    translation = english_draft(french_draft, english)
    translation.latest_revision.publish()
    translation.refresh_from_db()
    assert not translation.live
    assert approved_at(translation) == at


def test_its_own_later_date_is_kept(french_draft, english, now):
    schedule_under_embargo(french_draft, now + minutes(30))
    translation = english_draft(french_draft, english)
    translation.go_live_at = now + minutes(45)
    translation.save_revision().publish()
    assert approved_at(translation) == now + minutes(45)


def test_once_the_source_is_live_it_is_published_at_once(french_draft, english, now):
    french_draft.save_revision().publish()
    translation = english_draft(french_draft, english)
    translation.latest_revision.publish()
    translation.refresh_from_db()
    assert translation.live


def test_the_translation_of_an_unscheduled_draft_cannot_be_published(french_draft, english):
    translation = english_draft(french_draft, english)
    with pytest.raises(services.TranslationNotPublishable, match="ni publiée ni programmée"):
        translation.latest_revision.publish()
    translation.refresh_from_db()
    assert not translation.live
    # Translators still edit it.
    draft = translation.get_latest_revision_as_object()
    draft.title = "Climate plan, draft 2"
    draft.save_revision()


def test_the_sweep_refuses_it_if_the_source_was_unscheduled(french_draft, english, now):
    french_revision = schedule_under_embargo(french_draft, now + minutes(30))
    translation = english_draft(french_draft, english)
    translation.latest_revision.publish()
    english_revision = Revision.objects.get(pk=translation.latest_revision_id)
    # The French schedule is cancelled; the English one had come.
    french_revision.approved_go_live_at = None
    french_revision.save(update_fields=["approved_go_live_at"])
    move_instant(english_revision, now - minutes(1))

    report = services.publish_due()

    assert report.failures == [f"révision {english_revision.pk}"]
    assert not NewsPage.objects.get(pk=translation.pk).live


def test_the_admin_explains_the_refusal(admin_client, french_draft, english):
    translation = english_draft(french_draft, english)
    data = nested_form_data(
        {
            "title": "Climate plan",
            "slug": translation.slug,
            "kind": "actualite",
            "chapo": "The Government presents its plan.",
            "hero_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "topic_links": inline_formset([]),
            "ministry_links": inline_formset([]),
            "related_links": inline_formset([]),
            "attachments": inline_formset([]),
            "action-publish": "1",
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "ni publiée ni programmée" in response.content.decode()
    assert not NewsPage.objects.get(pk=translation.pk).live


def test_the_translation_editor_explains_the_refusal(admin_client, french_draft, english):
    source, _ = TranslationSource.get_or_create_from_instance(french_draft)
    translation, _ = source.create_or_update_translation(
        english, publish=False, copy_parent_pages=True, fallback=True
    )
    Translation.objects.create(source=source, target_locale=english)
    url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    response = admin_client.post(url, {"action": "publish"})
    assert response.status_code == 302
    assert response["Location"] == url
    assert any("ni publiée ni programmée" in str(m) for m in get_messages(response.wsgi_request))
    assert not NewsPage.objects.get(pk=translation.pk).live


def test_the_embargo_is_a_mixin_of_the_news_pages_not_a_handler_on_every_page():
    assert issubclass(NewsPage, TranslationEmbargoMixin)
    assert issubclass(MinistryNewsPage, TranslationEmbargoMixin)
    assert not issubclass(MinistryPage, TranslationEmbargoMixin)
    assert not issubclass(HomePage, TranslationEmbargoMixin)
