"""Synonyms and best bets of the public search (the editors' tools of issue 10).

Terms and queries are stored twice: as the editor typed them (shown in the admin, and
put into the alternative phrasings), and normalised (``search.curation.text``: words
folded to lower case without accents), which is what a query is compared with.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from search.curation import text


class Language(models.TextChoices):
    """The languages of the public search (``settings.WAGTAIL_CONTENT_LANGUAGES``)."""

    FR = "fr", _("français")
    EN = "en", _("anglais")


#: Longest term, in words: a query is compared with its runs of at most this many words.
MAX_TERM_WORDS = 6


class SynonymGroup(models.Model):
    """A group of equivalent terms of one language ("RSA", "revenu de solidarité
    active"): a search for one of them also finds the items that use another.

    ``terms`` holds the terms as typed, one a line; saving the group rewrites its
    :class:`SynonymTerm` rows (normalised, unique per language), what searches read.
    """

    locale = models.CharField(
        _("langue"),
        max_length=8,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("La langue des recherches où ces termes sont équivalents."),
    )
    terms = models.TextField(
        _("termes équivalents"),
        help_text=_(
            "Un terme par ligne, au moins deux (un sigle et son développé, par exemple). "
            "Majuscules et accents sont indifférents\u00a0; un terme appartient à un seul groupe "
            "par langue."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Pour l'équipe\u00a0: pourquoi ce groupe existe (facultatif, non publié)."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("groupe de synonymes")
        verbose_name_plural = _("synonymes")
        ordering = ["locale", "pk"]

    def __str__(self):
        return self.equivalents()

    def save(self, *args, **kwargs):
        """Save the group and rewrite its normalised terms, in one transaction."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.normalised_terms.all().delete()
            seen = set()
            rows = []
            for position, term in enumerate(self.term_list()):
                normalised = text.normalise(term)
                if normalised and normalised not in seen:
                    seen.add(normalised)
                    rows.append(
                        SynonymTerm(
                            group=self,
                            locale=self.locale,
                            position=position,
                            text=term,
                            normalised=normalised,
                        )
                    )
            SynonymTerm.objects.bulk_create(rows)

    @admin.display(description=_("termes équivalents"))
    def equivalents(self) -> str:
        """The terms on one line: « RSA · revenu de solidarité active »."""
        return " · ".join(self.term_list())

    def term_list(self) -> list[str]:
        """The terms as typed, in their order, blank lines and surrounding spaces left out."""
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class SynonymTerm(models.Model):
    """One term of a :class:`SynonymGroup`, normalised: written by the group's ``save``,
    never edited. A normalised term belongs to one group per language (constraint)."""

    group = models.ForeignKey(
        SynonymGroup, on_delete=models.CASCADE, related_name="normalised_terms"
    )
    locale = models.CharField(max_length=8, choices=Language.choices)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=255)
    normalised = models.CharField(max_length=255)

    class Meta:
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "normalised"], name="search_curation_term_unique"
            )
        ]

    def __str__(self):
        return self.text


class BestBet(ClusterableModel):
    """Public items shown first, in the editors' order, to whoever searches for a query
    ("prime d'activité" → the news item explaining it): the query is compared without
    case, accents nor punctuation, as a whole (not a word in a longer query)."""

    query = models.CharField(
        _("recherche"),
        max_length=200,
        help_text=_(
            "La recherche telle qu'un internaute la tape. Majuscules, accents et "
            "ponctuation sont indifférents\u00a0; la recherche doit être identique, pas "
            "seulement la contenir."
        ),
    )
    normalised_query = models.CharField(max_length=200, editable=False)
    locale = models.CharField(
        _("langue"),
        max_length=8,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("La langue des recherches concernées, et celle des contenus proposés."),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Pour l'équipe\u00a0: la raison de ce choix (facultatif, non publié)."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("meilleur résultat")
        verbose_name_plural = _("meilleurs résultats")
        ordering = ["locale", "normalised_query"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "normalised_query"], name="search_curation_bestbet_unique"
            )
        ]

    def __str__(self):
        return self.query

    def save(self, *args, **kwargs):
        self.normalised_query = text.normalise(self.query)
        super().save(*args, **kwargs)


class BestBetTarget(Orderable):
    """A public item of a :class:`BestBet`, by its delivery store key (``"page:42"``,
    ``"video:7"``): shown only while it is public (the backends check)."""

    best_bet = ParentalKey(BestBet, on_delete=models.CASCADE, related_name="targets")
    document_key = models.CharField(
        _("contenu"),
        max_length=100,
        help_text=_("Une actualité ou une vidéo publiée, de la langue de la recherche."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("contenu mis en avant")
        verbose_name_plural = _("contenus mis en avant")

    def __str__(self):
        return self.document_key
