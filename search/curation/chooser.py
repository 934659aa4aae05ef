"""The chooser of a best bet's items: a modal listing the public news items and videos
of the delivery store (``targets.public_items``), searchable by title, filtered by
language, newest first. The value it gives the form is the item's store key
(``"page:42"``), never a database id."""

from __future__ import annotations

import functools

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.permissions import policy_registry
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms.delivery.models import Document, Kind
from search.curation import targets
from search.curation.models import BestBet, Language


class ItemFilterForm(BaseFilterForm):
    """Search in the titles (and chapôs) of the items, and a language."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Un mot du titre")}),
    )
    locale = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        choices=[("", _("Toutes les langues")), *Language.choices],
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            # The summary is the listing's JSON: its title, chapô… as stored (UTF-8).
            objects = objects.filter(summary__icontains=query)
            self.is_searching, self.search_query = True, query
        if self.cleaned_data.get("locale"):
            objects = objects.filter(locale=self.cleaned_data["locale"])
        return objects


class ItemChooseMixin:
    """The chooser's listing: public items only, newest first, with their date, kind
    and language."""

    filter_form_class = ItemFilterForm

    def get_object_list(self):
        return targets.public_items().only("pk", "key", "kind", "locale", "summary", "published_at")

    def apply_object_list_ordering(self, objects):
        return objects

    @property
    def columns(self):
        return [
            self.title_column,
            Column(
                "published_at",
                label=_("Publié le"),
                accessor=lambda document: (
                    date_format(timezone.localtime(document.published_at), "j F Y")
                    if document.published_at
                    else "—"
                ),
            ),
            Column("kind", label=_("Type"), accessor=lambda d: Kind(d.kind).label),
            Column("locale", label=_("Langue"), accessor=lambda d: Language(d.locale).label),
        ]

    @property
    def title_column(self):
        # Wagtail's column (a link that chooses the row), showing the item's title.
        column = super().title_column
        column.label, column.accessor = _("Titre"), targets.title
        return column


class ItemChooseView(ItemChooseMixin, chooser_views.ChooseView):
    pass


class ItemChooseResultsView(ItemChooseMixin, chooser_views.ChooseResultsView):
    pass


class ItemChosenView(chooser_views.ChosenView):
    """Gives the form the key and label of a public item; 404 for any other document."""

    def get_object(self, pk):
        return targets.public_items().get(pk=pk)

    def get_object_id(self, instance):
        return instance.key

    def get_display_title(self, instance):
        return targets.label(instance)

    def get_edit_item_url(self, instance):
        return None


class ItemChooser(BaseChooser):
    """The widget: the chosen item's label (« non publié » once it is no longer
    public), the store key as its value."""

    show_edit_link = False

    def get_value_data(self, value):
        key = value.key if isinstance(value, Document) else value
        if not key:
            return None
        return {"id": key, "title": targets.labels([key])[key], "edit_url": None}


def managers_only(view):
    """``view``, refused (403, the search tools' page) to whoever holds no permission
    on best bets."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        policy = policy_registry.get_by_type(BestBet)
        if not policy.user_has_any_permission(request.user, ["add", "change"]):
            return TemplateResponse(request, "search_curation/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


class ItemChooserViewSet(ChooserViewSet):
    model = Document
    icon = "doc-full"
    choose_one_text = _("Choisir un contenu")
    choose_another_text = _("Choisir un autre contenu")
    page_title = _("Choisir une actualité ou une vidéo publiée")
    url_prefix = "recherche/contenus-publics"
    per_page = 20
    register_widget = False
    base_widget_class = ItemChooser
    choose_view_class = ItemChooseView
    choose_results_view_class = ItemChooseResultsView
    chosen_view_class = ItemChosenView

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), managers_only)


item_chooser_viewset = ItemChooserViewSet("search_item_chooser")
