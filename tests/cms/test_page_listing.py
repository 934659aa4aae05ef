"""The explorer and chooser rows read in one query what Wagtail and wagtail-localize
would ask row by row, and show the same buttons and links."""

from django.urls import reverse

from wagtail.models import Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import Translation, TranslationSource

import pytest

from cms import page_listing
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def button_links(buttons) -> list[tuple[str, str]]:
    return [(str(button.label), button.url) for button in buttons]


@pytest.fixture
def translated(home, news_index, english):
    """A news item translated into English (its source has an enabled translation)."""
    page = NewsPageFactory(parent=news_index)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    source.create_or_update_translation(english, copy_parent_pages=True, fallback=True)
    Translation.objects.create(source=source, target_locale=english)
    return page, source


def test_translation_buttons_are_wagtail_localizes(translated, news_index, admin_user, english):
    page, source = translated
    untranslated = NewsPageFactory(parent=news_index)
    disabled = NewsPageFactory(parent=news_index)
    disabled_source, _ = TranslationSource.get_or_create_from_instance(disabled)
    Translation.objects.create(source=disabled_source, target_locale=english, enabled=False)
    rows = page_listing.with_translation_state(
        Page.objects.filter(pk__in=[page.pk, untranslated.pk, disabled.pk, news_index.pk])
    )
    seen = {}
    for row in rows:
        ours = button_links(page_listing.translation_buttons(row, admin_user, next_url="/n/"))
        theirs = button_links(
            localize_hooks.page_listing_more_buttons(
                Page.objects.get(pk=row.pk), admin_user, next_url="/n/"
            )
        )
        assert ours == theirs
        seen[row.pk] = ours
    sync = reverse("wagtail_localize:update_translations", args=[source.pk]) + "?next=%2Fn%2F"
    assert seen[page.pk] == [("Synchroniser les pages traduites", sync)]
    translate = reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
    assert seen[untranslated.pk] == [("Traduire cette page", translate)]
    assert [label for label, _ in seen[disabled.pk]] == ["Traduire cette page"]


def test_the_explorer_shows_them_once_per_row(translated, news_index, client, admin_user):
    page, source = translated
    untranslated = NewsPageFactory(parent=news_index)
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_explore", args=[news_index.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert html.count(f'href="{sync}?next=') == 1
    translate = reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
    assert html.count(f'href="{translate}"') == 1
    translated_page = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert f'href="{translated_page}"' not in html


def test_page_headers_keep_wagtail_localizes_buttons(translated, client, admin_user):
    page, source = translated
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert f'href="{sync}?next=' in response.content.decode()


def test_chooser_rows_link_to_their_parent(news_index, client, admin_user):
    pages = [NewsPageFactory(parent=news_index) for _ in range(3)]
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[news_index.pk]))
    assert response.status_code == 200
    html = response.json()["html"]
    for page in pages:
        assert f'data-id="{page.pk}"' in html
    assert html.count(f'data-parent-id="{news_index.pk}"') == 3
    # Restricted to a page type (two querysets combined by Wagtail after the hook).
    typed = client.get(
        reverse("wagtailadmin_choose_page_child", args=[news_index.pk]),
        {"page_type": "news.newspage"},
    )
    assert typed.status_code == 200
    assert typed.json()["html"].count(f'data-parent-id="{news_index.pk}"') == 3
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": pages[0].title})
    assert search.status_code == 200
    assert f'data-parent-id="{news_index.pk}"' in search.content.decode()
