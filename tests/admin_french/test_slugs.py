"""Slugs are ASCII: "hopitaux-de-jour", never percent-encoded accents."""

from django.urls import reverse

import pytest

from news.models import NewsPage
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["hôpitaux-de-jour", "Hôpitaux-de-Jour"])
def test_a_new_page_gets_an_ascii_slug(client, site, slug):
    client.force_login(site["users"]["chief"])
    index = site["pages"]["news_index"]
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk]),
        news_form_data(title="Hôpitaux de jour", slug=slug),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Hôpitaux de jour")
    assert page.slug == "hopitaux-de-jour"
    assert page.url_path.endswith("/hopitaux-de-jour/")


def test_the_browser_slugify_is_ascii(client, site):
    client.force_login(site["users"]["chief"])
    index = site["pages"]["news_index"]
    response = client.get(reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-controller="w-slug"' in html
    # Stimulus reads a missing boolean value as false: the slug is ASCII-fied (urlify).
    assert "data-w-slug-allow-unicode-value" not in html
