from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from cms.delivery import urls as delivery_urls
from cms.media import views as media_views
from cms.previews import urls as preview_urls
from cms.workflows import isolation
from search import urls as search_urls
from videos import serving as video_serving

urlpatterns = [
    # The APIs first: the public API's requests are the most numerous, and each pattern
    # tried before theirs costs them (docs/performance.md, run 8).
    # The authenticated planner API (news app), before the public API's catch-all.
    path("api/planner/", include("news.planner.urls")),
    # The public API, with the search (search app) and the front ends' preview endpoint
    # documented with it.
    path(
        "api/",
        include(
            (
                delivery_urls.api_patterns([*search_urls.v1_patterns, *preview_urls.v1_patterns]),
                "delivery",
            )
        ),
    ),
    # Ministry isolation overrides a few admin views; they must come before Wagtail's.
    path("admin/", include(isolation.admin_urlpatterns())),
    # Media files: none is served from MEDIA_ROOT directly (cms/media/views.py).
    path("admin/media/<path:name>", media_views.admin_file, name="media_admin_file"),
    # Resumable uploads (tus): answers a script, never a login redirect (cms/uploads/).
    path("admin/uploads/", include("cms.uploads.urls")),
    path("admin/", include(wagtailadmin_urls)),
    # The videos' embed pages: public HTML made to be framed (cms/delivery/embed.py).
    path("embed/", include((delivery_urls.embed_patterns, "embed"))),
    path(
        "documents/<int:document_id>/<str:document_filename>",
        media_views.public_document,
        name="public_document",
    ),
    path(
        "media/renditions/<str:filename>",
        media_views.public_rendition,
        name="public_rendition",
    ),
    # A video's renditions and captions, while public (videos/serving.py).
    path("media/videos/<path:name>", video_serving.public_file, name="public_video_file"),
    path("", include(wagtail_urls)),
]
