import datetime
import importlib
import re
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from wagtail.models import Locale

import pytest

from cms.organisations.models import Government, Ministry, MinistryPredecessor, Person, Topic
from news.models import NewsPageMinistry
from tests.factories import GovernmentFactory, MinistryFactory, NewsPageFactory, TopicFactory

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.fixture
def governments():
    previous = GovernmentFactory(
        label="Gouvernement Bayrou",
        prime_minister="François Bayrou",
        start_date=datetime.date(2024, 12, 23),
        end_date=datetime.date(2025, 10, 12),
    )
    current = GovernmentFactory(
        label="Gouvernement Lecornu II",
        prime_minister="Sébastien Lecornu",
        start_date=datetime.date(2025, 10, 12),
    )
    return previous, current


class TestGovernmentValidation:
    def test_end_before_start_is_refused_in_french(self):
        government = Government(
            label="G", prime_minister="P", start_date="2025-01-10", end_date="2025-01-01"
        )
        with pytest.raises(ValidationError) as error:
            government.full_clean()
        assert error.value.message_dict["end_date"] == [
            "La date de fin doit être postérieure à la date de début."
        ]

    def test_end_on_start_day_is_refused(self):
        government = Government(
            label="G", prime_minister="P", start_date="2025-01-10", end_date="2025-01-10"
        )
        with pytest.raises(ValidationError, match="postérieure"):
            government.full_clean()

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            ("2025-01-01", "2025-01-02"),  # overlaps the previous one by a day
            ("2025-06-01", None),  # a second government "in office"
            ("2024-01-01", "2026-01-01"),  # covers both
            ("2025-10-11", "2025-10-13"),  # straddles the reshuffle
        ],
    )
    def test_overlapping_periods_are_refused(self, governments, start, end):
        government = Government(label="X", prime_minister="X", start_date=start, end_date=end)
        with pytest.raises(ValidationError) as error:
            government.full_clean()
        assert "chevauche" in str(error.value)

    def test_adjacent_periods_are_allowed(self, governments):
        older = Government(
            label="Gouvernement Barnier",
            prime_minister="Michel Barnier",
            start_date="2024-09-21",
            end_date="2024-12-23",
        )
        older.full_clean()  # ends the day the next one starts: no overlap
        older.save()
        assert Government.in_office_on(datetime.date(2024, 12, 22)) == older
        assert Government.in_office_on(datetime.date(2024, 12, 23)).label == "Gouvernement Bayrou"

    def test_editing_a_government_does_not_overlap_itself(self, governments):
        previous, _ = governments
        previous.prime_minister = "F. Bayrou"
        previous.full_clean()
        previous.save()
        assert Government.objects.get(pk=previous.pk).prime_minister == "F. Bayrou"

    def test_admin_refuses_overlap_and_saves_nothing(self, admin_client, governments):
        url = reverse("wagtailsnippets_organisations_government:add")
        response = admin_client.post(
            url,
            {
                "label": "Gouvernement fantôme",
                "prime_minister": "Personne",
                "start_date": "2025-03-01",
                "end_date": "",
            },
        )
        assert response.status_code == 200
        assert "chevauche" in response.content.decode()
        assert not Government.objects.filter(label="Gouvernement fantôme").exists()

    @pytest.mark.parametrize("bad_date", ["2025-13-45", "demain", "31/02/2025"])
    def test_admin_refuses_malformed_dates(self, admin_client, bad_date):
        response = admin_client.post(
            reverse("wagtailsnippets_organisations_government:add"),
            {"label": "G", "prime_minister": "P", "start_date": bad_date, "end_date": ""},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["start_date"] == ["Saisissez une date valide."]
        assert not Government.objects.exists()


class TestPrimeMinisterTitle:
    @pytest.mark.parametrize(
        ("title", "name", "led_by"),
        [
            (
                Government.PrimeMinisterTitle.PREMIERE_MINISTRE,
                "Élisabeth Borne",
                "de la Première ministre, Élisabeth Borne",
            ),
            (
                Government.PrimeMinisterTitle.PREMIER_MINISTRE,
                "Gabriel Attal",
                "du Premier ministre, Gabriel Attal",
            ),
        ],
    )
    def test_led_by_as_the_state_writes_it(self, title, name, led_by):
        government = GovernmentFactory(prime_minister=name, prime_minister_title=title)
        assert government.led_by == led_by

    def test_title_defaults_to_premier_ministre(self):
        government = Government.objects.create(
            label="Gouvernement Attal", prime_minister="Gabriel Attal", start_date="2024-01-09"
        )
        assert government.prime_minister_title == "premier_ministre"
        assert government.get_prime_minister_title_display() == "Premier ministre"

    def test_admin_form_offers_both_titles_in_french(self, admin_client):
        response = admin_client.get(reverse("wagtailsnippets_organisations_government:add"))
        assert response.status_code == 200
        field = response.context["form"].fields["prime_minister_title"]
        assert field.label == "Titre"
        assert field.help_text == (
            "Tel que l'écrit le Gouvernement\u00a0: « Premier ministre » ou « Première "
            "ministre ». La mention des contenus publiés sous ce gouvernement en dépend."
        )
        assert list(field.choices) == [
            ("premier_ministre", "Premier ministre"),
            ("premiere_ministre", "Première ministre"),
        ]
        assert response.context["form"].fields["prime_minister"].label == "Nom"

    def test_admin_records_the_title(self, admin_client):
        response = admin_client.post(
            reverse("wagtailsnippets_organisations_government:add"),
            {
                "label": "Gouvernement Borne",
                "prime_minister_title": "premiere_ministre",
                "prime_minister": "Élisabeth Borne",
                "start_date": "2022-05-16",
                "end_date": "2024-01-09",
            },
        )
        assert response.status_code == 302
        government = Government.objects.get(label="Gouvernement Borne")
        assert government.led_by == "de la Première ministre, Élisabeth Borne"

    def test_admin_refuses_an_unknown_title(self, admin_client):
        response = admin_client.post(
            reverse("wagtailsnippets_organisations_government:add"),
            {
                "label": "Gouvernement X",
                "prime_minister_title": "cheffe",
                "prime_minister": "X",
                "start_date": "2022-05-16",
                "end_date": "",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["prime_minister_title"] == [
            "Sélectionnez un choix valide. cheffe n’en fait pas partie."
        ]
        assert not Government.objects.exists()

    def test_migration_titles_the_two_women_prime_ministers(self):
        migration = importlib.import_module(
            "cms.organisations.migrations.0002_government_prime_minister_title"
        )
        for index, name in enumerate(["Édith Cresson", "Élisabeth Borne", "Gabriel Attal"]):
            GovernmentFactory(
                prime_minister=name,
                start_date=datetime.date(1990 + 10 * index, 1, 1),
                end_date=datetime.date(1995 + 10 * index, 1, 1),
            )
        migration.title_women_prime_ministers(django_apps, None)
        assert dict(Government.objects.values_list("prime_minister", "prime_minister_title")) == {
            "Édith Cresson": "premiere_ministre",
            "Élisabeth Borne": "premiere_ministre",
            "Gabriel Attal": "premier_ministre",
        }


class TestGovernmentInOffice:
    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            (datetime.datetime(2025, 1, 15, 12, 0, tzinfo=PARIS), "Gouvernement Bayrou"),
            # The day of the reshuffle belongs to the incoming government only, in Paris time.
            (datetime.datetime(2025, 10, 11, 23, 59, tzinfo=PARIS), "Gouvernement Bayrou"),
            (datetime.datetime(2025, 10, 12, 0, 0, tzinfo=PARIS), "Gouvernement Lecornu II"),
            # 22:30 UTC on the 11th is already the 12th in Paris.
            (
                datetime.datetime(2025, 10, 11, 22, 30, tzinfo=datetime.UTC),
                "Gouvernement Lecornu II",
            ),
            (datetime.date(2025, 10, 12), "Gouvernement Lecornu II"),
            (datetime.date(2030, 1, 1), "Gouvernement Lecornu II"),
        ],
    )
    def test_government_at_an_instant(self, governments, moment, expected):
        assert Government.in_office_on(moment).label == expected

    def test_no_government_before_the_first(self, governments):
        assert Government.in_office_on(datetime.date(2000, 1, 1)) is None

    def test_has_ended(self, governments):
        previous, current = governments
        assert previous.has_ended
        assert not current.has_ended


class TestMinistry:
    def test_slug_is_unique_per_locale(self, english):
        MinistryFactory(slug="sante")
        duplicate = Ministry(name="Santé bis", slug="sante", locale=Locale.get_default())
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert error.value.message_dict["slug"] == [
            "Ce slug est déjà utilisé par un autre ministère dans cette langue."
        ]
        Ministry(name="Health", slug="sante", locale=english).full_clean()

    def test_rename_keeps_former_name(self):
        ministry = MinistryFactory(name="Ministère de l'Économie", acronym="MEF")
        ministry.name = "Ministère de l'Économie, des Finances et de l'Industrie"
        ministry.save()
        former = ministry.former_names.get()
        assert former.name == "Ministère de l'Économie"
        assert former.acronym == "MEF"
        assert ministry.name_on(former.used_until - datetime.timedelta(days=1)) == (
            "Ministère de l'Économie"
        )
        assert ministry.name_on(former.used_until) == ministry.name

    def test_saving_without_rename_records_nothing(self):
        ministry = MinistryFactory()
        ministry.acronym = "XYZ"
        ministry.save()
        assert not ministry.former_names.exists()

    def test_merger_has_several_predecessors(self):
        first, second = MinistryFactory(), MinistryFactory()
        merged = MinistryFactory()
        merged.predecessor_links = [
            MinistryPredecessor(predecessor=first),
            MinistryPredecessor(predecessor=second),
        ]
        merged.save()
        assert [link.predecessor for link in merged.predecessor_links.all()] == [first, second]

    def test_ministry_cannot_precede_itself(self):
        ministry = MinistryFactory()
        link = MinistryPredecessor(ministry=ministry, predecessor=ministry)
        with pytest.raises(ValidationError, match="propre prédécesseur"):
            link.full_clean()

    def test_end_before_start_is_refused(self):
        ministry = MinistryFactory.build(start_date="2025-01-01", end_date="2024-01-01")
        with pytest.raises(ValidationError) as error:
            ministry.full_clean()
        assert "end_date" in error.value.message_dict

    def test_translation_shares_identity(self, english):
        ministry = MinistryFactory(name="Ministère des Armées", slug="armees")
        translation = ministry.copy_for_translation(english)
        translation.name = "Ministry of the Armed Forces"
        translation.save()
        assert translation.translation_key == ministry.translation_key
        assert translation.locale == english
        assert set(Ministry.objects.filter(translation_key=ministry.translation_key)) == {
            ministry,
            translation,
        }

    def test_admin_refuses_duplicate_slug_and_keeps_the_original(self, admin_client):
        original = MinistryFactory(slug="culture", name="Ministère de la Culture")
        url = reverse("wagtailsnippets_organisations_ministry:add")
        response = admin_client.post(
            url + "?locale=fr",
            ministry_form_data(Ministry(name="Autre ministère", slug="culture")),
        )
        assert response.status_code == 200
        assert "Ce slug est déjà utilisé par un autre ministère" in response.content.decode()
        assert list(Ministry.objects.filter(slug="culture")) == [original]


def ministry_form_data(ministry, **overrides):
    data = {
        "name": ministry.name,
        "short_name": ministry.short_name,
        "acronym": ministry.acronym,
        "slug": ministry.slug,
        "logo": "",
        "start_date": "",
        "end_date": "",
    }
    for relation in ("predecessor_links", "former_names"):
        data.update(
            {
                f"{relation}-TOTAL_FORMS": "0",
                f"{relation}-INITIAL_FORMS": "0",
                f"{relation}-MIN_NUM_FORMS": "0",
                f"{relation}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


class TestMinistryAdmin:
    def test_rename_through_the_admin_records_the_former_name(self, admin_client):
        ministry = MinistryFactory(name="Ministère du Travail", slug="travail")
        url = reverse("wagtailsnippets_organisations_ministry:edit", args=[ministry.pk])
        response = admin_client.post(
            url, ministry_form_data(ministry, name="Ministère du Travail et des Solidarités")
        )
        assert response.status_code == 302
        ministry.refresh_from_db()
        assert ministry.name == "Ministère du Travail et des Solidarités"
        assert [former.name for former in ministry.former_names.all()] == ["Ministère du Travail"]

    def test_ministry_with_content_cannot_be_deleted(self, news_index):
        ministry = MinistryFactory()
        page = NewsPageFactory(parent=news_index)
        NewsPageMinistry.objects.create(page=page, ministry=ministry)
        with pytest.raises(ProtectedError):
            ministry.delete()
        assert Ministry.objects.filter(pk=ministry.pk).exists()


class TestTopic:
    def test_parent_cycle_is_refused(self):
        parent = TopicFactory()
        child = TopicFactory(parent=parent)
        parent.parent = child
        with pytest.raises(ValidationError, match="propre parente"):
            parent.full_clean()

    def test_parent_in_another_language_is_refused(self, english):
        parent = TopicFactory()
        child = Topic(name="Health", slug="health", locale=english, parent=parent)
        with pytest.raises(ValidationError, match="même langue"):
            child.full_clean()

    def test_slug_is_unique_per_locale(self):
        TopicFactory(slug="sante")
        with pytest.raises(ValidationError, match="autre thématique"):
            Topic(name="Santé", slug="sante", locale=Locale.get_default()).full_clean()


class TestPersonRole:
    """A role is written as the Government writes it, in the masculine or the feminine."""

    @pytest.mark.parametrize(
        ("role", "label"),
        [
            ("prime_minister", "Premier ministre"),
            ("prime_minister_feminine", "Première ministre"),
            ("delegate_minister", "Ministre délégué"),
            ("delegate_minister_feminine", "Ministre déléguée"),
        ],
    )
    def test_created_through_the_admin_and_listed_as_written(self, admin_client, role, label):
        response = admin_client.post(
            reverse("wagtailsnippets_organisations_person:add"),
            {"name": "Claire Dupont", "role": role, "title": "", "ministry": "", "portrait": ""},
        )
        assert response.status_code == 302
        person = Person.objects.get(name="Claire Dupont")
        assert person.role == role
        assert person.get_role_display() == label
        listing = admin_client.get(reverse("wagtailsnippets_organisations_person:list"))
        assert re.search(rf"<td[^>]*>\s*{label}\s*</td>", listing.content.decode())

    def test_epicene_roles_have_one_form(self):
        labels = [str(label) for label in Person.Role.labels]
        assert len(labels) == len(set(labels))
        assert {"Ministre", "Secrétaire d'État", "Porte-parole du Gouvernement"} <= set(labels)
