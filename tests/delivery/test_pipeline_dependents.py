"""When something an item shows changes, the item is rendered again (its dependents).

Dependents are found with Wagtail's ReferenceIndex (links, chooser blocks, orderables),
and, for a government, by the date range of the items' first publication.
"""

import datetime
import json

from django.utils import timezone

import pytest

from cms.delivery.models import Document
from cms.organisations.models import PARIS
from cms.scheduling import services
from news.models import NewsPage, NewsPageAttachment, NewsPageMinistry
from tests.factories import (
    DocumentFactory,
    GovernmentFactory,
    ImageFactory,
    MinistryFactory,
    NewsPageFactory,
)
from tests.scheduling.conftest import move_instant

pytestmark = pytest.mark.django_db


def body_of(page) -> dict:
    return json.loads(Document.objects.get(key=f"page:{page.pk}").body)


def linking_to(target, parent):
    html = f'<p>Voir <a linktype="page" id="{target.pk}">le plan</a>.</p>'
    return NewsPageFactory(parent=parent, live=False, body=[("paragraph", html)])


def test_a_link_to_a_draft_becomes_a_link_when_it_goes_live(news_index, publish, deliver):
    # The editorial line accepts a link to a page scheduled no later than the item: here
    # the target's instant has come, and the sweep has not published it yet.
    draft = NewsPageFactory(parent=news_index, live=False)
    draft.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = draft.save_revision()
    revision.publish()
    move_instant(revision, timezone.now() - datetime.timedelta(seconds=1))
    item = publish(linking_to(draft, news_index))
    assert body_of(item)["body"][0]["value"] == "<p>Voir le plan.</p>"

    with deliver():
        services.publish_due()

    url = body_of(draft)["url"]
    assert body_of(item)["body"][0]["value"] == f'<p>Voir <a href="{url}">le plan</a>.</p>'


def test_a_link_becomes_plain_text_when_its_target_is_unpublished(news_index, publish, deliver):
    target = publish(NewsPageFactory(parent=news_index, live=False))
    item = publish(linking_to(target, news_index))
    assert "<a href=" in body_of(item)["body"][0]["value"]
    with deliver():
        target.unpublish()
    assert body_of(item)["body"][0]["value"] == "<p>Voir le plan.</p>"


def test_an_image_credit_edit_renders_its_items_again(news_index, publish, deliver):
    image = ImageFactory(credit="AFP")
    item = publish(NewsPageFactory(parent=news_index, live=False, hero_image=image))
    assert body_of(item)["image"]["credit"] == "AFP"
    with deliver():
        image.credit = "Reuters"
        image.description = "Le Premier ministre à Matignon"
        image.save()
    assert body_of(item)["image"]["credit"] == "Reuters"
    assert body_of(item)["image"]["alt"] == "Le Premier ministre à Matignon"


def test_a_ministry_renamed_renders_its_items_again(news_index, publish, deliver):
    ministry = MinistryFactory(name="Ministère de la Santé")
    item = NewsPageFactory(parent=news_index, live=False)
    NewsPageMinistry.objects.create(page=item, ministry=ministry)
    item = publish(item)
    assert body_of(item)["ministries"][0]["name"] == "Ministère de la Santé"
    with deliver():
        ministry.name = "Ministère de la Santé et des Solidarités"
        ministry.save()
    assert body_of(item)["ministries"][0]["name"] == "Ministère de la Santé et des Solidarités"


def test_a_government_given_an_end_date_shows_the_history_notice(news_index, publish, deliver):
    today = timezone.now().astimezone(PARIS).date()
    government = GovernmentFactory(
        start_date=today - datetime.timedelta(days=30), prime_minister="Camille Durand"
    )
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    item = publish(NewsPageFactory(parent=news_index, live=False, first_published_at=ten_days_ago))
    draft = NewsPageFactory(parent=news_index, live=False)
    assert body_of(item)["history_notice"] == ""
    with deliver():
        government.end_date = today
        government.save()
    assert "Camille Durand" in body_of(item)["history_notice"]
    assert body_of(item)["government"]["has_ended"] is True
    assert not Document.objects.filter(key=f"page:{draft.pk}").exists()  # never public


def test_a_government_dates_moved_re_files_the_items_it_no_longer_covers(
    news_index, publish, deliver
):
    today = timezone.now().astimezone(PARIS).date()
    government = GovernmentFactory(start_date=today - datetime.timedelta(days=30))
    item = publish(NewsPageFactory(parent=news_index, live=False))
    assert body_of(item)["government"]["id"] == str(government.pk)
    with deliver():
        government.start_date = today + datetime.timedelta(days=1)
        government.save()
    assert body_of(item)["government"] is None
    assert Document.objects.get(key=f"page:{item.pk}").government == ""
    assert NewsPage.objects.get(pk=item.pk).government is None


def test_a_document_retitled_renders_its_items_again(news_index, publish, deliver):
    document = DocumentFactory(title="Rapport 2025", accessible=True)
    item = NewsPageFactory(parent=news_index, live=False)
    NewsPageAttachment.objects.create(page=item, document=document)
    item = publish(item)
    assert body_of(item)["attachments"][0]["title"] == "Rapport 2025"
    with deliver():
        document.title = "Rapport annuel 2025"
        document.save()
    assert body_of(item)["attachments"][0]["title"] == "Rapport annuel 2025"
