"""Admin of the video library: the "Vidéothèque" menu (``VideoViewSet``) and the video
chooser (``video_chooser_viewset``).

Every view asks ``videos.permissions``: the listing, the chooser and the usage show the
videos the user may use; a video they may not use does not exist for them (404) in every
view; one they may use but not edit (or delete) is refused as Wagtail refuses (a redirect
to the dashboard, with a message that names nothing).

A ``ModelViewSet`` rather than a ``SnippetViewSet``: a snippet is chosen, in this project,
by whoever may choose snippets of its model (``cms.workflows.choosers``) and is listed in
the Snippets menu by model permission; videos need a per-video rule (owner, sharing), a
menu of their own, a creation that goes through ``services.create_video``, and no
drafts or revisions.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from cms.media.forms import format_size
from cms.organisations.models import Ministry
from videos import services, tasks
from videos.forms import (
    CaptionTrackForm,
    CaptionTrackFormSet,
    ChapterFormSet,
    VideoCreateForm,
    VideoEditForm,
    VideoForm,
)
from videos.models import ProcessingStatus, Sharing, Video
from videos.permissions import policy, usable_videos

#: The fields the creation form passes to ``services.create_video`` (besides the file).
CREATION_FIELDS = [
    "title",
    "description",
    "ministry",
    "language",
    "recorded_on",
    "topics",
    "tags",
    "credits",
    "rights_holder",
    "licence",
    "rights_expire_on",
    "consent_recorded",
    "consent_document",
    "sharing",
    "shared_with",
]


def duration_label(seconds: float | None) -> str:
    """A duration as editors read it: "42 s", "3 min 05 s", "1 h 02 min 05 s" (rounded
    to the second; "" when unknown)."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}\u00a0h\u00a0{minutes:02d}\u00a0min\u00a0{secs:02d}\u00a0s"
    if minutes:
        return f"{minutes}\u00a0min\u00a0{secs:02d}\u00a0s"
    return f"{secs}\u00a0s"


def technical_rows(video: Video) -> list[tuple[str, str]]:
    """(label, value) of what the upload and the probe recorded about ``video``'s file,
    in French; "—" for what is not known yet."""
    unknown = "—"

    def known(value, text=None):
        return unknown if value in (None, "") else (text if text is not None else str(value))

    status = video.progress_label
    if video.status == ProcessingStatus.FAILED and video.failure_reason:
        status = f"{status}\u00a0: {video.failure_reason}"
    resolution = (
        f"{video.width}\u00a0×\u00a0{video.height}\u00a0pixels"
        if video.width and video.height
        else unknown
    )
    audio = {None: unknown, True: gettext("oui"), False: gettext("non")}[video.has_audio]
    renditions = ", ".join(f"{r.height}p" for r in video.renditions.all()) or unknown
    return [
        (gettext("État du traitement"), status),
        (gettext("Fichier envoyé"), known(video.original_filename)),
        (
            gettext("Taille"),
            known(video.file_size, video.file_size and format_size(video.file_size)),
        ),
        (gettext("Conteneur"), known(video.container)),
        (gettext("Codec vidéo"), known(video.video_codec)),
        (gettext("Codec audio"), known(video.audio_codec)),
        (gettext("Durée"), known(video.duration, duration_label(video.duration))),
        (gettext("Définition"), resolution),
        (
            gettext("Images par seconde"),
            known(video.frame_rate, video.frame_rate and number_format(video.frame_rate, 3)),
        ),
        (gettext("Piste audio"), audio),
        (gettext("Rendus"), renditions),
    ]


class TechnicalMetadataPanel(Panel):
    """The file's technical metadata, read only (filled in by the upload and the probe)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "videos/panels/technical_metadata.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rows"] = technical_rows(self.instance)
            if self.instance.pk and tasks.may_retry(self.instance):
                context["retry_url"] = reverse("videos:retry", args=[quote(self.instance.pk)])
            return context


def _information_panels(*, with_file: bool) -> list[Panel]:
    file_panel = [FieldPanel("file", heading=_("Fichier vidéo"))] if with_file else []
    return [
        *file_panel,
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("ministry", widget=forms.Select),
        FieldRowPanel([FieldPanel("language"), FieldPanel("recorded_on")]),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]


RIGHTS_PANELS = [
    FieldPanel("rights_holder"),
    FieldPanel("credits"),
    FieldRowPanel([FieldPanel("licence"), FieldPanel("rights_expire_on")]),
    MultiFieldPanel(
        [FieldPanel("consent_recorded"), FieldPanel("consent_document")],
        heading=_("Droit à l'image"),
    ),
]
SHARING_PANELS = [
    FieldPanel("sharing", widget=forms.RadioSelect),
    FieldPanel("shared_with"),
]


class FormSetInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose formset is ``formset_class`` (a ``BaseChildFormSet``)."""

    def __init__(self, relation_name, *args, formset_class=None, form_class=None, **kwargs):
        super().__init__(relation_name, *args, **kwargs)
        self.formset_class = formset_class
        self.form_class = form_class

    def clone_kwargs(self):
        return {
            **super().clone_kwargs(),
            "formset_class": self.formset_class,
            "form_class": self.form_class,
        }

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = self.formset_class
        if self.form_class is not None:
            options["formsets"][self.relation_name]["form"] = self.form_class
        return options


ACCESSIBILITY_PANELS = [
    FieldPanel("transcript"),
    FormSetInlinePanel(
        "caption_tracks",
        heading=_("Sous-titres"),
        label=_("piste de sous-titres"),
        help_text=_("Des sous-titres en français sont obligatoires avant publication (RGAA)."),
        formset_class=CaptionTrackFormSet,
        form_class=CaptionTrackForm,
    ),
    FieldPanel("chapters_file"),
    FormSetInlinePanel(
        "chapters", heading=_("Chapitres"), label=_("chapitre"), formset_class=ChapterFormSet
    ),
]
FILES_PANELS = [
    FieldPanel("poster"),
    TechnicalMetadataPanel(heading=_("Informations techniques")),
]


def _tabs(*tabs: tuple[str, list[Panel]], form_class=VideoForm) -> TabbedInterface:
    return TabbedInterface(
        [ObjectList(panels, heading=heading) for heading, panels in tabs],
        base_form_class=form_class,
    )


CREATE_HANDLER = _tabs(
    (_("Informations"), _information_panels(with_file=True)),
    (_("Droits"), RIGHTS_PANELS),
    (_("Partage"), SHARING_PANELS),
    form_class=VideoCreateForm,
)
EDIT_HANDLER = _tabs(
    (_("Informations"), _information_panels(with_file=False)),
    (_("Droits"), RIGHTS_PANELS),
    (_("Partage"), SHARING_PANELS),
    (_("Accessibilité"), ACCESSIBILITY_PANELS),
    (_("Fichiers"), FILES_PANELS),
    form_class=VideoEditForm,
)


class VideoFilterSet(WagtailFilterSet):
    ministry = django_filters.ModelChoiceFilter(
        label=_("Ministère"),
        # The owners of the videos the user may use, only.
        queryset=lambda request: Ministry.objects.filter(
            pk__in=usable_videos(request.user).values("ministry")
        ),
    )
    status = django_filters.ChoiceFilter(label=_("État"), choices=ProcessingStatus.choices)
    sharing = django_filters.ChoiceFilter(label=_("Partage"), choices=Sharing.choices)

    class Meta:
        model = Video
        fields = ["ministry", "status", "sharing"]


class UsableObjectMixin:
    """Per-video views: first, a video the user may not use is a 404 (whatever else they
    may do); then one they may use without holding ``instance_permission`` on it is
    refused (``PermissionDenied``: Wagtail's redirect to the dashboard)."""

    instance_permission: str | None = None

    def setup(self, request, *args, **kwargs):
        self.request = request
        video = get_object_or_404(self.usable_queryset(), pk=unquote(str(kwargs["pk"])))
        if self.instance_permission and not policy.user_has_permission_for_instance(
            request.user, self.instance_permission, video
        ):
            raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def usable_queryset(self) -> QuerySet[Video]:
        return usable_videos(self.request.user).select_related("ministry")

    def get_base_object_queryset(self) -> QuerySet[Video]:
        """The object of the listings about one video (history, usage)."""
        return self.usable_queryset()


class UsableSingleObjectMixin(UsableObjectMixin):
    """The same, for Django's single-object views (edit, delete, inspect)."""

    def get_queryset(self) -> QuerySet[Video]:
        return self.usable_queryset()


class VideoIndexView(generic.IndexView):
    page_title = _("Vidéothèque")
    add_item_label = _("Ajouter une vidéo")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=usable_videos(self.request.user).values("pk"))
            .select_related("ministry")
        )

    def get_edit_url(self, instance):
        if policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            return super().get_delete_url(instance)
        return None


class VideoCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        fields = {name: data[name] for name in CREATION_FIELDS if name in data}
        video = services.create_video_from_upload(
            claimed=self.form.claimed, probed=self.form.probed, user=self.request.user, **fields
        )
        self.form.instance = video
        return video

    def get_success_message(self, instance):
        return _("Vidéo « %(title)s » enregistrée : son traitement va commencer.") % {
            "title": instance.title
        }


class VideoEditView(UsableSingleObjectMixin, generic.EditView):
    """The edit form; a video whose processing may be relaunched gets, above the form and
    outside it, a small form of its own posting to ``VideoRetryView``."""

    instance_permission = "change"
    template_name = "videos/edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if tasks.may_retry(self.object):
            context["retry_url"] = reverse("videos:retry", args=[quote(self.object.pk)])
        return context

    def get_success_message(self):
        return _("Vidéo « %(title)s » enregistrée.") % {"title": self.object.title}


class VideoDeleteView(UsableSingleObjectMixin, generic.DeleteView):
    instance_permission = "delete"

    def get_success_message(self):
        return _("Vidéo « %(title)s » supprimée.") % {"title": self.object.title}


class VideoInspectView(UsableSingleObjectMixin, generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.usable_queryset(), pk=self.pk)

    def get_edit_url(self):
        if policy.user_has_permission_for_instance(self.request.user, "change", self.object):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if policy.user_has_permission_for_instance(self.request.user, "delete", self.object):
            return super().get_delete_url()
        return None


class VideoRetryView(UsableObjectMixin, View):
    """ "Relancer le traitement" (POST): a failed video, or one whose processing stalled
    (``videos.tasks.is_stale``), is processed again; for whoever may edit it."""

    instance_permission = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        video = get_object_or_404(self.usable_queryset(), pk=unquote(str(pk)))
        edit_url = reverse("videos:edit", args=[quote(video.pk)])
        if not tasks.may_retry(video):
            messages.error(
                request,
                gettext("Le traitement de cette vidéo n'a pas échoué\u00a0: rien à relancer."),
            )
            return redirect(edit_url)
        tasks.retry(video)
        messages.success(
            request,
            gettext("Le traitement de la vidéo «\u00a0%(title)s\u00a0» est relancé.")
            % {"title": video.title},
        )
        return redirect(edit_url)


class VideoHistoryView(UsableObjectMixin, history.HistoryView):
    instance_permission = "change"


class VideoUsageView(UsableObjectMixin, usage.UsageView):
    """Where a video is used: for whoever may use it (rows they may not edit are named
    "(page, accès restreint)" by Wagtail)."""

    permission_required = None
    any_permission_required = ["choose", "view"]


class VideoViewSet(ModelViewSet):
    """ "Vidéothèque": the videos a user may use, with their status, rights and sharing."""

    model = Video
    icon = "media"
    menu_label = _("Vidéothèque")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "videotheque"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = VideoIndexView
    add_view_class = VideoCreateView
    edit_view_class = VideoEditView
    delete_view_class = VideoDeleteView
    inspect_view_class = VideoInspectView
    history_view_class = VideoHistoryView
    usage_view_class = VideoUsageView
    filterset_class = VideoFilterSet
    search_fields = ["title", "description"]
    search_backend_name = None
    edit_handler = EDIT_HANDLER
    inspect_view_fields = [
        "title",
        "description",
        "ministry",
        "language",
        "recorded_on",
        "rights_holder",
        "credits",
        "licence",
        "rights_expire_on",
        "sharing",
        "status",
        "duration",
        "transcript",
    ]

    @cached_property
    def list_display(self):
        return [
            TitleColumn("title", label=_("Titre")),
            Column("ministry", label=_("Ministère")),
            Column("status", label=_("État"), accessor="progress_label"),
            Column(
                "duration", label=_("Durée"), accessor=lambda v: duration_label(v.duration) or "—"
            ),
            Column("sharing", label=_("Partage"), accessor="get_sharing_display"),
        ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("retry/<str:pk>/", VideoRetryView.as_view(), name="retry"),
        ]

    def get_add_view_kwargs(self, **kwargs):
        handler = CREATE_HANDLER.bind_to_model(self.model)
        return super().get_add_view_kwargs(
            panel=handler, form_class=handler.get_form_class(), **kwargs
        )


class VideoChooseViewMixin:
    def get_object_list(self):
        return policy.instances_user_has_permission_for(self.request.user, "choose").select_related(
            "ministry"
        )

    @property
    def columns(self):
        return [
            *super().columns,
            Column("ministry", label=_("Ministère")),
            Column("duration", label=_("Durée"), accessor=lambda v: duration_label(v.duration)),
            Column("status", label=_("État"), accessor="progress_label"),
        ]


class VideoFilterForm(BaseFilterForm):
    """Search by title (in the database: the chooser's list is the user's, filtered)."""

    q = forms.CharField(label=_("Rechercher"), required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(title__icontains=query)
        return objects


class VideoChooseView(VideoChooseViewMixin, chooser_views.ChooseView):
    filter_form_class = VideoFilterForm


class VideoChooseResultsView(VideoChooseViewMixin, chooser_views.ChooseResultsView):
    filter_form_class = VideoFilterForm


class VideoChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return policy.instances_user_has_permission_for(self.request.user, "choose").get(pk=pk)


class VideoChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return policy.instances_user_has_permission_for(self.request.user, "choose").filter(
            pk__in=pks
        )


class VideoChooserViewSet(ChooserViewSet):
    """The chooser of the videos a user may use (the video block's, later)."""

    model = Video
    icon = "media"
    choose_one_text = _("Choisir une vidéo")
    choose_another_text = _("Choisir une autre vidéo")
    edit_item_text = _("Modifier la vidéo")
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    chosen_view_class = VideoChosenView
    chosen_multiple_view_class = VideoChosenMultipleView


video_chooser_viewset = VideoChooserViewSet("video_chooser", url_prefix="videotheque/choisir")
