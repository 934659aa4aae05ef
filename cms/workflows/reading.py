"""Reading rights: the "view" page permission lets a user explore and read, nothing more.

Wagtail 8 ignores ``view_page`` on pages: a group holding only it (the crisis cell, the
social-media managers) is refused the explorer and every page screen. The page permission
policy registered here (``register()``, from ``WorkflowsConfig.ready()``) counts "view" as
a right to *explore* the pages below it, as Wagtail counts add, change, publish, lock,
unlock and bulk delete; it grants no other action: editing, publishing, deleting, moving,
copying, locking and unpublishing are decided by Wagtail's ``PagePermissionTester`` as
before. Feature apps build their read-only views on ``may_read``. See docs/permissions.md.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from cms.workflows import isolation

#: The actions Wagtail checks, all together, for "may explore pages".
EXPLORE_ACTIONS = frozenset({"add", "change", "publish", "bulk_delete", "lock", "unlock"})
#: The actions giving a right to read a page: exploring it, or viewing it.
READ_ACTIONS = EXPLORE_ACTIONS | {"view"}


class ReadingPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, in which "view" is a right to explore the pages below."""

    def user_has_any_permission(self, user, actions):
        """Any of ``actions`` somewhere; asked for every explore action, "view" counts."""
        actions = set(actions)
        if actions >= EXPLORE_ACTIONS:
            actions.add("view")
        return super().user_has_any_permission(user, actions)

    def instances_with_direct_explore_permission(self, user):
        """The pages where the user holds an explore permission or "view"."""
        if user.is_superuser:
            return super().instances_with_direct_explore_permission(user)
        codenames = self._get_permission_codenames(READ_ACTIONS)
        return [
            perm.page
            for perm in self.get_cached_permissions_for_user(user)
            if perm.permission.codename in codenames
        ]

    def explorable_instances(self, user):
        """Wagtail's explorable pages, and every page below a "view" permission."""
        explorable = super().explorable_instances(user)
        if self._base_queryset_for_user(user) is not None:
            return explorable
        return explorable | self.instances_user_has_any_permission_for(user, {"view"})


def register() -> None:
    """Make the reading policy Wagtail's policy for every page model."""
    register_permission_policy(Page, ReadingPagePermissionPolicy(Page))


def may_read(user, page: Page) -> bool:
    """Whether ``user`` may read ``page``, every state of it: they hold a permission on it
    (any explore action or "view", on it or above) and, if isolated, may see it."""
    policy = policy_registry.get_by_type(Page)
    if not policy.user_has_any_permission_for_instance(user, READ_ACTIONS, page):
        return False
    return isolation.can_see_page(user, page.pk)


def readable_pages(user, pages: QuerySet) -> QuerySet:
    """``pages`` narrowed to those ``user`` may read (``may_read``), in one query."""
    policy = policy_registry.get_by_type(Page)
    held = policy.instances_user_has_any_permission_for(user, READ_ACTIONS)
    return isolation.visible_pages(user, pages.filter(pk__in=held.values("pk")))


def is_reader(user) -> bool:
    """Whether the user holds the "view" page permission somewhere (a reading role)."""
    if not user.is_active or user.is_superuser:
        return False
    return policy_registry.get_by_type(Page).user_has_permission(user, "view")
