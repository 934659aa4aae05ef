"""Admin hooks of the news app: the news page views, withdraw, planning, audit-log labels."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Locale

from cms.editorial.views import EditorialCreateView
from cms.workflows.views import (
    IsolatedConfirmWorkflowCancellationView,
    ReviewedWorkflowActionView,
)
from news import services, views
from news.listing import NEWS_COLUMNS, NewsPageFilterSet
from news.models import MinistryPage, NewsIndexPage, NewsPage


class NewsPageViewSet(PageViewSet):
    """News items (and ministry news, through the MRO) are written under the editorial line
    and approved only on the revision that was reviewed."""

    model = NewsPage
    add_view_class = EditorialCreateView
    edit_view_class = views.NewsEditView
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
        return (
            issubclass(self.page.specific_class, NewsPage)
            and self.page.live
            and self.page.permissions_for_user(user).can_unpublish()
        )


@hooks.register("register_admin_urls")
def register_news_urls():
    return [
        path(
            "actualites/<int:page_id>/retirer/", views.WithdrawView.as_view(), name="news_withdraw"
        ),
        path("planning/", views.PlanningView.as_view(), name="news_planning"),
        path(
            "actualites/<int:page_id>/soumettre-traduction/",
            views.SubmitTranslationView.as_view(),
            name="news_submit_translation",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_planning_menu_item():
    return MenuItem(_("Planning"), reverse("news_planning"), icon_name="date", order=250)


class SubmitTranslationButton(PageMenuItem):
    label = _("Soumettre la traduction à la modération")
    icon_name = "resubmit"
    url_name = "news_submit_translation"

    def is_shown(self, user):
        return (
            issubclass(self.page.specific_class, NewsPage)
            and self.page.locale_id != Locale.get_default().pk
            and not self.page.workflow_in_progress
            and self.page.permissions_for_user(user).can_edit()
        )


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
