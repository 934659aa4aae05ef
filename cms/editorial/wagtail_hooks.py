"""Admin wiring: news items are created and edited through the editorial line's views."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet

from cms.editorial.views import EditorialCreateView, EditorialEditView
from news.models import NewsPage


class NewsPageViewSet(PageViewSet):
    """Covers ``NewsPage`` and its subclasses (``MinistryNewsPage``): the registry follows the MRO."""

    model = NewsPage
    add_view_class = EditorialCreateView
    edit_view_class = EditorialEditView
    #: Keep Wagtail's default explorer listing for the news index.
    parent_models = ()


@hooks.register("register_admin_viewset")
def register_news_page_viewset():
    return NewsPageViewSet("news_pages")
