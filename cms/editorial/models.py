"""The editorial line's site setting: forbidden terms and the title length limit."""

from __future__ import annotations

import unicodedata

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

DEFAULT_TITLE_MAX_LENGTH = 110


@register_setting(icon="tasks")
class EditorialSettings(BaseSiteSetting):
    """What the editorial line checks that the Rédaction can change without a deployment."""

    forbidden_terms = models.TextField(
        _("termes interdits"),
        blank=True,
        help_text=_(
            "Un terme ou une expression par ligne. Ils sont recherchés comme mots entiers dans "
            "le titre, le chapô et le corps du texte, sans tenir compte des majuscules ni des "
            "accents."
        ),
    )
    title_max_length = models.PositiveSmallIntegerField(
        _("longueur maximale du titre"),
        default=DEFAULT_TITLE_MAX_LENGTH,
        validators=[MinValueValidator(1)],
        help_text=_("En caractères. Les titres sont repris tels quels sur les réseaux sociaux."),
    )

    class Meta:
        verbose_name = _("ligne éditoriale")
        verbose_name_plural = _("ligne éditoriale")

    @classmethod
    def lookup(cls, site: Site | None) -> EditorialSettings:
        """The settings of this site, or unsaved defaults; unlike ``for_site``, never writes."""
        settings = cls.objects.filter(site=site).first() if site is not None else None
        return settings or cls(site=site)

    @property
    def terms(self) -> list[str]:
        """The forbidden terms, one per non-blank line, without duplicates."""
        terms = {}
        for line in self.forbidden_terms.splitlines():
            term = " ".join(line.split())
            if term:
                terms.setdefault(normalize(term), term)
        return list(terms.values())


def normalize(text: str) -> str:
    """Text folded for comparison: lower case, no accents, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
