"""The tus endpoints, mounted at ``/admin/uploads/`` by ``cms/urls.py`` (before Wagtail's
admin, whose login redirect a script could not follow)."""

from django.urls import path

from cms.uploads import views

app_name = "uploads"
urlpatterns = [
    path("<slug:kind>/", views.UploadCreateView.as_view(), name="create"),
    path("<slug:kind>/<uuid:upload_id>/", views.UploadView.as_view(), name="upload"),
]
