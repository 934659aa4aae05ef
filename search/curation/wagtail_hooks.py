"""Registers the admin of the editors' search tools (``search.curation.admin``)."""

from wagtail import hooks

from search.curation.admin import SearchToolsViewSetGroup
from search.curation.chooser import item_chooser_viewset


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [SearchToolsViewSetGroup(), item_chooser_viewset]
