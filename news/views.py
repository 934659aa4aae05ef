"""Admin views of the news app."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.models import Page

from cms.editorial.views import EditorialEditView
from cms.workflows import isolation, reading
from news import planning, services
from news.forms import WithdrawForm
from news.models import NewsPage
from news.side_panels import PublicHistorySidePanel


class NewsAdminViewMixin(WagtailAdminTemplateMixin):
    """Breadcrumbs end with the view's title (Wagtail shows only "Accueil" otherwise)."""

    def get_breadcrumbs_items(self):
        label = self.get_page_title()
        if subtitle := self.get_page_subtitle():
            label = f"{label} : {subtitle}"
        return [*self.breadcrumbs_items, {"url": "", "label": label}]


class WithdrawView(NewsAdminViewMixin, FormView):
    """Withdraw a live news item with a public reason (GOV.UK style)."""

    template_name = "news/withdraw.html"
    form_class = WithdrawForm
    page_title = gettext_lazy("Retirer")
    header_icon = "warning"

    def dispatch(self, request, page_id: int):
        self.page = get_object_or_404(NewsPage, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        if not self.page.live:
            messages.error(request, _("Seul un contenu en ligne peut être retiré."))
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            unpublish_url=reverse("wagtailadmin_pages:unpublish", args=[self.page.pk]),
            scheduled_revision=self.page.scheduled_revision,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            cancelled = services.withdraw(
                self.page, reason=form.cleaned_data["reason"], user=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("« %(title)s » a été retiré ; le motif sera affiché publiquement.")
            % {"title": self.page.title},  # the title that was online
        )
        if cancelled is not None:
            messages.warning(self.request, _("La correction programmée a été annulée."))
        return redirect("wagtailadmin_explore", self.page.get_parent().pk)


class PlanningView(NewsAdminViewMixin, TemplateView):
    """What is scheduled or under embargo in the next 14 days, per ministry."""

    template_name = "news/planning.html"
    page_title = gettext_lazy("Planning")
    page_subtitle = gettext_lazy("14 prochains jours")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        entries = planning.planning_entries(self.request.user)
        return super().get_context_data(groups=planning.by_ministry(entries), **kwargs)


class SubmitTranslationView(NewsAdminViewMixin, TemplateView):
    """Submit a translation to the same moderation workflow as its source."""

    template_name = "news/submit_translation.html"
    page_title = gettext_lazy("Soumettre la traduction à la modération")
    header_icon = "resubmit"

    def dispatch(self, request, page_id: int):
        self.page = get_object_or_404(NewsPage, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, workflow=self.page.get_workflow(), **kwargs)

    def post(self, request, page_id: int):
        try:
            services.submit_translation(self.page, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("news_submit_translation", self.page.pk)
        messages.success(
            request,
            _("Traduction « %(title)s » soumise à la modération.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", self.page.get_parent().pk)


class NewsEditView(EditorialEditView):
    """The editorial edit view, with the "Historique public" side panel."""

    def get_side_panels(self):
        side_panels = super().get_side_panels()
        if not self.expects_json_response:
            side_panels.append(PublicHistorySidePanel(self.page, self.request))
        return side_panels


class ReadView(NewsAdminViewMixin, TemplateView):
    """A news item as its latest revision says, read-only, for whoever may read it.

    The reading roles (crisis cell, social-media managers) hold "view" on every page;
    the others read what they may explore. Any other page, or one the user may not read,
    is a 404 that names nothing (``reading.may_read``).
    """

    template_name = "news/read.html"
    page_title = gettext_lazy("Consulter")
    header_icon = "view"

    def dispatch(self, request, page_id: int):
        page = get_object_or_404(Page, pk=page_id)
        if not issubclass(page.specific_class, NewsPage):
            raise Http404
        if not reading.may_read(request.user, page):
            raise Http404
        self.page = page.specific
        self.content = self.page.get_latest_revision_as_object()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.content.title

    def get_context_data(self, **kwargs):
        user = self.request.user
        content = self.content
        related = [link.related_page for link in content.related_links.all()]
        seen = {page.pk for page in isolation.seen_objects(user, related)}
        return super().get_context_data(
            page=self.page,
            content=content,
            status=services.reading_status(self.page),
            can_edit=self.page.permissions_for_user(user).can_edit(),
            related_pages=[
                {"page": page, "visible": page.pk in seen, "readable": reading.may_read(user, page)}
                for page in related
            ],
            **kwargs,
        )


class NewsExplorableIndexView(ExplorableIndexView):
    """The explorer of the news index and the ministry sections, whose "Historique" and
    usage links are shown only to who may open them (Wagtail offers them to anyone who
    explores, then refuses a reading role)."""

    def may_open_history(self) -> bool:
        return self.permissions.can_edit() or self.permissions.can_publish()

    def get_history_url(self):
        return super().get_history_url() if self.may_open_history() else None

    def get_side_panels(self):
        side_panels = super().get_side_panels()
        if not self.may_open_history():
            for panel in side_panels:
                panel.history_url, panel.usage_url = None, ""
        return side_panels
