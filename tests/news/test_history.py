"""History mode: the government of first publication, major changes and their notes."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from cms.organisations.models import Government
from news.models import NewsPage, NewsPageForm
from tests.factories import GovernmentFactory, MinistryNewsPageFactory, NewsPageFactory

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.fixture
def governments():
    GovernmentFactory(
        label="Gouvernement Bayrou",
        prime_minister="François Bayrou",
        start_date=datetime.date(2024, 12, 23),
        end_date=datetime.date(2025, 10, 12),
    )
    GovernmentFactory(
        label="Gouvernement Lecornu II",
        prime_minister="Sébastien Lecornu",
        start_date=datetime.date(2025, 10, 12),
    )


def published_on(page, moment):
    page.save_revision().publish()
    NewsPage.objects.filter(pk=page.pk).update(first_published_at=moment)
    return NewsPage.objects.get(pk=page.pk)


class TestGovernmentOfPublication:
    @pytest.mark.parametrize(
        ("moment", "label", "notice"),
        [
            (
                datetime.datetime(2025, 3, 1, 10, 0, tzinfo=PARIS),
                "Gouvernement Bayrou",
                "Ce contenu a été publié sous le gouvernement du Premier ministre, François Bayrou.",
            ),
            (
                datetime.datetime(2025, 10, 11, 23, 59, 59, tzinfo=PARIS),
                "Gouvernement Bayrou",
                "Ce contenu a été publié sous le gouvernement du Premier ministre, François Bayrou.",
            ),
            (datetime.datetime(2025, 10, 12, 0, 0, tzinfo=PARIS), "Gouvernement Lecornu II", ""),
            (datetime.datetime(2026, 5, 1, 12, 0, tzinfo=PARIS), "Gouvernement Lecornu II", ""),
        ],
    )
    def test_notice_is_computed_from_first_publication(
        self, governments, news_index, moment, label, notice
    ):
        page = published_on(NewsPageFactory(parent=news_index), moment)
        assert page.government.label == label
        assert page.history_notice == notice

    @pytest.mark.parametrize(
        ("title", "name", "notice"),
        [
            (
                Government.PrimeMinisterTitle.PREMIERE_MINISTRE,
                "Élisabeth Borne",
                "Ce contenu a été publié sous le gouvernement de la Première ministre, "
                "Élisabeth Borne.",
            ),
            (
                Government.PrimeMinisterTitle.PREMIER_MINISTRE,
                "Gabriel Attal",
                "Ce contenu a été publié sous le gouvernement du Premier ministre, Gabriel Attal.",
            ),
        ],
    )
    def test_notice_gives_the_prime_ministers_title(self, news_index, title, name, notice):
        GovernmentFactory(
            prime_minister=name,
            prime_minister_title=title,
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2024, 1, 1),
        )
        GovernmentFactory(start_date=datetime.date(2024, 1, 1))
        page = published_on(
            NewsPageFactory(parent=news_index), datetime.datetime(2023, 6, 1, tzinfo=PARIS)
        )
        assert page.history_notice == notice

    def test_ministry_news_gets_the_notice_too(self, governments, ministry_section):
        page = MinistryNewsPageFactory(parent=ministry_section)
        page = published_on(page, datetime.datetime(2025, 1, 10, tzinfo=PARIS))
        assert page.history_notice.startswith("Ce contenu a été publié sous le gouvernement")

    def test_notice_appears_when_the_government_ends(self, governments, news_index):
        page = published_on(
            NewsPageFactory(parent=news_index), datetime.datetime(2025, 11, 1, tzinfo=PARIS)
        )
        assert page.history_notice == ""
        current = Government.objects.get(label="Gouvernement Lecornu II")
        current.end_date = datetime.date(2026, 1, 1)
        current.save()
        page = NewsPage.objects.get(pk=page.pk)
        assert page.history_notice == (
            "Ce contenu a été publié sous le gouvernement du Premier ministre, Sébastien Lecornu."
        )

    def test_unpublished_item_has_no_government(self, governments, news_index):
        page = NewsPageFactory(parent=news_index, live=False)
        assert page.government is None
        assert page.history_notice == ""

    def test_republication_keeps_first_publication(self, governments, news_index):
        page = published_on(
            NewsPageFactory(parent=news_index), datetime.datetime(2025, 2, 1, tzinfo=PARIS)
        )
        page.title = "Titre corrigé"
        page.save_revision().publish()
        page = NewsPage.objects.get(pk=page.pk)
        assert page.first_published_at == datetime.datetime(2025, 2, 1, tzinfo=PARIS)
        assert page.government.label == "Gouvernement Bayrou"


class TestMajorChanges:
    def test_first_publication_is_not_an_update(self, news_index):
        page = NewsPageFactory(parent=news_index)
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.last_major_update_at is None
        assert page.updated_at == page.first_published_at
        assert page.public_change_history() == []

    def test_major_and_minor_changes(self, news_index):
        page = NewsPageFactory(parent=news_index)
        page.save_revision().publish()

        page = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        page.major_change = True
        page.change_note = "Ajout des chiffres du chômage du troisième trimestre."
        page.save_revision().publish()
        page = NewsPage.objects.get(pk=page.pk)
        major_date = page.last_major_update_at
        assert major_date == page.last_published_at
        assert page.updated_at == major_date

        # A minor edit published later keeps the date of the last major change.
        minor = page.get_latest_revision_as_object()
        minor.major_change = False
        minor.change_note = ""
        minor.title = "Coquille corrigée"
        minor.save_revision().publish()
        page = NewsPage.objects.get(pk=page.pk)
        assert page.last_published_at > major_date
        assert page.last_major_update_at == major_date

        history = page.public_change_history()
        assert [entry["note"] for entry in history] == [
            "Ajout des chiffres du chômage du troisième trimestre."
        ]
        assert history[0]["date"] >= major_date

    def test_draft_with_a_note_is_not_public_history(self, news_index):
        page = NewsPageFactory(parent=news_index)
        page.save_revision().publish()
        draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        draft.major_change = True
        draft.change_note = "Pas encore publié."
        draft.save_revision()
        page = NewsPage.objects.get(pk=page.pk)
        assert page.public_change_history() == []
        assert page.last_major_update_at is None

    def test_edit_form_starts_blank_after_publication(self, news_index):
        page = NewsPageFactory(parent=news_index, major_change=True, change_note="Note publiée")
        page.save_revision().publish()
        page = NewsPage.objects.get(pk=page.pk)
        form_class = NewsPage.get_edit_handler().get_form_class()
        assert issubclass(form_class, NewsPageForm)
        form = form_class(instance=page, for_user=None)
        assert form.initial["major_change"] is False
        assert form.initial["change_note"] == ""

        # But an unpublished draft keeps its note.
        draft = page.get_latest_revision_as_object()
        draft.title = "Brouillon"
        draft.save_revision()
        page = NewsPage.objects.get(pk=page.pk)
        form = form_class(instance=page.get_latest_revision_as_object(), for_user=None)
        assert form.initial["change_note"] == "Note publiée"

    def test_major_change_through_the_admin(self, admin_client, news_index):
        page = NewsPageFactory(parent=news_index, title="Plan Santé")
        page.save_revision().publish()
        data = nested_form_data(
            {
                "title": "Plan Santé",
                "slug": page.slug,
                "kind": "actualite",
                "chapo": "Chapô mis à jour.",
                "hero_image": "",
                "body": streamfield([("paragraph", rich_text("<p>Nouveau texte.</p>"))]),
                "topic_links": inline_formset([]),
                "ministry_links": inline_formset([]),
                "related_links": inline_formset([]),
                "attachments": inline_formset([]),
                "major_change": "on",
                "change_note": "Le calendrier a été avancé d'un mois.",
                "action-publish": "1",
            }
        )
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        assert response.status_code == 302
        page = NewsPage.objects.get(pk=page.pk)
        assert page.last_major_update_at is not None
        assert page.public_change_history()[0]["note"] == "Le calendrier a été avancé d'un mois."
