"""Filters of the DSFR preview pages: the public JSON's values as info.gouv.fr shows them."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

register = template.Library()


@register.filter
def day(value: str | None) -> str:
    """An ISO 8601 instant of the JSON as a Paris day, ``25/05/2023``; '' for none."""
    instant = parse_datetime(value) if value else None
    return date_format(timezone.localtime(instant), "d/m/Y") if instant else ""


@register.filter
def file_size(size: int | None) -> str:
    """A size in bytes in French decimal units, as info.gouv.fr writes it: ``239,89 Ko``
    (1 Ko = 1,000 bytes); '' when unknown."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} octets"
    value, unit = (size / 1000, "Ko") if size < 1_000_000 else (size / 1_000_000, "Mo")
    return f"{value:.2f} {unit}".replace(".", ",")
