"""Custom image and document models.

Images carry their alt text (Wagtail's ``description``, required here), credit, licence
and licence expiry. Documents expose their type and size ("PDF – 239,89 Ko") and say
whether they are accessible, with a contact for an alternative format otherwise.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage

from cms.media.renditions import rendition_name

DEFAULT_CREDIT = "Service d'information du Gouvernement"


class CustomImage(AbstractImage):
    """An image of the media library, with its alt text, credit and rights."""

    class Licence(models.TextChoices):
        ALL_RIGHTS_RESERVED = "all_rights_reserved", _("Tous droits réservés")
        ETALAB_2 = "etalab_2", _("Licence Ouverte / Etalab 2.0")
        CC_BY = "cc_by_4", _("Creative Commons BY 4.0")
        CC_BY_SA = "cc_by_sa_4", _("Creative Commons BY-SA 4.0")
        PUBLIC_DOMAIN = "public_domain", _("Domaine public")
        AGENCY = "agency", _("Droits d'agence (durée limitée)")

    description = models.CharField(
        _("texte alternatif"),
        max_length=255,
        help_text=_(
            "Décrit l'image pour les personnes qui ne la voient pas (RGAA). "
            "Une utilisation purement décorative se signale dans le bloc image."
        ),
    )
    credit = models.CharField(
        _("crédit / source"),
        max_length=255,
        default=DEFAULT_CREDIT,
        help_text=_("Par exemple : « Service d'information du Gouvernement »."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=32,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
    )
    licence_expires_at = models.DateField(
        _("fin des droits"),
        null=True,
        blank=True,
        help_text=_("Date à laquelle les droits d'utilisation expirent (photos d'agence)."),
    )

    admin_form_fields = WagtailImage.admin_form_fields + ("credit", "licence", "licence_expires_at")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def alt_text(self) -> str:
        return self.description

    @property
    def credit_line(self) -> str:
        return _("Source : %(credit)s") % {"credit": self.credit} if self.credit else ""

    @property
    def licence_has_expired(self) -> bool:
        return (
            self.licence_expires_at is not None and self.licence_expires_at <= timezone.localdate()
        )


class CustomRendition(AbstractRendition):
    """A resized version of an image; the API only ever hands out renditions."""

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        """A random name (``renditions/<token>.<ext>``): Wagtail's would start with the
        original's name (``cms.media.renditions.rendition_name``)."""
        return rendition_name(filename)


#: What each accepted document type is, as a reader of the public site reads it.
DOCUMENT_TYPE_LABELS = {
    "pdf": _("Document PDF"),
    "odt": _("Texte OpenDocument"),
    "ods": _("Classeur OpenDocument"),
    "odp": _("Présentation OpenDocument"),
    "docx": _("Document Word"),
    "xlsx": _("Classeur Excel"),
    "pptx": _("Présentation PowerPoint"),
    "csv": _("Données CSV"),
    "txt": _("Fichier texte"),
}


class CustomDocument(AbstractDocument):
    """A downloadable document, with its accessibility status."""

    accessible = models.BooleanField(
        _("document accessible"),
        default=False,
        help_text=_(
            "Cocher si le document respecte le RGAA (PDF balisé, structure, alternatives)."
        ),
    )
    alternative_format_contact = models.CharField(
        _("contact pour un format alternatif"),
        max_length=255,
        blank=True,
        help_text=_(
            "Adresse électronique ou service à contacter pour obtenir une version accessible."
        ),
    )

    admin_form_fields = WagtailDocument.admin_form_fields + (
        "accessible",
        "alternative_format_contact",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        # Without a file (its upload was refused), Wagtail's extension check would
        # add a confusing "extension « » not allowed" to the upload's own error.
        if self.file:
            super().clean()

    @property
    def file_type_label(self) -> str:
        return self.file_extension.upper()

    @property
    def type_label(self) -> str:
        """What the file is, in words ("Document PDF"); the extension in capitals for a
        type without a label."""
        extension = self.file_extension.lower()
        return str(DOCUMENT_TYPE_LABELS.get(extension, extension.upper()))

    @property
    def file_size_label(self) -> str:
        """The size in French notation, in decimal units (1 Ko = 1 000 octets)."""
        size = self.get_file_size()
        if size is None:
            return ""
        if size < 1000:
            return f"{size} octets"
        value, unit = (size / 1000, "Ko") if size < 1_000_000 else (size / 1_000_000, "Mo")
        return f"{value:.2f} {unit}".replace(".", ",")

    @property
    def file_label(self) -> str:
        """For example "PDF – 239,89 Ko"."""
        return f"{self.file_type_label} – {self.file_size_label}"
