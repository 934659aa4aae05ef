"""Admin for organisations: snippets grouped under "Organisations"."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.organisations.models import Government, Ministry, Person, Topic


class GovernmentViewSet(SnippetViewSet):
    model = Government
    icon = "group"
    menu_label = _("Gouvernements")
    list_display = ["label", "prime_minister", "start_date", "end_date"]
    search_fields = ["label", "prime_minister"]


class MinistryViewSet(SnippetViewSet):
    model = Ministry
    icon = "site"
    menu_label = _("Ministères")
    list_display = ["name", "short_name", "acronym", "start_date", "end_date"]
    list_filter = ["locale"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Thématiques")
    list_display = ["name", "slug", "parent"]
    list_filter = ["locale"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personnes")
    list_display = ["name", "role", "ministry"]
    list_filter = ["role"]


class OrganisationsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Organisations")
    menu_icon = "group"
    menu_order = 200
    items = (GovernmentViewSet, MinistryViewSet, TopicViewSet, PersonViewSet)


register_snippet(OrganisationsViewSetGroup)
