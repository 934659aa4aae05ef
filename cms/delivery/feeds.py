"""The news and video feeds: RSS 2.0 and Atom (RFC 4287) of the listings, with feedgen.

``/api/v1/feeds/news.rss`` and ``/api/v1/feeds/news.atom`` hold the newest
``FEED_LENGTH`` news items of one language (``locale``), of every ministry or of one
(``ministry``), of every topic or of one (``topic``). Their entries are the listing's
(``reads.news_page``: its SQL, its state and expiry checks), read from the delivery store,
which holds only public content: no draft, scheduled, embargoed or restricted item, and
the listing leaves out withdrawn and expired ones, so no feed can show them.

An entry has the item's title, its canonical URL (``link``), a stable ``tag:`` URI
(RFC 4151) as Atom ``id`` and RSS ``guid`` (a slug change or a move does not make readers
show it again), its first publication (``published``, RSS ``pubDate``) and last major
update (Atom ``updated``), its ministries and topics as categories, the ``social``
rendition of its image (JPEG) as an enclosure, and as summary (RSS ``description``) the
chapô in HTML, followed after a major update by the note of the latest one. Responses go
through ``views.cached`` (``ETag``, ``Last-Modified``, 304, ``Surrogate-Key``);
docs/api.md, "Feeds", describes them.

``/api/v1/feeds/videos.rss`` and ``videos.atom`` are the same for the video listing
(``reads.videos_page``), in every language or one (``language``): an entry links to the
video's embed page and encloses its largest MP4 file, with its poster as a Media RSS
thumbnail (``add_video_entry``).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import mimetypes
import re

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html

from drf_spectacular.types import OpenApiTypes
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from cms.delivery import caching, queries, reads
from cms.delivery.models import Document, Kind, State
from cms.delivery.problems import problem
from cms.delivery.views import EPOCH, PublicView, cached, documented, instance_of

#: The most entries in a feed, newest first.
FEED_LENGTH = 50
RSS = "application/rss+xml"
ATOM = "application/atom+xml"
#: The start of the feeds' and entries' ``tag:`` URIs (RFC 4151: an authority and a day
#: it held its name; the problem types use the same authority).
TAG = "tag:gouvernail.gouv.fr,2026:"
#: The organisations a feed may be narrowed to: query parameter -> (stored kind, the
#: surrogate key of their documents: a rename changes the feed's title).
FILTERS = {
    "ministry": (Kind.MINISTRY, caching.MINISTRIES),
    "topic": (Kind.TOPIC, caching.TOPICS),
}

# Characters XML 1.0 does not allow (section 2.2): lxml refuses them, so an editor's
# stray control character would fail the feed. They are dropped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclasses.dataclass(frozen=True)
class Wording:
    """What a feed says, in its language."""

    #: The title of the feed of every item.
    title: str
    #: The title of a narrowed feed: ``{}`` is the ministry's and/or topic's names.
    narrowed: str
    description: str
    narrowed_description: str
    #: The author of the feed (Atom requires one).
    author: str
    #: Before the note of a major update, in an entry's summary.
    update: str


WORDING = {
    "fr": Wording(
        title="Actualités du Gouvernement",
        narrowed="Actualités – {}",
        description="Les dernières actualités du Gouvernement et des ministères.",
        narrowed_description="Les dernières actualités du Gouvernement\u00a0: {}.",
        author="Service d'information du Gouvernement",
        update="Mise à jour\u00a0:",
    ),
    "en": Wording(
        title="French Government news",
        narrowed="News – {}",
        description="The latest news of the French Government and its ministries.",
        narrowed_description="The latest news of the French Government: {}.",
        author="French Government Information Service",
        update="Update:",
    ),
}

#: What the video feeds say, in their language.
VIDEO_WORDING = {
    "fr": Wording(
        title="Vidéos du Gouvernement",
        narrowed="Vidéos – {}",
        description="Les dernières vidéos du Gouvernement et des ministères.",
        narrowed_description="Les dernières vidéos du Gouvernement : {}.",
        author="Service d'information du Gouvernement",
        update="Mise à jour :",
    ),
    "en": Wording(
        title="French Government videos",
        narrowed="Videos – {}",
        description="The latest videos of the French Government and its ministries.",
        narrowed_description="The latest videos of the French Government: {}.",
        author="French Government Information Service",
        update="Update:",
    ),
}


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", text)


class Entry(FeedEntry):
    """feedgen's entry, with the attributes of its Atom links.

    feedgen 1.0.0's ``FeedEntry.atom_entry`` writes each ``<link>`` of an entry with its
    ``href`` alone: it reads ``rel``, ``type``, ``hreflang``, ``title`` and ``length``
    from the element it has just made instead of the link's data, so the enclosure would
    read as an alternate link. They are set again here, on the links in the same order.
    """

    def atom_entry(self, extensions=True):
        element = super().atom_entry(extensions=extensions)
        for node, link in zip(element.findall("link"), self.link(), strict=True):
            for name in ("rel", "type", "hreflang", "title", "length"):
                if link.get(name):
                    node.set(name, link[name])
        return element


@dataclasses.dataclass
class Channel:
    """What a feed says of itself, from the store."""

    #: The names of the ministry and the topic it is narrowed to, in that order.
    names: list[str]
    #: The front end's home of the feed's language (absolute URL).
    home: str
    #: The last write of the documents read (tombstones included), or ``None``.
    modified: datetime.datetime | None
    #: The filter (``ministry``, ``topic``) whose organisation the store does not serve.
    missing: str = ""


def channel(params: dict, locale: str, now: datetime.datetime) -> Channel:
    """The channel of a feed for the validated ``params`` (``queries.FeedQuery``): the
    names of its ministry and topic (in ``locale``, else in the default language, as
    the listings name them) and its language's home page. One query."""
    languages = list(dict.fromkeys([locale, settings.LANGUAGE_CODE]))
    wanted = Q(kind=Kind.HOME, locale=locale)
    for name, (kind, _key) in FILTERS.items():
        if name in params:
            wanted |= Q(kind=kind, public_id=str(params[name]), locale__in=languages)
    rows = list(
        Document.objects.filter(wanted).values_list(
            "kind", "locale", "state", "expires_at", "path", "body", "modified_at"
        )
    )
    served = sorted(
        (row for row in rows if row[2] == State.PUBLIC and (row[3] is None or row[3] > now)),
        key=lambda row: languages.index(row[1]),
    )
    home = next((row[4] for row in served if row[0] == Kind.HOME), "/")
    about = Channel(
        names=[],
        home=settings.FRONTEND_BASE_URL.rstrip("/") + home,
        modified=max((row[6] for row in rows), default=None),
    )
    for name, (kind, _key) in FILTERS.items():
        if name in params:
            body = next((row[5] for row in served if row[0] == kind), None)
            if body is None:
                about.missing = about.missing or name
            else:
                about.names.append(json.loads(body)["name"])
    return about


def change_notes(ids: list[str], locale: str, now: datetime.datetime) -> dict[str, str]:
    """The note of the latest public major change of each listed news item of ``ids``
    (public ids, in ``locale``) that has one: ``{public id: note}``. The notes are only in
    the stored detail (``change_history``); one query, none for no ids."""
    if not ids:
        return {}
    bodies = (
        Document.objects.listed(now)
        .filter(kind=Kind.NEWS, locale=locale, public_id__in=ids)
        .values_list("public_id", "body")
    )
    notes = {}
    for public_id, body in bodies:
        history = json.loads(body)["change_history"]
        if history:
            notes[public_id] = history[-1]["note"]
    return notes


def add_entry(feed: FeedGenerator, item: dict, note: str | None, wording: Wording) -> None:
    """Append the news summary ``item`` (``serializers.NewsSummarySerializer``) to
    ``feed``, with ``note`` (of its latest major update) after its chapô."""
    entry = feed.add_entry(Entry(), order="append")
    entry.id(f"{TAG}news/{item['id']}")
    entry.title(xml_text(item["title"]))
    entry.link(href=item["url"], rel="alternate", type="text/html", hreflang=item["locale"])
    entry.published(item["published_at"])
    entry.updated(item["updated_at"])
    summary = format_html("<p>{}</p>", item["chapo"])
    if note:
        summary += format_html("<p>{} {}</p>", wording.update, note)
    entry.summary(xml_text(summary), type="html")
    for organisation in (*item["ministries"], *item["topics"]):
        entry.category(term=xml_text(organisation["name"]))
    if item["image"] is not None:
        social = item["image"]["renditions"]["social"]
        enclosure = {
            "href": social["url"],
            "rel": "enclosure",
            "type": mimetypes.guess_type(social["url"])[0] or "application/octet-stream",
        }
        # Unknown (a document stored before sizes were): RSS says 0 (the RSS Advisory
        # Board's best practices), Atom leaves the advisory ``length`` out.
        if social.get("size"):
            enclosure["length"] = str(social["size"])
        entry.link(**enclosure)


def add_video_entry(feed: FeedGenerator, item: dict) -> None:
    """Append the video summary ``item`` (``serializers.VideoSummarySerializer``) to
    ``feed``: linked to its embed page, its description as summary, its largest
    rendition (by width) as the enclosure (``video/mp4``, ``length`` its size in bytes)
    and its poster's ``large`` rendition as a Media RSS ``media:thumbnail``."""
    entry = feed.add_entry(Entry(), order="append")
    entry.id(f"{TAG}videos/{item['id']}")
    entry.title(xml_text(item["title"]))
    entry.link(
        href=item["embed"]["url"], rel="alternate", type="text/html", hreflang=item["language"]
    )
    entry.published(item["published_at"])
    entry.updated(item["updated_at"])
    if item["description"]:
        entry.summary(xml_text(format_html("<p>{}</p>", item["description"])), type="html")
    for organisation in (item["ministry"], *item["topics"]):
        entry.category(term=xml_text(organisation["name"]))
    largest = max(item["renditions"], key=lambda file: file["width"] or 0, default=None)
    if largest is not None:
        enclosure = {"href": largest["url"], "rel": "enclosure", "type": largest["type"]}
        if largest.get("size"):
            enclosure["length"] = str(largest["size"])
        entry.link(**enclosure)
    if item["poster"] is not None:
        large = item["poster"]["renditions"]["large"]
        entry.media.thumbnail(
            url=large["url"], width=str(large["width"]), height=str(large["height"]), group=None
        )


def build(
    request,
    media_type: str,
    locale: str,
    params: dict,
    about: Channel,
    items: list[dict],
    notes: dict[str, str],
    updated: datetime.datetime,
    *,
    name: str = "news",
) -> FeedGenerator:
    """The feed of ``items`` (news summaries, or video summaries when ``name`` is
    ``"videos"``, newest first) for a request of ``params``, served as ``media_type``;
    ``updated`` is its Atom ``updated`` and RSS ``lastBuildDate`` (the feed's
    ``Last-Modified``). ``locale`` is the feed's language; a video feed of every
    language says ``all`` in its ``id``."""
    videos = name == "videos"
    wording = (VIDEO_WORDING if videos else WORDING).get(locale, WORDING["en"])
    names = xml_text(" – ".join(about.names))
    feed = FeedGenerator()
    if videos:
        feed.load_extension("media", atom=True, rss=True)
    feed.id(
        TAG
        + "/".join(
            [
                f"feeds/{name}",
                params.get("language", "all") if videos else locale,
                *(f"{key}/{params[key]}" for key in FILTERS if key in params),
            ]
        )
    )
    feed.title(wording.narrowed.format(names) if names else wording.title)
    feed.description(wording.narrowed_description.format(names) if names else wording.description)
    feed.author(name=wording.author)
    feed.language(locale)
    feed.updated(updated)
    # RSS's <link> is the last link given: the self link first.
    feed.link(href=request.build_absolute_uri(), rel="self", type=media_type)
    feed.link(href=about.home, rel="alternate", type="text/html")
    for item in items:
        if videos:
            add_video_entry(feed, item)
        else:
            add_entry(feed, item, notes.get(str(item["id"])), wording)
    return feed


_DESCRIPTION = (
    "The newest {count} news items of one language, newest first (by first publication), "
    "of every ministry and topic or of one ministry (`ministry`) and/or one topic "
    "(`topic`), as {syntax}. Each entry has the item's title, canonical URL, chapô "
    "(HTML summary), dates, ministries and topics (categories), its image's `social` "
    "rendition as an enclosure, and after a major update the note of the latest one. "
    "Withdrawn, unpublished and expired items are never in a feed. 404 when `ministry` "
    "or `topic` names no public ministry or topic."
)


class FeedView(PublicView):
    """A feed in the syntax of ``media_type`` (``RSS`` or ``ATOM``) of the newest
    ``FEED_LENGTH`` entries :meth:`page` reads, filtered by the parameters of ``query``;
    ``name`` is the feed's kind for ``build`` (``"news"``, ``"videos"``) and
    ``surrogate_key`` the caching key of its entries' kind."""

    media_type = ""
    query: type
    #: The parameter that names the feed's language (default: ``LANGUAGE_CODE``).
    locale_parameter = "locale"
    name = "news"
    surrogate_key = caching.NEWS

    def page(self, params: dict, locale: str, now: datetime.datetime):
        """``(rows, generation)``: the stored documents of the feed, newest first."""
        raise NotImplementedError

    def notes(self, items: list[dict], locale: str, now: datetime.datetime) -> dict[str, str]:
        """The change notes of ``items`` by id (none by default)."""
        return {}

    def feed(self, request):
        params = queries.parse(self.query, request.GET)
        locale = params.get(self.locale_parameter, settings.LANGUAGE_CODE)
        now = timezone.now()
        about = channel(params, locale, now)
        if about.missing:
            return problem(
                404, f"No public {about.missing} has this identifier.", instance_of(request)
            )
        rows, generation = self.page(params, locale, now)
        items = [json.loads(row.summary) for row in rows]
        modified = max(
            instant for instant in (generation.modified_at, about.modified, EPOCH) if instant
        )
        feed = build(
            request,
            self.media_type,
            locale,
            params,
            about,
            items,
            self.notes(items, locale, now),
            modified,
            name=self.name,
        )
        text = (feed.rss_str() if self.media_type == RSS else feed.atom_str()).decode()
        keys = [self.surrogate_key, caching.document_key(Kind.HOME, locale, locale)]
        keys += [key for name, (_kind, key) in FILTERS.items() if name in params]
        return cached(
            request,
            text,
            keys=keys,
            modified=modified,
            expiries=[
                reads.instant(min(filter(None, (row.expires_at for row in rows)), default=None))
            ],
            content_type=f"{self.media_type}; charset=utf-8",
        )


class NewsFeedView(FeedView):
    """A news feed, with the change note of each item updated since its publication."""

    query = queries.FeedQuery

    def page(self, params, locale, now):
        return reads.news_page(params, locale=locale, limit=FEED_LENGTH, now=now)

    def notes(self, items, locale, now):
        updated = [str(item["id"]) for item in items if item["updated_at"] != item["published_at"]]
        return change_notes(updated, locale, now)


class NewsRssView(NewsFeedView):
    media_type = RSS

    @documented(
        "feeds_news_rss",
        "RSS feed of the news",
        _DESCRIPTION.format(count=FEED_LENGTH, syntax="RSS 2.0"),
        OpenApiTypes.STR,
        parameters=[queries.FeedQuery],
        media_type=RSS,
    )
    def get(self, request):
        return self.feed(request)


class NewsAtomView(NewsFeedView):
    media_type = ATOM

    @documented(
        "feeds_news_atom",
        "Atom feed of the news",
        _DESCRIPTION.format(count=FEED_LENGTH, syntax="Atom (RFC 4287)"),
        OpenApiTypes.STR,
        parameters=[queries.FeedQuery],
        media_type=ATOM,
    )
    def get(self, request):
        return self.feed(request)


_VIDEO_DESCRIPTION = (
    "The newest {count} public videos, newest first (by first public use), in every "
    "language or one (`language`), of every ministry and topic or of one ministry "
    "(`ministry`) and/or one topic (`topic`), as {syntax}. Each entry has the video's "
    "title, its embed page as link, its description (HTML summary), dates, ministry and "
    "topics (categories), its largest MP4 file as an enclosure (`video/mp4`, length in "
    "bytes) and its poster as a Media RSS `media:thumbnail`. Unpublished and expired "
    "videos are never in a feed. 404 when `ministry` or `topic` names no public ministry "
    "or topic."
)


class VideoFeedView(FeedView):
    """A video feed: every language, or one (``language``)."""

    query = queries.VideoFeedQuery
    locale_parameter = "language"
    name = "videos"
    surrogate_key = caching.VIDEOS

    def page(self, params, locale, now):
        return reads.videos_page(params, limit=FEED_LENGTH, now=now)


class VideoRssView(VideoFeedView):
    media_type = RSS

    @documented(
        "feeds_videos_rss",
        "RSS feed of the videos",
        _VIDEO_DESCRIPTION.format(count=FEED_LENGTH, syntax="RSS 2.0"),
        OpenApiTypes.STR,
        parameters=[queries.VideoFeedQuery],
        media_type=RSS,
    )
    def get(self, request):
        return self.feed(request)


class VideoAtomView(VideoFeedView):
    media_type = ATOM

    @documented(
        "feeds_videos_atom",
        "Atom feed of the videos",
        _VIDEO_DESCRIPTION.format(count=FEED_LENGTH, syntax="Atom (RFC 4287)"),
        OpenApiTypes.STR,
        parameters=[queries.VideoFeedQuery],
        media_type=ATOM,
    )
    def get(self, request):
        return self.feed(request)
