"""The database backend: French analysis, filters and facets, order, pages, best bets,
autocomplete, query budget and bad input, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime

from django.utils import timezone

import pytest

from news.models import NewsPageMinistry, NewsPageTopic
from tests.factories import MinistryFactory, TopicFactory
from tests.search.conftest import key_of, keys, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(published):
    """Five items, two ministries, a topic, three kinds, dated a year apart."""
    health = MinistryFactory(name="Ministère de la Santé")
    army = MinistryFactory(name="Ministère des Armées")
    prevention = TopicFactory(name="Prévention")
    pages = {
        "vaccination": published(
            "Campagne de vaccination contre la grippe",
            chapo="La santé des plus fragiles.",
            body="Les pharmaciens vaccinent dès octobre.",
            kind="communique",
        ),
        "sante": published(
            "Santé mentale des étudiants",
            chapo="Un numéro d'écoute gratuit.",
            body="Consultations remboursées.",
        ),
        "securite": published(
            "Sécurité routière : les nouveaux radars",
            chapo="Moins de morts sur les routes.",
            body="La vitesse reste la première cause d'accidents.",
            kind="communique",
        ),
        "defense": published(
            "Loi de programmation militaire",
            chapo="Les armées modernisées.",
            body="Un effort de santé pour les soldats blessés.",
            kind="discours",
        ),
        "ecole": published(
            "Rentrée scolaire",
            chapo="Les vaccins obligatoires rappelés aux familles.",
            body="Douze millions d'élèves.",
        ),
    }
    links = [
        ("vaccination", health, prevention),
        ("sante", health, prevention),
        ("defense", army, None),
        ("ecole", health, None),
    ]
    for name, ministry, topic in links:
        NewsPageMinistry.objects.create(page=pages[name], ministry=ministry)
        if topic:
            NewsPageTopic.objects.create(page=pages[name], topic=topic)
    from cms.publishing import pipeline

    now = timezone.now()
    for age, name in enumerate(["ecole", "defense", "securite", "sante", "vaccination"]):
        type(pages[name]).objects.filter(pk=pages[name].pk).update(
            first_published_at=now - datetime.timedelta(days=400 * age + 1)
        )
        pipeline.run("page", pages[name].pk)
    return {"pages": pages, "health": health, "army": army, "prevention": prevention}


def named(corpus, *names) -> list[str]:
    return [key_of(corpus["pages"][name]) for name in names]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("sante", {"sante", "vaccination", "defense"}),
        ("SANTÉ", {"sante", "vaccination", "defense"}),
        ("vaccins", {"vaccination", "ecole"}),
        ("vaccination", {"vaccination", "ecole"}),
        ("securite routiere", {"securite"}),
        ("sécurité -radars", set()),
        ('"santé mentale"', {"sante"}),
        ("radars or grippe", {"securite", "vaccination"}),
    ],
)
def test_accents_case_and_inflections_do_not_matter(corpus, typed, expected):
    assert set(keys(search(typed))) == set(named(corpus, *expected))


def test_title_ranks_above_chapo_above_body(corpus):
    assert keys(search("santé")) == named(corpus, "sante", "vaccination", "defense")


def test_alternatives_widen_the_query(corpus):
    found = search("LPM", alternatives=("loi de programmation militaire",))
    assert keys(found) == named(corpus, "defense")
    assert search("LPM").total == 0


def test_empty_query_lists_everything_newest_first(corpus):
    found = search("")
    assert keys(found) == named(corpus, "ecole", "defense", "securite", "sante", "vaccination")
    assert found.total == 5 and not found.approximate
