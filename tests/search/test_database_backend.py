"""The database backend: French analysis, filters and facets, order, pages, best bets,
autocomplete, query budget and bad input, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime

from django.utils import timezone

import pytest

from news.models import NewsPageMinistry, NewsPageTopic
from search.backends import get_backend
from search.models import Entry
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
        ('"santé des plus fragiles"', {"vaccination"}),
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


def test_filters_and_facet_counts(corpus):
    health, army = str(corpus["health"].translation_key), str(corpus["army"].translation_key)
    found = search("santé")
    assert {f.value: f.count for f in found.facets["ministry"]} == {health: 2, army: 1}
    labels = {f.value: f.label for f in found.facets["ministry"]}
    assert labels[army] == "Ministère des Armées"
    assert [(f.value, f.label, f.count) for f in found.facets["type"]] == [("news", "actualité", 3)]
    assert {f.value: f.count for f in found.facets["kind"]} == {
        "communique": 1,
        "actualite": 1,
        "discours": 1,
    }
    assert [f.value for f in found.facets["year"]] == sorted(
        {f.value for f in found.facets["year"]}, reverse=True
    )
    assert [(f.value, f.count) for f in found.facets["locale"]] == [("fr", 3)]
    assert keys(search("santé", filters={"ministry": (army,)})) == named(corpus, "defense")
    both = search("santé", filters={"ministry": (army, health)})
    assert both.total == 3
    topic = str(corpus["prevention"].translation_key)
    assert keys(search("", filters={"topic": (topic,), "kind": ("communique",)})) == named(
        corpus, "vaccination"
    )
    filtered = search("", filters={"ministry": (health,)})
    assert {f.value: f.count for f in filtered.facets["ministry"]} == {health: 3}
    assert search("santé", filters={"type": ("video",)}).total == 0
    assert search("santé", filters={"locale": ("en",)}).total == 0


def test_year_filter(corpus):
    page = corpus["pages"]["ecole"]
    year = str(Entry.objects.get(key=key_of(page)).year)
    assert key_of(page) in keys(search("", filters={"year": (year,)}))
    assert search("", filters={"year": ("1999",)}).total == 0
    # Malformed years are ignored (the API refuses them first).
    assert search("", filters={"year": ("deux-mille",)}).total == 5


def test_sort_by_date(corpus):
    found = search("santé", sort="date")
    assert keys(found) == named(corpus, "defense", "sante", "vaccination")


def test_pages(corpus):
    first = search("", page_size=2)
    second = search("", page=2, page_size=2)
    third = search("", page=3, page_size=2)
    beyond = search("", page=9, page_size=2)
    assert keys(first) + keys(second) + keys(third) == keys(search(""))
    assert [len(first.hits), len(third.hits), len(beyond.hits)] == [2, 1, 0]
    assert beyond.total == 5


def test_promoted_items_come_first_on_the_first_page(corpus):
    promoted = named(corpus, "securite", "ecole")
    found = search("santé", promoted=(*promoted, "page:999999"))
    assert keys(found)[:2] == promoted
    assert [hit.promoted for hit in found.hits] == [True, True, False, False, False]
    assert keys(found)[2:] == named(corpus, "sante", "vaccination", "defense")
    assert found.total == 5
    # Page 2 goes on after what page 1 showed.
    assert keys(search("santé", promoted=tuple(promoted), page=2, page_size=3)) == named(
        corpus, "vaccination", "defense"
    )
    # A best bet that the filters leave out is not shown.
    army = str(corpus["army"].translation_key)
    filtered = search("santé", promoted=tuple(promoted), filters={"ministry": (army,)})
    assert keys(filtered) == named(corpus, "defense")


def test_promoted_items_that_are_not_public_are_not_shown(corpus):
    page = corpus["pages"]["ecole"]
    page.unpublish()
    from cms.publishing import pipeline

    pipeline.run("page", page.pk)
    found = search("santé", promoted=(key_of(page),))
    assert key_of(page) not in keys(found)
    assert not any(hit.promoted for hit in found.hits)


def test_hits_show_the_item(corpus):
    hit = search("pharmaciens").hits[0]
    page = corpus["pages"]["vaccination"]
    assert (hit.key, hit.type, hit.title, hit.locale, hit.kind) == (
        key_of(page),
        "news",
        "Campagne de vaccination contre la grippe",
        "fr",
        "communique",
    )
    assert hit.excerpt == "La santé des plus fragiles."
    assert hit.url.endswith(page.slug + "/")
    assert hit.ministries == ((str(corpus["health"].translation_key), "Ministère de la Santé"),)
    assert hit.topics == ((str(corpus["prevention"].translation_key), "Prévention"),)
    assert hit.published_at is not None


def test_a_typo_in_a_long_word_still_finds_the_title(corpus):
    assert keys(search("vacination"))[:1] == named(corpus, "vaccination")
    assert keys(search("programation"))[:1] == named(corpus, "defense")
    assert search("zzzzzzzz").total == 0


def test_titles_found_through_a_typo_sorted_by_date(corpus, published, settings):
    settings.SEARCH_RECENCY_HALF_LIFE_DAYS = 0  # similarity alone
    newer = published("Vaccination des seniors")
    exact = corpus["pages"]["vaccination"]
    Entry.objects.filter(key=key_of(exact)).update(title_folded="vacination")
    assert keys(search("vacination")) == [key_of(exact), key_of(newer)]
    assert keys(search("vacination", sort="date")) == [key_of(newer), key_of(exact)]


def test_autocomplete_of_titles(corpus):
    backend = get_backend()
    found = backend.autocomplete("sant", "fr", 5)
    assert [hit.title for hit in found] == ["Santé mentale des étudiants"]
    found = backend.autocomplete("SÉC", "fr", 5)
    assert [hit.key for hit in found] == named(corpus, "securite")
    assert [hit.key for hit in backend.autocomplete("de", "", 2)] == named(
        corpus, "defense", "sante"
    )
    assert backend.autocomplete("sant", "en", 5) == []
    assert backend.autocomplete("s", "fr", 5) == []
    assert backend.autocomplete("%_", "fr", 5) == []


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"santé',
        'santé"',
        '""',
        "-",
        "--santé",
        "*",
        "santé*",
        ":",
        "santé:*",
        "!!!",
        "& | ! ( )",
        "santé & (",
        "<->",
        "\\",
        "'",
        "l'",
        "%",
        "_",
        "\x00santé",
        "or",
        "or or",
        "-santé",
        "le la les",
        "santé " * 40,
    ],
)
def test_bad_input_never_raises(corpus, typed):
    found = search(typed[:200])
    assert found.total == len(found.hits) or found.total > len(found.hits)
    assert all(hit.key.startswith("page:") for hit in found.hits)
    get_backend().autocomplete(typed[:200], "fr", 5)


def test_syntax_characters_are_read_as_words(corpus):
    assert keys(search('"santé'))[:1] == named(corpus, "sante")
    assert keys(search("santé:*"))[:1] == named(corpus, "sante")
    assert search("!!!").total == 0


def test_query_budget(corpus, django_assert_max_num_queries):
    # One statement (candidates, scores, best bets, page, counts), then the page's rows.
    with django_assert_max_num_queries(2):
        search("santé", promoted=named(corpus, "ecole"), filters={"kind": ("communique",)})
    with django_assert_max_num_queries(2):
        search("", filters={"ministry": (str(corpus["health"].translation_key),)})
    with django_assert_max_num_queries(1):
        get_backend().autocomplete("san", "fr", 5)
    # Nothing found: the typo fallback's statement (after its threshold, on PostgreSQL).
    with django_assert_max_num_queries(4):
        assert search("vacination", promoted=named(corpus, "ecole")).total == 2


def test_common_words_rank_a_bounded_set_of_candidates(corpus, settings):
    settings.SEARCH_CANDIDATES = 2
    found = search("santé")
    assert found.approximate and found.total == 2
    # The most recent matches are the candidates.
    assert set(keys(found)) == set(named(corpus, "defense", "sante"))
    assert sum(f.count for f in found.facets["type"]) == 2
    assert not search("radars").approximate


def test_a_tiny_half_life_on_old_items_is_no_error(published, settings):
    # 0.5 ** (3 years / 1 second) underflows: PostgreSQL's power() would raise.
    from cms.publishing import pipeline

    old = published("Plan vélo", chapo="Le vélo partout.")
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=3 * 365)
    )
    pipeline.run("page", old.pk)
    new = published("Plan vélo", chapo="Le vélo partout.")
    settings.SEARCH_RECENCY_HALF_LIFE_DAYS = 1 / 86400
    assert keys(search("vélo")) == [key_of(new), key_of(old)]


def test_recent_and_current_items_rank_higher(published, settings):
    from cms.publishing import pipeline

    old = published("Plan vélo", chapo="Le vélo partout.")
    new = published("Plan vélo", chapo="Le vélo partout.")
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=3 * 365)
    )
    pipeline.run("page", old.pk)
    assert keys(search("vélo")) == [key_of(new), key_of(old)]
    assert keys(search("vélo", sort="date")) == [key_of(new), key_of(old)]
    # A previous government's item ranks lower even when newer.
    settings.SEARCH_RECENCY_HALF_LIFE_DAYS = 10_000
    Entry.objects.filter(key=key_of(new)).update(current=False)
    assert keys(search("vélo")) == [key_of(old), key_of(new)]
    settings.SEARCH_HISTORIC_FACTOR = 1.0
    assert keys(search("vélo")) == [key_of(new), key_of(old)]
