"""The explorer lists news items with their kind, filterable by kind, ministry and state."""

import re

from django.urls import reverse

import pytest

from news.models import NewsKind, NewsPage, NewsPageMinistry
from tests.admin_french.checker import visible_texts

pytestmark = pytest.mark.django_db


def explore(client, user, page, **params):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_explore", args=[page.pk]), params)
    assert response.status_code == 200
    return response


def test_news_index_shows_the_kind_of_each_item(client, site):
    pages = site["pages"]
    NewsPage.objects.filter(pk=pages["government_live"].pk).update(kind=NewsKind.SPEECH)
    html = explore(client, site["users"]["chief"], pages["news_index"]).content.decode()
    assert "<th" in html and ">Type<" in html.replace(" ", "").replace("\n", "")
    rows = re.findall(r"<tr\b.*?</tr>", html, re.S)
    live_row = next(row for row in rows if pages["government_live"].title in row)
    assert "Discours" in " ".join(visible_texts(live_row))


def test_filter_by_kind(client, site):
    pages = site["pages"]
    NewsPage.objects.filter(pk=pages["government_live"].pk).update(kind=NewsKind.SPEECH)
    html = explore(
        client, site["users"]["chief"], pages["news_index"], kind=NewsKind.SPEECH.value
    ).content.decode()
    assert pages["government_live"].title in html
    assert pages["government_draft"].title not in html


def test_filter_by_state(client, site):
    pages = site["pages"]
    html = explore(client, site["users"]["chief"], pages["news_index"], state="draft").content
    html = html.decode()
    assert pages["government_draft"].title in html
    assert pages["government_live"].title not in html


def test_filter_by_ministry_concerned(client, site):
    pages = site["pages"]
    ministry = pages["own_section"].ministry
    NewsPageMinistry.objects.create(page=pages["government_live"], ministry=ministry)
    html = explore(
        client, site["users"]["chief"], pages["news_index"], ministry=ministry.pk
    ).content.decode()
    assert pages["government_live"].title in html
    assert pages["government_draft"].title not in html
