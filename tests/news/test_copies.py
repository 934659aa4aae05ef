"""Aliases and live copies of news items: an alias is refused, a copy is always a draft.

Wagtail updates aliases after every publish action, scheduling included (an alias would
go live with an embargoed text), and a copy "kept live" is published with the source's
latest revision, which may be a draft or a scheduled correction.
"""

import datetime

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

import pytest

from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def copy_data(parent, **overrides) -> dict:
    data = {
        "new_title": "Copie",
        "new_slug": "copie",
        "new_parent_page": str(parent.pk),
        "copy_subpages": "",
        "publish_copies": "",
        "alias": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def scheduled_news(news_index):
    page = NewsPageFactory(parent=news_index, live=False, title="Plan sous embargo")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=12)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


@pytest.fixture
def live_news_with_a_draft(news_index):
    page = NewsPageFactory(parent=news_index, live=False, title="Plan publié")
    page.save_revision().publish()
    draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.title = "Brouillon non relu"
    draft.save_revision()
    return NewsPage.objects.get(pk=page.pk)


def test_an_alias_of_a_news_item_is_refused(admin_client, news_index, scheduled_news):
    url = reverse("wagtailadmin_pages:copy", args=[scheduled_news.pk])
    response = admin_client.post(url, copy_data(news_index, alias="on"))
    assert response.status_code == 302
    assert response.url == url
    notices = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert notices == [
        "Une actualité ne peut pas avoir d'alias : elle serait mise en ligne hors de sa "
        "programmation. Copiez-la plutôt."
    ]
    assert not Page.objects.filter(alias_of__isnull=False).exists()


def test_an_alias_is_refused_on_every_path(news_index, scheduled_news):
    with pytest.raises(ValidationError):
        scheduled_news.create_alias(parent=news_index, update_slug="alias")
    assert not Page.objects.filter(alias_of=scheduled_news).exists()


def test_a_copy_of_a_live_news_item_is_a_draft(admin_client, news_index, live_news_with_a_draft):
    url = reverse("wagtailadmin_pages:copy", args=[live_news_with_a_draft.pk])
    response = admin_client.post(url, copy_data(news_index, publish_copies="on"))
    assert response.status_code == 302
    copies = NewsPage.objects.exclude(pk=live_news_with_a_draft.pk)
    assert copies.count() == 1
    assert not copies.filter(live=True).exists()
    assert not copies.filter(live_revision__isnull=False).exists()


def test_a_copy_is_a_draft_on_every_path(news_index, live_news_with_a_draft):
    copy = live_news_with_a_draft.copy(
        to=news_index, update_attrs={"slug": "copie"}, keep_live=True
    )
    copy = NewsPage.objects.get(pk=copy.pk)
    assert not copy.live
    assert copy.live_revision is None
    assert copy.first_published_at is None
