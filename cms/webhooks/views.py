"""Admin views of the webhooks beside the viewsets: sending a test message."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.permissions import policy_registry

from cms.webhooks import deliveries
from cms.webhooks.models import Delivery, Subscription


@require_POST
def send_test(request, pk: int):
    """POST: send a ``webhook.test`` message to subscription ``pk`` now and say how the
    endpoint answered. Who may not change subscriptions is refused before any lookup."""
    if not policy_registry.get_by_type(Subscription).user_has_permission(request.user, "change"):
        return permission_denied(request)
    subscription = get_object_or_404(Subscription, pk=pk)
    delivery = deliveries.send_test(subscription)
    if delivery.status == Delivery.Status.SUCCEEDED:
        messages.success(
            request,
            _("Événement de test livré à « %(name)s » (réponse %(code)s).")
            % {"name": subscription.name, "code": delivery.status_code},
        )
    else:
        error = delivery.error
        if delivery.status_code:
            error += " " + _("(réponse %(code)s)") % {"code": delivery.status_code}
        messages.error(
            request,
            _("Événement de test non livré à « %(name)s » : %(error)s")
            % {"name": subscription.name, "error": error},
        )
    return redirect("webhooks_subscription:index")
