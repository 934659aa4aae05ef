"""Isolation of the ministries from one another in the admin.

A user is *restricted* when every page permission they hold lies inside ministry
sections: a ministry's contributors and validators (and, by the same rule, an admin user
with no page permission at all). In the admin, a restricted user sees

- the pages of their own section(s), every state, and the ancestors leading to them;
- other pages only as published: live, with no pending change of title;
- only the media of the collections they hold a permission on (their ministry's and the
  shared one).

Everyone else (the Rédaction, the crisis cell, the social-media managers, superusers)
sees the admin as Wagtail shows it. The services are here, with the few admin classes
they need; ``wagtail_hooks`` plugs them in. See docs/permissions.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.bulk_actions import (
    AddTagsBulkAction as AddTagsToDocumentsBulkAction,
)
from wagtail.documents.views.bulk_actions import (
    AddToCollectionBulkAction as AddDocumentsToCollectionBulkAction,
)
from wagtail.documents.views.bulk_actions import DeleteBulkAction as DeleteDocumentsBulkAction
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views.bulk_actions import AddTagsBulkAction as AddTagsToImagesBulkAction
from wagtail.images.views.bulk_actions import (
    AddToCollectionBulkAction as AddImagesToCollectionBulkAction,
)
from wagtail.images.views.bulk_actions import DeleteBulkAction as DeleteImagesBulkAction
from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize.views.report import TranslationsReportView

from cms.workflows.pages import MinistrySectionMixin

MOVE_REFUSAL = _("Vous ne pouvez déplacer un contenu que dans la rubrique de votre ministère.")
COPY_REFUSAL = _("Vous ne pouvez copier un contenu que dans la rubrique de votre ministère.")

#: A restricted user sees the media of the collections where they may do any of these.
MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


@dataclass(frozen=True)
class Scope:
    """What a user may see: restricted or not, and the paths of their own area."""

    restricted: bool
    area_paths: tuple[str, ...] = ()


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (that is, once per request)."""
    cached = getattr(user, "_ministry_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or user.is_superuser:
        scope = Scope(restricted=False)
    else:
        paths = set(
            GroupPagePermission.objects.filter(group__user=user).values_list(
                "page__path", flat=True
            )
        )
        sections = list(Page.objects.type(MinistrySectionMixin).values_list("path", flat=True))
        restricted = all(any(p.startswith(section) for section in sections) for p in paths)
        scope = Scope(restricted=restricted, area_paths=tuple(sorted(paths)))
    user._ministry_scope = scope
    return scope


def is_restricted(user) -> bool:
    """Whether the user is isolated in their ministry's section(s)."""
    return scope_of(user).restricted


def in_own_area(user, page: Page) -> bool:
    """Whether the page is one of the user's sections or below one."""
    return any(page.path.startswith(area) for area in scope_of(user).area_paths)


def may_place_in(user, destination: Page) -> bool:
    """Whether the user may move or copy a page under ``destination``."""
    return not is_restricted(user) or in_own_area(user, destination)


def may_copy_to(user, destination_id) -> bool:
    """Whether the user may copy a page under the page of id ``destination_id``."""
    if not is_restricted(user):
        return True
    try:
        destination = Page.objects.filter(pk=int(destination_id)).first()
    except (TypeError, ValueError):
        return False
    return destination is not None and in_own_area(user, destination)


def explorable_pages(user) -> QuerySet[Page]:
    """Wagtail's explorable pages: the user's sections, below and the ancestors above."""
    if not scope_of(user).area_paths:
        return Page.objects.none()
    return policy_registry.get_by_type(Page).explorable_instances(user)


def visible_pages(user, pages: QuerySet[Page]) -> QuerySet[Page]:
    """The pages the user may see: their own area, and the rest as published."""
    if not is_restricted(user):
        return pages
    # The pages hidden from the user, excluded by primary key (a filter the search
    # backends accept): unpublished, or with a pending change of title, and outside
    # their area. They are few, and found through an index (``workflows_page_unpublished``);
    # the visible ones are most of the table, which selecting them scanned.
    unpublished = Q(live=False) | ~Q(draft_title=F("title"))
    hidden = Page.objects.filter(unpublished).exclude(pk__in=explorable_pages(user).values("pk"))
    return pages.exclude(pk__in=hidden.values("pk"))


def can_see_page(user, page_id) -> bool:
    """Whether the user may see the page of id ``page_id`` (in a chooser, say)."""
    return visible_pages(user, Page.objects.filter(pk=page_id)).exists()


def can_explore(user, page: Page) -> bool:
    """Whether the user may list the page's children (and see its own details)."""
    return not is_restricted(user) or explorable_pages(user).filter(pk=page.pk).exists()


def visible_media(user, items: QuerySet) -> QuerySet:
    """Images or documents of the collections the user holds a permission on."""
    if not is_restricted(user):
        return items
    policy = policy_registry.get_by_type(items.model)
    return items.filter(
        collection__in=policy.collections_user_has_any_permission_for(user, MEDIA_ACTIONS)
    )


def seen_objects(user, objects: list) -> list:
    """Keep, in order, the pages or media of a list that the user may see."""
    if not is_restricted(user) or not objects:
        return objects
    model = type(objects[0])
    if isinstance(objects[0], Page):
        queryset = visible_pages(user, Page.objects.all())
    else:
        queryset = visible_media(user, model._default_manager.all())
    seen = set(queryset.filter(pk__in=[obj.pk for obj in objects]).values_list("pk", flat=True))
    return [obj for obj in objects if obj.pk in seen]


# Admin classes plugged in by ``wagtail_hooks`` (or ``admin_urlpatterns``).


class IsolatedBulkActionMixin:
    """A bulk action that never lists what the user may not see among the refused items."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        extra["items_with_no_access"] = seen_objects(
            self.request.user, extra["items_with_no_access"]
        )
        return objects, extra


class IsolatedMoveBulkAction(IsolatedBulkActionMixin, MoveBulkAction):
    """Bulk move that refuses any destination outside the user's sections."""

    def prepare_action(self, pages, pages_without_access):
        if not may_place_in(self.request.user, self.cleaned_form.cleaned_data["chooser"]):
            messages.error(self.request, MOVE_REFUSAL)
            return redirect(self.request.get_full_path())
        return super().prepare_action(pages, pages_without_access)


def isolated_bulk_actions() -> list[type]:
    """The page and media bulk actions, isolated, to replace Wagtail's."""
    plain = [
        DeleteBulkAction,
        PublishBulkAction,
        UnpublishBulkAction,
        DeleteImagesBulkAction,
        AddTagsToImagesBulkAction,
        AddImagesToCollectionBulkAction,
        DeleteDocumentsBulkAction,
        AddTagsToDocumentsBulkAction,
        AddDocumentsToCollectionBulkAction,
    ]
    isolated = [
        type(f"Isolated{action.__name__}", (IsolatedBulkActionMixin, action), {})
        for action in plain
    ]
    return [*isolated, IsolatedMoveBulkAction]


class IsolatedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return visible_media(self.request.user, super().get_queryset())


class IsolatedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return visible_media(self.request.user, super().get_queryset())


class IsolatedChosenMultipleView(ChosenMultipleView):
    """The page chooser's "chosen" step, for the pages the user may see only."""

    def get(self, request):
        pages = visible_pages(request.user, Page.objects.filter(pk__in=request.GET.getlist("id")))
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in pages.values_list("pk", flat=True)])
        request.GET = query
        return super().get(request)


def refused_to_restricted(view):
    """Wrap an admin view that cannot be filtered: restricted users are refused."""

    def guarded(request, *args, **kwargs):
        if is_restricted(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def localize_urlpatterns() -> list:
    """wagtail-localize's translations report, which lists every translation: refused."""
    return [
        path(
            "localize/reports/translations/",
            refused_to_restricted(TranslationsReportView.as_view()),
        ),
        path(
            "localize/reports/translations/results/",
            refused_to_restricted(TranslationsReportView.as_view(results_only=True)),
        ),
    ]


def admin_urlpatterns() -> list:
    """Core admin URLs that no hook can filter, overridden.

    To include *before* Wagtail's admin URLs, under the same prefix (``cms/urls.py``).
    """
    patterns = decorate_urlpatterns(
        [
            path(
                "choose-page/chosen-multiple/",
                IsolatedChosenMultipleView.as_view(),
            ),
            path(
                "reports/page-types-usage/",
                refused_to_restricted(PageTypesUsageReportView.as_view()),
            ),
            path(
                "reports/page-types-usage/results/",
                refused_to_restricted(PageTypesUsageReportView.as_view(results_only=True)),
            ),
        ],
        require_admin_access,
    )
    return decorate_urlpatterns(patterns, never_cache)
