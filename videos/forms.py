"""The admin form of a video: the ministries a user may file it under, its sharing.

``VideoForm`` offers, as the owning ministry, only the active ministries the user may add
videos for (their own, or every one for the Rédaction: ``videos.permissions``) plus the
video's current one; and, as ministries to share with, every active ministry (French
versions, checkboxes). Chooser values (poster, consent document) are checked like every
admin form's (``cms.workflows.choosers``).
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from cms.organisations.models import Ministry, Topic
from cms.uploads import services as uploads
from cms.uploads.widgets import ResumableUploadField
from cms.workflows.choosers import ChooserCheckedModelForm
from videos import captions as caption_files
from videos import processing, services
from videos.apps import UPLOAD_KIND
from videos.models import Sharing
from videos.models.related import VideoChapter, chapter_after_end_message
from videos.permissions import active_ministries, ministries_for_new_videos


class VideoForm(ChooserCheckedModelForm):
    """Create and edit a video (the creation itself goes through ``services.create_video``)."""

    shared_with = forms.ModelMultipleChoiceField(
        label=_("Ministères destinataires"),
        queryset=Ministry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les ministères qui peuvent utiliser la vidéo, quand elle est « Partagée avec des "
            "ministères »."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french = Ministry.objects.filter(locale=Locale.get_default())
        if "ministry" in self.fields:
            allowed = ministries_for_new_videos(self.for_user)
            if self.instance.ministry_id is not None:
                allowed = allowed | french.filter(pk=self.instance.ministry_id)
            allowed = allowed.distinct().order_by("name")
            self.fields["ministry"].queryset = allowed
            if self.instance.pk is None and len(allowed) == 1:
                self.fields["ministry"].initial = allowed[0].pk
        if "topics" in self.fields:
            self.fields["topics"].queryset = Topic.objects.filter(locale=Locale.get_default())
        shareable = active_ministries().order_by("name")
        if self.instance.ministry_id is not None:
            # Not its own ministry (which uses it anyway), when it is known.
            shareable = shareable.exclude(translation_key=self.instance.ministry.translation_key)
        self.fields["shared_with"].queryset = shareable
        if self.instance.pk is not None:
            self.initial.setdefault(
                "shared_with", [share.ministry_id for share in self.instance.shares.all()]
            )

    def clean(self):
        cleaned = super().clean()
        sharing = cleaned.get("sharing", self.instance.sharing)
        ministry = cleaned.get("ministry") or (
            self.instance.ministry if self.instance.ministry_id else None
        )
        if sharing == Sharing.SHARED and ministry is not None:
            probe = type(self.instance)(sharing=sharing, ministry=ministry)
            try:
                services.check_shares(probe, cleaned.get("shared_with") or [])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def save(self, commit=True):
        captions = self.formsets.get("caption_tracks")
        if captions is not None and not self.instance.transcript.strip():
            # RGAA 4.1: a transcript; the French captions are its first draft.
            french = captions.french_captions()
            if french is not None:
                self.instance.transcript = caption_files.transcript(french)
        if "sharing" in self.cleaned_data:
            services.assign_shares(
                self.instance, self.cleaned_data["sharing"], self.cleaned_data["shared_with"]
            )
        return super().save(commit=commit)


class VideoEditForm(VideoForm):
    """The edit form: ``VideoForm`` and the import of a chapters file.

    ``chapters_file`` (optional) is read by ``videos.captions.parse_chapters`` (a WebVTT
    chapters track, or one ``MM:SS Titre`` line per chapter; UTF-8; checked against the
    video's ``duration`` in seconds when known); its chapters *replace* the video's chapter
    rows on save. A bad file is refused on the field with every problem and its line, in
    French, and nothing is changed (the rest of the form is redisplayed as typed).
    """

    chapters_file = forms.FileField(
        label=_("Importer des chapitres (fichier WebVTT)"),
        required=False,
        help_text=_(
            "Un fichier WebVTT de chapitres (.vtt, UTF-8) : ses chapitres remplacent ceux "
            "de la liste ci-dessous à l'enregistrement."
        ),
    )

    #: The chapters of an imported file, after cleaning (``None``: no file).
    imported_chapters: list[caption_files.Chapter] | None = None

    def clean_chapters_file(self):
        file = self.cleaned_data.get("chapters_file")
        if not file:
            return file
        data = file.read(caption_files.MAX_SIZE + 1)
        try:
            chapters = caption_files.parse_chapters(data, self.instance.duration)
        except caption_files.CaptionError as error:
            raise ValidationError(error.messages) from error
        if not chapters:
            raise ValidationError(_("Le fichier ne contient aucun chapitre."))
        self.imported_chapters = chapters
        return file

    def save(self, commit=True):
        video = super().save(commit=commit)
        if self.imported_chapters is not None:
            video.chapters = [
                VideoChapter(start=chapter.start_seconds, title=chapter.title[:255], sort_order=i)
                for i, chapter in enumerate(self.imported_chapters)
            ]
            if commit:
                video.chapters.commit()
        return video


class VideoCreateForm(VideoForm):
    """Create a video from a finished resumable upload (``cms.uploads``).

    ``file`` is the upload's id; cleaning it claims the upload and probes the file
    (``videos.processing.probe``). A file that is not a video the library takes is refused
    with the probe's French message, and its upload is deleted (nothing is left behind:
    the editor sends another file). A valid upload is kept while other fields are
    corrected. After cleaning, ``claimed`` (``cms.uploads.services.ClaimedUpload``) and
    ``probed`` (``ProbeResult``) are set for the view, which stores the video
    (``services.create_video_from_upload``).
    """

    file = ResumableUploadField(kind=UPLOAD_KIND, label=_("Fichier vidéo"), accept="video/*")

    claimed: uploads.ClaimedUpload | None = None
    probed: processing.ProbeResult | None = None

    def clean_file(self):
        upload_id = self.cleaned_data["file"]
        try:
            claimed = uploads.claim(upload_id, self.for_user, kind=UPLOAD_KIND)
        except uploads.UploadError as error:
            raise ValidationError(error.message) from error
        try:
            probed = processing.probe(claimed.path)
        except processing.InvalidVideo as error:
            uploads.release(claimed)
            raise ValidationError(error.message) from error
        self.claimed, self.probed = claimed, probed
        return upload_id


class CaptionTrackForm(WagtailAdminModelForm):
    """A caption track: its uploaded file is read by ``videos.captions.parse`` (WebVTT or
    SRT, UTF-8, timestamps, order, and against the video's ``duration`` in seconds when
    known) and stored as normalised WebVTT (``to_webvtt``: an SRT file becomes
    ``<name>.vtt``). Every problem is shown on the field, with its line, in French.
    After cleaning, ``captions`` holds the parsed ``Captions`` of a new file (else
    ``None``), for the transcript's prefill."""

    #: The video's duration in seconds, set by ``CaptionTrackFormSet``.
    duration: float | None = None
    captions: caption_files.Captions | None = None

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file  # the stored track, unchanged
        try:
            self.captions = caption_files.parse(b"".join(file.chunks()), file.name, self.duration)
        except caption_files.CaptionError as error:
            raise ValidationError(error.messages) from error
        stem = PurePath(file.name).stem or "sous-titres"
        return ContentFile(caption_files.to_webvtt(self.captions).encode(), name=f"{stem}.vtt")


class CaptionTrackFormSet(BaseChildFormSet):
    """The caption tracks of a video: one per language and kind, said in French; each
    form checks its file against the video's duration."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.duration = self.instance.duration
        return form

    def get_unique_error_message(self, unique_check):
        return _("Deux pistes ont la même langue et le même type : gardez-en une seule.")

    def french_captions(self) -> caption_files.Captions | None:
        """The French track newly uploaded in this formset (SME captions first), or
        ``None``; after validation."""
        tracks = [
            form
            for form in self.forms
            if getattr(form, "captions", None) is not None
            and form.cleaned_data.get("language") == "fr"
            and not self._should_delete_form(form)
        ]
        tracks.sort(key=lambda form: form.cleaned_data.get("kind") != "captions")
        return tracks[0].captions if tracks else None


class ChapterFormSet(BaseChildFormSet):
    """The chapters of a video: each starts before the end of the video, when its duration
    is known (``VideoChapter.clean`` cannot: the form's chapter has no video yet)."""

    def clean(self):
        super().clean()
        duration = self.instance.duration
        if duration is None:
            return
        for form in self.forms:
            start = getattr(form, "cleaned_data", {}).get("start")
            if start is not None and start >= duration and not self._should_delete_form(form):
                form.add_error("start", chapter_after_end_message(duration))
