"""The delivery store: one row per public document and locale, written by the pipeline.

A :class:`Document` holds the public JSON of one item, rendered once by the publication
pipeline (``cms.publishing``), with indexed columns for every filter of the API. Only
public content is here: live items, withdrawn items with their notice, and tombstones of
items that were once public. Reads still honour ``expires_at``, so nothing is served past
its expiry even when a job is late.
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.delivery import generations


class Kind(models.TextChoices):
    NEWS = "news", _("actualité")
    SECTION = "section", _("rubrique ministère")
    HOME = "home", _("à la une")
    CRISIS_ALERT = "crisis_alert", _("alerte de crise")
    MINISTRY = "ministry", _("ministère")
    TOPIC = "topic", _("thématique")
    GOVERNMENT = "government", _("gouvernement")
    VIDEO = "video", _("vidéo")
    VIDEO_PAGE = "video_page", _("page vidéo")


class State(models.TextChoices):
    PUBLIC = "public", _("public")
    WITHDRAWN = "withdrawn", _("retiré")
    GONE = "gone", _("supprimé (pierre tombale)")


class DocumentQuerySet(models.QuerySet):
    def served(self, at=None) -> DocumentQuerySet:
        """Documents that may be served now (``at``): public or withdrawn, not expired."""
        at = at or timezone.now()
        return self.filter(state__in=[State.PUBLIC, State.WITHDRAWN]).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at)
        )

    def listed(self, at=None) -> DocumentQuerySet:
        """Documents shown in listings: public (not withdrawn), not expired."""
        return self.served(at).filter(state=State.PUBLIC)

    # Every write bumps the generation of the kinds it touched (``generations``), in the
    # same transaction: these cover the ORM's bulk writes (tests, maintenance).

    def update(self, **values) -> int:
        """``QuerySet.update``, then a bump of every kind it touched."""
        kind, at = values.get("kind"), values.get("modified_at")
        with transaction.atomic(savepoint=False):
            kinds = self._kinds() | ({kind} if isinstance(kind, str) else set())
            count = super().update(**values)
            # The instant written, unless an expression: then the moment of the update.
            generations.bump(kinds, at if isinstance(at, datetime.datetime) else timezone.now())
            return count

    def delete(self):
        """``QuerySet.delete``, then a bump of every kind it touched."""
        with transaction.atomic(savepoint=False):
            kinds = self._kinds()
            deleted = super().delete()
            generations.bump(kinds, timezone.now())
            return deleted

    def bulk_create(self, objs, *args, **kwargs):
        """``QuerySet.bulk_create``, then a bump of the kinds created."""
        objs = list(objs)
        with transaction.atomic(savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            generations.bump({obj.kind for obj in objs}, timezone.now())
            return created

    def _kinds(self) -> set[str]:
        return set(self.order_by().values_list("kind", flat=True).distinct())


class Document(models.Model):
    """The public JSON of one item in one locale, with its filter columns.

    ``key`` names the source (``"news:42"`` for the page 42, ``"ministry:<uuid>:en"``…);
    ``public_id`` is the identifier the API shows (a page id, a translation key). ``body``
    and ``summary`` are JSON texts, served as they are: the detail and the listing entry.
    ``version`` grows by one at every change of the stored content and never decreases.
    """

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    public_id = models.CharField(max_length=64)
    locale = models.CharField(max_length=8)
    translation_key = models.UUIDField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLIC)
    #: Public path under the front end's base URL ("/actualites/mon-article/"), for pages.
    path = models.CharField(max_length=512, blank=True)
    #: The path's absolute URL on its site's front end (``FRONTEND_BASE_URLS``, else
    #: ``FRONTEND_BASE_URL``), as the pipeline rendered it: the sitemap's ``<loc>``.
    url = models.CharField(max_length=1024, blank=True)
    body = models.TextField()
    summary = models.TextField(blank=True)
    version = models.PositiveBigIntegerField(default=1)
    etag = models.CharField(max_length=64)
    #: First publication (newest first in listings); the public "mis à jour" date.
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    #: Last write of this row (the ``Last-Modified`` of its responses).
    modified_at = models.DateTimeField()
    #: Not served from this instant (the item's expiry).
    expires_at = models.DateTimeField(null=True, blank=True)
    #: The next instant at which time alone changes the rendering (a government ending,
    #: a licence expiring…): the pipeline renders the document again then.
    refresh_at = models.DateTimeField(null=True, blank=True)
    # Filter columns of the news listing.
    news_kind = models.CharField(max_length=32, blank=True)
    government = models.CharField(max_length=64, blank=True)
    # Filter column of the video listing: the video's duration, in seconds.
    duration = models.FloatField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "public_id", "locale"], name="delivery_document_public_id"
            )
        ]
        indexes = [
            models.Index(
                fields=["kind", "locale", "-published_at", "-id"], name="delivery_listing"
            ),
            models.Index(fields=["path"], name="delivery_path"),
            # The Last-Modified of listings: the latest write to a kind, tombstones included.
            models.Index(fields=["kind", "modified_at"], name="delivery_modified"),
            models.Index(
                fields=["refresh_at"],
                name="delivery_refresh",
                condition=Q(refresh_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.key

    def save(self, *args, **kwargs):
        """Save, then bump the generation of the document's kind (same transaction)."""
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            generations.bump({self.kind}, self.modified_at or timezone.now())

    def delete(self, *args, **kwargs):
        """Delete (a test's, a maintenance's: the pipeline keeps tombstones), then bump."""
        with transaction.atomic(savepoint=False):
            deleted = super().delete(*args, **kwargs)
            generations.bump({self.kind}, timezone.now())
            return deleted


class Generation(models.Model):
    """How many times the documents of a kind were written, and the latest instant of
    those writes: what a per-process cache of rendered answers checks (``cms.delivery.
    rendered``), and the ``Last-Modified`` of the news listing.

    Bumped by every write of a document of the kind (:func:`generations.bump`, called by
    ``Document.save`` and the queryset's bulk writes), inside the writing transaction,
    under the row's lock: concurrent writers are ordered by their commits, so ``number``
    and ``modified_at`` only grow in commit order, where the latest ``Document.
    modified_at`` of a kind can be overtaken by a transaction that began earlier and
    commits later (its instant is older than one already read).
    """

    kind = models.CharField(max_length=16, choices=Kind.choices, primary_key=True)
    number = models.BigIntegerField(default=0)
    modified_at = models.DateTimeField()

    def __str__(self):
        return f"{self.kind} #{self.number}"


class FacetManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Create facets, each with its document's ``published_at`` (see ``Facet``)."""
        objs = list(objs)
        for obj in objs:
            obj.copy_order()
        return super().bulk_create(objs, *args, **kwargs)


class Facet(models.Model):
    """A many-valued filter of a document: a topic or a ministry (by translation key).

    ``published_at`` is a copy of the document's, the order of the news listing: a
    filtered listing reads the ``delivery_facet_listing`` index in that order and stops
    at its page, instead of walking the whole listing for the few items of a ministry
    that ended years ago (``EXPLAIN`` in docs/api.md). Facets are written with their
    document and rewritten at every write of it, so the copy never goes stale.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=16)
    value = models.CharField(max_length=64)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = FacetManager()

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "document"], name="delivery_facet_value"),
            models.Index(
                fields=["name", "value", "-published_at", "-document"],
                name="delivery_facet_listing",
            ),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"

    def save(self, *args, **kwargs):
        self.copy_order()
        super().save(*args, **kwargs)

    def copy_order(self) -> None:
        """Copy the document's ``published_at`` (the document is the one assigned)."""
        self.published_at = self.document.published_at


class PathRedirect(models.Model):
    """A public path a document had before a move or a slug change: lookups by it answer
    with the document's current path."""

    path = models.CharField(max_length=512, unique=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return self.path


class PublicFile(models.Model):
    """A file a public document shows (a document, a rendition), by storage name: the
    media views serve a file only while a served document refers to it."""

    name = models.CharField(max_length=255)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")

    class Meta:
        indexes = [models.Index(fields=["name"], name="delivery_file_name")]

    def __str__(self):
        return self.name
