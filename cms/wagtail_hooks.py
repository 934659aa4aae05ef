"""Gouvernail's admin, not Wagtail's: no help links to wagtail.org (the logo, favicon and
title are in cms/templates/wagtailadmin/)."""

from wagtail import hooks

#: Help menu items that link to Wagtail's own site.
WAGTAIL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def hide_wagtail_help_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]
