"""The leakage matrix: item state × public path × (anonymous, an editor's session).

Each state is built through Wagtail's own paths with the pipeline run as in production
(``tests/delivery/leakage_states.py``). Each row requests one public path and asserts
the exact status, that the answer is the same for an editor's session cookie (no
``Vary: Cookie``), that the item's markers appear nowhere in the response (for listings,
in the whole listing, every page of it in one), and that what should be there is there
(a control item filed like the hidden ones, the item's public version), so that no row
passes by answering nothing.

Every row passes: none waits for a pipeline event any more (the states that change
after a publication — a view restriction added, a page a public item relates to that
changes, an organisation saved — are followed by the pipeline's events). The crisis
alert has states of its own: ``test_leakage_alerts.py``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms.delivery import models as store
from cms.delivery.views import SITEMAP_MAX_URLS
from cms.media.renditions import RENDITIONS, renditions_of
from cms.organisations.models import Government
from cms.publishing import pipeline
from cms.scheduling import services as scheduling
from news.services import withdraw
from tests.delivery.leakage_states import (
    KIND,
    Item,
    World,
    build_world,
    built_once,
    fresh,
    public_path,
    shown,
    time_travel_expiry,
    title_marker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (``leakage_states.built_once``)."""
    yield from built_once(django_db_blocker, build_world)


@dataclasses.dataclass(frozen=True)
class State:
    """An editorial state: the status of the item's own detail and path lookup, and what
    else its item has (``"draft path"``: a newer draft moves it; ``"public source"``: it
    translates a public item; ``"early carrier"``: it was public, and a public item
    published then relates and links to it; ``"media"``: it shows an image and a
    document of its own, ``"image"`` an image; ``"section"``: its section is the cause)."""

    name: str
    detail: int
    has: tuple[str, ...] = ()

    def __str__(self):
        return self.name


NEVER_PUBLIC, GONE, SERVED = 404, 410, 200
STATES = [
    State("draft", NEVER_PUBLIC, has=("media",)),
    State("newer_draft", SERVED, has=("draft path",)),
    State("scheduled", NEVER_PUBLIC, has=("media",)),
    State("embargoed", NEVER_PUBLIC, has=("media",)),
    State("embargoed_translation", NEVER_PUBLIC, has=("public source",)),
    State("held_translation", NEVER_PUBLIC, has=("media",)),
    State("expired", GONE, has=("early carrier", "media")),
    State("expired_late", GONE, has=("media",)),
    State("unpublished", GONE, has=("early carrier", "media")),
    State("withdrawn", SERVED, has=("early carrier",)),
    State("restricted", NEVER_PUBLIC, has=("media",)),
    State("restricted_ancestor", NEVER_PUBLIC, has=("media", "section")),
    State("restricted_later", GONE, has=("early carrier", "media")),
    State("section_restricted_later", GONE, has=("early carrier", "media", "section")),
    State("unpublished_source", GONE, has=("early carrier",)),
    State("deleted_source", GONE, has=("early carrier",)),
    State("expired_source", GONE, has=("early carrier",)),
    State("expired_late_source", GONE),
    State("source_moved_under_unpublished_section", GONE, has=("early carrier",)),
    State("withdrawn_source", SERVED, has=("early carrier", "public source")),
    State("withdrawn_translation", SERVED, has=("early carrier", "public source")),
    State("under_unpublished_section", GONE, has=("early carrier", "media", "section")),
    State("alias_of_scheduled", NEVER_PUBLIC),
    State("scheduled_correction", SERVED),
    State("live_copy", NEVER_PUBLIC),
    State("licence_expired", SERVED, has=("early carrier", "image")),
    # Videos: an item's video block, in each state of the item or of the video.
    State("video_in_draft", NEVER_PUBLIC, has=("media", "video", "hidden video")),
    State("video_in_scheduled", NEVER_PUBLIC, has=("media", "video", "hidden video")),
    State("video_in_embargoed", NEVER_PUBLIC, has=("media", "video", "hidden video")),
    State("video_in_restricted", NEVER_PUBLIC, has=("media", "video", "hidden video")),
    State("video_live", SERVED, has=("video",)),
    State("video_withdrawn", SERVED, has=("video",)),
    State("video_rights_expired", SERVED, has=("video", "hidden video")),
    State("video_unpublishable", SERVED, has=("video", "hidden video")),
]


@dataclasses.dataclass(frozen=True)
class PublicPath:
    """A public request built from the world and the item; the status it answers
    (``None``: the state's own), whether it is the item's own answer (where its
    ``unlisted`` markers may appear), and what its body must contain."""

    name: str
    url: Callable[[World, Item], str]
    status: int | None = 200
    own: bool = False
    expects: Callable[[World, Item], list[str]] = lambda world, item: []
    #: What else its body must not contain (beyond the item's markers).
    hides: Callable[[World, Item], list[str]] = lambda world, item: []
    #: What a state's item must have for this path to apply (``State.has``).
    needs: str = ""

    def __str__(self):
        return self.name


def _day(world: World) -> datetime.date:
    """The Paris day the world was published (not today: a run may span midnight)."""
    return timezone.localdate(world.controls["fr"].first_published_at)


#: Each listing filter, with the value the hidden item would match.
FILTERS: dict[str, Callable[[World, Item], dict]] = {
    "no filter": lambda w, i: {},
    "kind": lambda w, i: {"kind": KIND, "locale": i.locale},
    "ministry": lambda w, i: {"ministry": w.ministry_key, "locale": i.locale},
    "topic": lambda w, i: {"topic": w.topic_key, "locale": i.locale},
    "locale": lambda w, i: {"locale": i.locale},
    "government": lambda w, i: {"government": w.government, "locale": i.locale},
    "date range": lambda w, i: {
        "published_after": _day(w).isoformat(),
        "published_before": (_day(w) + datetime.timedelta(days=1)).isoformat(),
        "locale": i.locale,
    },
    "every filter": lambda w, i: {
        "kind": KIND,
        "ministry": w.ministry_key,
        "topic": w.topic_key,
        "government": w.government,
        "published_after": _day(w).isoformat(),
        "locale": i.locale,
    },
}


def _listing(filters: Callable[[World, Item], dict]) -> Callable[[World, Item], str]:
    return lambda w, i: "/api/v1/news/?" + urlencode({**filters(w, i), "limit": 100})


def _control_listed(filters):
    """The control of the listing's language: filed like the hidden items, public."""

    def expects(world: World, item: Item) -> list[str]:
        language = filters(world, item).get("locale", "fr")
        return [world.controls[language].title, '"next":null']

    return expects


def _lookup(path: str) -> str:
    return "/api/v1/pages/?" + urlencode({"path": path})


def _own(world: World, item: Item) -> list[str]:
    """Its public title and notice, and what it must show of its video."""
    return [item.public_title, item.reason, *item.video_expects] if item.public_title else []


def _in_sitemap(world: World, item: Item) -> list[str]:
    """The control's path, and the item's own when it is listed."""
    paths = [public_path(world.controls["fr"]), public_path(world.controls["en"])]
    return [*paths, item.path] if item.listed else paths


def _not_in_sitemap(world: World, item: Item) -> list[str]:
    """Its path (unless listed), its draft's, its section's (the slug markers catch
    most, not an alias's or a held translation's path)."""
    paths = [] if item.listed else [item.path]
    if item.draft_path:
        paths.append(item.draft_path)
    if item.section is not None:
        paths.append(public_path(item.section))
    return [f"<loc>{settings.FRONTEND_BASE_URL.rstrip('/')}{path}</loc>" for path in paths]


def _sitemap_section(world: World) -> int:
    """The sitemap section of the French control's document (``views.SITEMAP_MAX_URLS``
    store ids each)."""
    control = store.Document.objects.get(key=f"page:{world.controls['fr'].pk}")
    return control.pk // SITEMAP_MAX_URLS


def _section_lookup(world: World, item: Item) -> str:
    return _lookup(public_path(item.section))


def _government(world: World, item: Item) -> list[str]:
    return [Government.objects.get(pk=world.government).label]


PATHS = [
    *(
        PublicPath(f"listing, {name}", _listing(filters), expects=_control_listed(filters))
        for name, filters in FILTERS.items()
    ),
    PublicPath(
        "detail", lambda w, i: f"/api/v1/news/{i.page.pk}/", status=None, own=True, expects=_own
    ),
    PublicPath("path lookup", lambda w, i: _lookup(i.path), status=None, own=True, expects=_own),
    PublicPath(
        "path lookup, the draft's path",
        lambda w, i: _lookup(i.draft_path),
        status=404,
        needs="draft path",
    ),
    # Nested objects: related items, rich-text links, a button's page, of a public item.
    PublicPath(
        "nested in a public item",
        lambda w, i: f"/api/v1/news/{w.carrier.pk}/",
        expects=lambda w, i: [w.controls["fr"].title, w.controls["en"].title, "/public-witness/"],
    ),
    PublicPath(
        "nested in a public item published before the change",
        lambda w, i: f"/api/v1/news/{i.early.pk}/",
        expects=lambda w, i: [w.controls["fr"].title],
        needs="early carrier",
    ),
    PublicPath(
        "nested in a public item, by its path",
        lambda w, i: _lookup("/actualites/porteur/"),
        expects=lambda w, i: [w.controls["fr"].title],
    ),
    PublicPath(
        "alternate translations of its public source",
        lambda w, i: f"/api/v1/news/{i.public_source.pk}/",
        expects=lambda w, i: [i.public_source.title],
        needs="public source",
    ),
    PublicPath(
        "À la une (home, by its path)",
        lambda w, i: _lookup("/" if i.locale == "fr" else f"/{i.locale}/"),
        expects=lambda w, i: [w.controls[i.locale].title],
    ),
    PublicPath(
        "À la une (home/)",
        lambda w, i: "/api/v1/home/?" + urlencode({"locale": i.locale}),
        expects=lambda w, i: [w.controls[i.locale].title],
    ),
    PublicPath(
        "sitemap",
        lambda w, i: "/api/v1/sitemap.xml",
        expects=_in_sitemap,
        hides=_not_in_sitemap,
    ),
    PublicPath(
        "sitemap, the control's section",
        lambda w, i: f"/api/v1/sitemap-{_sitemap_section(w)}.xml",
        expects=_in_sitemap,
        hides=_not_in_sitemap,
    ),
    PublicPath(
        "path lookup of its section",
        _section_lookup,
        status=GONE,
        needs="section",
    ),
    *(
        PublicPath(
            f"{name}/, {language}",
            lambda w, i, name=name, language=language: f"/api/v1/{name}/?locale={language}",
            expects=expects,
        )
        for name, expects in (
            ("ministries", lambda w, i: [w.ministry.name]),
            ("topics", lambda w, i: [w.topic.name]),
        )
        for language in ("fr", "en")
    ),
    PublicPath(
        "crisis alert",
        lambda w, i: f"/api/v1/crisis-alert/?locale={i.locale}",
        expects=lambda w, i: ['"alert":null'],  # the world has none: its own matrix
    ),
    PublicPath(
        "governments/",
        lambda w, i: "/api/v1/governments/",
        expects=_government,
    ),
]


#: The feeds' filters (``cms.delivery.feeds``), with the value the hidden item would match.
FEED_FILTERS: dict[str, Callable[[World, Item], dict]] = {
    **{name: FILTERS[name] for name in ("no filter", "ministry", "topic", "locale")},
    "ministry and topic": lambda w, i: {
        "ministry": w.ministry_key,
        "topic": w.topic_key,
        "locale": i.locale,
    },
}


def _feed(syntax: str, filters) -> Callable[[World, Item], str]:
    return lambda w, i: f"/api/v1/feeds/news.{syntax}?" + urlencode(filters(w, i))


def _control_in_feed(filters):
    """The control of the feed's language (filed like the hidden items, public)."""
    return lambda w, i: [w.controls[filters(w, i).get("locale", "fr")].title]


PATHS += [
    PublicPath(f"feed {syntax}, {name}", _feed(syntax, filters), expects=_control_in_feed(filters))
    for syntax in ("rss", "atom")
    for name, filters in FEED_FILTERS.items()
]


def _document(world: World, item: Item) -> str:
    document = item.page.specific.attachments.get().document
    return f"/documents/{document.pk}/{document.filename}"


def _rendition(name: str) -> Callable[[World, Item], str]:
    """The rendition ``name`` of the item's image (made now if it was not yet)."""
    return lambda w, i: f"/media/{renditions_of(i.page.specific.hero_image)[name].file.name}"


# Files: the item's attachment, every rendition of its image (media views, cms/media).
PATHS += [
    PublicPath("its document", _document, status=404, needs="media"),
    *(
        PublicPath(f"its image, {name}", _rendition(name), status=404, needs=needs)
        for name in RENDITIONS
        for needs in ("media", "image")
    ),
]

# Its video's files (renditions, caption tracks), by their public URLs (the checked view
# of ``/media/videos/``), while nothing public shows the video.
PATHS += [
    PublicPath(
        f"its video's file {n}",
        lambda w, i, n=n: "/media/videos/" + i.video_files[n].removeprefix("videos/"),
        status=404,
        needs="hidden video",
    )
    for n in range(2)
]


def _search(params: Callable[[World, Item], dict]) -> Callable[[World, Item], str]:
    return lambda w, i: "/api/v1/search/?" + urlencode({**params(w, i), "page_size": 50})


# The search (search/api.py): the words every hidden item has in its title, chapô and
# body ("Titre", "Chapô", "Corps", English "Title"), with the control's, and every item
# filed like the hidden ones; one page holds every result. Then the suggestions of titles
# starting with "zx", as every marker does (none is public).
PATHS += [
    PublicPath(
        "search, the hidden items' words",
        _search(
            lambda w, i: {
                "q": "titre or title or chapô or corps or témoin or witness",
                "locale": i.locale,
            }
        ),
        expects=lambda w, i: [w.controls[i.locale].title, '"next":null'],
    ),
    PublicPath(
        "search, filed like them",
        _search(
            lambda w, i: {
                "kind": KIND,
                "ministry": w.ministry_key,
                "topic": w.topic_key,
                "locale": i.locale,
                "sort": "date",
            }
        ),
        expects=lambda w, i: [w.controls[i.locale].title, '"next":null'],
    ),
    PublicPath(
        "autocomplete, the markers",
        lambda w, i: "/api/v1/search/autocomplete/?" + urlencode({"q": "zx", "locale": i.locale}),
        expects=lambda w, i: ['"results":'],
    ),
    PublicPath(
        "autocomplete, the control",
        lambda w, i: (
            "/api/v1/search/autocomplete/?"
            + urlencode({"q": w.controls[i.locale].title[:4], "locale": i.locale})
        ),
        expects=lambda w, i: [w.controls[i.locale].title],
    ),
]

CLIENTS = ("anonymous", "editor")


def _rows():
    for state in STATES:
        for path in PATHS:
            if path.needs and path.needs not in state.has:
                continue
            yield pytest.param(state, path, id=f"{state}-{path}")


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    """An anonymous client, and one with an editor's (a superuser's) session cookie; the
    public views never change a session, so they serve every row."""
    editor = Client()
    with django_db_blocker.unblock():
        editor.force_login(world.editor)
    return {"anonymous": Client(), "editor": editor}


@pytest.mark.parametrize("who", CLIENTS)
@pytest.mark.parametrize(("state", "path"), list(_rows()))
def test_no_leak(world, clients, state, path, who):
    item = world.items[state.name]
    url = path.url(world, item)
    response = clients[who].get(url)
    session = response.wsgi_request.session.get("_auth_user_id")
    assert session == (str(world.editor.pk) if who == "editor" else None)  # the cookie went
    status = state.detail if path.status is None else path.status
    assert response.status_code == status, (url, response.status_code)
    assert "cookie" not in response.get("Vary", "").lower()
    told = shown(response)
    markers = item.secrets if path.own else (*item.secrets, *item.unlisted)
    for marker in (*markers, *path.hides(world, item)):
        marker = marker.lower()
        if marker in url.lower():
            continue  # a lookup's problem echoes the path asked for
        at = told.find(marker)
        assert at < 0, (url, marker, told[max(at - 200, 0) : at + 100])
    if response.status_code == 200:
        for expected in path.expects(world, item):
            assert expected.lower() in told, (url, expected)


def test_an_item_past_its_expiry_is_rendered_as_a_tombstone(
    world, clients, django_capture_on_commit_callbacks
):
    """The store's read check hides an item past its expiry while the scheduler is late;
    the rule does too: rendered again before the scheduler unpublishes it (a dependency
    changing), the item becomes a tombstone, not a public document."""
    item = world.items["expired_late"]
    key = f"page:{item.page.pk}"
    assert store.Document.objects.get(key=key).state == store.State.PUBLIC
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.run("page", item.page.pk)
    assert store.Document.objects.get(key=key).state == store.State.GONE
    response = clients["anonymous"].get(f"/api/v1/news/{item.page.pk}/")
    assert response.status_code == 410
    assert title_marker("expiredlate") not in response.content.decode()


def _unpublish(world: World, page) -> None:
    page.unpublish(user=world.editor)


def _withdraw(world: World, page) -> None:
    withdraw(page, reason="Motif du retrait.", user=world.editor)


def _make_private(world: World, page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="motdepasse"
    )


def _expire(world: World, page) -> None:
    time_travel_expiry(page)
    scheduling.expire_page_if_due(page.pk)


#: What makes a public item stop being listed, as an editor (or the scheduler) does it.
CHANGES = {
    "unpublished": _unpublish,
    "withdrawn": _withdraw,
    "made private": _make_private,
    "expired": _expire,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_featured_item_that_stops_being_listed_leaves_a_home_published_before(
    world, clients, change, django_capture_on_commit_callbacks
):
    """ "À la une" published before the change: the home shows its featured items as
    they were at its rendering; when one stops being listed, the pipeline renders the
    home again (its dependents, through the ``ReferenceIndex``)."""
    item = world.items["newer_draft"]  # public, featured on the French home
    urls = ["/api/v1/home/?locale=fr", "/api/v1/pages/?path=%2F"]
    for url in urls:
        assert item.public_title in clients["anonymous"].get(url).content.decode(), url
    # Jobs in this process, as the world's (on PostgreSQL they would wait for a worker).
    with override_settings(JOBS_BACKEND="none"), django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](world, fresh(item.page))
    for who, url in ((who, url) for who in CLIENTS for url in urls):
        response = clients[who].get(url)
        assert response.status_code == 200, (who, url)
        body = response.content.decode()
        assert item.public_title not in body, (who, url)
        assert world.controls["fr"].title in body, (who, url)


#: The video's own document (``Kind.VIDEO``, key ``video:<pk>``) in each video state:
#: ``None`` when it never had one, else its state; and whether the video's files are
#: listed among the public files (``PublicFile``: what the checked file view serves).
VIDEO_DOCUMENTS = {
    "video_in_draft": (None, False),
    "video_in_scheduled": (None, False),
    "video_in_embargoed": (None, False),
    "video_in_restricted": (None, False),
    "video_live": (store.State.PUBLIC, True),
    # Served with its notice, never listed: its body keeps the video (its files stay
    # served through it, as its images'), but the video has no document of its own.
    "video_withdrawn": (store.State.GONE, True),
    "video_rights_expired": (store.State.GONE, False),
    "video_unpublishable": (store.State.GONE, False),
}


@pytest.mark.parametrize("name", VIDEO_DOCUMENTS)
def test_a_video_is_in_the_store_only_while_public(world, name):
    """The video document and the public files of each video state: a video is public
    only while it may be published and a listed item shows it; a tombstone once it was."""
    item = world.items[name]
    state, files_listed = VIDEO_DOCUMENTS[name]
    document = store.Document.objects.filter(key=f"video:{item.video.pk}").first()
    assert (document.state if document else None) == state
    if document is not None and state == store.State.GONE:
        assert document.body == f'{{"id":"{item.video.pk}","path":"","gone":true}}'
        assert not document.files.exists()
    served = store.Document.objects.served().filter(key=f"video:{item.video.pk}")
    assert served.exists() == (state == store.State.PUBLIC)
    listed = set(
        store.PublicFile.objects.filter(name__in=item.video_files).values_list("name", flat=True)
    )
    assert len(item.video_files) == 2
    assert listed == (set(item.video_files) if files_listed else set())
    if files_listed:
        # Only through served documents: the item's own, and the video's while public.
        owners = store.Document.objects.filter(files__name__in=item.video_files).distinct()
        assert all(owner.state != store.State.GONE for owner in owners)
