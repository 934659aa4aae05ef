"""Admin hooks of the news app: the news page views, withdraw, planning, audit-log labels."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation

from cms.editorial.rules import check_page
from cms.editorial.views import EditorialCreateView
from cms.workflows import reading
from cms.workflows.views import (
    IsolatedConfirmWorkflowCancellationView,
    ReviewedWorkflowActionView,
)
from news import services, views
from news.listing import NEWS_COLUMNS, NewsPageFilterSet
from news.models import ALIAS_REFUSAL, MinistryPage, NewsIndexPage, NewsPage
from news.social_admin import SocialPostViewSet


class NewsPageViewSet(PageViewSet):
    """News items (and ministry news, through the MRO) are written under the editorial line
    and approved only on the revision that was reviewed."""

    model = NewsPage
    add_view_class = EditorialCreateView
    edit_view_class = views.NewsEditView
    index_view_class = views.NewsExplorableIndexView
    workflow_action_view_class = ReviewedWorkflowActionView
    confirm_workflow_cancellation_view_class = IsolatedConfirmWorkflowCancellationView
    #: The explorer of the news index and of each ministry section lists news items with
    #: their kind, filterable by kind, ministry and state.
    parent_models = (NewsIndexPage, MinistryPage)
    columns = NEWS_COLUMNS
    filterset_class = NewsPageFilterSet


@hooks.register("register_admin_viewset")
def register_news_page_viewset():
    return NewsPageViewSet("news_pages")


class WithdrawButton(PageMenuItem):
    label = _("Retirer (avec motif public)")
    icon_name = "warning"
    url_name = "news_withdraw"

    def is_shown(self, user):
        return issubclass(self.page.specific_class, NewsPage) and services.can_withdraw(
            self.page, user
        )


@hooks.register("register_admin_urls")
def register_news_urls():
    return [
        path(
            "actualites/<int:page_id>/retirer/", views.WithdrawView.as_view(), name="news_withdraw"
        ),
        path("planning/", views.PlanningView.as_view(), name="news_planning"),
        path("actualites/<int:page_id>/lecture/", views.ReadView.as_view(), name="news_read"),
        path(
            "actualites/<int:page_id>/soumettre-traduction/",
            views.SubmitTranslationView.as_view(),
            name="news_submit_translation",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_planning_menu_item():
    return MenuItem(_("Planning"), reverse("news_planning"), icon_name="date", order=250)


def default_locale_id(user) -> int:
    """The default locale's id, asked once per user object (that is, once per request)."""
    if not hasattr(user, "_default_locale_id"):
        user._default_locale_id = Locale.get_default().pk
    return user._default_locale_id


class SubmitTranslationButton(PageMenuItem):
    label = _("Soumettre la traduction à la modération")
    icon_name = "resubmit"
    url_name = "news_submit_translation"

    def is_shown(self, user):
        return (
            issubclass(self.page.specific_class, NewsPage)
            and self.page.locale_id != default_locale_id(user)
            and not self.page.workflow_in_progress
            and self.page.permissions_for_user(user).can_edit()
        )


class ReadButton(PageMenuItem):
    """ "Consulter" on a news item, for those who may read it but not edit it."""

    label = _("Consulter")
    icon_name = "view"
    url_name = "news_read"

    def is_shown(self, user):
        if not issubclass(self.page.specific_class, NewsPage):
            return False
        permissions = self.page.permissions_for_user(user)
        return "view" in getattr(permissions, "permissions", ()) and not permissions.can_edit()


@hooks.register("register_page_listing_buttons")
def news_reading_button(page, user, next_url=None):
    yield ReadButton(page=page, priority=5)


@hooks.register("construct_page_listing_buttons")
def no_history_for_readers(buttons, page, user, context=None):
    """Wagtail offers "Historique" to anyone, but opens it only to who may edit or publish:
    a reading role is not led there."""
    if not reading.is_reader(user):
        return
    permissions = page.permissions_for_user(user)
    if permissions.can_edit() or permissions.can_publish():
        return
    history_url = reverse("wagtailadmin_pages:history", args=[page.pk])
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons[:] = [
                item for item in button.dropdown_buttons if item.url != history_url
            ]
    buttons[:] = [button for button in buttons if getattr(button, "show", True)]


class NewsToReadPanel(Component):
    """The dashboard's latest news items, each linked to its read-only view (reading roles)."""

    name = "news_to_read"
    template_name = "news/home/news_to_read.html"
    order = 90
    size = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        items = reading.readable_pages(request.user, NewsPage.objects.all())
        context["items"] = (
            items.order_by("-latest_revision_created_at")
            .specific()
            .annotate_approved_schedule()
            .prefetch_workflow_states()[: self.size]
        )
        context["request"] = request
        return context


@hooks.register("construct_homepage_panels")
def add_news_to_read_panel(request, panels):
    if reading.is_reader(request.user):
        panels.append(NewsToReadPanel())


@hooks.register("register_page_listing_more_buttons")
def news_listing_buttons(page, user, next_url=None):
    yield WithdrawButton(page=page, priority=45)
    yield SubmitTranslationButton(page=page, priority=46)


@hooks.register("register_page_header_buttons")
def news_header_buttons(page, user, view_name, next_url=None):
    yield WithdrawButton(page=page, priority=45)
    yield SubmitTranslationButton(page=page, priority=46)


@hooks.register("register_log_actions")
def register_news_log_actions(actions):
    actions.register_action(
        services.WITHDRAW_ACTION, _("Retrait"), _("Retiré avec un motif public")
    )


def bulk_publication_candidates(pages, include_descendants: bool, user):
    """The pages a bulk "Publier" would publish: ``pages`` and, if asked, their drafts below."""
    for page in pages:
        yield page
        if include_descendants:
            for descendant in page.get_descendants().not_live().specific().iterator():
                if descendant.permissions_for_user(user).can_publish():
                    yield descendant


def editorial_line_refusal(content) -> str:
    """The French refusal of a publication of ``content`` (a news item), or ''."""
    failures = [finding.message for finding in check_page(content).errors]
    if not failures:
        return ""
    return gettext(
        "Rien n'a été publié : « %(title)s » ne respecte pas la ligne éditoriale : %(failures)s"
    ) % {"title": content.title, "failures": " ".join(failures)}


@hooks.register("before_edit_page", order=-1)
def refuse_translation_against_the_editorial_line(request, page):
    """wagtail-localize's translation editor ("Publier"), which runs before Wagtail's editor.

    It reports ``NewsPage.publish``'s refusal as vague "validation errors": the text it
    would publish is built, checked and rolled back first, and the failures are shown.
    """
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    if not isinstance(page.specific, NewsPage):
        return None
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if translation is None:
        return None  # Wagtail's editor, whose form is checked (NewsEditView)
    with transaction.atomic():
        try:
            translation.save_target(user=request.user, publish=False)
        except ValidationError:
            refusal = ""  # wagtail-localize reports its own errors
        else:
            refusal = editorial_line_refusal(
                NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
            )
        transaction.set_rollback(True)
    if not refusal:
        return None
    messages.error(request, refusal)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publication_against_the_editorial_line(request, action_type, objects, action):
    """Bulk "Publier": if one news item breaks the editorial line, say why and publish nothing.

    ``NewsPage.publish`` refuses it anyway; unchecked, that refusal is an HTTP 500.
    """
    if action_type != "publish" or not issubclass(action.model, Page):
        return None
    include_descendants = action.cleaned_form.cleaned_data.get("include_descendants", False)
    refusals = []
    for page in bulk_publication_candidates(objects, include_descendants, request.user):
        revision = page.get_latest_revision()
        if not isinstance(page.specific, NewsPage) or revision is None:
            continue
        if revision.approved_go_live_at is not None:
            continue  # checked when it was scheduled, as NewsPage.publish does
        if refusal := editorial_line_refusal(revision.as_object()):
            refusals.append(refusal)
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(action.next_url) if refusals else None


def holds_news(page, recursive: bool) -> bool:
    """Whether copying ``page`` (with its subpages if ``recursive``) copies a news item."""
    if issubclass(page.specific_class, NewsPage):
        return True
    return recursive and page.get_descendants().type(NewsPage).exists()


@hooks.register("before_copy_page")
def keep_news_copies_in_draft(request, page):
    """No alias of a news item, and copies of news items are drafts (see ``NewsPage.save``).

    An alias would go live when its source is only scheduled; a copy kept live would
    publish the source's latest revision, reviewed or not.
    """
    if request.method != "POST":
        return None
    if not holds_news(page, bool(request.POST.get("copy_subpages"))):
        return None
    if request.POST.get("alias"):
        messages.error(request, ALIAS_REFUSAL)
        return redirect("wagtailadmin_pages:copy", page.pk)
    if request.POST.get("publish_copies"):
        request.POST = request.POST.copy()
        del request.POST["publish_copies"]
        messages.info(request, gettext("Les actualités copiées sont des brouillons."))
    return None


def with_scheduled_embargo(pages):
    """``pages`` with the embargo of each one's scheduled revision, for its status."""
    scheduled = Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), CharField()), approved_go_live_at__isnull=False
    )
    return pages.annotate(
        _scheduled_embargo=Subquery(scheduled.values(embargo=KT("content__embargo_until"))[:1])
    )


@hooks.register("construct_explorer_page_queryset")
def annotate_explorer_rows(parent_page, pages, request):
    return with_scheduled_embargo(pages)


@hooks.register("construct_page_chooser_queryset")
def annotate_chooser_rows(pages, request):
    """What the chooser's status column reads, in its query (as the explorer does)."""
    return with_scheduled_embargo(pages.annotate_approved_schedule().prefetch_workflow_states())


@hooks.register("register_admin_viewset")
def register_social_posts():
    """The "Réseaux sociaux" menu: the posts of the news items (``news.social_admin``)."""
    return SocialPostViewSet()
