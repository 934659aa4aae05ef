"""Isolation of the ministries from one another in the admin.

A user is *restricted* when every page permission they hold lies inside ministry
sections: a ministry's contributors and validators (and, by the same rule, an admin user
with no page permission at all). In the admin, a restricted user sees

- the pages of their own section(s), every state, and the ancestors leading to them;
- other pages only as published: live, with no pending change of title;
- only the media of the collections they hold a permission on (their ministry's and the
  shared one).

Everyone else (the Rédaction, the crisis cell, the social-media managers, superusers)
sees the pages as Wagtail shows them. For every user, whatever the role:

- media follow collection permissions, in the admin API and the bulk actions too;
- the admin views of a snippet model (chooser, listing, bulk actions, wagtail-localize's
  API) are closed to whoever holds no permission on that model;
- media files are served in the admin to those who may see their collection, and to the
  public only while a served document of the delivery store shows them
  (``cms.media.views``); to others they do not exist (404).

The services are here, with the few admin classes they need; ``wagtail_hooks`` plugs them
in. See docs/permissions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action import index as bulk_action_index
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
from wagtail.snippets.models import get_snippet_models
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.report import TranslationsReportView

from cms.media.permissions import MEDIA_ACTIONS
from cms.workflows.pages import MinistrySectionMixin

MOVE_REFUSAL = _("Vous ne pouvez déplacer un contenu que dans la rubrique de votre ministère.")
COPY_REFUSAL = _("Vous ne pouvez copier un contenu que dans la rubrique de votre ministère.")


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
    """Images or documents of the collections the user holds a permission on, whatever
    their role (the Rédaction's permissions are on the root collection: everything)."""
    policy = policy_registry.get_by_type(items.model)
    return items.filter(
        collection__in=policy.collections_user_has_any_permission_for(user, MEDIA_ACTIONS)
    )


def seen_objects(user, objects: list) -> list:
    """Keep, in order, the pages or media of a list that the user may see."""
    if not objects:
        return objects
    model = type(objects[0])
    if isinstance(objects[0], Page):
        if not is_restricted(user):
            return objects
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


def may_see_model(user, model) -> bool:
    """Whether the user holds any permission on ``model`` (a snippet's admin views)."""
    if user.is_superuser:
        return True
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    codenames = Permission.objects.filter(content_type=content_type).values_list(
        "codename", flat=True
    )
    return any(user.has_perm(f"{content_type.app_label}.{codename}") for codename in codenames)


def _snippet_model(app_label: str, model_name: str):
    """The snippet model named in a URL, or None when it names no snippet model."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    return model if model in get_snippet_models() else None


def _source_object(source: TranslationSource | None):
    """The object a wagtail-localize translation source was made from, if any."""
    if source is None:
        return None
    try:
        return source.get_source_instance()
    except ObjectDoesNotExist:
        return None


def may_reach(user, kwargs: dict, page_kwargs: tuple[str, ...]) -> bool:
    """Whether the objects named by an admin URL's keyword arguments are all visible to
    the user: pages (under ``page_kwargs``), a snippet model, a translation's source."""
    page_ids = {str(kwargs[name]) for name in page_kwargs if name in kwargs}
    if page_ids and is_restricted(user):
        visible = visible_pages(user, Page.objects.filter(pk__in=page_ids))
        if visible.count() != len(page_ids):
            return False
    if "app_label" in kwargs and "model_name" in kwargs:
        model = _snippet_model(kwargs["app_label"], kwargs["model_name"])
        if model is not None and not may_see_model(user, model):
            return False
    source = None
    if "translation_source_id" in kwargs:
        source = TranslationSource.objects.filter(pk=kwargs["translation_source_id"]).first()
    elif "translation_id" in kwargs:
        translation = Translation.objects.filter(pk=kwargs["translation_id"]).first()
        source = translation and translation.source
    instance = _source_object(source)
    if isinstance(instance, Page):
        return not is_restricted(user) or can_see_page(user, instance.pk)
    if instance is not None and type(instance) in get_snippet_models():
        return may_see_model(user, type(instance))
    return True


def hidden_refused(view, page_kwargs: tuple[str, ...] = ("page_id",)):
    """Wrap an admin view: when its URL names a page, snippet model or translation the
    user may not see, answer 404 (the view never runs, so nothing is named)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated and not may_reach(request.user, kwargs, page_kwargs):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def model_refused(view, model):
    """Wrap an admin view of ``model``: 404 for users with no permission on it."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated and not may_see_model(request.user, model):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def move_kept_in_own_area(view):
    """Wrap the move confirmation: a restricted user moves only pages of their own area,
    into their own area; checked before Wagtail's view, which names the destination in
    its slug message and renders the titles on GET without any permission check."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if is_restricted(user):
            page = Page.objects.filter(pk=kwargs["page_to_move_id"]).first()
            if page is None or not in_own_area(user, page):
                raise Http404
            destination = Page.objects.filter(pk=kwargs["destination_id"]).first()
            if destination is None or not in_own_area(user, destination):
                messages.error(request, MOVE_REFUSAL)
                return redirect("wagtailadmin_pages:move", page.pk)
        return view(request, *args, **kwargs)

    return guarded


def guarded_copy(patterns: list, guard) -> list:
    """A copy of URL patterns (included ones too) whose views are wrapped by ``guard``
    (called with the view and the pattern); the originals are left untouched.

    An include keeps its application namespace, so URLs reverse as before (to the same
    paths), under an instance namespace of its own (Django wants them unique)."""
    copied = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            copied.append(
                URLResolver(
                    pattern.pattern,
                    guarded_copy(pattern.url_patterns, guard),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace and f"{pattern.namespace}_isolated",
                )
            )
        else:
            view = guard(pattern.callback, pattern)
            copied.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return copied


#: The keyword arguments naming a page in the URLs of Wagtail's page views.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "pk")


def _page_view_guard(view, pattern):
    if pattern.name == "move_confirm":
        return move_kept_in_own_area(view)
    return hidden_refused(view, PAGE_KWARGS)


def _admin_include(namespace: str) -> URLResolver | None:
    """The include of Wagtail's admin URLs registered under ``namespace``."""
    from wagtail.admin import urls as wagtailadmin_urls

    for pattern in wagtailadmin_urls.urlpatterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            return pattern
    return None


def snippet_urlpatterns() -> list:
    """The admin views of every snippet model (viewset and chooser), closed to users with
    no permission on the model."""
    from wagtail.admin.viewsets import viewsets

    snippet_models = set(get_snippet_models())
    patterns = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        included = _admin_include(viewset.url_namespace) if model in snippet_models else None
        if included is not None:
            patterns += guarded_copy(
                [included], lambda view, _pattern, model=model: model_refused(view, model)
            )
    return patterns


def page_urlpatterns() -> list:
    """Wagtail's page views (``wagtailadmin_pages``), refused for hidden pages."""
    return guarded_copy([_admin_include("wagtailadmin_pages")], _page_view_guard)


def localize_urlpatterns() -> list:
    """wagtail-localize's admin URLs: its translations report, which lists every
    translation, refused to restricted users; its other views refused when they name a
    page, snippet model or translation the user may not see."""
    from wagtail_localize.wagtail_hooks import register_admin_urls

    report = [
        path(
            "localize/reports/translations/",
            refused_to_restricted(TranslationsReportView.as_view()),
        ),
        path(
            "localize/reports/translations/results/",
            refused_to_restricted(TranslationsReportView.as_view(results_only=True)),
        ),
    ]
    return report + guarded_copy(register_admin_urls(), lambda view, _pattern: hidden_refused(view))


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
            path(
                "bulk/<str:app_label>/<str:model_name>/<str:action>/",
                hidden_refused(bulk_action_index),
            ),
        ],
        require_admin_access,
    )
    # Copies of Wagtail's includes, whose views are already wrapped by its admin access check.
    patterns += page_urlpatterns() + snippet_urlpatterns()
    return decorate_urlpatterns(patterns, never_cache)
