"""The webhooks' admin, under "Paramètres": subscriptions, and the log of deliveries.

Subscriptions follow Django's model permissions (``webhooks.add_subscription``…,
granted to groups in the admin; administrators have them all). The log has no
permission of its own: whoever has any permission on subscriptions may read it, nobody
may add, edit or delete a row (:class:`DeliveryLogPolicy`).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy

from cms.webhooks.forms import SubscriptionForm
from cms.webhooks.models import Delivery, Subscription

SUBSCRIPTION_ACTIONS = ["add", "change", "delete", "view"]


class DeliveryLogPolicy(ModelPermissionPolicy):
    """Read-only access to the delivery log for whoever manages subscriptions."""

    def __init__(self):
        super().__init__(Delivery, auth_model=Subscription)

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return self.user_has_any_permission_on_subscriptions(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_any_permission_on_subscriptions(user)

    def user_has_any_permission_on_subscriptions(self, user):
        return any(
            super(DeliveryLogPolicy, self).user_has_permission(user, action)
            for action in SUBSCRIPTION_ACTIONS
        )

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(SUBSCRIPTION_ACTIONS)


class SubscriptionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            url = reverse("webhooks_send_test", args=[instance.pk])
            buttons.append(
                Button(
                    _("Envoyer un événement de test"),
                    url,
                    icon_name="resubmit",
                    # w-action posts to its url value (a CSRF-protected POST).
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": url,
                    },
                    priority=30,
                )
            )
        return buttons


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    index_view_class = SubscriptionIndexView
    icon = "link-external"
    menu_label = _("Webhooks")
    menu_order = 900
    add_to_settings_menu = True
    url_prefix = "webhooks"
    # A copy would share the secret.
    copy_view_enabled = False
    list_display = [
        "name",
        "url",
        Column("events", label=_("Événements"), accessor="events_display"),
        "state",
        "failing_since",
    ]
    list_filter = ["state"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("owners"),
            FieldPanel("state"),
            FieldPanel("secret", read_only=True),
        ],
        base_form_class=SubscriptionForm,
    )


class DeliveryInspectView(InspectView):
    """A delivery's fields, instants in the admin's time zone, "—" where there is none."""

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return super().get_field_display_value(field_name, field)


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    inspect_view_class = DeliveryInspectView
    icon = "list-ul"
    menu_label = _("Journal des webhooks")
    menu_order = 901
    add_to_settings_menu = True
    url_prefix = "webhooks/journal"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "created_at",
        "subscription",
        "type",
        "document_key",
        "version",
        "status",
        "attempts",
        "status_code",
        "error",
    ]
    list_filter = ["subscription", "status"]
    inspect_view_fields = [
        "subscription",
        "message_id",
        "type",
        "document_key",
        "version",
        "status",
        "attempts",
        "status_code",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    ]
    form_fields = []

    def get_index_view_kwargs(self, **kwargs):
        # The subscription of each row, read with the rows.
        return super().get_index_view_kwargs(
            queryset=Delivery.objects.select_related("subscription"), **kwargs
        )
