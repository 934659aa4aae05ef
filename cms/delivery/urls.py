"""Routes of the public API ``/api/v1/`` and its documentation."""

from django.urls import path, re_path

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from cms.delivery import views

app_name = "delivery"

urlpatterns = [
    path("v1/news/", views.NewsListView.as_view(), name="news-list"),
    path("v1/news/<int:pk>/", views.NewsDetailView.as_view(), name="news-detail"),
    path("v1/pages/", views.PathLookupView.as_view(), name="pages-lookup"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="delivery:schema"), name="docs"),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
