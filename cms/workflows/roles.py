"""Roles as groups, created idempotently, and their permissions.

The Rédaction, the crisis cell and the social-media managers are fixed groups. Every
ministry gets a contributors', a validators' and a community managers' group and a media
collection, once per ministry identity (not per translation), with page permissions on
its own section only and collection permissions on its own collection only (plus choosing
from the shared one). Feature apps add model permissions to a role
(``register_model_permissions``): the social-media posts of the news app, for instance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page

from cms.organisations.models import Ministry
from cms.workflows.models import MinistryRoles
from cms.workflows.pages import MinistrySectionMixin, page_models

EDITORS = "Rédaction – éditeurs"
CHIEF_EDITORS = "Rédaction – rédacteurs en chef"
CRISIS_CELL = "Cellule de crise"
SOCIAL_MEDIA = "Réseaux sociaux"
SHARED_COLLECTION = "Médiathèque commune"
RETIRED_SUFFIX = " (ministère supprimé)"

#: Page permissions of each fixed group, on every home page (the whole site). Only chief
#: editors publish directly (Wagtail lets whoever may publish skip the workflow); editors'
#: items go out when the workflow's last approval publishes them.
SITE_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    CHIEF_EDITORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
    ],
    CRISIS_CELL: ["view_page"],
    SOCIAL_MEDIA: ["view_page"],
}
#: Page permissions of a ministry's groups, on its own section only. Neither publishes:
#: their news goes through the ministry workflow, which ends with the Rédaction.
SECTION_PAGE_PERMISSIONS = {
    "contributors": ["add_page", "change_page", "lock_page"],
    "validators": ["add_page", "change_page", "lock_page", "unlock_page"],
    # They write the social-media copy of their ministry's items: they see the section.
    "community_managers": ["view_page"],
}
#: Model permissions that feature apps give to a fixed group (by name) or to a ministry
#: role ("contributors", "validators", "community_managers"), as (app label, codename).
REGISTERED_MODEL_PERMISSIONS: dict[str, list[tuple[str, str]]] = {}


def register_model_permissions(role: str, permissions: list[tuple[str, str]]) -> None:
    """Give ``permissions`` to ``role`` at the next ``setup_roles`` (call from ``ready()``)."""
    existing = REGISTERED_MODEL_PERMISSIONS.setdefault(role, [])
    existing += [permission for permission in permissions if permission not in existing]


MEDIA_ALL = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
MEDIA_CHOOSE = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]
CRISIS_ALERT_EDIT = [
    ("crisis", "add_crisisalert"),
    ("crisis", "change_crisisalert"),
    ("crisis", "publish_crisisalert"),
    ("crisis", "lock_crisisalert"),
    ("crisis", "unlock_crisisalert"),
]
#: Governments, ministries, topics and people, managed by the chief editors.
ORGANISATIONS_MANAGE = [
    ("organisations", f"{action}_{model}")
    for model in ("government", "ministry", "topic", "person")
    for action in ("add", "change", "delete")
]
#: Every role reads the organisations (snippets), which news items are filed under: the
#: snippet choosers and listings are closed to whoever has no permission on the model.
ORGANISATIONS_VIEW = [
    ("organisations", "view_government"),
    ("organisations", "view_ministry"),
    ("organisations", "view_topic"),
    ("organisations", "view_person"),
]
#: Model (snippet) permissions of the fixed groups: only the crisis cell and the chief
#: editors write and publish crisis alerts; chief editors review crisis publications and
#: manage the organisations (Organisations menu).
MODEL_PERMISSIONS = {
    EDITORS: [*ORGANISATIONS_VIEW, ("crisis", "view_crisisalert")],
    CHIEF_EDITORS: [
        *ORGANISATIONS_VIEW,
        *CRISIS_ALERT_EDIT,
        ("crisis", "review_crisisalert"),
        *ORGANISATIONS_MANAGE,
    ],
    CRISIS_CELL: [*ORGANISATIONS_VIEW, *CRISIS_ALERT_EDIT],
    SOCIAL_MEDIA: [*ORGANISATIONS_VIEW, ("crisis", "view_crisisalert")],
}


def is_redaction(user) -> bool:
    """Whether ``user`` belongs to the Rédaction (editors, chief editors) or is a superuser."""
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=(EDITORS, CHIEF_EDITORS)).exists()


@dataclass
class RolesSummary:
    groups_created: list[str] = field(default_factory=list)
    groups_renamed: list[str] = field(default_factory=list)
    groups_retired: list[str] = field(default_factory=list)


def ministry_group_names(ministry: Ministry) -> tuple[str, str]:
    """The contributors' and validators' group names of a ministry."""
    label = ministry.short_name or ministry.name
    return f"{label} – contributeurs", f"{label} – valideurs"


def community_managers_group_name(ministry: Ministry) -> str:
    """The name of a ministry's community managers' group."""
    return f"{ministry.short_name or ministry.name} – réseaux sociaux"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return _permission("wagtailcore", codename)


def _grant_pages(group: Group, pages, codenames: list[str]) -> None:
    for page in pages:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_permission(codename)
            )


def _grant_collection(group: Group, collection: Collection, permissions) -> None:
    for app_label, codename in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def _grant_admin_access(group: Group) -> None:
    group.permissions.add(_permission("wagtailadmin", "access_admin"))


def shared_collection() -> Collection:
    """The collection every ministry can choose media from."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SHARED_COLLECTION).first()
    return existing or root.add_child(name=SHARED_COLLECTION)


def source_ministry(ministry: Ministry) -> Ministry:
    """The version of a ministry in the default language (its identity's reference)."""
    default = Locale.get_default()
    if ministry.locale_id == default.pk:
        return ministry
    return ministry.get_translation_or_none(default) or ministry


@transaction.atomic
def setup_roles() -> RolesSummary:
    """Create or update every role group and its permissions. Idempotent."""
    summary = RolesSummary()
    homes = Page.objects.filter(depth=2)
    root_collection = Collection.get_first_root_node()
    shared = shared_collection()
    for name, codenames in SITE_PAGE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            summary.groups_created.append(name)
        _grant_admin_access(group)
        group.permissions.add(*(_permission(*perm) for perm in MODEL_PERMISSIONS[name]))
        group.permissions.add(
            *(_permission(*perm) for perm in REGISTERED_MODEL_PERMISSIONS.get(name, []))
        )
        _grant_pages(group, homes, codenames)
        if name in (EDITORS, CHIEF_EDITORS):
            _grant_collection(group, root_collection, MEDIA_ALL)
        else:
            _grant_collection(group, shared, MEDIA_CHOOSE)
    default = Locale.get_default()
    for ministry in Ministry.objects.filter(locale=default):
        sync_ministry_roles(ministry, summary=summary)
    return summary


@transaction.atomic
def sync_ministry_roles(
    ministry: Ministry, *, summary: RolesSummary | None = None
) -> MinistryRoles:
    """Create, rename or retire a ministry's groups and collection, and grant permissions."""
    summary = summary or RolesSummary()
    ministry = source_ministry(ministry)
    contributors_name, validators_name = ministry_group_names(ministry)
    roles = MinistryRoles.objects.filter(ministry_key=ministry.translation_key).first()
    if roles is None:
        contributors, created_c = Group.objects.get_or_create(name=contributors_name)
        validators, created_v = Group.objects.get_or_create(name=validators_name)
        summary.groups_created += [
            name
            for name, created in ((contributors_name, created_c), (validators_name, created_v))
            if created
        ]
        collection = Collection.get_first_root_node().add_child(name=f"Ministère – {ministry}")
        roles = MinistryRoles.objects.create(
            ministry_key=ministry.translation_key,
            contributors=contributors,
            validators=validators,
            collection=collection,
        )
    if roles.community_managers is None:
        name = community_managers_group_name(ministry)
        roles.community_managers, created = Group.objects.get_or_create(name=name)
        if created:
            summary.groups_created.append(name)
        roles.save(update_fields=["community_managers"])
    suffix = "" if ministry.is_active else RETIRED_SUFFIX
    for group, name in (
        (roles.contributors, contributors_name),
        (roles.validators, validators_name),
        (roles.community_managers, community_managers_group_name(ministry)),
    ):
        if group.name != name + suffix:
            group.name = name + suffix
            group.save(update_fields=["name"])
            (summary.groups_retired if suffix else summary.groups_renamed).append(group.name)
    collection_name = f"Ministère – {ministry}"
    if roles.collection.name != collection_name:
        roles.collection.name = collection_name
        roles.collection.save(update_fields=["name"])
    if ministry.is_active:
        roles.retired_at = None
        _grant_ministry_permissions(roles)
    elif roles.retired_at is None:
        roles.retired_at = timezone.now()
        _revoke_ministry_permissions(roles)
    roles.save(update_fields=["retired_at"])
    return roles


def ministry_sections(roles: MinistryRoles) -> list[Page]:
    """The sections (every translation) of a ministry identity."""
    return [
        section
        for model in page_models(MinistrySectionMixin)
        for section in model.objects.filter(ministry__translation_key=roles.ministry_key)
    ]


def _ministry_groups(roles: MinistryRoles) -> list[tuple[str, Group]]:
    return [
        ("contributors", roles.contributors),
        ("validators", roles.validators),
        ("community_managers", roles.community_managers),
    ]


def _grant_ministry_permissions(roles: MinistryRoles) -> None:
    """Contributors and validators write in the section and upload to the collection;
    community managers see the section and choose from the collection."""
    sections = list(ministry_sections(roles))
    shared = shared_collection()
    for role, group in _ministry_groups(roles):
        _grant_admin_access(group)
        group.permissions.add(*(_permission(*perm) for perm in ORGANISATIONS_VIEW))
        group.permissions.add(
            *(_permission(*perm) for perm in REGISTERED_MODEL_PERMISSIONS.get(role, []))
        )
        _grant_pages(group, sections, SECTION_PAGE_PERMISSIONS[role])
        own_media = MEDIA_CHOOSE if role == "community_managers" else MEDIA_ALL
        _grant_collection(group, roles.collection, own_media)
        _grant_collection(group, shared, MEDIA_CHOOSE)


def _revoke_ministry_permissions(roles: MinistryRoles) -> None:
    groups = [group for _role, group in _ministry_groups(roles)]
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    for role, group in _ministry_groups(roles):
        group.permissions.remove(
            *(
                _permission(*perm)
                for perm in ORGANISATIONS_VIEW + REGISTERED_MODEL_PERMISSIONS.get(role, [])
            )
        )


def roles_for_ministry(ministry: Ministry) -> MinistryRoles | None:
    return MinistryRoles.objects.filter(ministry_key=ministry.translation_key).first()
