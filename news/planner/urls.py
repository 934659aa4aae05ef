"""Routes of the planner API, mounted at ``/api/planner/`` (cms/urls.py)."""

from django.urls import path

from news.planner import views

app_name = "planner"

urlpatterns = [
    path("items", views.PlannerItemsView.as_view(), name="items"),
    path("calendar.ics", views.PlannerCalendarView.as_view(), name="calendar"),
]
