"""Crisis publications: flagged in the audit log when published (``CrisisAlert.publish``),
reviewed afterwards."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from cms.crisis.models import CRISIS_REVIEW, CrisisAlert


@transaction.atomic
def mark_reviewed(alert: CrisisAlert, user) -> bool:
    """Mark a flagged crisis publication as reviewed; False if it was not awaiting review."""
    updated = CrisisAlert.objects.filter(pk=alert.pk, needs_review=True).update(
        needs_review=False, reviewed_at=timezone.now(), reviewed_by=user
    )
    if updated:
        log(instance=alert, action=CRISIS_REVIEW, user=user)
    return bool(updated)
