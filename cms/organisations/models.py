"""Organisations: governments, ministries, topics and people.

A ministry and a topic are translatable: their identity across languages is their
``translation_key``; the French version is the source. Governments and people are proper
names and are not translated.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

PARIS = ZoneInfo("Europe/Paris")


def paris_date(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The calendar date of an instant in Paris (a plain date is returned as is)."""
    if isinstance(moment, datetime.datetime):
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, PARIS)
        return moment.astimezone(PARIS).date()
    return moment


class UniqueSlugPerLocaleMixin:
    """Refuses, with a French message, a slug already used in the same locale."""

    slug_taken_message = _("Ce slug est déjà utilisé dans cette langue.")

    def clean(self):
        super().clean()
        if not self.slug or not self.locale_id:
            return
        duplicates = type(self).objects.filter(locale_id=self.locale_id, slug=self.slug)
        if self.pk:
            duplicates = duplicates.exclude(pk=self.pk)
        if duplicates.exists():
            raise ValidationError({"slug": self.slug_taken_message})


class Government(models.Model):
    """A government, from its appointment to the next one.

    Its period is half-open in Paris time: the start date is included, the end date
    excluded, so the day of a reshuffle belongs to the incoming government only.
    Content first published under an ended government carries a notice saying so.
    """

    class PrimeMinisterTitle(models.TextChoices):
        PREMIER_MINISTRE = "premier_ministre", _("Premier ministre")
        PREMIERE_MINISTRE = "premiere_ministre", _("Première ministre")

    label = models.CharField(
        _("intitulé"), max_length=255, help_text=_("Par exemple : « Gouvernement Bayrou ».")
    )
    prime_minister_title = models.CharField(
        _("titre"),
        max_length=32,
        choices=PrimeMinisterTitle.choices,
        default=PrimeMinisterTitle.PREMIER_MINISTRE,
        help_text=_(
            "Tel que l'écrit le Gouvernement\u00a0: « Premier ministre » ou « Première "
            "ministre ». La mention des contenus publiés sous ce gouvernement en dépend."
        ),
    )
    prime_minister = models.CharField(
        _("nom"),
        max_length=255,
        help_text=_("Prénom et nom de la personne qui dirige le gouvernement."),
    )
    start_date = models.DateField(
        _("date de début"), help_text=_("Jour de la nomination (inclus), heure de Paris.")
    )
    end_date = models.DateField(
        _("date de fin"),
        null=True,
        blank=True,
        help_text=_(
            "Jour de la nomination du gouvernement suivant (exclu). "
            "Laisser vide pour le gouvernement en fonction."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("prime_minister_title"), FieldPanel("prime_minister")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta:
        verbose_name = _("gouvernement")
        verbose_name_plural = _("gouvernements")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gt=models.F("start_date")),
                name="government_ends_after_start",
                violation_error_message=_(
                    "La date de fin doit être postérieure à la date de début."
                ),
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.start_date is None:
            return
        if self.end_date is not None and self.end_date <= self.start_date:
            raise ValidationError(
                {"end_date": _("La date de fin doit être postérieure à la date de début.")}
            )
        overlapping = Government.objects.filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gt=self.start_date)
        )
        if self.end_date is not None:
            overlapping = overlapping.filter(start_date__lt=self.end_date)
        if self.pk:
            overlapping = overlapping.exclude(pk=self.pk)
        other = overlapping.first()
        if other is not None:
            raise ValidationError(
                _("Cette période chevauche celle du %(other)s (%(period)s).")
                % {"other": other, "period": other.period_label}
            )

    @property
    def led_by(self) -> str:
        """Who led it, as the State writes it after "le gouvernement": "du Premier
        ministre, Gabriel Attal" or "de la Première ministre, Élisabeth Borne".
        """
        if self.prime_minister_title == self.PrimeMinisterTitle.PREMIERE_MINISTRE:
            template = _("de la Première ministre, %(name)s")
        else:
            template = _("du Premier ministre, %(name)s")
        return template % {"name": self.prime_minister}

    @property
    def period_label(self) -> str:
        start = date_format(self.start_date, "j F Y")
        if self.end_date is None:
            return _("depuis le %(start)s") % {"start": start}
        return _("du %(start)s au %(end)s") % {
            "start": start,
            "end": date_format(self.end_date, "j F Y"),
        }

    @property
    def has_ended(self) -> bool:
        return self.end_date is not None and self.end_date <= paris_date(timezone.now())

    @classmethod
    def in_office_on(cls, moment: datetime.datetime | datetime.date) -> Government | None:
        """The government in office at an instant (or on a Paris calendar day)."""
        day = paris_date(moment)
        return (
            cls.objects.filter(start_date__lte=day)
            .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gt=day))
            .first()
        )


class Ministry(UniqueSlugPerLocaleMixin, TranslatableMixin, index.Indexed, ClusterableModel):
    """A ministry, with its lifetime.

    Ministries are renamed, merged and split at every reshuffle. A rename is an edit of
    the same ministry (its former names are kept automatically); a merger is a new
    ministry listing its predecessors. Content keeps the ministry it was published under.
    """

    name = models.CharField(
        _("nom complet"),
        max_length=255,
        help_text=_("Par exemple : « Ministère de l'Économie, des Finances et de l'Industrie »."),
    )
    short_name = models.CharField(
        _("nom court"), max_length=100, help_text=_("Par exemple : « Économie »."), blank=True
    )
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=False)
    logo = models.ForeignKey(
        "media.CustomImage",
        verbose_name=_("bloc marque"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le bloc marque du ministère (Marianne et intitulé)."),
    )
    start_date = models.DateField(_("date de création"), null=True, blank=True)
    end_date = models.DateField(
        _("date de suppression"),
        null=True,
        blank=True,
        help_text=_("Laisser vide tant que le ministère existe."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("acronym")]),
        FieldPanel("slug"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        InlinePanel(
            "predecessor_links",
            heading=_("Prédécesseurs"),
            label=_("prédécesseur"),
            help_text=_("Les ministères dont celui-ci est issu (plusieurs en cas de fusion)."),
        ),
        MultiFieldPanel(
            [InlinePanel("former_names", label=_("ancien nom"))],
            heading=_("Anciens noms"),
            help_text=_("Complété automatiquement quand le nom du ministère change."),
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("acronym"),
        index.FilterField("locale"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("short_name"),
        TranslatableField("acronym"),
        TranslatableField("slug"),
        SynchronizedField("logo"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
    ]

    slug_taken_message = _("Ce slug est déjà utilisé par un autre ministère dans cette langue.")

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("ministère")
        verbose_name_plural = _("ministères")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="ministry_unique_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "La date de suppression doit être postérieure à la date de création."
                    )
                }
            )

    def save(self, *args, **kwargs):
        """Keep the former name when a ministry is renamed."""
        if self.pk:
            previous = (
                Ministry.objects.filter(pk=self.pk).values("name", "short_name", "acronym").first()
            )
            if previous and previous["name"] != self.name:
                self.former_names.add(
                    MinistryFormerName(
                        name=previous["name"],
                        short_name=previous["short_name"],
                        acronym=previous["acronym"],
                        used_until=paris_date(timezone.now()),
                    )
                )
        super().save(*args, **kwargs)

    def name_on(self, day: datetime.date) -> str:
        """The ministry's full name as it was on a given day."""
        former = self.former_names.filter(used_until__gt=day).order_by("used_until").first()
        return former.name if former else self.name

    @property
    def is_active(self) -> bool:
        return self.end_date is None or self.end_date > paris_date(timezone.now())


class MinistryPredecessor(Orderable):
    """A ministry this one comes from (merger, split or reorganisation)."""

    ministry = ParentalKey(Ministry, on_delete=models.CASCADE, related_name="predecessor_links")
    predecessor = models.ForeignKey(
        Ministry,
        verbose_name=_("ministère prédécesseur"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )

    panels = [FieldPanel("predecessor")]

    class Meta(Orderable.Meta):
        verbose_name = _("prédécesseur")
        verbose_name_plural = _("prédécesseurs")

    def clean(self):
        super().clean()
        if self.predecessor_id and self.predecessor_id == self.ministry_id:
            raise ValidationError(
                {"predecessor": _("Un ministère ne peut pas être son propre prédécesseur.")}
            )


class MinistryFormerName(Orderable):
    """A name the ministry had before a rename."""

    ministry = ParentalKey(Ministry, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("nom complet"), max_length=255)
    short_name = models.CharField(_("nom court"), max_length=100, blank=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    used_until = models.DateField(_("utilisé jusqu'au"), help_text=_("Jour du changement de nom."))

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("acronym"), FieldPanel("used_until")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("ancien nom")
        verbose_name_plural = _("anciens noms")

    def __str__(self):
        return self.name


class Topic(UniqueSlugPerLocaleMixin, TranslatableMixin, index.Indexed, models.Model):
    """A topic of public policy (santé, emploi, sécurité…), used to file and filter news."""

    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Présentation courte de la thématique.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thématique parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("parent"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("slug"),
        TranslatableField("description"),
        SynchronizedField("parent"),
    ]

    slug_taken_message = _("Ce slug est déjà utilisé par une autre thématique dans cette langue.")

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="topic_unique_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("Une thématique ne peut pas être sa propre parente.")}
                )
            ancestor = ancestor.parent
        if self.parent is not None and self.locale_id and self.parent.locale_id != self.locale_id:
            raise ValidationError(
                {"parent": _("La thématique parente doit être dans la même langue.")}
            )


class Person(index.Indexed, models.Model):
    """A member of the government or a spokesperson, quoted or pictured in the news."""

    class Role(models.TextChoices):
        """The function, in the masculine or the feminine where French marks the gender,
        as the Government writes it ("la Première ministre")."""

        PRIME_MINISTER = "prime_minister", _("Premier ministre")
        PRIME_MINISTER_FEMININE = "prime_minister_feminine", _("Première ministre")
        MINISTER = "minister", _("Ministre")
        DELEGATE_MINISTER = "delegate_minister", _("Ministre délégué")
        DELEGATE_MINISTER_FEMININE = "delegate_minister_feminine", _("Ministre déléguée")
        SECRETARY_OF_STATE = "secretary_of_state", _("Secrétaire d'État")
        SPOKESPERSON = "spokesperson", _("Porte-parole du Gouvernement")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=255)
    role = models.CharField(
        _("fonction"), max_length=32, choices=Role.choices, default=Role.MINISTER
    )
    title = models.CharField(
        _("intitulé de la fonction"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : « Ministre de la Santé et de l'Accès aux soins »."),
    )
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("ministère"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    portrait = models.ForeignKey(
        "media.CustomImage",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("title")]),
        FieldPanel("ministry"),
        FieldPanel("portrait"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["name"]

    def __str__(self):
        return self.name
