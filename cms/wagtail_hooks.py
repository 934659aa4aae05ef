"""Gouvernail's admin, not Wagtail's: no help links to wagtail.org (the logo, favicon and
title are in cms/templates/wagtailadmin/); page listings at a fixed number of queries; no
move confirmation for who may not move."""

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from cms import page_listing

#: Help menu items that link to Wagtail's own site.
WAGTAIL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def hide_wagtail_help_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]


@hooks.register("construct_explorer_page_queryset")
def annotate_translation_state(parent_page, pages, request):
    """What wagtail-localize's row buttons show, read with the rows (``cms.page_listing``)."""
    page_listing.replace_localize_listing_buttons()
    if not request.user.has_perm(page_listing.SUBMIT_TRANSLATION):
        return pages
    return page_listing.with_translation_state(pages)


@hooks.register("construct_page_chooser_queryset")
def load_chooser_rows_with_parents(pages, request):
    """The parent of each row (its "choose" link), loaded with the rows."""
    return page_listing.with_parents(pages)


@hooks.register("before_move_page", order=1)
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's move confirmation renders for anyone: refuse it as its other views do."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None
