"""The video, the asset of the library (docs/videos.md, "Model, sharing and permissions").

A video belongs to one ministry *identity* (the French version of the ministry: its
``translation_key`` is what the permission policy compares) and lives in that ministry's
collection. Who else may use it is its ``sharing``: private to its ministry, shared with
named ministries (``VideoShare`` rows), or interministerial (every ministry).

Its original file is stored under ``videos/originals/`` with a random name in the default
storage, which has no public URL (``MEDIA_URL`` leads to the admin's checked view); its
technical metadata, poster and renditions are filled in by the processing, in the
background, which moves ``status`` and ``progress``.
"""

from __future__ import annotations

import posixpath
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import Collection, CollectionMember, Locale
from wagtail.search import index

from cms.media.models import CustomImage
from cms.organisations.models import paris_date
from cms.workflows.models import MinistryRoles

#: The licences of the media library (images and videos share them).
Licence = CustomImage.Licence

#: Storage folder of the originals (renditions and captions have their own folders).
ORIGINALS_FOLDER = "videos/originals"
#: Longest file name kept from the uploader's (characters), extension included.
MAX_FILENAME_LENGTH = 200
#: An extension kept in storage names: a dot and 1 to 8 lower-case letters or digits.
EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


class ProcessingStatus(models.TextChoices):
    """Where the background processing of a video stands."""

    WAITING = "waiting", _("En attente")
    PROCESSING = "processing", _("En cours de traitement")
    READY = "ready", _("Prête")
    FAILED = "failed", _("Échec")


class Sharing(models.TextChoices):
    """Who may use a video besides its own ministry and the Rédaction."""

    PRIVATE = "private", _("Réservée à son ministère")
    SHARED = "shared", _("Partagée avec des ministères")
    INTERMINISTERIAL = "interministerial", _("Interministérielle")


def safe_filename(name: str) -> str:
    """The uploader's file name made harmless, to display and to offer on download.

    ``name`` (any string a browser sent) loses its folders (``/`` and ``\\``, so ``../``
    cannot climb), NUL and other control characters, and leading dots and spaces; it is
    normalised (Unicode NFC) and cut to ``MAX_FILENAME_LENGTH`` characters, keeping its
    extension. An empty result becomes ``"video"``.
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = name.strip().lstrip(". ").strip()
    if len(name) > MAX_FILENAME_LENGTH:
        stem, extension = posixpath.splitext(name)
        extension = extension[:16]
        name = stem[: MAX_FILENAME_LENGTH - len(extension)].rstrip() + extension
    return name or "video"


def storage_name(folder: str, filename: str) -> str:
    """A new storage name in ``folder``: 128 random bits (URL-safe base64) and, when it is
    a plain one, ``filename``'s extension in lower case (``videos/originals/<token>.mp4``).
    Nothing of the uploader's name is kept: it is neither guessable nor a path."""
    extension = posixpath.splitext(safe_filename(filename))[1].lower()
    if not EXTENSION.match(extension):
        extension = ""
    return f"{folder}/{secrets.token_urlsafe(16)}{extension}"


def original_upload_to(instance: Video, filename: str) -> str:
    return storage_name(ORIGINALS_FOLDER, filename)


def ministry_collection(ministry) -> Collection:
    """The collection a video of ``ministry`` lives in: the collection of the ministry's
    roles (``cms.workflows.roles``), or the root collection while the ministry has no
    roles yet (``setup_roles`` has not run since it was created)."""
    roles = MinistryRoles.objects.filter(ministry_key=ministry.translation_key).first()
    return roles.collection if roles else Collection.get_first_root_node()


class TaggedVideo(TaggedItemBase):
    """A tag on a video (taggit, as Wagtail's images, through a clusterable relation)."""

    content_object = ParentalKey(
        "videos.Video", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Video(CollectionMember, index.Indexed, ClusterableModel):
    """A government video, with its rights, its accessibility and its sharing.

    Editors fill in what it shows and the rights on it; the probe and the processing fill
    in the rest (technical metadata, poster, renditions, status). Its ministry's people
    and the Rédaction edit it; other ministries use it (choose it for their content) when
    it is shared with them or interministerial.
    """

    title = models.CharField(
        _("titre"),
        max_length=255,
        help_text=_("Le titre de la vidéo, tel que le public le lira."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Ce que montre la vidéo, en quelques phrases."),
    )
    ministry = models.ForeignKey(
        "organisations.Ministry",
        verbose_name=_("ministère"),
        on_delete=models.PROTECT,
        related_name="videos",
        help_text=_("Le ministère propriétaire de la vidéo : ses équipes la modifient."),
    )
    topics = ParentalManyToManyField(
        "organisations.Topic",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="videos",
    )
    tags = ClusterTaggableManager(
        verbose_name=_("mots-clés"),
        through=TaggedVideo,
        blank=True,
        help_text=_("Des mots-clés pour retrouver la vidéo dans la vidéothèque."),
    )
    language = models.CharField(
        _("langue"),
        max_length=8,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("La langue parlée dans la vidéo."),
    )
    recorded_on = models.DateField(
        _("date de tournage"), null=True, blank=True, help_text=_("Heure de Paris.")
    )

    # Rights
    credits = models.TextField(
        _("crédits"),
        blank=True,
        help_text=_("Par exemple : « Réalisation : Service d'information du Gouvernement »."),
    )
    rights_holder = models.CharField(
        _("titulaire des droits"),
        max_length=255,
        help_text=_("La personne ou l'organisme qui détient les droits sur la vidéo."),
    )
    licence = models.CharField(
        _("licence"), max_length=32, choices=Licence.choices, default=Licence.ALL_RIGHTS_RESERVED
    )
    rights_expire_on = models.DateField(
        _("fin des droits"),
        null=True,
        blank=True,
        help_text=_(
            "Date à laquelle les droits expirent : la vidéo est retirée ce jour-là (heure de "
            "Paris). Laisser vide si les droits n'expirent pas."
        ),
    )
    consent_recorded = models.BooleanField(
        _("consentement des personnes filmées recueilli"),
        default=False,
        help_text=_(
            "Cocher si les personnes reconnaissables ont donné leur accord écrit ; joindre "
            "alors le document qui l'atteste."
        ),
    )
    consent_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document de consentement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Les autorisations signées (droit à l'image)."),
    )

    # Sharing (the ministries of a shared video are its ``shares``)
    sharing = models.CharField(
        _("partage"),
        max_length=20,
        choices=Sharing.choices,
        default=Sharing.PRIVATE,
        help_text=_("Qui, en dehors de son ministère et de la Rédaction, peut utiliser la vidéo."),
    )

    # Accessibility (caption tracks and chapters are inline children)
    transcript = models.TextField(
        _("transcription"),
        blank=True,
        help_text=_(
            "Le texte intégral de ce qui est dit et montré (RGAA 4.1, critère 4.1). Obligatoire "
            "avant publication."
        ),
    )

    # Files, filled in by the upload and the processing
    file = models.FileField(_("fichier original"), upload_to=original_upload_to, max_length=255)
    original_filename = models.CharField(_("nom du fichier envoyé"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)
    container = models.CharField(_("conteneur"), max_length=32, blank=True)
    video_codec = models.CharField(_("codec vidéo"), max_length=32, blank=True)
    audio_codec = models.CharField(_("codec audio"), max_length=32, blank=True)
    duration = models.FloatField(
        _("durée (secondes)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    width = models.PositiveIntegerField(_("largeur (pixels)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("hauteur (pixels)"), null=True, blank=True)
    frame_rate = models.FloatField(
        _("images par seconde"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    has_audio = models.BooleanField(_("piste audio"), null=True, blank=True)
    poster = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("affiche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Image affichée avant la lecture. Extraite automatiquement de la vidéo ; vous "
            "pouvez la remplacer."
        ),
    )
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.WAITING,
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    failure_reason = models.TextField(_("cause de l'échec"), blank=True)
    #: The rights expiry date the owners were last told about (``None``: not yet), so a
    #: notice is sent once per date, and again if the date is changed.
    rights_notice_sent_for = models.DateField(
        _("fin des droits annoncée"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = CollectionMember.search_fields + [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("transcript"),
        index.FilterField("ministry"),
        index.FilterField("sharing"),
        index.FilterField("status"),
        index.FilterField("language"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("vidéo")
        verbose_name_plural = _("vidéos")
        ordering = ["-created_at", "-pk"]
        permissions = [("choose_video", _("Peut choisir une vidéo"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="video_progress_at_most_100",
                violation_error_message=_("L'avancement est un pourcentage, de 0 à 100."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """Refuse inconsistent rights, dates and ministry, with a French message per field."""
        super().clean()
        errors: dict[str, str] = {}
        if self.ministry_id is not None and self.ministry.locale_id != Locale.get_default().pk:
            errors["ministry"] = _("Choisissez le ministère dans sa version française.")
        today = paris_date(timezone.now())
        if self.recorded_on and self.recorded_on > today:
            errors["recorded_on"] = _("La date de tournage ne peut pas être dans le futur.")
        if self.rights_expire_on and self.recorded_on and self.rights_expire_on <= self.recorded_on:
            errors["rights_expire_on"] = _(
                "La fin des droits doit être postérieure à la date de tournage."
            )
        elif self.licence == Licence.AGENCY and self.rights_expire_on is None:
            errors["rights_expire_on"] = _(
                "Les droits d'agence ont une durée limitée : indiquez la date de fin des droits."
            )
        if self.consent_recorded and self.consent_document_id is None:
            errors["consent_document"] = _(
                "Joignez le document qui atteste le consentement des personnes filmées."
            )
        elif self.consent_document_id is not None and not self.consent_recorded:
            errors["consent_recorded"] = _(
                "Un document de consentement est joint : cochez cette case ou retirez le document."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Keep the video in its ministry's collection (docs/videos.md)."""
        if self.ministry_id is not None:
            self.collection = ministry_collection(self.ministry)
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "collection"}
        super().save(*args, **kwargs)

    @property
    def ministry_key(self):
        """The identity (``translation_key``) of the owning ministry."""
        return self.ministry.translation_key

    @property
    def rights_have_expired(self) -> bool:
        """Whether the rights have expired: their expiry date (Paris time) has come, as
        for images (``CustomImage.licence_has_expired``)."""
        return self.rights_expire_on is not None and self.rights_expire_on <= paris_date(
            timezone.now()
        )

    def publication_gaps(self) -> list[str]:
        """What the video lacks to be published (the editorial line, RGAA 4.1 criteria 4.1
        and 4.3: French captions and a transcript), as French phrases ("des sous-titres
        en français"); empty when it may be published. Reads the saved caption tracks
        (one query)."""
        gaps = []
        if not self.caption_tracks.filter(language=settings.LANGUAGE_CODE).exists():
            gaps.append(_("des sous-titres en français"))
        if not self.transcript.strip():
            gaps.append(_("une transcription"))
        return gaps

    @property
    def progress_label(self) -> str:
        """The status as the listing shows it: "En cours de traitement (42 %)"."""
        if self.status == ProcessingStatus.PROCESSING:
            return _("%(status)s (%(progress)s\u00a0%%)") % {
                "status": self.get_status_display(),
                "progress": self.progress,
            }
        return str(self.get_status_display())
