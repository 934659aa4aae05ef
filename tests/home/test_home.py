from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from home.models import HomeFeaturedItem, HomePage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_the_french_home_as_site_root(home):
    assert home.locale.language_code == "fr"
    assert home.get_site().is_default_site
    assert home.live


def test_english_home_is_a_translation_of_the_french(home, english):
    english_home = home.copy_for_translation(english)
    assert english_home.translation_key == home.translation_key
    assert english_home.locale == english
    assert set(HomePage.objects.values_list("locale__language_code", flat=True)) == {"fr", "en"}


def test_one_home_per_locale(home, english):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)  # English has no home yet
    second = HomePage(title="Autre accueil", slug="autre", locale=home.locale)
    with pytest.raises(Exception, match="Cette langue a déjà une page d'accueil."):
        root.add_child(instance=second)
    home.copy_for_translation(english)
    assert not HomePage.can_create_at(root)


def test_english_home_created_in_the_admin(admin_client, home, english):
    root = Page.get_first_root_node()
    data = nested_form_data(
        {
            "title": "Home",
            "slug": "home",
            "featured_items": inline_formset([]),
            "action-publish": "1",
        }
    )
    response = admin_client.post(f"/admin/pages/add/home/homepage/{root.pk}/?locale=en", data)
    assert response.status_code == 302
    assert HomePage.objects.get(slug="home").locale == english


def test_second_french_home_is_refused_in_the_admin(admin_client, home, english):
    root = Page.get_first_root_node()
    data = nested_form_data(
        {"title": "Bis", "slug": "bis", "featured_items": inline_formset([]), "action-publish": "1"}
    )
    response = admin_client.post(f"/admin/pages/add/home/homepage/{root.pk}/?locale=fr", data)
    assert response.status_code == 200
    assert "Cette langue a déjà une page d&#x27;accueil." in response.content.decode()
    assert not HomePage.objects.filter(slug="bis").exists()


def test_featured_items_are_ordered(admin_client, home, news_index):
    first, second = NewsPageFactory(parent=news_index), NewsPageFactory(parent=news_index)
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "featured_items": inline_formset([{"page": second.pk}, {"page": first.pk}]),
            "action-publish": "1",
        }
    )
    response = admin_client.post(f"/admin/pages/{home.pk}/edit/", data)
    assert response.status_code == 302
    items = HomeFeaturedItem.objects.filter(home=home).order_by("sort_order")
    assert [item.page_id for item in items] == [second.pk, first.pk]
