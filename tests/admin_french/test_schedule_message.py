"""Publishing with a go-live in the future says when, in Paris time ("programmée le …")."""

import datetime
import html
import re

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db

GO_LIVE = "2031-03-05 09:30"  # Paris time (winter): 08:30 UTC
DATED = "le 05/03/2031 à 09:30."


def shown(response) -> list[str]:
    """The text of each message, without its buttons ("Modifier"…)."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", str(message))).strip().split("\n")[0]
        for message in get_messages(response.wsgi_request)
    ]


def test_creating_a_scheduled_item_says_when(admin_client, news_index):
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", news_index.pk])
    data = news_form_data("publish", title="Plan vélo", slug="plan-velo", go_live_at=GO_LIVE)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="plan-velo")
    assert not page.live
    assert page.scheduled_revision.approved_go_live_at == datetime.datetime(
        2031, 3, 5, 8, 30, tzinfo=datetime.UTC
    )
    assert shown(response) == [
        f"«\u00a0Plan vélo\u00a0»\u00a0: création enregistrée, publication programmée {DATED}"
    ]


@pytest.mark.parametrize("live", [False, True], ids=["draft", "live"])
def test_scheduling_an_edit_says_when(admin_client, news_index, live):
    page = NewsPageFactory(parent=news_index, title="Plan vélo", slug="plan-velo", live=False)
    revision = page.save_revision()
    if live:
        revision.publish()
    data = news_form_data("publish", title="Plan vélo", slug="plan-velo", go_live_at=GO_LIVE)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    expected = (
        f"«\u00a0Plan vélo\u00a0» est en ligne\u00a0; la publication de cette version est programmée {DATED}"
        if live
        else f"Publication de «\u00a0Plan vélo\u00a0» programmée {DATED}"
    )
    assert shown(response) == [expected]


def test_publishing_now_says_published(admin_client, news_index):
    page = NewsPageFactory(parent=news_index, title="Plan vélo", slug="plan-velo", live=False)
    page.save_revision()
    data = news_form_data("publish", title="Plan vélo", slug="plan-velo")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert shown(response) == ["«\u00a0Plan vélo\u00a0»\u00a0: publication effectuée."]
