"""The cluster backend against a live OpenSearch API (osmem-server, an in-memory server
started once for the session; each test gets its own copy-on-write clone), and its
faults against a closed port and a server that never answers.

osmem-server ignores the ``elision`` filter and stems with its own ``light_french``:
the analysis chain is checked offline (test_cluster_offline.py); here the words of the
queries are the words of the items, or differ only by case, accents or a typo.
"""

import dataclasses
import datetime
import os
import socket
import time
from collections import Counter

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from cms import jobs
from cms.delivery.models import Document
from search import tasks
from search.backends import cluster, get_backend
from search.query import IndexedItem, SearchQuery
from tests.search.conftest import RELEVANCE_PROPERTY

try:
    import osmem_server as osmem
except ImportError:
    # CI sets GOUVERNAIL_CLUSTER_TESTS=required: a missing server fails the run there.
    if os.environ.get("GOUVERNAIL_CLUSTER_TESTS") == "required":
        raise
    pytest.skip(
        "osmem-server (requirements-dev.txt) is not installed: no live cluster tests",
        allow_module_level=True,
    )

NOW = datetime.datetime.now(datetime.UTC)
TIMEOUT = 1.0


def item(key, title, *, days=10, **fields):
    fields.setdefault("type", "news")
    fields.setdefault("locale", "fr")
    return IndexedItem(
        key=key,
        title=title,
        url=f"https://www.info.gouv.fr/{key.replace(':', '-')}",
        published_at=NOW - datetime.timedelta(days=days),
        **fields,
    )


CORPUS = [
    item(
        "news:1",
        "Campagne de vaccination contre la grippe",
        body="La campagne de vaccination commence en octobre dans les pharmacies.",
        chapo="Les pharmaciens vaccinent.",
        ministries=(("m-sante", "Ministère de la Santé"),),
        topics=(("t-sante", "Santé"),),
        kind="press_release",
    ),
    item(
        "news:2",
        "Santé au travail : nouvelles règles",
        body="Le code du travail change pour la santé des salariés.",
        ministries=(("m-travail", "Ministère du Travail"),),
        topics=(("t-sante", "Santé"), ("t-emploi", "Emploi")),
        days=400,
    ),
    item(
        "video:3",
        "La vaccination expliquée aux enfants",
        type="video",
        body="Transcription : pourquoi la vaccination protège.",
        ministries=(("m-sante", "Ministère de la Santé"),),
        days=30,
    ),
    item("news:4", "Budget de l'État", body="Le budget de l'État est voté.", locale="en", days=5),
]


@pytest.fixture(scope="session")
def opensearch():
    server = osmem.OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture
def cluster_url(opensearch):
    with opensearch.clone() as clone:
        yield clone.url


def backend_at(url, fallback=None, flavour="opensearch"):
    client, errors = cluster.client_for(flavour, url, TIMEOUT)
    return cluster.ClusterBackend(client, errors, "gouvernail-test", fallback=fallback)


@pytest.fixture
def backend(cluster_url, settings):
    backend = backend_at(cluster_url)
    backend.rebuild(CORPUS)
    return backend


def keys(results):
    return [hit.key for hit in results.hits]


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


def test_search_counts_facets_and_excerpts(backend):
    results = backend.search(SearchQuery(text="vaccination"))
    assert set(keys(results)) == {"news:1", "video:3"}
    assert results.total == 2
    assert results.degraded is False
    assert counts(results, "type") == {"news": 1, "video": 1}
    assert counts(results, "ministry") == {"m-sante": 2}
    assert results.facets["ministry"][0].label == "Ministère de la Santé"
    assert results.facets["type"][0].label in ("actualité", "vidéo")
    first = next(hit for hit in results.hits if hit.key == "news:1")
    assert first.excerpt == "Les pharmaciens vaccinent."  # the chapô, as the database's
    assert first.ministries == (("m-sante", "Ministère de la Santé"),)
    assert first.url == "https://www.info.gouv.fr/news-1"
    video = next(hit for hit in results.hits if hit.key == "video:3")
    assert video.excerpt == "Transcription : pourquoi la vaccination protège."  # no chapô


def test_case_and_accents_do_not_matter_and_a_typo_is_forgiven(backend):
    assert keys(backend.search(SearchQuery(text="SANTE"))) == ["news:2"]
    assert set(keys(backend.search(SearchQuery(text="vacination")))) == {"news:1", "video:3"}


def test_filters_narrow_results_and_facets(backend):
    results = backend.search(SearchQuery(text="", filters={"topic": ("t-sante",)}))
    assert keys(results) == ["news:1", "news:2"]  # newest first
    assert counts(results, "topic") == {"t-sante": 2, "t-emploi": 1}
    years = [str(CORPUS[0].year), str(CORPUS[1].year)]
    assert counts(results, "year") == {year: years.count(year) for year in years}
    assert keys(backend.search(SearchQuery(text="vaccination", filters={"type": ("video",)}))) == [
        "video:3"
    ]
    assert backend.search(SearchQuery(filters={"locale": ("en",)})).total == 1


def test_facets_are_labelled_in_french_dated_in_paris_and_counted_within_the_filters(
    cluster_url,
):
    """As the database backend's (tests/search/test_facets.py)."""
    backend = backend_at(cluster_url)
    new_year = dataclasses.replace(
        item(
            "news:10",
            "Vœux du Gouvernement",
            kind="communique",
            topics=(("t-sante", "Santé"), ("t-emploi", "Emploi")),
        ),
        # 00:30 on 1 January 2026 in Paris.
        published_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC),
    )
    speech = item(
        "news:11", "Speech", kind="discours", locale="en", topics=(("t-emploi", "Emploi"),)
    )
    backend.rebuild([new_year, speech])

    def labelled(results, name):
        return {value.value: (value.label, value.count) for value in results.facets[name]}

    everything = backend.search(SearchQuery())
    assert labelled(everything, "kind") == {
        "communique": ("Communiqué de presse", 1),
        "discours": ("Discours", 1),
    }
    assert labelled(everything, "locale") == {"fr": ("Français", 1), "en": ("English", 1)}
    assert counts(everything, "year") == dict(Counter(["2026", str(speech.year)]))
    assert "news:10" in keys(backend.search(SearchQuery(filters={"year": ("2026",)})))
    assert "news:10" not in keys(backend.search(SearchQuery(filters={"year": ("2025",)})))
    # A filter narrows every facet's counts: the other topics count only what it leaves.
    assert counts(everything, "topic") == {"t-emploi": 2, "t-sante": 1}
    filtered = backend.search(SearchQuery(filters={"topic": ("t-sante",)}))
    assert counts(filtered, "topic") == {"t-sante": 1, "t-emploi": 1}
    assert counts(filtered, "locale") == {"fr": 1}


def test_quotes_and_minus_as_in_a_web_search(backend):
    assert keys(backend.search(SearchQuery(text="vaccination -enfants"))) == ["news:1"]
    assert keys(backend.search(SearchQuery(text='"code du travail"'))) == ["news:2"]
    # Syntax characters of query_string are plain text here: no error, no 500.
    for text in ('"unbalanced', "title:santé", "a* (b", "~2 ^3 \\"):
        assert backend.search(SearchQuery(text=text)).degraded is False


def test_alternatives_from_the_synonyms_list(backend):
    results = backend.search(SearchQuery(text="grippe saisonnière", alternatives=("vaccination",)))
    assert set(keys(results)) == {"news:1", "video:3"}


def test_recent_items_rank_higher_and_historic_ones_lower(cluster_url, settings):
    backend = backend_at(cluster_url)
    backend.rebuild(
        [
            item("news:old", "Prime de rentrée", days=3 * 365),
            item("news:new", "Prime de rentrée", days=1),
            item("news:historic", "Prime de rentrée", days=0, current=False),
        ]
    )
    assert keys(backend.search(SearchQuery(text="prime"))) == [
        "news:new",
        "news:old",
        "news:historic",
    ]
    settings.SEARCH_HISTORIC_FACTOR = 1.0
    assert keys(backend.search(SearchQuery(text="prime")))[0] == "news:historic"


def test_best_bets_first_on_page_one_then_the_others_shifted(backend):
    query = SearchQuery(text="vaccination", promoted=("news:4", "video:3"), page_size=1)
    first = backend.search(query)
    assert [(hit.key, hit.promoted) for hit in first.hits] == [("news:4", True), ("video:3", True)]
    assert first.total == 3
    assert counts(first, "locale") == {"fr": 2, "en": 1}
    second = backend.search(
        SearchQuery(text="vaccination", promoted=("news:4", "video:3"), page=2, page_size=1)
    )
    assert keys(second) == []  # page 1 showed the two best bets, page 2 shows result 3
    third = backend.search(
        SearchQuery(text="vaccination", promoted=("news:4", "video:3"), page=3, page_size=1)
    )
    assert keys(third) == ["news:1"]
    # A best bet that fails the filters is not shown.
    filtered = backend.search(
        SearchQuery(text="vaccination", promoted=("news:4",), filters={"locale": ("fr",)})
    )
    assert "news:4" not in keys(filtered)


def test_index_and_delete_follow_the_store(backend):
    backend.index([item("news:5", "Chèque énergie versé")])
    backend.refresh()
    assert keys(backend.search(SearchQuery(text="cheque energie"))) == ["news:5"]
    backend.delete(["news:5", "news:unknown"])
    backend.refresh()
    assert backend.search(SearchQuery(text="cheque energie")).total == 0


def test_an_item_past_its_expiry_is_never_found(backend):
    backend.index(
        [item("news:6", "Prime expirée"), item("news:7", "Prime valable")],
        expires_at={
            "news:6": NOW - datetime.timedelta(minutes=1),
            "news:7": NOW + datetime.timedelta(days=1),
        },
    )
    backend.refresh()
    assert keys(backend.search(SearchQuery(text="prime"))) == ["news:7"]
    assert [hit.key for hit in backend.autocomplete("prim", "fr", 5)] == ["news:7"]
    assert keys(backend.search(SearchQuery(text="prime", promoted=("news:6",)))) == ["news:7"]


def test_replace_keeps_exactly_a_documents_items(backend):
    attachment = item("news:1/file:8", "Calendrier des vaccinations", type="document")
    other = item("news:1/file:9", "Liste des pharmacies", type="document")
    backend.replace("news:1", [CORPUS[0], attachment, other])
    backend.refresh()
    assert keys(
        backend.search(SearchQuery(text="pharmacies", filters={"type": ("document",)}))
    ) == ["news:1/file:9"]
    backend.replace("news:1", [CORPUS[0], attachment])  # the file was removed from the item
    backend.refresh()
    assert (
        backend.search(SearchQuery(text="pharmacies", filters={"type": ("document",)})).total == 0
    )
    expiry = NOW + datetime.timedelta(hours=1)
    backend.replace("news:1", [CORPUS[0]], expiry)
    backend.refresh()
    assert backend.search(SearchQuery(filters={"type": ("document",)})).total == 0
    assert keys(backend.search(SearchQuery(text="grippe"))) == ["news:1"]
    backend.replace("news:1", [])  # unpublished: every item of it goes
    backend.refresh()
    assert backend.search(SearchQuery(text="grippe")).total == 0
    assert keys(backend.search(SearchQuery(text="vaccination"))) == ["video:3"]


def test_autocomplete_titles_by_prefix(backend):
    assert {hit.key for hit in backend.autocomplete("vacc", "fr", 5)} == {"video:3", "news:1"}
    assert [hit.key for hit in backend.autocomplete("Vacc", "fr", 1)] in (["video:3"], ["news:1"])
    assert [hit.key for hit in backend.autocomplete("sant", "fr", 5)] == ["news:2"]
    assert [hit.key for hit in backend.autocomplete("budg", "en", 5)] == ["news:4"]
    assert backend.autocomplete("budg", "fr", 5) == []


def test_a_rebuild_swaps_the_alias_while_searches_keep_answering(backend):
    before = backend.indices()
    seen = []

    def progress(loaded):
        # During the load, the alias still reads the old index.
        seen.append((loaded, backend.search(SearchQuery(text="vaccination")).total))

    new_items = [item(f"news:m{n}", f"Mesure numéro {n}") for n in range(1200)]
    name = backend.rebuild([*new_items, CORPUS[0]], progress=progress)
    assert seen == [(500, 2), (1000, 2), (1201, 2)]
    assert backend.indices() == [name]
    assert name not in before
    assert backend.search(SearchQuery(text="vaccination")).total == 1
    assert backend.search(SearchQuery(text="mesure")).total == 1200
    answer = backend.client.indices.exists(index=before[0])
    assert answer is False


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_server():
    """A server that accepts connections (the kernel does, from its backlog) and never
    answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


@pytest.mark.parametrize("flavour", ["elasticsearch", "opensearch"])
@pytest.mark.parametrize("where", ["closed_port", "silent_server"])
def test_a_dead_cluster_raises_cluster_error_within_the_timeout(request, flavour, where):
    backend = backend_at(request.getfixturevalue(where), flavour=flavour)
    for call in (
        lambda: backend.search(SearchQuery(text="santé")),
        lambda: backend.autocomplete("san", "fr", 5),
        lambda: backend.index([CORPUS[0]]),
        lambda: backend.delete(["news:1"]),
    ):
        start = time.monotonic()
        with pytest.raises(cluster.ClusterError):
            call()
        assert time.monotonic() - start < TIMEOUT + 1


def test_an_index_update_before_the_first_rebuild_is_refused_not_guessed(cluster_url):
    backend = backend_at(cluster_url)
    with pytest.raises(cluster.ClusterError, match="require_alias|alias"):
        backend.index([CORPUS[0]])
    assert backend.client.indices.exists(index="gouvernail-test") is False


# Through the application: the store, the database fallback, the outbox, the command.


@pytest.fixture
def cluster_at(settings):
    """``cluster_at(url)``: the public search set on the OpenSearch cluster at ``url``."""

    def configure(url, pause=30.0):
        settings.ELASTICSEARCH_URL = ""
        settings.OPENSEARCH_URL = url
        settings.SEARCH_CLUSTER_TIMEOUT = TIMEOUT
        settings.SEARCH_CLUSTER_INDEX = "gouvernail-test"
        settings.SEARCH_CLUSTER_PAUSE = pause
        cluster.breaker_for.cache_clear()  # a port of an earlier test may come again

    return configure


@pytest.fixture
def item_published(published, django_capture_on_commit_callbacks):
    """A news item published through Wagtail and the pipeline, the after-commit work of
    the quick start done."""
    with django_capture_on_commit_callbacks(execute=True):
        page = published(
            "Chèque énergie : le calendrier", body="Le chèque énergie arrive en avril."
        )
    return f"page:{page.pk}"


@pytest.mark.parametrize("where", ["closed_port", "silent_server"])
def test_the_search_falls_back_to_the_database_when_the_cluster_fails(
    request, cluster_at, where, db, published
):
    key = f"page:{published('Chèque énergie : le calendrier').pk}"
    cluster_at(request.getfixturevalue(where))
    backend = get_backend()
    assert isinstance(backend, cluster.ClusterBackend)
    start = time.monotonic()
    results = backend.search(SearchQuery(text="cheque energie"))
    assert time.monotonic() - start < TIMEOUT + 1
    assert results.degraded is True
    assert keys(results) == [key]
    assert counts(results, "type") == {"news": 1}
    assert [hit.key for hit in backend.autocomplete("cheq", "fr", 5)] == [key]


@pytest.mark.parametrize("pause", [30.0, 0.0])
def test_a_cluster_that_never_answers_is_paused_not_waited_for(
    silent_server, cluster_at, db, pause
):
    cluster_at(silent_server, pause=pause)
    durations = []
    for _ in range(3):
        start = time.monotonic()
        assert get_backend().search(SearchQuery(text="santé")).degraded is True
        durations.append(time.monotonic() - start)
    assert TIMEOUT * 0.9 < durations[0] < TIMEOUT + 1
    if pause:
        assert max(durations[1:]) < TIMEOUT / 2  # straight to the database
    else:
        assert min(durations[1:]) > TIMEOUT * 0.9  # every search tries the cluster


def test_the_cluster_answers_when_it_is_up(cluster_url, cluster_at, item_published, capsys):
    cluster_at(cluster_url)
    call_command("reindex", "--backend", "cluster")
    assert (
        "Cluster search index rebuilt: 1 items from 1 documents into gouvernail-test-"
        in capsys.readouterr().out
    )
    results = get_backend().search(SearchQuery(text="cheque energie"))
    assert results.degraded is False
    assert keys(results) == [item_published]
    assert results.hits[0].title == "Chèque énergie : le calendrier"


def test_reindex_cluster_needs_a_cluster(settings, db):
    settings.ELASTICSEARCH_URL = settings.OPENSEARCH_URL = ""
    with pytest.raises(CommandError, match="No search cluster"):
        call_command("reindex", "--backend", "cluster")


def test_reindex_refuses_an_unknown_backend(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("reindex", "--backend", "solr")


@pytest.mark.skipif(jobs.enabled(), reason="the quick start's path: no job queue (SQLite)")
def test_without_a_job_queue_the_cluster_follows_after_the_commit(
    cluster_url, cluster_at, published, django_capture_on_commit_callbacks, caplog
):
    cluster_at(cluster_url)
    cluster.from_settings().rebuild([])
    with django_capture_on_commit_callbacks(execute=True):
        page = published("Prime de Noël versée")
    backend = cluster.from_settings()
    backend.refresh()
    assert keys(backend.search(SearchQuery(text="prime noel"))) == [f"page:{page.pk}"]
    # A dead cluster: the publication goes through, the miss is logged.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        cluster_at(f"http://127.0.0.1:{probe.getsockname()[1]}")
    with django_capture_on_commit_callbacks(execute=True):
        other = published("Prime d'activité revalorisée")
    assert Document.objects.filter(key=f"page:{other.pk}", state="public").exists()
    assert "The search cluster missed an update" in caplog.text


@pytest.mark.skipif(not jobs.enabled(), reason="needs JOBS_BACKEND=procrastinate (PostgreSQL)")
def test_a_dead_cluster_leaves_the_update_in_the_outbox_retried_until_it_answers(
    cluster_url, cluster_at, closed_port, published
):
    from procrastinate import exceptions
    from procrastinate.contrib.django.models import ProcrastinateJob
    from procrastinate.jobs import Job

    cluster_at(closed_port)
    page = published("Prime de Noël versée")
    key = f"page:{page.pk}"
    # The publication committed its document, and the database index, with the job.
    assert Document.objects.filter(key=key, state="public").exists()
    assert get_backend().search(SearchQuery(text="prime noel")).degraded is True
    (row,) = ProcrastinateJob.objects.filter(task_name="search.index_document")
    assert (row.queue_name, row.args, row.status) == ("indexing", {"key": key}, "todo")
    # The worker runs it: the cluster is down, the job fails and its strategy retries it.
    with pytest.raises(cluster.ClusterError) as failure:
        tasks.index_document(**row.args)

    def job(attempts):
        return Job(
            id=row.id,
            queue=row.queue_name,
            lock=None,
            queueing_lock=None,
            task_name=row.task_name,
            attempts=attempts,
        )

    retry = tasks.index_document.get_retry_exception(failure.value, job(0))
    assert isinstance(retry, exceptions.JobRetry)
    assert retry.retry_decision.retry_at > timezone.now()
    # Retried 12 times at most (2 s to 4,096 s apart), then reindex repairs.
    assert tasks.index_document.get_retry_exception(failure.value, job(11)) is not None
    assert tasks.index_document.get_retry_exception(failure.value, job(12)) is None
    # The cluster is back (and built): the retried job indexes the item.
    cluster_at(cluster_url)
    cluster.from_settings().rebuild([])
    tasks.index_document(**row.args)
    backend = cluster.from_settings()
    backend.refresh()
    results = backend.search(SearchQuery(text="prime noel"))
    assert (keys(results), results.degraded) == ([key], False)


def test_relevance_set_on_the_cluster(cluster_url, record_property):
    """The French relevance set of the database backend (test_relevance.py) on the
    cluster backend: precision@5 printed at the end of the run, held at its target. The
    corpus is indexed as its items; osmem-server ignores elision and stems with its own
    Snowball, so this measures the queries built here more than the analysis."""
    from tests.search.test_relevance import CORPUS, QUERIES, TARGET, precision_at_5

    backend = backend_at(cluster_url)
    backend.rebuild(
        item(name, title, chapo=chapo, body=body, days=number)
        for number, (name, title, chapo, body) in enumerate(CORPUS, start=1)
    )
    scores, misses = [], []
    for text, expected, alternatives in QUERIES:
        found = keys(backend.search(SearchQuery(text=text, alternatives=alternatives, page_size=5)))
        scores.append(precision_at_5(found, list(expected)))
        if scores[-1] < 1:
            misses.append(f"{text!r}: {found}")
    precision = sum(scores) / len(scores)
    record_property(
        RELEVANCE_PROPERTY,
        f"{precision:.3f} over {len(QUERIES)} queries on the cluster backend (osmem-server); "
        f"misses: {misses}",
    )
    assert precision >= TARGET, misses


def run_index_jobs() -> int:
    """Run the waiting ``search.index_document`` jobs as a worker would (PostgreSQL);
    returns how many ran."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    ran = 0
    for row in ProcrastinateJob.objects.filter(status="todo", task_name="search.index_document"):
        ProcrastinateJob.objects.filter(pk=row.pk).delete()
        tasks.index_document(**row.args)
        ran += 1
    return ran


def test_a_videos_entry_follows_the_items_showing_it(cluster_url, cluster_at, news_index, deliver):
    """As in the database index (test_index.py): a video's URL is that of the newest item
    showing it; the cluster follows it through the outbox of the items' changes."""
    from tests.delivery.api_support import publish
    from tests.factories import NewsPageFactory
    from tests.publishing.video_samples import ready_video, video_body

    cluster_at(cluster_url)
    cluster.from_settings().rebuild([])
    video = ready_video(title="Discours sur le climat", transcript="La planète se réchauffe.")
    key = f"video:{video.pk}"
    backend = cluster.from_settings()

    def shown_at():
        if jobs.enabled():
            run_index_jobs()
        backend.refresh()
        found = backend.search(SearchQuery(text="planète réchauffe", filters={"type": ("video",)}))
        return [hit.url for hit in found.hits if hit.key == key]

    first = NewsPageFactory(parent=news_index, live=False, body=video_body(video))
    with deliver():
        publish(first)
    assert shown_at() == [Document.objects.get(key=f"page:{first.pk}").url]
    second = NewsPageFactory(parent=news_index, live=False, body=video_body(video))
    with deliver():
        publish(second)
    assert shown_at() == [Document.objects.get(key=f"page:{second.pk}").url]
    with deliver():
        first.unpublish()
        second.unpublish()
    assert shown_at() == []
