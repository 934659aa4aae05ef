"""The public search API (``search/api.py``): its schema, its faults, and end to end
against the configured backend, with news items published through the pipeline."""

from __future__ import annotations

import dataclasses
import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.delivery.models import Document
from cms.publishing import pipeline
from cms.scheduling import services as scheduling
from news.models import NewsPage, NewsPageAttachment, NewsPageMinistry, NewsPageTopic
from news.services import withdraw
from search import backends
from search.curation.models import BestBet, BestBetTarget, SynonymGroup
from search.query import MAX_PAGE_SIZE
from search.serializers import AutocompleteParameters, SearchParameters
from tests.delivery import conftest as delivery_fixtures
from tests.delivery.api_support import PROBLEM, assert_matches_schema, spec
from tests.factories import (
    DocumentFactory,
    MinistryNewsPageFactory,
    NewsPageFactory,
    TopicFactory,
)

SEARCH, AUTOCOMPLETE = "/api/v1/search/", "/api/v1/search/autocomplete/"
OPERATIONS = {SEARCH: "search", AUTOCOMPLETE: "search_autocomplete"}
#: ``with deliver():`` around a change: its pipeline jobs run at the end, on either backend.
deliver = delivery_fixtures.deliver
publish = delivery_fixtures.publish


# -- Schema --------------------------------------------------------------------------------


def operation(path: str) -> dict:
    return spec()["paths"][path]["get"]


@pytest.mark.django_db
def test_the_schema_lists_the_search_operations():
    for path, operation_id in OPERATIONS.items():
        declared = operation(path)
        assert declared["operationId"] == operation_id
        assert declared["tags"] == ["Search"]
        assert declared["security"] == [{}]  # anonymous
        assert declared["summary"] and declared["description"]
        responses = declared["responses"]
        assert set(responses) == {"200", "304", "400", "503"}
        assert list(responses["400"]["content"]) == list(responses["503"]["content"]) == [PROBLEM]
        assert set(responses["200"]["headers"]) == {"ETag", "Cache-Control", "Surrogate-Key"}
        headers = {p["name"] for p in declared["parameters"] if p["in"] == "header"}
        assert headers == {"If-None-Match"}


@pytest.mark.django_db
def test_the_schema_declares_every_parameter():
    def names(path):
        return {p["name"] for p in operation(path)["parameters"] if p["in"] == "query"}

    assert names(SEARCH) == set(SearchParameters().fields)
    assert names(SEARCH) == {
        "q",
        "type",
        "kind",
        "ministry",
        "topic",
        "year",
        "locale",
        "sort",
        "page",
        "page_size",
    }
    assert names(AUTOCOMPLETE) == set(AutocompleteParameters().fields) == {"q", "locale"}
    parameters = {p["name"]: p["schema"] for p in operation(SEARCH)["parameters"]}
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (
        1,
        MAX_PAGE_SIZE,
    )
    assert parameters["page"]["minimum"] == 1
    assert parameters["sort"]["enum"] == ["relevance", "date"]
    answer = spec()["components"]["schemas"]["SearchAnswer"]["properties"]
    assert set(answer) == {
        "results",
        "count",
        "approximate",
        "degraded",
        "facets",
        "page",
        "page_size",
        "next",
        "previous",
    }


# -- Faults --------------------------------------------------------------------------------


class BrokenBackend:
    """A backend whose every call fails as a dead server's client would."""

    def search(self, query):
        raise ConnectionError("connection refused")

    def autocomplete(self, prefix, locale, limit):
        raise TimeoutError("timed out")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [f"{SEARCH}?q=sant%C3%A9", f"{AUTOCOMPLETE}?q=sant"])
def test_a_failing_backend_answers_503_never_500(client, monkeypatch, url):
    monkeypatch.setattr(backends, "get_backend", BrokenBackend)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    problem = response.json()
    assert problem["type"] == "https://gouvernail.gouv.fr/problems/service-unavailable"
    assert problem["status"] == 503 and problem["instance"] == url
    assert_matches_schema(response, url.split("?")[0])


@pytest.mark.django_db
@pytest.mark.parametrize("setting", ["OPENSEARCH_URL", "ELASTICSEARCH_URL"])
def test_a_dead_cluster_answers_from_the_database_degraded(client, corpus, settings, setting):
    """Issue 10, "Faults": nothing listens on the cluster's port; the database answers,
    and the response says so (``search.backends.cluster``)."""
    setattr(settings, setting, "http://127.0.0.1:9")
    answer = search(client, q="grippe")
    assert answer["degraded"] is True
    assert titles(answer) == [corpus.vaccination.title]
    response = client.get(f"{AUTOCOMPLETE}?q=grip")
    assert response.status_code == 200
    assert [s["title"] for s in response.json()["results"]] == [corpus.vaccination.title]
    settings.ELASTICSEARCH_URL = settings.OPENSEARCH_URL = "http://127.0.0.1:9"
    response = client.get(f"{SEARCH}?q=grippe")  # misconfigured: both
    assert response.status_code == 503 and response["Content-Type"] == PROBLEM


# -- End to end: items published through the pipeline, searched through the API ------------


def backdate(page, moment: datetime.datetime, deliver) -> None:
    """``page`` first published at ``moment``, as if long ago (rendered again)."""
    NewsPage.objects.filter(pk=page.pk).update(first_published_at=moment)
    with deliver():
        pipeline.run("page", page.pk)


def filed(page, ministry=None, topic=None):
    if ministry is not None:
        NewsPageMinistry.objects.create(page=page, ministry=ministry)
    if topic is not None:
        NewsPageTopic.objects.create(page=page, topic=topic)
    return page


@dataclasses.dataclass
class Corpus:
    vaccination: NewsPage
    children: NewsPage
    water: NewsPage
    health: object
    topic: object
    hidden: dict[str, NewsPage]


@pytest.fixture
def corpus(news_index, ministry_section, publish, deliver) -> Corpus:
    """Three public items (one of a ministry's section, two older), and one item per
    hidden state, each with "vaccination" in its title and a marker ``zx<state>``."""
    health, topic = ministry_section.ministry, TopicFactory(name="Prévention")
    section = publish(ministry_section)
    vaccination = publish(
        filed(
            NewsPageFactory(
                parent=news_index,
                live=False,
                kind="communique",
                title="Campagne de vaccination contre la grippe",
                chapo="Les pharmacies vaccinent dès le 14 octobre.",
            ),
            health,
            topic,
        )
    )
    children = publish(
        filed(
            MinistryNewsPageFactory(
                parent=section,
                live=False,
                kind="discours",
                title="Santé des enfants : le calendrier de vaccination",
                chapo="Onze vaccins obligatoires pour les enfants nés depuis 2018.",
            ),
            topic=topic,
        )
    )
    backdate(children, datetime.datetime(2025, 3, 4, 10, tzinfo=datetime.UTC), deliver)
    water = publish(
        NewsPageFactory(
            parent=news_index,
            live=False,
            kind="actualite",
            title="Plan eau : dix mesures contre la sécheresse",
            chapo="Réduire les prélèvements de dix pour cent.",
        )
    )
    backdate(water, datetime.datetime(2024, 6, 1, 8, tzinfo=datetime.UTC), deliver)
    return Corpus(
        vaccination, children, water, health, topic, hidden_items(news_index, publish, deliver)
    )


def hidden_items(news_index, publish, deliver) -> dict[str, NewsPage]:
    """An item per state that must never be found, filed like the public ones."""

    def item(state: str) -> NewsPage:
        return NewsPageFactory(
            parent=news_index,
            live=False,
            kind="communique",
            title=f"Vaccination zx{state} annoncée",
            chapo=f"Chapô zx{state}.",
        )

    later = timezone.now() + datetime.timedelta(days=1)
    draft = item("draft")
    with deliver():
        draft.save_revision()
    scheduled = item("scheduled")
    with deliver():
        scheduled.go_live_at = later
        scheduled.save_revision().publish()
    embargoed = item("embargoed")
    with deliver():
        embargoed.go_live_at = embargoed.embargo_until = later
        embargoed.save_revision().publish()
    unpublished = publish(item("unpublished"))
    with deliver():
        Page.objects.get(pk=unpublished.pk).unpublish()
    expired = publish(item("expired"), expire_at=later)
    NewsPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with deliver():
        scheduling.publish_due()
    withdrawn = publish(item("withdrawn"))
    editor = get_user_model().objects.create_superuser("chef", password="x")
    with deliver():
        withdraw(withdrawn, reason="Informations dépassées", user=editor)
    restricted = publish(item("restricted"))
    with deliver():
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    return {
        "draft": draft,
        "scheduled": scheduled,
        "embargoed": embargoed,
        "unpublished": unpublished,
        "expired": expired,
        "withdrawn": withdrawn,
        "restricted": restricted,
    }


def search(client, **params) -> dict:
    response = client.get(f"{SEARCH}?{urlencode(params)}")
    assert response.status_code == 200, response.content[:500]
    assert_matches_schema(response, SEARCH)
    return response.json()


def titles(answer: dict) -> list[str]:
    return [result["title"] for result in answer["results"]]


def facet(answer: dict, name: str) -> dict[str, int]:
    return {value["value"]: value["count"] for value in answer["facets"][name]}


def stored_url(page) -> str:
    """The page's public URL, as the store shows it (on the front end)."""
    url = Document.objects.get(key=f"page:{page.pk}").url
    assert url.startswith("http://localhost:3000/")
    return url


def assert_hides(corpus: Corpus, response) -> None:
    """No hidden item's marker in anything the response tells."""
    told = response.content.decode()
    for state in corpus.hidden:
        assert f"zx{state}" not in told, state


@pytest.mark.django_db
def test_a_published_item_is_found_with_its_fields(client, corpus):
    answer = search(client, q="grippe")
    assert answer["count"] == 1 and not answer["approximate"] and not answer["degraded"]
    (found,) = answer["results"]
    page = corpus.vaccination
    assert found == {
        "type": "news",
        "title": "Campagne de vaccination contre la grippe",
        "excerpt": "Les pharmacies vaccinent dès le 14 octobre.",
        "url": stored_url(page),
        "published_at": timezone.localtime(page.first_published_at).isoformat(),
        "ministries": [{"id": str(corpus.health.translation_key), "name": corpus.health.name}],
        "topics": [{"id": str(corpus.topic.translation_key), "name": "Prévention"}],
        "kind": "communique",
        "locale": "fr",
        "promoted": False,
    }
    assert (answer["page"], answer["page_size"], answer["next"], answer["previous"]) == (
        1,
        20,
        None,
        None,
    )


@pytest.mark.django_db
def test_accents_case_and_inflections_do_not_matter(client, corpus):
    for q in ("sante", "SANTÉ", "enfant", "calendriers"):
        assert titles(search(client, q=q)) == [corpus.children.title], q
    both = {corpus.vaccination.title, corpus.children.title}
    assert set(titles(search(client, q="vaccins"))) == both  # "vaccinent", "vaccination"


@pytest.mark.django_db
def test_nothing_hidden_is_ever_found(client, corpus):
    """Drafts, scheduled, embargoed, unpublished, expired, withdrawn and restricted items:
    in no result, no facet count, no suggestion, whatever the query."""
    public = {corpus.vaccination.title, corpus.children.title}
    for params in (
        {"q": "vaccination"},
        {"q": "vaccination", "sort": "date"},
        {"q": "annoncée"},
        {"q": "vaccination", "type": "news", "kind": "communique"},
        {},
        {"page_size": 50},
    ):
        response = client.get(f"{SEARCH}?{urlencode(params)}")
        assert response.status_code == 200
        assert_hides(corpus, response)
    answer = search(client, q="vaccination")
    assert set(titles(answer)) == public and answer["count"] == 2
    assert facet(answer, "kind") == {"communique": 1, "discours": 1}
    assert facet(answer, "type") == {"news": 1, "ministry_news": 1}
    assert sum(facet(answer, "year").values()) == 2
    everything = search(client)
    assert everything["count"] == 3
    assert facet(everything, "kind") == {"communique": 1, "discours": 1, "actualite": 1}
    for prefix in ("vacc", "zx", "annon"):
        response = client.get(f"{AUTOCOMPLETE}?{urlencode({'q': prefix})}")
        assert response.status_code == 200
        assert_hides(corpus, response)
    suggested = client.get(f"{AUTOCOMPLETE}?q=vacc").json()["results"]
    assert {s["title"] for s in suggested} <= public
    assert search(client, q="zxscheduled")["count"] == 0


@pytest.mark.django_db
def test_facets_count_every_result_and_filters_narrow(client, corpus):
    answer = search(client)
    year = str(timezone.localdate(corpus.vaccination.first_published_at).year)
    assert facet(answer, "year") == {year: 1, "2025": 1, "2024": 1}
    assert facet(answer, "locale") == {"fr": 3}
    assert facet(answer, "topic") == {str(corpus.topic.translation_key): 2}
    assert facet(answer, "ministry") == {str(corpus.health.translation_key): 2}
    labels = {v["value"]: v["label"] for v in answer["facets"]["ministry"]}
    assert labels == {str(corpus.health.translation_key): corpus.health.name}
    assert list(answer["facets"]) == ["type", "kind", "ministry", "topic", "year", "locale"]
    narrowed = {
        "type": ("ministry_news", [corpus.children]),
        "kind": ("communique,actualite", [corpus.vaccination, corpus.water]),
        "ministry": (str(corpus.health.translation_key), [corpus.vaccination, corpus.children]),
        "topic": (str(corpus.topic.translation_key).upper(), [corpus.vaccination, corpus.children]),
        "year": ("2024,2025", [corpus.children, corpus.water]),
        "locale": ("en", []),
    }
    for name, (value, expected) in narrowed.items():
        found = search(client, **{name: value, "sort": "date"})
        assert titles(found) == [page.title for page in expected], name
        assert found["count"] == len(expected)
    both = search(client, q="vaccination", year="2025", type="ministry_news,news")
    assert titles(both) == [corpus.children.title]
    assert facet(both, "year") == {"2025": 1}


@pytest.mark.django_db
def test_sort_by_date_is_newest_first(client, corpus):
    answer = search(client, sort="date")
    assert titles(answer) == [corpus.vaccination.title, corpus.children.title, corpus.water.title]
    dates = [result["published_at"] for result in answer["results"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.django_db
def test_pages_walk_every_result_once(client, corpus):
    seen, url, pages = [], f"{SEARCH}?sort=date&page_size=2", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert_matches_schema(response, SEARCH)
        answer = response.json()
        assert answer["count"] == 3
        seen += titles(answer)
        pages += 1
        if answer["previous"]:
            assert parse_qs(urlsplit(answer["previous"]).query)["page"] == [str(pages - 1)]
        url = answer["next"]
        if url:
            query = parse_qs(urlsplit(url).query)
            assert query["sort"] == ["date"] and query["page_size"] == ["2"]
    assert pages == 2
    assert seen == [corpus.vaccination.title, corpus.children.title, corpus.water.title]
    past = search(client, sort="date", page_size=2, page=7)
    assert past["results"] == [] and past["count"] == 3 and past["next"] is None
    assert past["previous"].startswith("http://testserver/api/v1/search/?")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    [
        pytest.param('"', id="a quote"),
        pytest.param("-", id="a minus"),
        pytest.param("*", id="a star"),
        pytest.param(":", id="a colon"),
        pytest.param('"campagne de vaccination', id="unbalanced quotes"),
        pytest.param('"""', id="three quotes"),
        pytest.param("vaccination -grippe", id="an exclusion"),
        pytest.param("grippe OR sécheresse", id="or"),
        pytest.param("vacc*", id="a wildcard"),
        pytest.param("title:eau", id="a field"),
        pytest.param("(eau & !grippe) | <->", id="tsquery operators"),
        pytest.param("\\", id="a backslash"),
        pytest.param("' OR 1=1 --", id="SQL"),
        pytest.param("   ", id="spaces"),
        pytest.param("", id="empty"),
        pytest.param("é" * 200, id="200 characters"),
        pytest.param("🙂 santé", id="an emoji"),
    ],
)
def test_query_syntax_answers_a_sensible_200(client, corpus, q):
    answer = search(client, q=q)
    assert answer["count"] == len(answer["results"]) <= 3


@pytest.mark.django_db
def test_query_syntax_is_understood(client, corpus):
    assert titles(search(client, q="vaccination -grippe")) == [corpus.children.title]
    assert set(titles(search(client, q="grippe or sécheresse"))) == {
        corpus.vaccination.title,
        corpus.water.title,
    }
    assert titles(search(client, q='"dix mesures"')) == [corpus.water.title]
    assert search(client, q="")["count"] == search(client, q="   ")["count"] == 3


@pytest.mark.django_db
def test_autocomplete_suggests_titles_of_one_language(client, corpus):
    response = client.get(f"{AUTOCOMPLETE}?q=Sant%C3%A9")
    assert response.status_code == 200
    assert_matches_schema(response, AUTOCOMPLETE)
    assert response.json()["results"] == [
        {
            "type": "ministry_news",
            "title": corpus.children.title,
            "url": stored_url(corpus.children),
            "locale": "fr",
        }
    ]
    assert client.get(f"{AUTOCOMPLETE}?q=sante&locale=en").json()["results"] == []
    assert {s["title"] for s in client.get(f"{AUTOCOMPLETE}?q=vacc").json()["results"]} == {
        corpus.vaccination.title,
        corpus.children.title,
    }


@pytest.mark.django_db
def test_answers_are_cacheable_and_conditional(client, corpus, settings):
    url = f"{SEARCH}?q=vaccination"
    response = client.get(url)
    assert response["Cache-Control"] == f"public, max-age={settings.API_CACHE_MAX_AGE}"
    assert response["Surrogate-Key"] == "api news videos"
    assert not response.has_header("Last-Modified")
    assert "cookie" not in response.get("Vary", "").lower()
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.head(url)["ETag"] == response["ETag"]
    assert client.get(f"{url}&page_size=1")["ETag"] != response["ETag"]
    settings.CORS_ALLOWED_ORIGINS = ["https://www.info.gouv.fr"]
    browser = client.get(url, headers={"Origin": "https://www.info.gouv.fr"})
    assert browser["Access-Control-Allow-Origin"] == "https://www.info.gouv.fr"
    assert "ETag" in browser["Access-Control-Expose-Headers"]
    assert not client.get(url, headers={"Origin": "https://example.org"}).has_header(
        "Access-Control-Allow-Origin"
    )


@pytest.mark.django_db
def test_an_editors_session_changes_nothing(client, corpus):
    url = f"{SEARCH}?q=vaccination"
    anonymous = client.get(url).content
    editor = get_user_model().objects.create_superuser("redaction", password="x")
    client.force_login(editor)
    assert client.get(url).content == anonymous


@pytest.mark.django_db
def test_the_editors_synonyms_and_best_bets_apply(client, corpus):
    """``search.curation``: a synonym of a word finds what the word finds; a best bet
    comes first on the first page, marked, when public and within the filters."""
    assert search(client, q="PEV")["count"] == 0
    SynonymGroup.objects.create(terms="PEV\nplan eau", locale="fr")
    assert titles(search(client, q="PEV")) == [corpus.water.title]
    water, hidden = f"page:{corpus.water.pk}", f"page:{corpus.hidden['unpublished'].pk}"
    bet = BestBet(query="Vaccination", locale="fr")
    bet.targets.add(BestBetTarget(document_key=hidden))
    bet.targets.add(BestBetTarget(document_key=water))
    bet.save()
    answer = search(client, q="vaccination")
    assert titles(answer) == [corpus.water.title, corpus.vaccination.title, corpus.children.title]
    assert [result["promoted"] for result in answer["results"]] == [True, False, False]
    assert answer["count"] == 3
    assert not search(client, q="vaccination", page=2)["results"]
    assert titles(search(client, q="vaccination", type="ministry_news")) == [corpus.children.title]
    assert search(client, q="vaccination campagne")["results"][0]["promoted"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "budget"),
    [
        # The synonyms and the best bets (one query each), the candidates, the page's hits.
        pytest.param({"q": "vaccination"}, 4, id="one word"),
        pytest.param({"q": "campagne vaccination grippe"}, 4, id="three words"),
        pytest.param({}, 2, id="everything"),  # no text: no curation
        pytest.param(
            {"q": "vaccination", "type": "news,ministry_news", "year": "2025", "sort": "date"},
            4,
            id="faceted",
        ),
        # No item has the words: the titles like them (and PostgreSQL's threshold, set).
        pytest.param({"q": "vaccinatoin"}, 6, id="a typo"),
    ],
)
def test_query_budget(client, corpus, django_assert_max_num_queries, params, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(f"{SEARCH}?{urlencode(params)}")
    assert response.status_code == 200
    assert response.json()["count"] >= 1
    with django_assert_max_num_queries(1):
        assert client.get(f"{AUTOCOMPLETE}?q=vacc").status_code == 200


@pytest.mark.django_db
def test_counts_over_the_candidates_bound_say_approximate(client, corpus, settings):
    assert search(client, q="vaccination")["approximate"] is False
    settings.SEARCH_CANDIDATES = 2
    answer = search(client)
    assert answer["approximate"] is True
    assert answer["count"] == sum(facet(answer, "locale").values()) == 2
    assert len(answer["results"]) == 2


@pytest.mark.django_db
def test_an_attachment_is_a_document_result_of_its_public_item(client, corpus, publish):
    NewsPageAttachment.objects.create(
        page=corpus.water,
        document=DocumentFactory(title="Rapport sur les nappes phréatiques", accessible=True),
    )
    hidden = corpus.hidden["unpublished"]
    NewsPageAttachment.objects.create(
        page=hidden,
        document=DocumentFactory(title="Rapport zxunpublished des nappes", accessible=True),
    )
    publish(corpus.water)
    answer = search(client, q="nappes")
    assert facet(answer, "type") == {"document": 1}
    (found,) = answer["results"]
    assert (found["type"], found["title"]) == ("document", "Rapport sur les nappes phréatiques")
    assert found["url"].startswith("http")
    assert titles(search(client, q="nappes", type="document")) == [found["title"]]
    assert search(client, q="nappes", type="news")["count"] == 0
    assert_hides(corpus, client.get(f"{SEARCH}?q=rapport"))
