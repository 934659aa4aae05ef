"""Starting an item again whose draft already exists (an autosave) leads to that draft."""

import re

from django.urls import reverse

import pytest

from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db


def start_again(client, user, index):
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk]),
        news_form_data(title="Plan pour l'emploi", slug="plan-emploi"),
    )


def test_a_new_item_on_an_existing_draft_links_to_it(client, site):
    index = site["pages"]["news_index"]
    draft = NewsPageFactory(
        parent=index, title="Plan pour l'emploi", slug="plan-emploi", live=False
    )
    response = start_again(client, site["users"]["editor"], index)
    assert response.status_code == 200
    html = response.content.decode()
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert re.search(rf'<a href="{edit_url}"[^>]*>\s*Reprendre ce brouillon\s*</a>', html)
    assert "Un brouillon de ce contenu existe déjà («\u00a0Plan pour l&#x27;emploi\u00a0»)" in html
    assert response.context["form"].errors["slug"] == [
        "Un brouillon de ce contenu existe déjà à cette adresse."
    ]
    assert NewsPage.objects.filter(slug="plan-emploi").count() == 1


def test_a_published_item_keeps_the_slug_error(client, site):
    index = site["pages"]["news_index"]
    NewsPageFactory(parent=index, title="Plan pour l'emploi", slug="plan-emploi")
    response = start_again(client, site["users"]["editor"], index)
    assert response.status_code == 200
    assert "Reprendre ce brouillon" not in response.content.decode()
    assert "plan-emploi" in response.context["form"].errors["slug"][0]
