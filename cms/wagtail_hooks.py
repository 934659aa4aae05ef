"""Gouvernail's admin, not Wagtail's: no help links to wagtail.org (the logo, favicon and
title are in cms/templates/wagtailadmin/); no move confirmation for who may not move."""

from wagtail import hooks
from wagtail.admin.auth import permission_denied

#: Help menu items that link to Wagtail's own site.
WAGTAIL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def hide_wagtail_help_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]


@hooks.register("before_move_page", order=1)
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's move confirmation renders for anyone: refuse it as its other views do."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None
