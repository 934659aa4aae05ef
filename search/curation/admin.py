"""The admin of the editors' search tools: menu "Recherche", with « Synonymes » and
« Meilleurs résultats ».

Both follow Django's model permissions (``search_curation.*_synonymgroup``,
``*_bestbet``), which ``setup_roles`` gives to the Rédaction's chief editors
(``CurationConfig.ready``); administrators have them all. Whoever holds none does not
see the menu, and every view answers them 403.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from search.curation import targets
from search.curation.forms import MAX_TARGETS, BestBetForm, SynonymGroupForm, TargetForm
from search.curation.models import BestBet, SynonymGroup


class TargetsPanel(InlinePanel):
    """The ordered items of a best bet, each chosen with :class:`TargetForm`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = TargetForm
        return options


class BestBetIndexView(IndexView):
    """The best bets, each with its items' labels (one query for the page's items)."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, objects, is_paginated = super().paginate_queryset(queryset, page_size)
        objects = list(objects)
        names = targets.labels([t.document_key for bet in objects for t in bet.targets.all()])
        for bet in objects:
            bet.targets_display = "\u00a0; ".join(names[t.document_key] for t in bet.targets.all())
        page.object_list = objects
        return paginator, page, objects, is_paginated


def forbidden_as_403(view):
    """``view``, answering a refused permission with a 403 page in French (Wagtail's
    admin would redirect to the dashboard with a message)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return TemplateResponse(request, "search_curation/forbidden.html", status=403)

    return wrapped


class ConflictCheckedMixin:
    """A create or edit view whose save can lose a race: another editor saves the same
    term (or best bet query) between this form's checks and its save, and the database's
    unique constraint refuses the save. The save's transaction (``form_valid``'s) is
    rolled back whole, and the form is shown again (200) with the error its checks find
    now, in French, what the editor typed kept. Any other integrity error is raised."""

    def form_valid(self, form):
        adding = form.instance._state.adding
        try:
            return super().form_valid(form)
        except IntegrityError:
            if adding:
                # Rolled back: the primary key the insert gave is no row's.
                form.instance.pk = None
                form.instance._state.adding = True
            if not form.add_conflict_errors():
                raise
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CurationCreateView(ConflictCheckedMixin, CreateView):
    pass


class CurationEditView(ConflictCheckedMixin, EditView):
    pass


class CurationViewSet(ModelViewSet):
    """A model of the search tools: every view refuses with a 403 whoever holds no
    permission on the model; a save that loses a race to another editor's answers the
    form with its error (:class:`ConflictCheckedMixin`)."""

    copy_view_enabled = False
    add_view_class = CurationCreateView
    edit_view_class = CurationEditView

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), forbidden_as_403)


class SynonymGroupViewSet(CurationViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Synonymes")
    url_prefix = "recherche/synonymes"
    list_display = ["equivalents", "locale", "updated_at"]
    list_filter = ["locale"]
    search_fields = ["terms"]
    edit_handler = ObjectList(
        [FieldPanel("terms"), FieldPanel("locale"), FieldPanel("note")],
        base_form_class=SynonymGroupForm,
    )


class BestBetViewSet(CurationViewSet):
    model = BestBet
    index_view_class = BestBetIndexView
    icon = "pick"
    menu_label = _("Meilleurs résultats")
    url_prefix = "recherche/meilleurs-resultats"
    list_display = [
        "query",
        Column("targets", label=_("Contenus mis en avant"), accessor="targets_display"),
        "locale",
        "updated_at",
    ]
    list_filter = ["locale"]
    search_fields = ["query"]
    edit_handler = ObjectList(
        [
            FieldPanel("query"),
            FieldPanel("locale"),
            TargetsPanel(
                "targets",
                heading=_("Contenus mis en avant"),
                label=_("contenu mis en avant"),
                help_text=_(
                    "Dans l'ordre où ils s'affichent, avant les autres résultats "
                    "(%(max)s au plus). Un contenu qui n'est plus publié n'est pas affiché."
                )
                % {"max": MAX_TARGETS},
            ),
            FieldPanel("note"),
        ],
        base_form_class=BestBetForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=BestBet.objects.prefetch_related("targets"), **kwargs
        )


class SearchToolsViewSetGroup(ViewSetGroup):
    """Menu "Recherche": what the editors tell the public search."""

    menu_label = _("Recherche")
    menu_icon = "search"
    menu_order = 250
    items = (SynonymGroupViewSet("search_synonyms"), BestBetViewSet("search_best_bets"))
