"""/api/v1/feeds/news.rss and news.atom: RSS 2.0 and Atom feeds of the news listing,
parsed back with feedparser (``cms.delivery.feeds``).

Items are published through Wagtail and the pipeline (``api_support.publish``), or
written straight into the store (``stored``) for the states the pipeline writes there.
The leakage matrix (``test_leakage.py``) requests the feeds for every editorial state."""

import datetime
import json

from django.utils import timezone

import feedparser
import pytest

from cms.delivery import feeds
from cms.delivery.models import Document, State
from cms.media.renditions import renditions_of
from cms.publishing import content, pipeline
from news.models import NewsPageMinistry, NewsPageTopic
from tests.delivery.api_support import PROBLEM, assert_matches_schema, publish, stored
from tests.factories import MinistryNewsPageFactory, NewsPageFactory, TopicFactory
from tests.factories.media import ImageFactory, image_file

NOW = timezone.now()
RSS, ATOM = "/api/v1/feeds/news.rss", "/api/v1/feeds/news.atom"
SCHEMA = {RSS: "/api/v1/feeds/news.rss", ATOM: "/api/v1/feeds/news.atom"}
TYPES = {RSS: "application/rss+xml; charset=utf-8", ATOM: "application/atom+xml; charset=utf-8"}


def parsed(response) -> feedparser.FeedParserDict:
    """The feed of a 200, parsed back; it must be well-formed (no ``bozo``)."""
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def filed(news_index, ministry_section, settings):
    """Published through the pipeline: a government item with an image, then one filed
    under the section's ministry and a topic, a ministry item, and an English item; the
    ministry and the topic are in the store."""
    settings.FRONTEND_BASE_URL = "https://www.info.gouv.fr"
    ministry = ministry_section.ministry
    topic = TopicFactory(name="Santé publique")
    with_image = NewsPageFactory(
        parent=news_index,
        live=False,
        title="Avec une image",
        chapo="Un chapô <illustré> & cité.",
        hero_image=ImageFactory(file=image_file("photo.jpg", (1600, 1000), "JPEG")),
    )
    linked = NewsPageFactory(parent=news_index, live=False, title="Classée")
    NewsPageMinistry.objects.create(page=linked, ministry=ministry)
    NewsPageTopic.objects.create(page=linked, topic=topic)
    own = MinistryNewsPageFactory(parent=ministry_section, live=False, title="Du ministère")
    for page in (with_image, linked, own):
        publish(page)
    for renderer, pk in (("ministry", ministry.pk), ("topic", topic.pk)):
        pipeline.run(renderer, pk)
    return {
        "ministry": ministry,
        "topic": topic,
        "with_image": with_image,
        "linked": linked,
        "own": own,
    }


# -- Shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "version"), [(RSS, "rss20"), (ATOM, "atom10")])
def test_a_feed_parses_back_with_every_entry(client, filed, url, version):
    response = client.get(url)
    feed = parsed(response)
    assert feed.version == version
    assert feed.feed.title == "Actualités du Gouvernement"
    assert feed.feed.language == "fr"
    assert feed.feed.link == "https://www.info.gouv.fr/"
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == "http://testserver" + url
    pages = [filed["own"], filed["linked"], filed["with_image"]]
    assert [entry.title for entry in feed.entries] == [page.title for page in pages]
    stored_items = [
        json.loads(Document.objects.get(key=f"page:{page.pk}").summary) for page in pages
    ]
    assert [entry.link for entry in feed.entries] == [item["url"] for item in stored_items]
    assert all(item["url"].startswith("https://www.info.gouv.fr/") for item in stored_items)
    assert [entry.id for entry in feed.entries] == [
        f"tag:gouvernail.gouv.fr,2026:news/{page.pk}" for page in pages
    ]
    assert feed.entries[2].summary == "<p>Un chapô &lt;illustré&gt; &amp; cité.</p>"
    published = datetime.datetime.fromisoformat(stored_items[0]["published_at"])
    assert feed.entries[0].published_parsed[:6] == published.utctimetuple()[:6]
    assert {tag.term for tag in feed.entries[1].tags} == {
        filed["ministry"].name,
        "Santé publique",
    }
    assert response["Content-Type"] == TYPES[url]
    assert_matches_schema(response, SCHEMA[url])


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_an_image_is_enclosed_with_its_type_and_length(client, filed, url):
    social = renditions_of(filed["with_image"].hero_image)["social"]
    entry = parsed(client.get(url)).entries[2]
    (enclosure,) = entry.enclosures
    assert enclosure.href.endswith("/media/" + social.file.name)
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == social.file.size > 0
    assert not parsed(client.get(url)).entries[1].enclosures


def test_an_enclosure_of_unknown_size_has_length_zero_in_rss(client, db):
    """A document stored before rendition sizes were: RSS requires a length (0 when it
    is unknown, as the RSS Advisory Board advises); Atom's is advisory, left out."""
    document = stored(1, NOW)
    summary = json.loads(document.summary)
    rendition = {"url": "http://localhost:8000/media/renditions/x.jpg", "width": 1, "height": 1}
    summary["image"] = {
        "id": 1,
        "alt": "",
        "credit": "",
        "renditions": dict.fromkeys(("small", "medium", "large", "social"), rendition),
    }
    Document.objects.filter(pk=document.pk).update(summary=json.dumps(summary))
    (rss,) = parsed(client.get(RSS)).entries[0].enclosures
    assert (rss.href, rss.type, rss.length) == (rendition["url"], "image/jpeg", "0")
    (atom,) = parsed(client.get(ATOM)).entries[0].enclosures
    assert "length" not in atom


def test_a_rendition_missing_from_the_storage_is_rendered_without_a_size(db):
    """The renderer stores each rendition's size; a file the storage lost leaves it
    unknown (``null``, an RSS length of 0) rather than failing the publication."""
    image = ImageFactory(file=image_file("photo.jpg", (1600, 1000), "JPEG"))
    social = renditions_of(image)["social"]
    social.file.storage.delete(social.file.name)
    shown = content.image(image, [])
    assert shown["renditions"]["social"]["size"] is None
    small = renditions_of(image)["small"]
    assert shown["renditions"]["small"]["size"] == small.file.size > 0


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_a_major_update_carries_its_change_note(client, filed, url):
    page = filed["linked"]
    page.title = "Classée, corrigée"
    page.major_change, page.change_note = True, "Le montant était erroné."
    publish(page)
    page.title = "Classée, retouchée"  # a minor change after it keeps the note
    page.major_change, page.change_note = False, ""
    publish(page)
    stored_item = json.loads(Document.objects.get(key=f"page:{page.pk}").summary)
    assert stored_item["updated_at"] != stored_item["published_at"]
    entries = {entry.title: entry for entry in parsed(client.get(url)).entries}
    updated = entries["Classée, retouchée"]
    assert updated.summary.endswith("<p>Mise à jour\u00a0: Le montant était erroné.</p>")
    assert "Mise à jour" not in entries["Du ministère"].summary
    if url == ATOM:
        moment = datetime.datetime.fromisoformat(stored_item["updated_at"])
        assert updated.updated_parsed[:6] == moment.utctimetuple()[:6]
        assert updated.updated == moment.isoformat() != updated.published


# -- Filters ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_a_feed_per_ministry_topic_and_language(client, filed, english, url):
    ministry, topic = filed["ministry"], filed["topic"]
    by_ministry = parsed(client.get(url, {"ministry": str(ministry.translation_key)}))
    assert by_ministry.feed.title == f"Actualités – {ministry.name}"
    assert [e.title for e in by_ministry.entries] == ["Du ministère", "Classée"]
    by_topic = parsed(client.get(url, {"topic": str(topic.translation_key)}))
    assert by_topic.feed.title == "Actualités – Santé publique"
    assert [e.title for e in by_topic.entries] == ["Classée"]
    both = parsed(
        client.get(
            url,
            {"ministry": str(ministry.translation_key), "topic": str(topic.translation_key)},
        )
    )
    assert both.feed.title == f"Actualités – {ministry.name} – Santé publique"
    assert [e.title for e in both.entries] == ["Classée"]

    news_index = filed["linked"].get_parent()
    publish(news_index.get_parent().specific.copy_for_translation(english))
    english_index = publish(news_index.specific.copy_for_translation(english))
    english = publish(
        NewsPageFactory(parent=english_index, live=False, locale=english, title="In English")
    )
    feed = parsed(client.get(url, {"locale": "en"}))
    assert feed.feed.title == "French Government news"
    assert feed.feed.language == "en"
    assert feed.feed.link == "https://www.info.gouv.fr/en/"
    assert [e.title for e in feed.entries] == [english.title]
    # A ministry not translated is named in French, as the listings do.
    by_ministry = parsed(
        client.get(url, {"ministry": str(ministry.translation_key), "locale": "en"})
    )
    assert by_ministry.feed.title == f"News – {ministry.name}"
    assert by_ministry.entries == []


def test_a_feed_holds_the_newest_fifty(client, db, settings):
    for number in range(1, 53):
        stored(number, NOW - datetime.timedelta(minutes=number))
    entries = parsed(client.get(RSS)).entries
    assert len(entries) == feeds.FEED_LENGTH == 50
    assert [e.title for e in entries] == [f"Item {n}" for n in range(1, 51)]


def test_withdrawn_gone_expired_and_other_language_items_are_left_out(client, db):
    now = timezone.now()
    stored(1, now - datetime.timedelta(hours=1))
    stored(2, now, state=State.WITHDRAWN)
    stored(3, now, state=State.GONE)
    stored(4, now, expires_at=now - datetime.timedelta(seconds=1))
    stored(5, now, locale="en")
    expiring = stored(
        6, now - datetime.timedelta(hours=2), expires_at=now + datetime.timedelta(seconds=30)
    )
    for url in (RSS, ATOM):
        response = client.get(url)
        assert [e.title for e in parsed(response).entries] == ["Item 1", "Item 6"]
        # No cache keeps the feed past the first expiry it shows.
        max_age = int(response["Cache-Control"].rsplit("=", 1)[1])
        assert 0 <= max_age <= 30
    Document.objects.filter(pk=expiring.pk).update(expires_at=now)
    assert [e.title for e in parsed(client.get(RSS)).entries] == ["Item 1"]


def test_characters_xml_does_not_allow_are_dropped(client, db):
    document = stored(1, NOW)
    summary = json.loads(document.summary) | {"title": "Un\x0btitre\x00", "chapo": "A\x1fB"}
    Document.objects.filter(pk=document.pk).update(summary=json.dumps(summary))
    for url in (RSS, ATOM):
        (entry,) = parsed(client.get(url)).entries
        assert (entry.title, entry.summary) == ("Untitre", "<p>AB</p>")


# -- Errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [RSS, ATOM])
@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("limit=10", "limit"),
        ("ministry=abc", "ministry"),
        ("topic=1", "topic"),
        ("locale=de", "locale"),
        ("locale=fr&locale=en", "locale"),
        ("cursor=x", "cursor"),
        ("format=json", "format"),
    ],
)
def test_bad_parameters_answer_400_problems(client, db, url, query, refused):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/invalid-parameter")
    assert refused in body["errors"]
    assert_matches_schema(response, SCHEMA[url])


@pytest.mark.parametrize("name", ["ministry", "topic"])
def test_an_unknown_ministry_or_topic_answers_404(client, filed, name):
    response = client.get(RSS, {name: "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == f"No public {name} has this identifier."
    assert_matches_schema(response, SCHEMA[RSS])


def test_a_deleted_ministry_has_no_feed(client, filed):
    ministry = filed["ministry"]
    Document.objects.filter(kind="ministry", public_id=str(ministry.translation_key)).update(
        state=State.GONE
    )
    response = client.get(ATOM, {"ministry": str(ministry.translation_key)})
    assert response.status_code == 404


# -- Caching and cost ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_etag_304_last_modified_and_surrogate_keys(client, filed, url):
    first = client.get(url)
    again = client.get(url)
    assert first.content == again.content  # built the same way twice: a stable ETag
    assert first["ETag"] == again["ETag"]
    assert first["Surrogate-Key"] == "api news home:fr"
    last = max(Document.objects.filter(kind="news").values_list("modified_at", flat=True))
    parsed_feed = parsed(first)
    assert first["Last-Modified"] == again["Last-Modified"]
    assert parsed_feed.feed.updated_parsed[:6] == last.utctimetuple()[:6]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert_matches_schema(not_modified, SCHEMA[url])
    assert not_modified["Surrogate-Key"] == first["Surrogate-Key"]
    narrowed = client.get(url, {"ministry": str(filed["ministry"].translation_key)})
    assert narrowed["Surrogate-Key"] == "api news home:fr ministries"
    assert narrowed["ETag"] != first["ETag"]
    # A publication changes the feed, its ETag too.
    publish(NewsPageFactory(parent=filed["with_image"].get_parent(), live=False))
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_a_feed_costs_three_queries_at_most(client, filed, url, django_assert_max_num_queries):
    """The channel's documents (home, ministry, topic), the listing, and the details of
    the items majorly updated (their change notes)."""
    page = filed["linked"]
    page.major_change, page.change_note = True, "Corrigée."
    publish(page)
    for number in range(10_000, 10_060):  # public ids no page of the fixture has
        stored(number, NOW - datetime.timedelta(days=1))
    query = {
        "ministry": str(filed["ministry"].translation_key),
        "topic": str(filed["topic"].translation_key),
    }
    with django_assert_max_num_queries(3):
        assert "Corrigée" in client.get(url, query).content.decode()
    with django_assert_max_num_queries(2):
        assert len(parsed(client.get(url, {"locale": "en"})).entries) == 0
