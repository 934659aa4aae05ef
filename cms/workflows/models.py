"""Roles of a ministry and the custom workflow tasks."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection


class MinistryRoles(models.Model):
    """The contributors' and validators' groups and the media collection of one ministry.

    One row per ministry *identity* (its ``translation_key``), whatever its translations:
    the groups are renamed with the ministry and retired when it ends.
    """

    ministry_key = models.UUIDField(_("identité du ministère"), unique=True)
    contributors = models.OneToOneField(
        Group,
        verbose_name=_("groupe des contributeurs"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    validators = models.OneToOneField(
        Group,
        verbose_name=_("groupe des valideurs"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("collection de médias"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rôles d'un ministère")
        verbose_name_plural = _("rôles des ministères")

    def __str__(self):
        return self.contributors.name.rsplit(" – ", 1)[0]
