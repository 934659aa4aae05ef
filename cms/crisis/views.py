"""Mark a crisis publication as reviewed afterwards (GOV.UK's force-publish review)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from cms.crisis import services
from cms.crisis.models import CrisisAlert


@require_POST
def mark_reviewed(request, pk: int):
    alert = get_object_or_404(CrisisAlert, pk=pk)
    if not request.user.has_perm("crisis.review_crisisalert"):
        raise PermissionDenied
    if services.mark_reviewed(alert, request.user):
        messages.success(request, _("Publication de crise « %(title)s » revue.") % {"title": alert})
    else:
        messages.warning(request, _("Cette alerte n'attend pas de revue."))
    # Back to the listing the button was on (with its filters), sent as "next".
    return redirect(
        get_valid_next_url_from_request(request) or "wagtailsnippets_crisis_crisisalert:list"
    )
