"""Who may use and who may edit a video: ``VideoPermissionPolicy`` (docs/videos.md).

Two things decide, both needed:

1. the model permission (``videos.<action>_video``), which ``setup_roles`` gives to the
   roles (``videos.apps``): the Rédaction and each ministry's contributors and
   validators hold ``add``, ``change``, ``delete``, ``choose`` and ``view``; each
   ministry's community managers hold ``choose`` and ``view``;
2. the video's owner and sharing, for the user's *scope*:

   - superusers and the Rédaction (editors, chief editors): every video;
   - otherwise the ministries whose role groups the user belongs to (by ministry
     identity, ``MinistryRoles.ministry_key``; retired ministries do not count):
     *use* (``choose``, ``view``: the listing, the chooser, the usage) their own
     ministries' videos, those shared with one of them, and interministerial ones;
     *edit* (``add``, ``change``, ``delete``) their own ministries' videos, as
     contributors or validators only.

Collections play no part in the decision: they cannot say "shared with these
ministries" (docs/videos.md). The admin views treat a video a user may not use as
nonexistent (404), whatever the view.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils import timezone

from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from cms.organisations.models import Ministry, paris_date
from cms.workflows import roles
from cms.workflows.models import MinistryRoles
from videos.models import Sharing, Video, VideoShare

#: Actions on the videos a user may use: see them (listing, details, usage) and choose them.
USE_ACTIONS = frozenset({"choose", "view"})
#: Actions on the videos a user may edit.
EDIT_ACTIONS = frozenset({"add", "change", "delete"})
#: The model permissions of each role (``videos.apps`` registers them with the roles).
EDITING_PERMISSIONS = [
    ("videos", f"{action}_video") for action in ("add", "change", "delete", "choose", "view")
]
USING_PERMISSIONS = [("videos", "choose_video"), ("videos", "view_video")]


@dataclass(frozen=True)
class VideoScope:
    """The videos a user's roles reach, before model permissions.

    ``unrestricted``: every video (superusers, the Rédaction). Otherwise
    ``member_of`` (ministry identities whose groups, any role, hold the user) and
    ``editor_of`` (those where the user is a contributor or a validator).
    """

    unrestricted: bool
    member_of: frozenset[uuid.UUID] = frozenset()
    editor_of: frozenset[uuid.UUID] = frozenset()


def scope_of(user) -> VideoScope:
    """The scope of ``user``, computed once per user object (once per request)."""
    cached = getattr(user, "_video_scope", None)
    if cached is not None:
        return cached
    if not (user.is_authenticated and user.is_active):
        scope = VideoScope(unrestricted=False)
    elif roles.is_redaction(user):
        scope = VideoScope(unrestricted=True)
    else:
        member_of, editor_of = set(), set()
        rows = (
            MinistryRoles.objects.filter(retired_at__isnull=True)
            .filter(
                Q(contributors__user=user)
                | Q(validators__user=user)
                | Q(community_managers__user=user)
            )
            .values_list("ministry_key", "contributors_id", "validators_id")
            .distinct()
        )
        groups = set(user.groups.values_list("pk", flat=True))
        for key, contributors_id, validators_id in rows:
            member_of.add(key)
            if groups & {contributors_id, validators_id}:
                editor_of.add(key)
        scope = VideoScope(
            unrestricted=False, member_of=frozenset(member_of), editor_of=frozenset(editor_of)
        )
    user._video_scope = scope
    return scope


def _usable_filter(scope: VideoScope) -> Q:
    shared_with_them = VideoShare.objects.filter(
        ministry__translation_key__in=scope.member_of
    ).values("video_id")
    return (
        Q(ministry__translation_key__in=scope.member_of)
        | Q(sharing=Sharing.INTERMINISTERIAL)
        | Q(sharing=Sharing.SHARED, pk__in=shared_with_them)
    )


def _editable_filter(scope: VideoScope) -> Q:
    return Q(ministry__translation_key__in=scope.editor_of)


class VideoPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's permission policy for ``Video``: model permissions, narrowed per video by
    the user's scope (module docstring). Registered in ``videos.apps``; every admin view,
    the chooser and the admin URL finder ask it."""

    def _in_scope(self, scope: VideoScope, action: str, video: Video) -> bool:
        if scope.unrestricted:
            return True
        key = video.ministry.translation_key
        if action in EDIT_ACTIONS:
            return key in scope.editor_of
        if action in USE_ACTIONS:
            return (
                key in scope.member_of
                or video.sharing == Sharing.INTERMINISTERIAL
                or (
                    video.sharing == Sharing.SHARED
                    and video.shares.filter(ministry__translation_key__in=scope.member_of).exists()
                )
            )
        return False

    def _scope_filter(self, scope: VideoScope, action: str) -> Q | None:
        if action in EDIT_ACTIONS:
            return _editable_filter(scope)
        if action in USE_ACTIONS:
            return _usable_filter(scope)
        return None

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(
            scope_of(user), action, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        videos = self.model._default_manager.all()
        permitted = [action for action in actions if self.user_has_permission(user, action)]
        if not permitted:
            return videos.none()
        scope = scope_of(user)
        if scope.unrestricted:
            return videos
        condition = Q(pk__in=[])
        for action in permitted:
            action_filter = self._scope_filter(scope, action)
            if action_filter is not None:
                condition |= action_filter
        return videos.filter(condition)

    def users_with_any_permission_for_instance(self, actions, instance):
        """Active users who may do one of ``actions`` on ``instance`` (for notifications:
        its owners are ``users_with_permission_for_instance("change", video)``)."""
        actions = set(actions)
        redaction = Group.objects.filter(name__in=(roles.EDITORS, roles.CHIEF_EDITORS))
        reach = Q(is_superuser=True) | Q(groups__in=redaction)
        owner = instance.ministry.translation_key
        if actions & EDIT_ACTIONS:
            reach |= _members({owner}, all_roles=False)
        if actions & USE_ACTIONS:
            if instance.sharing == Sharing.INTERMINISTERIAL:
                reach = Q(pk__isnull=False)
            else:
                ministries = {owner}
                if instance.sharing == Sharing.SHARED:
                    ministries |= set(
                        instance.shares.values_list("ministry__translation_key", flat=True)
                    )
                reach |= _members(ministries, all_roles=True)
        users = self.users_with_any_permission(actions).filter(reach)
        return get_user_model().objects.filter(pk__in=users.values("pk"))


def _members(ministry_keys: set[uuid.UUID], *, all_roles: bool) -> Q:
    """Users in the role groups of these (unretired) ministries: contributors and
    validators, and community managers too when ``all_roles``."""
    fields = ["contributors_id", "validators_id"]
    if all_roles:
        fields.append("community_managers_id")
    rows = MinistryRoles.objects.filter(ministry_key__in=ministry_keys, retired_at__isnull=True)
    group_ids = {group_id for row in rows.values_list(*fields) for group_id in row if group_id}
    return Q(groups__in=group_ids)


#: The policy of the ``Video`` model (registered in ``videos.apps``).
policy = VideoPermissionPolicy(Video)


def usable_videos(user) -> QuerySet[Video]:
    """The videos ``user`` may use: list, see, choose for their content. The queryset of
    the listing and the chooser."""
    return policy.instances_user_has_any_permission_for(user, ["choose", "view"])


def editable_videos(user) -> QuerySet[Video]:
    """The videos ``user`` may edit."""
    return policy.instances_user_has_permission_for(user, "change")


def deletable_videos(user) -> QuerySet[Video]:
    """The videos ``user`` may delete."""
    return policy.instances_user_has_permission_for(user, "delete")


def may_use(user, video: Video) -> bool:
    """Whether ``user`` may use ``video`` (see it, choose it)."""
    return policy.user_has_any_permission_for_instance(user, ["choose", "view"], video)


def may_edit(user, video: Video) -> bool:
    """Whether ``user`` may edit ``video``."""
    return policy.user_has_permission_for_instance(user, "change", video)


def active_ministries() -> QuerySet[Ministry]:
    """The ministries (French versions) that exist today (Paris time)."""
    today = paris_date(timezone.now())
    return Ministry.objects.filter(locale=Locale.get_default()).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )


def ministries_for_new_videos(user) -> QuerySet[Ministry]:
    """The ministries (French versions) ``user`` may file a video under: every active one
    for the unrestricted, those they contribute to or validate otherwise."""
    ministries = active_ministries()
    scope = scope_of(user)
    if not scope.unrestricted:
        ministries = ministries.filter(translation_key__in=scope.editor_of)
    return ministries
