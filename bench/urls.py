"""Benchmark only (``settings/bench.py``): our API, the ceiling and the stock Wagtail APIs.

- ``/bench/ceiling/``: a trivial JSON view, through the same middleware and server: the
  most any view of this app can serve.
- ``/api/v2/pages/``: Wagtail's API v2, with ``api_fields`` on the news models (set here,
  for the benchmark only: the project's models expose no stock API).
- ``/api/v3/pages/``: Wagtail 8's API v3 preview (django-ninja), over the same fields.
- ``/bench/stock-search/?q=``: Wagtail's stock search backend (``get_search_backend()``,
  the database backend here) over the news pages, first 20 results, no boosts: their ids
  and titles as JSON (``bench/search.py``).
"""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.search.backends import get_search_backend

from cms.urls import urlpatterns as cms_urlpatterns
from news.models import MinistryNewsPage, NewsPage, NewsPageMinistry, NewsPageTopic

NEWS_FIELDS = [
    APIField("kind"),
    APIField("chapo"),
    APIField("first_published_at"),
    APIField("hero_image"),
    APIField("body"),
    APIField("ministry_links"),
    APIField("topic_links"),
]
NewsPage.api_fields = NEWS_FIELDS
MinistryNewsPage.api_fields = [*NEWS_FIELDS, APIField("ministry")]
NewsPageMinistry.api_fields = [APIField("ministry")]
NewsPageTopic.api_fields = [APIField("topic")]

#: Results of a stock search (the first page of ours).
LIMIT = 20

stock_v2 = WagtailAPIRouter("wagtailapi")
stock_v2.register_endpoint("pages", PagesAPIViewSet)


def ceiling(request):
    return HttpResponse(b'{"ok":true}', content_type="application/json")


def stock_search(request):
    """The first 20 news pages matching ``q`` by Wagtail's stock search backend."""
    pages = get_search_backend().search(request.GET.get("q", ""), NewsPage)[:LIMIT]
    return JsonResponse({"results": [{"id": page.pk, "title": page.title} for page in pages]})


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/stock-search/", stock_search),
    path("api/v2/", stock_v2.urls),
    path("api/v3/", api_v3.urls),
    *cms_urlpatterns,
]
