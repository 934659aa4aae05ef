"""Who may see a medium in the admin: the rule of the media library and of its files."""

from __future__ import annotations

from wagtail.permissions import policy_registry

#: A user sees the images and documents of the collections where they may do any of
#: these (the Rédaction's permissions are on the root collection: everything).
MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


def may_see(user, obj) -> bool:
    """Whether ``user`` may see ``obj`` (an image or a document) in the admin: they hold
    one of :data:`MEDIA_ACTIONS` on its collection (or an ancestor collection)."""
    if not user.is_active:
        return False
    policy = policy_registry.get_by_type(type(obj))
    collections = policy.collections_user_has_any_permission_for(user, MEDIA_ACTIONS)
    return collections.filter(pk=obj.collection_id).exists()
