"""Page-type rules and creation through the admin, for every page type."""

import datetime

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from home.models import HomePage
from news.models import (
    CHAPO_MAX_LENGTH,
    MinistryIndexPage,
    MinistryNewsPage,
    MinistryPage,
    NewsIndexPage,
    NewsPage,
    go_live_instant,
)
from tests.factories import (
    MinistryFactory,
    MinistryIndexPageFactory,
    MinistryPageFactory,
    NewsIndexPageFactory,
    TopicFactory,
)
from tests.forms import news_form_data
from videos.models import VideoPage


class TestPageTypeRules(WagtailPageTestCase):
    def test_home(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {NewsIndexPage, MinistryIndexPage, VideoPage})

    def test_news_index(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_news_page(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_ministry_index(self):
        self.assertAllowedParentPageTypes(MinistryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(MinistryIndexPage, {MinistryPage})

    def test_ministry_page(self):
        self.assertAllowedParentPageTypes(MinistryPage, {MinistryIndexPage})
        self.assertAllowedSubpageTypes(MinistryPage, {MinistryNewsPage, VideoPage})

    def test_ministry_news_page(self):
        self.assertAllowedParentPageTypes(MinistryNewsPage, {MinistryPage})
        self.assertAllowedSubpageTypes(MinistryNewsPage, set())

    def test_news_cannot_be_created_elsewhere(self):
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(MinistryPage, NewsPage)
        self.assertCanNotCreateAt(NewsIndexPage, MinistryNewsPage)
        self.assertCanNotCreateAt(HomePage, MinistryNewsPage)


class TestCreationInTheAdmin(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        self.home = HomePage.objects.get(locale__language_code="fr")

    def test_one_index_of_each_kind_per_home(self):
        self.assertCanCreate(self.home, NewsIndexPage, nested_form_data({"title": "Actualités"}))
        self.assertCanCreate(
            self.home, MinistryIndexPage, nested_form_data({"title": "Ministères"})
        )
        home = HomePage.objects.get(pk=self.home.pk)
        self.assertFalse(NewsIndexPage.can_create_at(home))
        self.assertFalse(MinistryIndexPage.can_create_at(home))

    def test_create_news_page_with_relations(self):
        index = NewsIndexPageFactory(parent=self.home)
        topic = TopicFactory()
        ministry = MinistryFactory()
        self.assertCanCreate(
            index,
            NewsPage,
            news_form_data(
                topic_links=inline_formset([{"topic": topic.pk}]),
                ministry_links=inline_formset([{"ministry": ministry.pk}]),
            ),
        )
        page = NewsPage.objects.get(slug="plan")
        self.assertTrue(page.live)
        self.assertEqual([link.topic for link in page.topic_links.all()], [topic])
        self.assertEqual([link.ministry for link in page.ministry_links.all()], [ministry])

    def test_create_ministry_section_and_news(self):
        index = MinistryIndexPageFactory(parent=self.home)
        ministry = MinistryFactory()
        self.assertCanCreate(
            index,
            MinistryPage,
            nested_form_data(
                {"title": ministry.name, "slug": "min", "ministry": ministry.pk, "introduction": ""}
            ),
        )
        section = MinistryPage.objects.get(slug="min")
        self.assertCanCreate(section, MinistryNewsPage, news_form_data(slug="min-news"))
        news = MinistryNewsPage.objects.get(slug="min-news")
        self.assertEqual(news.ministry, ministry)
        # A ministry news item is also a news item.
        self.assertTrue(NewsPage.objects.filter(pk=news.pk).exists())

    def test_second_section_for_the_same_ministry_is_refused(self):
        section = MinistryPageFactory(parent=MinistryIndexPageFactory(parent=self.home))
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:add",
                args=["news", "ministrypage", section.get_parent().pk],
            ),
            nested_form_data(
                {
                    "title": "Doublon",
                    "slug": "doublon",
                    "ministry": section.ministry_id,
                    "introduction": "",
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ce ministère a déjà sa rubrique", response.content.decode())
        self.assertFalse(MinistryPage.objects.filter(slug="doublon").exists())

    def test_news_under_the_wrong_parent_is_refused(self):
        add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.home.pk])
        response = self.client.post(add_url, news_form_data(**{"action-publish": "1"}), follow=True)
        self.assertEqual(response.redirect_chain, [(reverse("wagtailadmin_home"), 302)])
        messages = " ".join(str(message) for message in response.context["messages"])
        self.assertIn("vous n&#x27;avez pas les autorisations pour accéder à cette zone", messages)
        self.assertFalse(NewsPage.objects.exists())

    def test_chapo_too_long_is_refused_in_french(self):
        index = NewsIndexPageFactory(parent=self.home)
        add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])
        data = news_form_data(chapo="x" * (CHAPO_MAX_LENGTH + 1), **{"action-publish": "1"})
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["chapo"],
            [f"Le chapô ne doit pas dépasser {CHAPO_MAX_LENGTH} caractères (il en compte 301)."],
        )
        self.assertFalse(NewsPage.objects.exists())

    def test_publishing_without_chapo_or_kind_is_refused(self):
        index = NewsIndexPageFactory(parent=self.home)
        add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])
        response = self.client.post(
            add_url, news_form_data(chapo="", kind="", **{"action-publish": "1"})
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("chapo", errors)
        self.assertIn("kind", errors)
        self.assertFalse(NewsPage.objects.exists())

    def test_draft_without_chapo_is_kept(self):
        """Work in progress is never lost: a draft may lack its required fields."""
        index = NewsIndexPageFactory(parent=self.home)
        add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])
        response = self.client.post(add_url, news_form_data(chapo="", kind=""))
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get(slug="plan")
        self.assertFalse(page.live)

    def test_major_change_requires_a_note(self):
        index = NewsIndexPageFactory(parent=self.home)
        add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])
        response = self.client.post(add_url, news_form_data(major_change="on", change_note=""))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["change_note"],
            ["Une note de modification est obligatoire pour une modification importante."],
        )
        self.assertFalse(NewsPage.objects.exists())


@pytest.mark.parametrize(
    ("embargo_until", "go_live_at", "expected"),
    [
        (None, None, None),
        (None, "2026-03-02T09:00+01:00", "2026-03-02T09:00+01:00"),
        ("2026-03-01T18:00+01:00", None, "2026-03-01T18:00+01:00"),
        ("2026-03-01T18:00+01:00", "2026-03-02T09:00+01:00", "2026-03-01T18:00+01:00"),
    ],
)
def test_an_embargo_sets_the_go_live_in_one_place(embargo_until, go_live_at, expected):
    def instant(value):
        return datetime.datetime.fromisoformat(value) if value else None

    page = NewsPage(
        title="Plan", embargo_until=instant(embargo_until), go_live_at=instant(go_live_at)
    )
    assert go_live_instant(instant(embargo_until), instant(go_live_at)) == instant(expected)
    assert page.planned_go_live_at == instant(expected)  # what the editorial line reads
    assert HomePage(title="Accueil", go_live_at=instant(go_live_at)).planned_go_live_at == (
        instant(go_live_at)
    )
