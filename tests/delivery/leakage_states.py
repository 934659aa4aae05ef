"""The world of the leakage matrix: one news item (or page) per editorial state, each put
in its state through Wagtail's own paths, with the publication pipeline run as in
production, and the public items that show them (carriers, "À la une").

Every item carries markers: words of its own (``zx<key>titre`` in its title, chapô and
body, ``zx<key>chemin`` in its slug) that the public API must never show. Time is
controlled through the data (an instant set in the past, as if the clock had run on),
as in ``tests/scheduling``.

The jobs run in this process, once each step commits (``JOBS_BACKEND="none"``, the
SQLite quick start's mode, forced by ``built_once``): each step's ``on_commit`` callbacks
are run at its end (``commit``, what ``django_capture_on_commit_callbacks(execute=True)``
does), and so are those of any action taken outside a step, so a page that was public
and then was not leaves the same tombstone as in production. With
``JOBS_BACKEND=procrastinate`` the same renders would run in a worker; the job queue
itself is tested in ``tests/scheduling``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.models import TranslationSource

from cms.delivery.models import Document
from cms.organisations.models import Ministry, Topic
from cms.publishing import pipeline
from cms.publishing.urls import public_path as path_of
from cms.scheduling import services as scheduling
from home.models import HomeFeaturedItem, HomePage
from news.models import (
    NewsPage,
    NewsPageAttachment,
    NewsPageMinistry,
    NewsPageRelatedPage,
    NewsPageTopic,
)
from news.services import withdraw
from search.models import Entry
from tests.factories import (
    DocumentFactory,
    GovernmentFactory,
    ImageFactory,
    MinistryFactory,
    MinistryIndexPageFactory,
    MinistryNewsPageFactory,
    MinistryPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    TopicFactory,
    image_file,
)
from tests.publishing.video_samples import ready_video, video_files
from videos.models import CaptionTrack, Video

logger = logging.getLogger(__name__)

KIND = "communique"
LATER = datetime.timedelta(days=1)


def title_marker(key: str) -> str:
    return f"zx{key}titre"


def slug_marker(key: str) -> str:
    return f"zx{key}chemin"


#: The on-commit callbacks already run in the world being built (by identity: each stays
#: in Django's list, so alive and distinct, until the world's transaction rolls back).
_COMMITTED: set[int] = set()


def commit() -> None:
    """Run, in order, the on-commit callbacks waiting that have not run yet, and those
    they add (as ``TestCase.captureOnCommitCallbacks(execute=True)`` does, robust ones
    logged and not raised): what the transactions of the actions so far ran at their
    commit. Actions taken outside a ``step`` commit at the next one."""
    callbacks = connection.run_on_commit
    while waiting := [entry for entry in callbacks if id(entry[1]) not in _COMMITTED]:
        for _savepoints, callback, robust in waiting:
            _COMMITTED.add(id(callback))
            try:
                callback()
            except Exception:
                if not robust:
                    raise
                logger.exception("on_commit callback %s failed", callback)


@contextlib.contextmanager
def step():
    """One editorial action, committed: the jobs it deferred run at its end (and first,
    those of any action taken before it outside a step)."""
    commit()
    yield
    commit()


def built_once(django_db_blocker, build: Callable[[], object]):
    """A module fixture's body: ``build()`` once, in a transaction rolled back after the
    module's last test (a generator: ``yield from built_once(...)``).

    ``JOBS_BACKEND="none"``: the pipeline's jobs run in this process after each step
    (with ``procrastinate``, as on PostgreSQL in CI, they would wait for a worker).
    Wagtail caches renditions by image id, which the rollback gives again: the cache is
    cleared before and after.
    """
    cache.clear()
    _COMMITTED.clear()
    with django_db_blocker.unblock(), override_settings(JOBS_BACKEND="none"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
            commit()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    cache.clear()


def shown(response) -> str:
    """Everything a response tells, lower-cased: its body and its headers."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return (response.content.decode() + "\n" + headers).lower()


@dataclasses.dataclass
class Item:
    """A page in its state, as the rows see it.

    ``secrets`` must appear in no response; ``unlisted`` in none but the item's own
    detail and lookup (the live title of a withdrawn item). ``public_title`` is what its
    detail shows when it answers 200; ``public_source`` a public page whose alternate
    translations must not name it.
    """

    page: Page
    path: str
    secrets: tuple[str, ...]
    unlisted: tuple[str, ...] = ()
    public_title: str = ""
    reason: str = ""
    public_source: Page | None = None
    draft_path: str = ""
    #: A public item published while this one was public, relating and linking to it.
    early: NewsPage | None = None
    #: The ministry section the item lives in, when the state is the section's doing.
    section: Page | None = None
    #: The video its body shows (the ``video_*`` states), the storage names of the
    #: video's files (renditions, caption tracks), and what its detail must show of it.
    video: Video | None = None
    video_files: tuple[str, ...] = ()
    video_expects: tuple[str, ...] = ()

    @property
    def locale(self) -> str:
        return self.page.locale.language_code

    @property
    def listed(self) -> bool:
        """Whether the item is public and listed (served, and not withdrawn)."""
        return bool(self.public_title) and not self.reason


@dataclasses.dataclass
class World:
    """What the builders share, and what the rows read."""

    editor: object
    english: Locale
    homes: dict[str, HomePage]
    news_indexes: dict[str, Page]
    ministry_indexes: dict[str, Page]
    ministry_key: str
    topic_key: str
    government: str
    controls: dict[str, NewsPage] = dataclasses.field(default_factory=dict)
    items: dict[str, Item] = dataclasses.field(default_factory=dict)
    carrier: NewsPage | None = None
    ministry: Ministry | None = None
    topic: Topic | None = None


def public_path(page: Page) -> str:
    """The page's public path as it stands in the database."""
    return path_of(Page.objects.get(pk=page.pk))


def fresh(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).specific


def classify(world: World, page: NewsPage) -> None:
    """File a page under the world's ministry and topic (before its first revision,
    which records them)."""
    NewsPageMinistry.objects.create(page=page, ministry=world.ministry)
    NewsPageTopic.objects.create(page=page, topic=world.topic)


def news(world: World, key: str, parent=None, factory=NewsPageFactory, **fields) -> NewsPage:
    """A draft news item (one revision) carrying the markers of ``key``, classified; unless
    it is given a public title, it also shows an image and a document of its own (their
    titles, alt text and file names carry the marker)."""
    marker = title_marker(key)
    hidden = "title" not in fields
    if hidden:
        fields["hero_image"] = ImageFactory(
            title=f"Image {marker}",
            description=f"Alternative {marker}",
            file=image_file(name=f"{marker}.png"),
        )
    page = factory(
        parent=parent or world.news_indexes["fr"],
        live=False,
        kind=KIND,
        title=fields.pop("title", f"Titre {marker}"),
        slug=fields.pop("slug", slug_marker(key)),
        chapo=fields.pop("chapo", f"Chapô {marker}."),
        body=fields.pop("body", [("paragraph", f"<p>Corps {marker}.</p>")]),
        **fields,
    )
    classify(world, page)
    if hidden:
        NewsPageAttachment.objects.create(page=page, document=secret_document(marker))
    with step():
        page = fresh(page)
        page.save_revision()
    return fresh(page)


def secret_document(marker: str):
    """A document only a hidden item shows: its title and file name carry the marker."""
    return DocumentFactory(
        title=f"Document {marker}",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{marker}.pdf"),
        accessible=True,
    )


def publish(page: Page, user=None) -> Page:
    """Publish the page's current content now (a new revision), its jobs run."""
    with step():
        page = fresh(page)
        page.save_revision(user=user).publish(user=user)
    return fresh(page)


def live_news(world: World, key: str, title: str, **fields) -> NewsPage:
    """A published news item whose live title is ``title`` (its slug carries the marker)."""
    public = {
        "title": title,
        "chapo": "Un chapô public.",
        "body": [("paragraph", "<p>Public.</p>")],
    }
    return publish(news(world, key, **public, **fields))


def schedule_correction(page: NewsPage, key: str) -> None:
    """A major correction of a live item, scheduled for tomorrow (Wagtail sends no signal)."""
    correction = fresh(page).get_latest_revision_as_object()
    correction.title = f"Correction {title_marker(key)}"
    correction.chapo = f"Chapô corrigé {title_marker(key)}."
    correction.body = [("paragraph", f"<p>Corps corrigé {title_marker(key)}.</p>")]
    correction.major_change = True
    correction.change_note = f"Note {title_marker(key)}"
    correction.go_live_at = timezone.now() + LATER
    with step():
        correction.save_revision().publish()


def translate(page: NewsPage, world: World, key: str) -> NewsPage:
    """An English draft translation of ``page`` carrying the markers of ``key``."""
    translation = page.copy_for_translation(world.english)
    translation.title = f"Title {title_marker(key)}"
    translation.slug = slug_marker(key)
    translation.chapo = f"Chapô {title_marker(key)}."
    translation.save()
    with step():
        translation.save_revision()
    return fresh(translation)


def early_carrier(world: World, key: str, target: NewsPage) -> NewsPage:
    """A public item published while ``target`` is public (the editorial line lets it
    link there), relating to it, linking to it and pointing a button at it."""
    control = world.controls["fr"]
    carrier = NewsPageFactory(
        parent=world.news_indexes["fr"],
        live=False,
        kind=KIND,
        title="Publié avant le changement",
        slug=f"avant-{key}",
        body=[
            ("paragraph", f'<p><a linktype="page" id="{target.pk}">lien</a></p>'),
            ("call_to_action", {"label": "Bouton", "page": target, "url": ""}),
        ],
    )
    for related in (control, target):
        NewsPageRelatedPage.objects.create(page=carrier, related_page=related)
    return publish(carrier)


# -- The states ---------------------------------------------------------------------------


def draft(world, key):
    page = news(world, key)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)))


def newer_draft(world, key):
    page = live_news(world, key, "Publié, avec un brouillon")
    draft = page.get_latest_revision_as_object()
    draft.title = f"Titre {title_marker(key)}"
    draft.slug = f"{slug_marker(key)}-brouillon"
    draft.chapo = f"Chapô {title_marker(key)}."
    draft.body = [("paragraph", f"<p>Corps {title_marker(key)}.</p>")]
    with step():
        draft.save_revision()
    return Item(
        page,
        public_path(page),
        (title_marker(key),),
        public_title="Publié, avec un brouillon",
        draft_path=public_path(page).replace(slug_marker(key), f"{slug_marker(key)}-brouillon"),
    )


def scheduled(world, key):
    page = news(world, key)
    page.go_live_at = timezone.now() + LATER
    with step():
        page.save_revision().publish()
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)))


def embargoed(world, key):
    page = news(world, key)
    page.embargo_until = page.go_live_at = timezone.now() + LATER
    with step():
        page.save_revision().publish()
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)))


def embargoed_translation(world, key):
    """The English translation of a public item, under its own embargo."""
    source = live_news(world, f"{key}source", "Source publique d'une traduction")
    page = translate(source, world, key)
    page.embargo_until = page.go_live_at = timezone.now() + LATER
    with step():
        page.save_revision().publish()
    return Item(
        page, public_path(page), (title_marker(key), slug_marker(key)), public_source=source
    )


def held_translation(world, key):
    """Published through wagtail-localize while its French source is under embargo: held
    back until the source goes live (``TranslationEmbargoMixin``)."""
    source = news(world, key)
    source.embargo_until = source.go_live_at = timezone.now() + LATER
    with step():
        source.save_revision().publish()
    origin, _created = TranslationSource.get_or_create_from_instance(source)
    with step():
        translation, _created = origin.create_or_update_translation(
            world.english, publish=True, copy_parent_pages=True, fallback=True
        )
    return Item(fresh(translation), public_path(translation), (title_marker(key),))


def expiring(world, key):
    page = news(world, key)
    page.expire_at = timezone.now() + LATER
    return publish(page)


def time_travel_expiry(page: Page) -> None:
    """The item's expiry instant is now past, as if the clock had run on."""
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))


def expired(world, key):
    """Expired by the scheduler's step (``expire_page_if_due``), at its instant."""
    page = expiring(world, key)
    early = early_carrier(world, key, page)
    time_travel_expiry(page)
    with step():
        scheduling.expire_page_if_due(page.pk)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def expired_late(world, key):
    """Past its expiry while the scheduler is late: still live, its stored document too."""
    page = expiring(world, key)
    time_travel_expiry(page)
    past = timezone.now() - datetime.timedelta(minutes=1)
    # The stored instant, and the search index's copy of it (written with the document).
    Document.objects.filter(key=f"page:{page.pk}").update(expires_at=past)
    Entry.objects.filter(document__key=f"page:{page.pk}").update(expires_at=past)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)))


def unpublished(world, key):
    page = publish(news(world, key))
    early = early_carrier(world, key, page)
    with step():
        page.unpublish(user=world.editor)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def withdrawn(world, key):
    """Withdrawn (``news.services.withdraw``) while a correction was scheduled: the
    correction is cancelled and never shown; the live title stays in its own detail."""
    live_title = f"Retirée zx{key}public"
    page = live_news(world, key, live_title)
    early = early_carrier(world, key, page)
    schedule_correction(page, key)
    reason = "Motif du retrait : information erronée."
    with step():
        withdraw(fresh(page), reason=reason, user=world.editor)
    return Item(
        page,
        public_path(page),
        (title_marker(key),),
        unlisted=(f"zx{key}public",),
        public_title=live_title,
        reason=reason,
        early=early,
    )


def restricted(world, key):
    page = news(world, key)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="motdepasse"
    )
    page = publish(page)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)))


def published_section(world: World, key: str) -> Page:
    """A ministry section, published."""
    return publish(
        MinistryPageFactory(
            parent=world.ministry_indexes["fr"], ministry=MinistryFactory(slug=f"zx{key}rubrique")
        )
    )


def restricted_ancestor(world, key):
    """Published under a section made private (once public itself) before it."""
    section = published_section(world, key)
    with step():
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    page = publish(news(world, key, parent=section, factory=MinistryNewsPageFactory))
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), section=section)


def restricted_later(world, key):
    """Published, then made private (Wagtail's privacy view saves a
    ``PageViewRestriction``: no publication signal)."""
    page = publish(news(world, key))
    early = early_carrier(world, key, page)
    with step():
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="motdepasse"
        )
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def section_restricted_later(world, key):
    """Published in a public section; then the section is made private."""
    section = published_section(world, key)
    page = publish(news(world, key, parent=section, factory=MinistryNewsPageFactory))
    early = early_carrier(world, key, page)
    with step():
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    return Item(
        page,
        public_path(page),
        (title_marker(key), slug_marker(key)),
        early=early,
        section=section,
    )


def unpublished_source(world, key):
    """The English translation, published while its French source was live; then the
    source is unpublished."""
    source = live_news(world, f"{key}source", f"Source {title_marker(key)}")
    page = publish(translate(source, world, key))
    early = early_carrier(world, key, page)
    with step():
        fresh(source).unpublish(user=world.editor)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def deleted_source(world, key):
    """The English translation, published while its French source was live; then the
    source is deleted (Wagtail's delete action): the translation stays live, alone."""
    source = live_news(world, f"{key}source", f"Source {title_marker(key)}")
    page = publish(translate(source, world, key))
    early = early_carrier(world, key, page)
    with step():
        DeletePageAction(Page.objects.get(pk=source.pk), user=world.editor).execute()
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def expired_source(world, key):
    """The English translation of an item that then expires (the scheduler's step)."""
    source = expiring(world, f"{key}source")
    page = publish(translate(source, world, key))
    early = early_carrier(world, key, page)
    time_travel_expiry(source)
    with step():
        scheduling.expire_page_if_due(source.pk)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def expired_late_source(world, key):
    """The English translation of an item past its expiry while the scheduler is late:
    the clock runs on past the instant every stored document expiring then carries (the
    translation's, if the pipeline gave it its source's)."""
    source = news(world, f"{key}source")
    source.expire_at = timezone.now() + LATER
    with step():
        source.save_revision().publish()
    page = publish(translate(fresh(source), world, key))
    instant = fresh(source).expire_at
    assert instant is not None
    time_travel_expiry(source)
    past = timezone.now() - datetime.timedelta(minutes=1)
    Document.objects.filter(expires_at=instant).update(expires_at=past)
    Entry.objects.filter(expires_at=instant).update(expires_at=past)
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)))


def source_moved_under_unpublished_section(world, key):
    """The English translation of a section's item, published in the English section;
    then the French item is moved into a section never published."""
    section = published_section(world, key)
    source = publish(news(world, f"{key}source", parent=section, factory=MinistryNewsPageFactory))
    publish(fresh(section).copy_for_translation(world.english))
    page = fresh(source).copy_for_translation(world.english)
    page.title, page.slug = f"Title {title_marker(key)}", slug_marker(key)
    page.save()
    page = publish(page)
    early = early_carrier(world, key, page)
    hidden = MinistryPageFactory(
        parent=world.ministry_indexes["fr"],
        live=False,
        ministry=MinistryFactory(slug=f"zx{key}cachee"),
    )
    with step():
        Page.objects.get(pk=source.pk).move(hidden, pos="last-child")
    return Item(page, public_path(page), (title_marker(key), slug_marker(key)), early=early)


def translation_live(world: World, key: str, source: NewsPage, title: str) -> NewsPage:
    """The published English translation of ``source`` titled ``title``."""
    page = source.copy_for_translation(world.english)
    page.title, page.slug = title, slug_marker(key)
    page.save()
    return publish(page)


def withdrawn_source(world, key):
    """The English translation of an item then withdrawn: served withdrawn, with the
    source's notice; its live title only in its own detail."""
    return _translation_withdrawn(
        world, key, "Source retirée d'une traduction", "Motif du retrait de la source."
    )


def withdrawn_translation(world, key):
    """The English translation of a public item, withdrawn itself."""
    return _translation_withdrawn(
        world,
        key,
        "Source publique d'une traduction retirée",
        "Reason of the translation's withdrawal.",
        itself=True,
    )


def _translation_withdrawn(world, key, source_title, reason, itself=False):
    """A live English translation of a live item, then the source (or, ``itself``, the
    translation) withdrawn with ``reason``."""
    source = live_news(world, f"{key}source", source_title)
    live_title = f"Withdrawn zx{key}public"
    page = translation_live(world, key, source, live_title)
    early = early_carrier(world, key, page)
    with step():
        withdraw(fresh(page if itself else source), reason=reason, user=world.editor)
    return Item(
        page,
        public_path(page),
        (title_marker(key),),
        unlisted=(f"zx{key}public",),
        public_title=live_title,
        reason=reason,
        public_source=source,
        early=early,
    )


def under_unpublished_section(world, key):
    """Published in a live section; then the section alone is unpublished."""
    section = published_section(world, key)
    page = publish(news(world, key, parent=section, factory=MinistryNewsPageFactory))
    early = early_carrier(world, key, page)
    with step():
        fresh(section).unpublish(user=world.editor)
    return Item(
        page,
        public_path(page),
        (title_marker(key), slug_marker(key)),
        early=early,
        section=section,
    )


def alias_of_scheduled(world, key):
    """A ministry section scheduled for tomorrow, with an English alias (what a
    synchronised tree makes): Wagtail publishes the alias with the scheduled content."""
    section = MinistryPageFactory(
        parent=world.ministry_indexes["fr"],
        live=False,
        title=f"Rubrique {title_marker(key)}",
        introduction=f"Présentation {title_marker(key)}",
        ministry=MinistryFactory(slug=slug_marker(key)),
    )
    with step():
        fresh(section).save_revision()
    alias = fresh(section).create_alias(
        parent=world.ministry_indexes["en"], update_locale=world.english
    )
    section = fresh(section)
    section.go_live_at = timezone.now() + LATER
    with step():
        section.save_revision().publish()
    return Item(fresh(alias), public_path(alias), (title_marker(key),))


def scheduled_correction(world, key):
    page = live_news(world, key, "Publiée, correction programmée")
    schedule_correction(page, key)
    return Item(
        page, public_path(page), (title_marker(key),), public_title="Publiée, correction programmée"
    )


def live_copy(world, key):
    """A copy, asked to be kept live, of an item with a scheduled correction."""
    original = live_news(world, f"{key}original", "Original d'une copie")
    schedule_correction(original, key)
    with step():
        copy = fresh(original).copy(
            to=world.news_indexes["fr"],
            update_attrs={"slug": slug_marker(key), "title": f"Copie {title_marker(key)}"},
            keep_live=True,
        )
    return Item(fresh(copy), public_path(copy), (title_marker(key), slug_marker(key)))


def licence_expired(world, key):
    """Published with an image whose licence expires tomorrow; the day comes, and the
    refresh the pipeline set for that instant runs (the sweep)."""
    marker = title_marker(key)
    image = ImageFactory(
        title=f"Image {marker}",
        description=f"Alternative {marker}",
        credit=f"Crédit {marker}",
        file=image_file(name=f"{marker}.png"),
        licence_expires_at=timezone.localdate() + LATER,
    )
    page = live_news(
        world,
        key,
        "Publiée, image à licence échue",
        hero_image=image,
    )
    body = fresh(page)
    body.body = [
        ("paragraph", "<p>Texte public.</p>"),
        (
            "image",
            {"image": image, "decorative": False, "alt_text": "", "caption": "", "credit": ""},
        ),
    ]
    page = publish(body)
    early = early_carrier(world, key, page)
    type(image).objects.filter(pk=image.pk).update(licence_expires_at=timezone.localdate())
    Document.objects.filter(key=f"page:{page.pk}").update(refresh_at=timezone.now())
    with step():
        pipeline.sweep()
    return Item(
        page,
        public_path(page),
        (marker,),
        public_title="Publiée, image à licence échue",
        early=early,
    )


# -- Videos: an item's video block, in each state of the item or of the video -----------

#: The caption of the live items' video blocks (public text of the item, shown even when
#: the video is not).
PUBLIC_CAPTION = "Légende publique de la vidéo."


def hidden_video(world: World, key: str, **fields) -> Video:
    """A ready video of the world's ministry whose title and description carry the
    marker of ``key``."""
    marker = title_marker(key)
    return ready_video(
        world.ministry, title=f"Vidéo {marker}", description=f"Description {marker}.", **fields
    )


def with_video(world: World, key: str, video: Video, **fields) -> NewsPage:
    """A draft news item (``news``) whose body shows ``video``; hidden (markers, its own
    image and document) unless given a public ``title``."""
    caption = PUBLIC_CAPTION if "title" in fields else f"Légende {title_marker(key)}"
    text = fields.pop("text", f"<p>Corps {title_marker(key)}.</p>")
    body = [("paragraph", text), ("video", {"video": video, "caption": caption})]
    return news(world, key, body=body, **fields)


def _hidden_item(page: NewsPage, key: str, video: Video) -> Item:
    files = tuple(sorted(video_files(video)))
    return Item(
        page,
        public_path(page),
        (title_marker(key), slug_marker(key), *files),
        video=video,
        video_files=files,
    )


def video_in_draft(world, key):
    video = hidden_video(world, key)
    return _hidden_item(with_video(world, key, video), key, video)


def video_in_scheduled(world, key):
    video = hidden_video(world, key)
    page = with_video(world, key, video)
    page.go_live_at = timezone.now() + LATER
    with step():
        page.save_revision().publish()
    return _hidden_item(page, key, video)


def video_in_embargoed(world, key):
    video = hidden_video(world, key)
    page = with_video(world, key, video)
    page.embargo_until = page.go_live_at = timezone.now() + LATER
    with step():
        page.save_revision().publish()
    return _hidden_item(page, key, video)


def video_in_restricted(world, key):
    video = hidden_video(world, key)
    page = with_video(world, key, video)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="motdepasse"
    )
    return _hidden_item(publish(page), key, video)


def _live_with_video(world: World, key: str, title: str, video: Video) -> NewsPage:
    return publish(
        with_video(world, key, video, title=title, chapo="Un chapô public.", text="<p>Public.</p>")
    )


def video_live(world, key):
    """A live item showing a publishable video: the video is public."""
    video = ready_video(world.ministry, title="Vidéo publique du plan")
    page = _live_with_video(world, key, "Publiée avec une vidéo", video)
    return Item(
        page,
        public_path(page),
        (title_marker(key),),
        public_title="Publiée avec une vidéo",
        video=video,
        video_files=tuple(sorted(video_files(video))),
        video_expects=("Vidéo publique du plan", '"unavailable":false'),
    )


def video_withdrawn(world, key):
    """A live item showing a video, then withdrawn: served with its notice (and its
    video, as its images); never listed, so the video has no document any more."""
    title = f"Vidéo retirée zx{key}public"
    video = ready_video(world.ministry, title=title)
    live_title = f"Retirée avec sa vidéo zx{key}public"
    page = _live_with_video(world, key, live_title, video)
    reason = "Motif du retrait : vidéo erronée."
    with step():
        withdraw(fresh(page), reason=reason, user=world.editor)
    return Item(
        page,
        public_path(page),
        (title_marker(key),),
        unlisted=(f"zx{key}public",),
        public_title=live_title,
        reason=reason,
        video=video,
        video_files=tuple(sorted(video_files(video))),
        video_expects=(title,),
    )


def video_rights_expired(world, key):
    """A live item showing a video whose rights expire tomorrow; the day comes, and the
    refresh the pipeline set for that instant runs (the sweep)."""
    video = hidden_video(world, key, rights_expire_on=timezone.localdate() + LATER)
    page = _live_with_video(world, key, "Publiée, vidéo aux droits échus", video)
    files = tuple(sorted(video_files(video)))
    Video.objects.filter(pk=video.pk).update(rights_expire_on=timezone.localdate())
    Document.objects.filter(key=f"page:{page.pk}").update(refresh_at=timezone.now())
    with step():
        pipeline.sweep()
    return Item(
        page,
        public_path(page),
        (title_marker(key), *files),
        public_title="Publiée, vidéo aux droits échus",
        video=video,
        video_files=files,
        video_expects=(PUBLIC_CAPTION, '"video":null', '"unavailable":true'),
    )


def video_unpublishable(world, key):
    """A live item showing a video that then loses its French captions (RGAA): the
    item says the video is unavailable, and nothing of the video is public."""
    video = hidden_video(world, key)
    page = _live_with_video(world, key, "Publiée, vidéo sans sous-titres", video)
    files = tuple(sorted(video_files(video)))
    with step():
        CaptionTrack.objects.get(video=video, language="fr").delete()
    return Item(
        page,
        public_path(page),
        (title_marker(key), *files),
        public_title="Publiée, vidéo sans sous-titres",
        video=video,
        video_files=files,
        video_expects=(PUBLIC_CAPTION, '"video":null', '"unavailable":true'),
    )


#: Builders, by state name; the matrix's ``STATES`` gives their expected statuses.
BUILDERS: dict[str, Callable[[World, str], Item]] = {
    "draft": draft,
    "newer_draft": newer_draft,
    "scheduled": scheduled,
    "embargoed": embargoed,
    "embargoed_translation": embargoed_translation,
    "held_translation": held_translation,
    "expired": expired,
    "expired_late": expired_late,
    "unpublished": unpublished,
    "withdrawn": withdrawn,
    "restricted": restricted,
    "restricted_ancestor": restricted_ancestor,
    "restricted_later": restricted_later,
    "section_restricted_later": section_restricted_later,
    "unpublished_source": unpublished_source,
    "deleted_source": deleted_source,
    "expired_source": expired_source,
    "expired_late_source": expired_late_source,
    "source_moved_under_unpublished_section": source_moved_under_unpublished_section,
    "withdrawn_source": withdrawn_source,
    "withdrawn_translation": withdrawn_translation,
    "under_unpublished_section": under_unpublished_section,
    "alias_of_scheduled": alias_of_scheduled,
    "scheduled_correction": scheduled_correction,
    "live_copy": live_copy,
    "licence_expired": licence_expired,
    "video_in_draft": video_in_draft,
    "video_in_scheduled": video_in_scheduled,
    "video_in_embargoed": video_in_embargoed,
    "video_in_restricted": video_in_restricted,
    "video_live": video_live,
    "video_withdrawn": video_withdrawn,
    "video_rights_expired": video_rights_expired,
    "video_unpublishable": video_unpublishable,
}


def _key(name: str) -> str:
    return name.replace("_", "")


# -- The world ----------------------------------------------------------------------------


def _trees(english: Locale) -> tuple[dict, dict, dict]:
    french_home = HomePage.objects.get(locale__language_code="fr")
    news_index = NewsIndexPageFactory(parent=french_home)
    ministry_index = MinistryIndexPageFactory(parent=french_home)
    english_home = french_home.copy_for_translation(english)
    english_news = news_index.copy_for_translation(english)
    english_ministries = ministry_index.copy_for_translation(english)
    for page in (french_home, english_home, english_news, english_ministries):
        publish(page)
    homes = {"fr": fresh(french_home), "en": fresh(english_home)}
    return (
        homes,
        {"fr": news_index, "en": fresh(english_news)},
        {"fr": ministry_index, "en": fresh(english_ministries)},
    )


def _carry(world: World) -> NewsPage:
    """A public item relating to, linking to and pointing a button at every item and the
    controls; it goes live through the scheduler (a revision approved for an instant now
    past), the path on which the editorial line is not checked again: the store alone
    stands between its links and the public."""
    targets = [*world.controls.values(), *(item.page for item in world.items.values())]
    carrier = NewsPageFactory(
        parent=world.news_indexes["fr"],
        live=False,
        kind=KIND,
        title="Porteur des liens",
        slug="porteur",
        body=[
            (
                "paragraph",
                "<p>"
                + " ".join(
                    f'<a linktype="page" id="{target.pk}">lien {n}</a>'
                    for n, target in enumerate(targets)
                )
                + "</p>",
            ),
            *(
                ("call_to_action", {"label": f"Bouton {n}", "page": target, "url": ""})
                for n, target in enumerate(targets)
            ),
        ],
    )
    classify(world, carrier)
    for target in targets:
        NewsPageRelatedPage.objects.create(page=carrier, related_page=target)
    carrier = fresh(carrier)
    revision = carrier.save_revision(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with step():
        scheduling.publish_revision_if_due(revision.pk)
    return fresh(carrier)


def _feature(world: World) -> None:
    """Every news item "À la une" of its language's home, with the control first."""
    for language, home in world.homes.items():
        home = fresh(home)
        news_items = [
            item.page
            for item in world.items.values()
            if item.locale == language and isinstance(item.page, NewsPage)
        ]
        for order, page in enumerate([world.controls[language], *news_items]):
            HomeFeaturedItem.objects.create(home=home, page=page, sort_order=order)
        publish(home, world.editor)


def build_world() -> World:
    """The whole world, states in ``BUILDERS`` order, then the carrier and the homes."""
    editor = get_user_model().objects.create_superuser(username="redaction", password="x")
    english = Locale.objects.get_or_create(language_code="en")[0]
    homes, news_indexes, ministry_indexes = _trees(english)
    GovernmentFactory(start_date=datetime.date(2025, 10, 12))
    ministry, topic = MinistryFactory(), TopicFactory()
    world = World(
        editor=editor,
        english=english,
        homes=homes,
        news_indexes=news_indexes,
        ministry_indexes=ministry_indexes,
        ministry_key=str(ministry.translation_key),
        topic_key=str(topic.translation_key),
        government="",
        ministry=ministry,
        topic=topic,
    )
    control = live_news(world, "controle", "Témoin public")
    world.government = Document.objects.get(key=f"page:{control.pk}").government
    world.controls = {
        "fr": control,
        "en": publish(_control_translation(control, english)),
    }
    for name, build in BUILDERS.items():
        world.items[name] = build(world, _key(name))
    world.carrier = _carry(world)
    _feature(world)
    return world


def _control_translation(control: NewsPage, english: Locale) -> NewsPage:
    translation = control.copy_for_translation(english)
    translation.title = "Public witness"
    translation.slug = "public-witness"
    translation.save()
    return translation
