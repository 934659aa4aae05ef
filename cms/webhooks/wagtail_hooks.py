"""Registers the webhooks' admin (``cms.webhooks.admin``)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.webhooks.admin import DeliveryLogPolicy, DeliveryViewSet, SubscriptionViewSet
from cms.webhooks.models import Delivery

register_permission_policy(Delivery, DeliveryLogPolicy())


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [SubscriptionViewSet("webhooks_subscription"), DeliveryViewSet("webhooks_delivery")]
