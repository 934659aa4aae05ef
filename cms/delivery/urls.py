"""Routes of the public API ``/api/v1/`` and its documentation (docs/api.md)."""

from django.conf import settings
from django.urls import include, path, re_path

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from cms.delivery import embed, feeds, views

SCHEMA_DESCRIPTION = """\
The public content of the French government's information service: news, videos,
ministries, topics, governments, the homes' « À la une », the crisis alert, a sitemap,
RSS and Atom feeds of the news and the videos, and a faceted full-text search (tag
`Search`). Read-only, anonymous (no authentication, sessions are ignored),
JSON (XML for the sitemap and the feeds).

- **Languages**: `locale` (`fr` by default, `en`). Ministries and topics keep one `id`
  (a UUID) across languages and renames.
- **Pagination** (`/news/`, `/videos/`): cursor-based, newest first. `limit` is 1 to 100 (20 by
  default); follow `next` until it is `null`. Cursors are signed and opaque.
- **Errors**: RFC 9457 `application/problem+json` with a stable `type` URI; 400 for any
  unknown, repeated, too long (over 200 characters) or invalid parameter, 404 unknown,
  405 a method other than GET/HEAD, 410 a document that was public and no longer is, 503
  the search's backend failed.
- **Caching**: every 200 has `ETag`, `Last-Modified`, `Cache-Control: public,
  max-age=<API_CACHE_MAX_AGE>` and `Surrogate-Key`; conditional requests answer 304.
- **CORS**: browsers may call the API from the origins of `CORS_ALLOWED_ORIGINS` only.

The planner API (`/api/planner/`, tag `Planner`) is the exception: it answers only
requests with an API token (`Authorization: Bearer <token>`, security scheme `apiToken`),
and never caches (`Cache-Control: private, no-store`).

The full guide, with examples, is docs/api.md in the Gouvernail repository.
"""

#: The public operations, under ``/api/v1/``.
v1_patterns = [
    path("news/", views.NewsListView.as_view(), name="news-list"),
    path("news/<int:pk>/", views.NewsDetailView.as_view(), name="news-detail"),
    path("videos/", views.VideoListView.as_view(), name="videos-list"),
    path("videos/<int:pk>/", views.VideoDetailView.as_view(), name="videos-detail"),
    path("pages/", views.PathLookupView.as_view(), name="pages-lookup"),
    path("home/", views.HomeView.as_view(), name="home"),
    path("crisis-alert/", views.CrisisAlertView.as_view(), name="crisis-alert"),
    path("ministries/", views.MinistryListView.as_view(), name="ministries"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("governments/", views.GovernmentListView.as_view(), name="governments"),
    path("sitemap.xml", views.SitemapView.as_view(), name="sitemap"),
    path(
        "sitemap-<int:section>.xml",
        views.SitemapSectionView.as_view(),
        name="sitemap-section",
    ),
    path("feeds/news.rss", feeds.NewsRssView.as_view(), name="feeds-news-rss"),
    path("feeds/news.atom", feeds.NewsAtomView.as_view(), name="feeds-news-atom"),
    path("feeds/videos.rss", feeds.VideoRssView.as_view(), name="feeds-videos-rss"),
    path("feeds/videos.atom", feeds.VideoAtomView.as_view(), name="feeds-videos-atom"),
]

#: The embed pages, under ``/embed/`` (``cms/urls.py``): the one public HTML of Gouvernail.
embed_patterns = [
    path("videos/<int:pk>/", embed.video, name="video"),
]


def api_patterns(extra_v1: list) -> list:
    """The routes under ``/api/``: the public operations and ``extra_v1`` (operations the
    wiring adds under ``/api/v1/``: the search, a feature app, and the preview endpoint,
    which reads the editorial side),
    the schema and documentation of them all, and a problem+json 404 for anything else."""
    operations = [*v1_patterns, *extra_v1]
    return [
        path("v1/", include(operations)),
        path(
            "schema/",
            SpectacularAPIView.as_view(
                # The public operations and the authenticated APIs of API_SCHEMA_URLCONFS
                # (the planner), not the admin's API nor wagtail-localize's.
                urlconf=[
                    path("api/v1/", include(operations)),
                    *(
                        path(prefix, include(module))
                        for prefix, module in settings.API_SCHEMA_URLCONFS.items()
                    ),
                ],
                # OpenAPI 3.1: a nullable object is `oneOf: [{$ref}, {type: null}]` (3.0.3
                # ignores `nullable` beside a lone `allOf`, so its validators refuse a null).
                custom_settings={
                    "TITLE": "Gouvernail public API",
                    "DESCRIPTION": SCHEMA_DESCRIPTION,
                    "OAS_VERSION": "3.1.0",
                },
            ),
            name="schema",
        ),
        path("docs/", SpectacularRedocView.as_view(url_name="delivery:schema"), name="docs"),
        re_path(r"^.*$", views.not_found, name="not-found"),
    ]
