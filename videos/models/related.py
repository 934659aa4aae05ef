"""What belongs to a video: renditions, caption tracks, chapters and shares.

Caption tracks, chapters and shares are edited with the video (``ParentalKey``: inline in
its form, saved with it); renditions are made by the processing only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.models import Locale, Orderable

from videos.models.video import Video, storage_name

RENDITIONS_FOLDER = "videos/renditions"
CAPTIONS_FOLDER = "videos/captions"


def rendition_upload_to(instance: VideoRendition, filename: str) -> str:
    return storage_name(RENDITIONS_FOLDER, filename)


def caption_upload_to(instance: CaptionTrack, filename: str) -> str:
    return storage_name(CAPTIONS_FOLDER, filename)


class VideoRendition(models.Model):
    """An MP4 (H.264/AAC) version of a video at a standard height, made by the processing."""

    video = models.ForeignKey(
        Video, verbose_name=_("vidéo"), on_delete=models.CASCADE, related_name="renditions"
    )
    height = models.PositiveIntegerField(_("hauteur (pixels)"))
    width = models.PositiveIntegerField(_("largeur (pixels)"))
    file = models.FileField(_("fichier"), upload_to=rendition_upload_to, max_length=255)
    file_size = models.PositiveBigIntegerField(_("taille (octets)"))

    class Meta:
        verbose_name = _("rendu vidéo")
        verbose_name_plural = _("rendus vidéo")
        ordering = ["video", "height"]
        constraints = [
            models.UniqueConstraint(
                fields=["video", "height"],
                name="video_rendition_unique_height",
                violation_error_message=_("Cette vidéo a déjà un rendu de cette hauteur."),
            )
        ]

    def __str__(self):
        return f"{self.video} ({self.height}p)"


class CaptionTrack(models.Model):
    """A WebVTT caption or subtitle track of a video, in one language.

    ``captions`` transcribe speech and meaningful sounds for deaf and hard-of-hearing
    viewers (sous-titres SME); ``subtitles`` translate the speech (WebVTT ``kind``,
    HTML ``<track kind>``). RGAA 4.1 (criterion 4.3) requires French captions.
    """

    class Kind(models.TextChoices):
        CAPTIONS = "captions", _("Sous-titres pour sourds et malentendants (SME)")
        SUBTITLES = "subtitles", _("Sous-titres de traduction")

    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="caption_tracks")
    language = models.CharField(
        _("langue"),
        max_length=8,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.CAPTIONS)
    label = models.CharField(
        _("libellé"),
        max_length=100,
        blank=True,
        help_text=_("Le nom de la piste dans le lecteur. Laisser vide : la langue (« Français »)."),
    )
    file = models.FileField(
        _("fichier WebVTT"),
        upload_to=caption_upload_to,
        max_length=255,
        validators=[FileExtensionValidator(["vtt"])],
        help_text=_("Un fichier WebVTT (.vtt), encodé en UTF-8."),
    )

    class Meta:
        verbose_name = _("piste de sous-titres")
        verbose_name_plural = _("pistes de sous-titres")
        constraints = [
            models.UniqueConstraint(
                fields=["video", "language", "kind"],
                name="caption_track_unique_language_kind",
                violation_error_message=_(
                    "Cette vidéo a déjà une piste de ce type dans cette langue."
                ),
            )
        ]

    def __str__(self):
        return self.label or self.get_language_display()

    def save(self, *args, **kwargs):
        if not self.label:
            self.label = self.get_language_display()
        super().save(*args, **kwargs)


def chapter_after_end_message(duration: float) -> str:
    """The error of a chapter starting at or after the end of a ``duration``-second video."""
    return _(
        "Le chapitre doit commencer avant la fin de la vidéo (%(duration)s\u00a0secondes)."
    ) % {"duration": number_format(round(duration, 1), decimal_pos=1)}


class VideoChapter(Orderable):
    """A chapter of a video: where it starts (seconds from the start) and its title."""

    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="chapters")
    start = models.FloatField(
        _("début (secondes)"),
        validators=[MinValueValidator(0)],
        help_text=_("Secondes depuis le début de la vidéo : 90 pour 1 min 30."),
    )
    title = models.CharField(_("titre"), max_length=255)

    class Meta(Orderable.Meta):
        verbose_name = _("chapitre")
        verbose_name_plural = _("chapitres")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        video = getattr(self, "video", None)  # unset: RelatedObjectDoesNotExist, an AttributeError
        duration = video.duration if video is not None else None
        if duration is not None and self.start is not None and self.start >= duration:
            raise ValidationError({"start": chapter_after_end_message(duration)})


class VideoShare(models.Model):
    """A ministry a video is shared with (when the video's ``sharing`` is "shared").

    The ministry is its French version, whose ``translation_key`` is the ministry's
    identity: sharing holds through renames and translations.
    """

    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="shares")
    ministry = models.ForeignKey(
        "organisations.Ministry",
        verbose_name=_("ministère"),
        on_delete=models.CASCADE,
        related_name="video_shares",
    )
    created_at = models.DateTimeField(_("partagée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("partage de vidéo")
        verbose_name_plural = _("partages de vidéos")
        constraints = [
            models.UniqueConstraint(
                fields=["video", "ministry"],
                name="video_share_unique_ministry",
                violation_error_message=_("La vidéo est déjà partagée avec ce ministère."),
            )
        ]

    def __str__(self):
        return str(self.ministry)

    def clean(self):
        super().clean()
        if self.ministry_id is None:
            return
        if self.ministry.locale_id != Locale.get_default().pk:
            raise ValidationError(
                {"ministry": _("Choisissez le ministère dans sa version française.")}
            )
        if self.video_id and self.ministry.translation_key == self.video.ministry.translation_key:
            raise ValidationError(
                {"ministry": _("La vidéo appartient déjà à ce ministère : inutile de la partager.")}
            )
