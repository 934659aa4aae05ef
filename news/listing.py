"""The news listing in the explorer: the kind of each item, and filters by kind, ministry
and state (used for the news index and the ministry sections)."""

from django.conf import settings
from django.db.models import Q
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView, PageFilterSet
from wagtail.coreutils import get_supported_content_language_variant

import django_filters

from cms.organisations.models import Ministry
from news.models import MinistryPage, NewsKind, NewsPage

STATES = [
    ("live", _("En ligne")),
    ("draft", _("Brouillon, jamais publié")),
    ("scheduled", _("Programmée")),
    ("in_moderation", _("En validation")),
]


def _ministries(request):
    """The ministries in the default language, in one query (joined to their locale)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Ministry.objects.filter(locale__language_code=default).order_by("name")


class NewsPageFilterSet(PageFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label=_("Type d'actualité"), choices=NewsKind.choices, widget=CheckboxSelectMultiple
    )
    ministry = django_filters.ModelChoiceFilter(
        label=_("Ministère"), queryset=_ministries, method="filter_ministry"
    )
    state = django_filters.ChoiceFilter(
        label=_("État"),
        choices=STATES,
        method="filter_state",
        widget=RadioSelect,
        empty_label=_("Tous"),
    )

    class Meta:
        model = NewsPage
        fields = []

    def filter_ministry(self, queryset, name, ministry):
        """Items of the ministry's section(s), and items naming it among the ministries."""
        key = ministry.translation_key
        condition = Q(ministry_links__ministry__translation_key=key)
        for section in MinistryPage.objects.filter(ministry__translation_key=key):
            condition |= Q(path__startswith=section.path)
        return queryset.filter(condition).distinct()

    def filter_state(self, queryset, name, state):
        if state == "live":
            return queryset.filter(live=True)
        if state == "draft":
            return queryset.filter(live=False, first_published_at__isnull=True)
        if state == "scheduled":
            return queryset.filter(live=False, _revisions__approved_go_live_at__isnull=False)
        if state == "in_moderation":
            return queryset.filter(
                _workflow_states__status="in_progress",
            ).distinct()
        return queryset


def _kind_label(page) -> str:
    kind = getattr(page.specific_deferred, "kind", "")
    return NewsKind(kind).label if kind in NewsKind.values else ""


#: The explorer's columns, with the kind of each item after its title.
NEWS_COLUMNS = [
    *ExplorableIndexView.base_columns[:2],
    Column("kind", label=_("Type d'actualité"), accessor=_kind_label),
    *ExplorableIndexView.base_columns[2:],
]
