"""The preview endpoint, under ``/api/v1/`` (mounted by ``cms/urls.py``, documented in
the public API's schema beside the delivery's operations)."""

from django.urls import path

from cms.previews import views

v1_patterns = [
    path("preview/<int:pk>/", views.PreviewView.as_view(), name="preview"),
]
