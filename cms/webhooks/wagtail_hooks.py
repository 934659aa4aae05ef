"""Registers the webhooks' admin (``cms.webhooks.admin``)."""

from django.urls import path

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.webhooks import views
from cms.webhooks.admin import DeliveryLogPolicy, DeliveryViewSet, SubscriptionViewSet
from cms.webhooks.models import Delivery

register_permission_policy(Delivery, DeliveryLogPolicy())


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [SubscriptionViewSet("webhooks_subscription"), DeliveryViewSet("webhooks_delivery")]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("webhooks/test/<int:pk>/", views.send_test, name="webhooks_send_test")]
