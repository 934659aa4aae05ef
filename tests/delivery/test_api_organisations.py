"""/api/v1/ministries/, /topics/, /governments/ and their renderers
(``cms.publishing.organisations``)."""

import datetime

from django.utils import timezone

import pytest

from cms.delivery.models import Document, State
from cms.organisations.models import PARIS, MinistryPredecessor, paris_date
from cms.publishing import documents, pipeline
from tests.delivery.api_support import assert_matches_schema
from tests.factories import GovernmentFactory, MinistryFactory, TopicFactory


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def ministries(db, english):
    old = MinistryFactory(name="Ministère de l'Économie", short_name="Économie")
    old.name = "Ministère de l'Économie et des Finances"
    old.save()
    merged = MinistryFactory(
        name="Ministère de l'Action publique",
        start_date=datetime.date(2024, 9, 21),
        end_date=datetime.date(2025, 10, 12),
    )
    MinistryPredecessor.objects.create(ministry=merged, predecessor=old)
    translated = old.copy_for_translation(english)
    translated.name = "Ministry for the Economy and Finance"
    translated.slug = "economy"
    translated.save()
    for ministry in (old, merged, translated):
        pipeline.run("ministry", ministry.pk)
    return {"old": old, "merged": merged, "translated": translated}


def test_ministries_with_former_names_lifetimes_and_predecessors(client, ministries):
    response = client.get("/api/v1/ministries/")
    assert_matches_schema(response, "/api/v1/ministries/")
    listed = results(response)
    assert [m["name"] for m in listed] == [
        "Ministère de l'Action publique",
        "Ministère de l'Économie et des Finances",
    ]
    merged, old = listed
    assert old["id"] == str(ministries["old"].translation_key)
    assert old["former_names"] == [
        {
            "name": "Ministère de l'Économie",
            "short_name": "Économie",
            "acronym": "",
            "used_until": paris_date(timezone.now()).isoformat(),
        }
    ]
    assert old["is_active"] is True and old["end_date"] is None
    assert merged["is_active"] is False
    assert (merged["start_date"], merged["end_date"]) == ("2024-09-21", "2025-10-12")
    assert merged["predecessors"] == [
        {"id": old["id"], "slug": ministries["old"].slug, "name": old["name"]}
    ]


def test_ministries_per_language_keep_one_identity(client, ministries):
    english = results(client.get("/api/v1/ministries/?locale=en"))
    # The ministry not translated yet is listed in French.
    assert [(m["id"], m["name"], m["locale"]) for m in english] == [
        (str(ministries["merged"].translation_key), "Ministère de l'Action publique", "fr"),
        (str(ministries["old"].translation_key), "Ministry for the Economy and Finance", "en"),
    ]
    pk = ministries["translated"].pk
    ministries["translated"].delete()
    pipeline.run("ministry", pk)
    english = results(client.get("/api/v1/ministries/?locale=en"))
    assert [m["locale"] for m in english] == ["fr", "fr"]


def test_news_items_name_ministries_by_their_listed_id(client, ministry_section, news_index):
    from news.models import NewsPageMinistry
    from tests.delivery.api_support import publish
    from tests.factories import NewsPageFactory

    page = NewsPageFactory(parent=news_index, live=False)
    NewsPageMinistry.objects.create(page=page, ministry=ministry_section.ministry)
    publish(page)
    pipeline.run("ministry", ministry_section.ministry.pk)
    item = client.get(f"/api/v1/news/{page.pk}/").json()
    listed = {m["id"] for m in results(client.get("/api/v1/ministries/"))}
    assert {m["id"] for m in item["ministries"]} <= listed


def test_a_predecessors_rename_reaches_its_successors(client, ministries, deliver):
    with deliver():
        ministries["old"].name = "Ministère de l'Économie, des Finances et de l'Industrie"
        ministries["old"].save()
    merged = results(client.get("/api/v1/ministries/"))[0]
    assert merged["predecessors"][0]["name"] == (
        "Ministère de l'Économie, des Finances et de l'Industrie"
    )


def test_a_deleted_ministry_leaves_the_listing(client, db):
    ministry = MinistryFactory()
    pipeline.run("ministry", ministry.pk)
    pk = ministry.pk
    ministry.delete()
    pipeline.run("ministry", pk)
    assert Document.objects.get(key=f"ministry:{pk}").state == State.GONE
    assert results(client.get("/api/v1/ministries/")) == []


def test_a_ministry_is_rendered_again_at_the_start_of_its_end_date(client, db):
    end = timezone.localdate() + datetime.timedelta(days=2)
    ministry = MinistryFactory(end_date=end)
    result = pipeline.run("ministry", ministry.pk)
    assert result.document.refresh_at == datetime.datetime.combine(
        end, datetime.time.min, tzinfo=PARIS
    )
    assert results(client.get("/api/v1/ministries/"))[0]["is_active"] is True
    ministry.end_date = paris_date(timezone.now())
    ministry.save()
    pipeline.run("ministry", ministry.pk)
    assert results(client.get("/api/v1/ministries/"))[0]["is_active"] is False


def test_topics_with_their_parent(client, db, english, deliver):
    parent = TopicFactory(name="Santé")
    child = TopicFactory(name="Accès aux soins", parent=parent)
    for topic in (parent, child):
        pipeline.run("topic", topic.pk)
    response = client.get("/api/v1/topics/")
    assert_matches_schema(response, "/api/v1/topics/")
    listed = results(response)
    assert [t["name"] for t in listed] == ["Accès aux soins", "Santé"]
    assert listed[0]["parent"] == {
        "id": str(parent.translation_key),
        "slug": parent.slug,
        "name": "Santé",
    }
    with deliver():
        parent.name = "Santé publique"
        parent.save()
    assert results(client.get("/api/v1/topics/"))[0]["parent"]["name"] == "Santé publique"
    english = results(client.get("/api/v1/topics/?locale=en"))
    assert [(t["name"], t["locale"]) for t in english] == [
        ("Accès aux soins", "fr"),
        ("Santé publique", "fr"),
    ]


def test_governments_newest_first(client, db):
    older = GovernmentFactory(
        label="Gouvernement Attal",
        prime_minister="Gabriel Attal",
        start_date=datetime.date(2024, 1, 9),
        end_date=datetime.date(2024, 9, 21),
    )
    current = GovernmentFactory(
        label="Gouvernement Lecornu",
        prime_minister_title="premier_ministre",
        start_date=datetime.date(2025, 10, 12),
    )
    for government in (current, older):
        pipeline.run("government", government.pk)
    response = client.get("/api/v1/governments/")
    assert_matches_schema(response, "/api/v1/governments/")
    listed = results(response)
    assert [g["id"] for g in listed] == [str(current.pk), str(older.pk)]
    assert listed[1] == {
        "id": str(older.pk),
        "label": "Gouvernement Attal",
        "prime_minister": "Gabriel Attal",
        "start_date": "2024-01-09",
        "end_date": "2024-09-21",
        "has_ended": True,
        "prime_minister_title": "Premier ministre",
    }
    assert listed[0]["has_ended"] is False
    assert Document.objects.filter(kind="government").count() == 2  # once, not per language


def test_rebuild_order_and_sources_include_the_organisations():
    assert {"ministry", "topic", "government", "crisis_alert"} <= set(documents.SOURCES)
    assert list(documents.SOURCES).index("ministry") < list(documents.SOURCES).index("page")


def test_rebuild_then_check_is_clean_for_the_new_sources(db, english):
    from django.core.management import call_command

    from cms.crisis.models import CrisisAlert

    parent = TopicFactory()
    TopicFactory(parent=parent)
    ministry = MinistryFactory(end_date=timezone.localdate() + datetime.timedelta(days=30))
    ministry.copy_for_translation(english).save()
    GovernmentFactory(end_date=timezone.localdate() + datetime.timedelta(days=30))
    alert = CrisisAlert.objects.create(
        title="Crue", level="alerte", message="Évitez les berges.", live=False
    )
    alert.save_revision().publish()
    call_command("rebuild_delivery", verbosity=0)
    kinds = sorted(Document.objects.exclude(kind="home").values_list("kind", flat=True))
    assert kinds == ["crisis_alert", "government", "ministry", "ministry", "topic", "topic"]
    call_command("check_delivery", verbosity=0)
