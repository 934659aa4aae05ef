"""The database search index follows the delivery store, in the store's transaction."""

from __future__ import annotations

import datetime
import importlib
import types

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest

from cms.delivery.models import Document, Kind
from cms.publishing import pipeline
from news.models import NewsPageAttachment, NewsPageMinistry, NewsPageTopic
from news.services import withdraw
from search import indexing, items, text
from search.models import Entry
from tests.delivery.api_support import publish, stored
from tests.factories import (
    DocumentFactory,
    GovernmentFactory,
    MinistryFactory,
    NewsPageFactory,
    TopicFactory,
)
from tests.publishing.video_samples import ready_video, video_body
from tests.search.conftest import key_of, keys, search

pytestmark = pytest.mark.django_db


def test_publishing_makes_an_item_findable_at_once(published, django_user_model):
    page = published(
        "Campagne de vaccination",
        chapo="La <b>santé</b> des enfants.",
        body="Les vaccins sont <a href='https://x.fr'>gratuits</a> &amp; sûrs.",
    )
    entry = Entry.objects.get(key=key_of(page))
    assert (entry.type, entry.locale, entry.title) == ("news", "fr", "Campagne de vaccination")
    assert entry.chapo == "La santé des enfants."
    assert entry.body == "Les vaccins sont gratuits & sûrs."
    assert entry.url == Document.objects.get(key=key_of(page)).url
    assert keys(search("vaccins")) == [key_of(page)]


def test_the_entry_is_written_in_the_documents_transaction(published):
    page = published("Réforme des retraites")
    # A later change rendered by the pipeline: the entry changes with the document.
    page.title = "Réforme des retraites adoptée"
    page.save_revision().publish()
    pipeline.run("page", page.pk)
    assert Entry.objects.get(key=key_of(page)).title == "Réforme des retraites adoptée"
    # A failing write leaves neither the document nor the entry changed.
    page.title = "Titre jamais publié"
    page.save_revision().publish()

    def fail(result):
        raise RuntimeError("hook after the index")

    pipeline.AFTER_CHANGE.append(fail)
    try:
        with pytest.raises(RuntimeError):
            pipeline.run("page", page.pk)
    finally:
        pipeline.AFTER_CHANGE.remove(fail)
    assert Entry.objects.get(key=key_of(page)).title == "Réforme des retraites adoptée"


def test_unpublishing_removes_the_item(published, django_user_model):
    page = published("Plan canicule")
    page.unpublish()
    pipeline.run("page", page.pk)
    assert Document.objects.get(key=key_of(page)).state == "gone"
    assert not Entry.objects.filter(key=key_of(page)).exists()
    assert search("canicule").total == 0


def test_withdrawing_removes_the_item(published, django_user_model):
    page = published("Alerte inondations")
    editor = django_user_model.objects.create_superuser(username="chef", password="x")
    withdraw(page, reason="Information erronée.", user=editor)
    pipeline.run("page", page.pk)
    assert Document.objects.get(key=key_of(page)).state == "withdrawn"
    assert search("inondations").total == 0
    assert not Entry.objects.exists()


def test_an_expired_item_is_never_found_even_before_it_is_rendered_again(published):
    page = published("Soldes d'hiver")
    assert search("soldes").total == 1
    past = timezone.now() - datetime.timedelta(minutes=1)
    # Rendered with an expiry that has passed since, the entry still there (the job
    # that renders it at its expiry is late).
    Document.objects.filter(key=key_of(page)).update(expires_at=past)
    Entry.objects.filter(key=key_of(page)).update(expires_at=past)
    assert search("soldes").total == 0
    assert search("").total == 0
    assert search("sodles").total == 0  # nor through the typo fallback
    assert get_autocomplete("sold") == []


def test_a_document_no_longer_public_is_never_shown_whatever_wrote_it(published):
    page = published("Fermeture des plages")
    # A write of the store outside the pipeline (none in Gouvernail) leaves the entry:
    # counts may see it, hits never show it.
    Document.objects.filter(key=key_of(page)).update(state="gone")
    assert search("plages").hits == []
    assert search("", promoted=(key_of(page),)).hits == []
    # A rebuild of the index (``reindex``) reads the store again.
    indexing.rebuild_database()
    assert not Entry.objects.filter(key=key_of(page)).exists()
    assert search("plages").total == 0


def get_autocomplete(prefix):
    from search.backends import get_backend

    return get_backend().autocomplete(prefix, "fr", 10)


def test_facets_of_the_store_are_indexed_with_their_labels(published):
    ministry = MinistryFactory(name="Ministère de la Santé")
    topic = TopicFactory(name="Prévention")
    page = published("Dépistage")
    NewsPageMinistry.objects.create(page=page, ministry=ministry)
    NewsPageTopic.objects.create(page=page, topic=topic)
    pipeline.run("page", page.pk)
    entry = Entry.objects.get(key=key_of(page))
    assert entry.ministries == [[str(ministry.translation_key), "Ministère de la Santé"]]
    assert entry.topics == [[str(topic.translation_key), "Prévention"]]
    assert entry.ministry_ids == [str(ministry.translation_key)]
    assert entry.topic_ids == [str(topic.translation_key)]
    assert entry.year == timezone.localtime(page.first_published_at).year


def test_the_migration_fills_the_entries_ids_and_expiry(published):
    """``search.0005_entry_filters`` on entries written before it."""
    migration = importlib.import_module("search.migrations.0005_entry_filters")
    ministry = MinistryFactory(name="Ministère de la Culture")
    page = published("Journées du patrimoine")
    NewsPageMinistry.objects.create(page=page, ministry=ministry)
    pipeline.run("page", page.pk)
    gone = published("Fermeture des musées")
    expiry = timezone.now() + datetime.timedelta(days=2)
    Document.objects.filter(key=key_of(page)).update(expires_at=expiry)
    Entry.objects.update(ministry_ids=[], topic_ids=[], expires_at=None)
    Document.objects.filter(key=key_of(gone)).update(state="gone")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_EXPIRY)
        cursor.execute(migration.PRUNE)
    migration.fill_ids(None, types.SimpleNamespace(connection=connection, execute=execute))
    entry = Entry.objects.get(key=key_of(page))
    assert entry.ministry_ids == [str(ministry.translation_key)] and entry.topic_ids == []
    assert entry.expires_at == expiry
    assert not Entry.objects.filter(key=key_of(gone)).exists()


def execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_attachments_are_searchable_documents_of_their_item(published):
    page = published("Budget 2027")
    NewsPageAttachment.objects.create(
        page=page, document=DocumentFactory(title="Rapport annuel de performance")
    )
    NewsPageAttachment.objects.create(
        page=page, document=DocumentFactory(title="Fichier"), title="Annexe fiscale"
    )
    pipeline.run("page", page.pk)
    attachments = page.attachments.order_by("sort_order", "pk")
    found = search("rapport performance")
    assert [(hit.key, hit.type) for hit in found.hits] == [
        (f"{key_of(page)}/file:{attachments[0].document_id}", "document")
    ]
    hit = found.hits[0]
    assert hit.excerpt == "Budget 2027"
    assert hit.url.endswith(".pdf") and hit.url.startswith("http")
    assert keys(search("annexe")) == [f"{key_of(page)}/file:{attachments[1].document_id}"]
    # Detached: its entry goes, the other stays.
    attachments[0].delete()
    pipeline.run("page", page.pk)
    assert search("rapport performance").total == 0
    assert search("annexe").total == 1
    # Unpublished: the item and its attachments go.
    page.unpublish()
    pipeline.run("page", page.pk)
    assert not Entry.objects.exists()


def test_items_of_a_previous_government_are_marked_historic(published):
    old = GovernmentFactory(start_date=datetime.date(2020, 1, 1))
    pipeline.run("government", old.pk)
    page = published("Budget de l'État")
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=datetime.datetime(2022, 6, 1, tzinfo=datetime.UTC)
    )
    pipeline.run("page", page.pk)
    entry = Entry.objects.get(key=key_of(page))
    assert (entry.government, entry.current) == (str(old.pk), True)
    # The government ends: the entries of its items follow at once, in the write of its
    # document (before the items themselves are rendered again).
    old.end_date = datetime.date(2024, 1, 1)
    old.save()
    pipeline.run("government", old.pk)
    assert items.ended_governments() == [str(old.pk)]
    assert Entry.objects.get(key=key_of(page)).current is False
    # Rendered again, the item says so itself.
    pipeline.run("page", page.pk)
    assert Entry.objects.get(key=key_of(page)).current is False
    # An end corrected away: current again.
    old.end_date = None
    old.save()
    pipeline.run("government", old.pk)
    assert Entry.objects.get(key=key_of(page)).current is True


def test_documents_not_searchable_have_no_item(db):
    now = timezone.now()
    news = stored(1, now)
    assert items.from_document(news) is not None
    for state in ("withdrawn", "gone"):
        assert items.from_document(stored(2 if state == "gone" else 3, now, state=state)) is None
    expired = stored(4, now, expires_at=now - datetime.timedelta(seconds=1))
    assert items.from_document(expired) is None
    news.kind = Kind.SECTION
    assert items.from_document(news) is None


def test_reindex_rebuilds_every_entry_from_the_store(db, capsys):
    now = timezone.now()
    for number in range(1, 8):
        stored(number, now - datetime.timedelta(days=number))
    stored(20, now, state="withdrawn")
    Entry.objects.all().delete()
    Entry.objects.create(
        document=Document.objects.get(key="page:20"),
        key="page:20",
        type="news",
        locale="fr",
        title="Entrée périmée",
        title_folded="entree perimee",
    )
    call_command("reindex")
    assert sorted(Entry.objects.values_list("key", flat=True)) == [f"page:{n}" for n in range(1, 8)]
    captured = capsys.readouterr()
    assert "7 / 7" in captured.err
    assert "Database search index rebuilt: 7 items from 7 documents" in captured.out


def test_rebuild_reports_progress_per_batch(db, monkeypatch):
    now = timezone.now()
    for number in range(1, 6):
        stored(number, now)
    monkeypatch.setattr(indexing, "BATCH", 2)
    seen = []
    report = indexing.rebuild_database(lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert report["entries"] == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps stems instead")
def test_postgresql_vector_weights_the_fields(published):
    page = published("Sécurité routière", chapo="Prévention", body="Ceinture")
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM search_entry WHERE key = %s", [key_of(page)])
        vector = cursor.fetchone()[0]
    assert "'securit':1A" in vector and "'routier':2A" in vector
    assert "'prevent':3B" in vector and "'ceintur':4C" in vector


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_postgresql_gin_pending_lists_are_capped(published):
    """``search.0006_gin_pending_list_limit``: each GIN index of the entries holds at most
    64 kB of entries not yet merged, which every search would scan."""
    migration = importlib.import_module("search.migrations.0006_gin_pending_list_limit")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [list(migration.INDEXES)],
        )
        options = dict(cursor.fetchall())
    assert options == {index: ["gin_pending_list_limit=64"] for index in migration.INDEXES}


def test_sqlite_terms_are_folded_french_stems(published):
    page = published("Sécurité routière", chapo="Prévention", body="Ceintures")
    entry = Entry.objects.get(key=key_of(page))
    if connection.vendor == "postgresql":
        assert entry.title_terms == ""
    else:
        assert (entry.title_terms, entry.chapo_terms, entry.body_terms) == (
            " securit routier ",
            " prevent ",
            " ceintur ",
        )


def test_plain_text_of_a_body_skips_links_and_media():
    blocks = [
        {"type": "paragraph", "value": "<p>L’État <i>agit</i></p>"},
        {"type": "image", "value": {"image": {"alt": "x"}, "caption": "Légende"}},
        {"type": "link", "value": {"url": "https://exemple.fr", "title": "Voir"}},
        {"type": "quote", "value": {"text": "Citation", "items": ["un", "deux"]}},
    ]
    assert text.stream_text(blocks) == "L’État agit Légende Voir Citation un deux"
    assert text.stems("L’État des sécurités") == ["etat", "de", "securit"]


def test_caption_text_keeps_the_spoken_lines():
    vtt = (
        "WEBVTT\n\nNOTE a note\nspanning\n\n1\n00:00:00.000 --> 00:00:02.000\n"
        "<v Ministre>Bonjour à tous</v>\n\n2\n00:00:02.000 --> 00:00:04.000\nLa rentrée\n"
    )
    assert text.caption_text(vtt) == "Bonjour à tous La rentrée"


def test_a_government_has_ended_from_its_end_date_on():
    today = timezone.localdate()
    assert not items.has_ended(None)
    assert not items.has_ended({"end_date": None})
    assert not items.has_ended({"end_date": (today + datetime.timedelta(days=1)).isoformat()})
    assert items.has_ended({"end_date": today.isoformat()})


def test_a_videos_url_follows_the_items_showing_it(news_index, deliver):
    video = ready_video(title="Discours sur le climat", transcript="La planète se réchauffe.")
    first = NewsPageFactory(parent=news_index, live=False, body=video_body(video))
    with deliver():
        publish(first)
    entry = Entry.objects.get(key=f"video:{video.pk}")
    assert (entry.type, entry.url) == ("video", Document.objects.get(key=key_of(first)).url)
    assert keys(search("planète réchauffe")) == [f"video:{video.pk}"]
    # A newer item shows it too: the video's own document is unchanged, its URL is not.
    second = NewsPageFactory(parent=news_index, live=False, body=video_body(video))
    with deliver():
        publish(second)
    entry = Entry.objects.get(key=f"video:{video.pk}")
    assert entry.url == Document.objects.get(key=key_of(second)).url
    # No listed item shows it any more: it is no longer found.
    with deliver():
        first.unpublish()
        second.unpublish()
    assert search("planète").total == 0
