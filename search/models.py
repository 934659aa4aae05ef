"""The database search index: one :class:`Entry` per searchable public item.

Entries are written from the delivery store only (``search.items``), in the transaction
that writes their document (``search.indexing``), so the database search is always as
current as the store. On PostgreSQL a migration adds a generated ``vector`` column
(``tsvector``, ``french_unaccent``: title weight A, chapô B, body C) with a GIN index,
and a trigram GIN index on ``title_folded`` for words typed with a typo; on SQLite the
``*_terms`` columns hold the folded French stems of each field (``search.text.terms``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.delivery.models import Document


class Entry(models.Model):
    """One searchable public item: what a hit shows, what is filtered, faceted and
    ranked on. ``ministries`` and ``topics`` are ``[[id, label], …]`` lists; ``current``
    says the item belongs to the current government (or to none). Entries exist for
    public documents only: the pipeline writes or deletes them with their document
    (``search.indexing``). ``expires_at`` is the document's, checked at query time: an
    expired item is never found, even before its document is rendered again."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="search_entries")
    key = models.CharField(max_length=160, unique=True)
    type = models.CharField(max_length=16)
    kind = models.CharField(max_length=32, blank=True)
    locale = models.CharField(max_length=8)
    title = models.TextField()
    #: The title lower-cased and accent-folded: typo matching and autocomplete.
    title_folded = models.TextField()
    chapo = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=1024, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    ministries = models.JSONField(default=list)
    topics = models.JSONField(default=list)
    #: The ids of ``ministries`` and ``topics`` (``["id", …]``): PostgreSQL filters on
    #: them through GIN indexes (``jsonb_path_ops``), SQLite through the store's facets.
    ministry_ids = models.JSONField(default=list)
    topic_ids = models.JSONField(default=list)
    #: The government's id (a ``Kind.GOVERNMENT`` document's public id), ``""`` if none.
    government = models.CharField(max_length=64, blank=True)
    current = models.BooleanField(default=True)
    # SQLite only (empty on PostgreSQL, which searches its ``vector`` column).
    title_terms = models.TextField(blank=True)
    chapo_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        verbose_name = _("entrée de l’index de recherche")
        verbose_name_plural = _("entrées de l’index de recherche")
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="search_entry_recent"),
            models.Index(fields=["locale", "-published_at"], name="search_entry_locale"),
            models.Index(fields=["year"], name="search_entry_year"),
            models.Index(fields=["kind"], name="search_entry_kind"),
        ]

    def __str__(self):
        return self.key


class FileText(models.Model):
    """The text extracted from a public PDF file for the index (``search.pdf``), kept
    while the stored file is unchanged: ``size`` (bytes) and ``modified_at`` are those
    the storage gave when it was read. ``text`` is empty for a file that could not be
    read. Rows of files no longer public are deleted by a rebuild of the index."""

    #: The file's storage name (``cms.delivery.models.PublicFile.name``).
    name = models.CharField(max_length=255, unique=True)
    size = models.PositiveBigIntegerField()
    modified_at = models.DateTimeField()
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("texte extrait d’un fichier")
        verbose_name_plural = _("textes extraits de fichiers")

    def __str__(self):
        return self.name
