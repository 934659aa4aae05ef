"""Crisis publications: flagged in the audit log, reviewed afterwards."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from cms.crisis.models import CrisisAlert

CRISIS_PUBLISH = "gouvernail.crisis.publish"
CRISIS_REVIEW = "gouvernail.crisis.review"


def flag_crisis_publication(alert: CrisisAlert, user=None) -> None:
    """Record, in the same transaction as the publication, that it awaits a review."""
    CrisisAlert.objects.filter(pk=alert.pk).update(
        needs_review=True, reviewed_at=None, reviewed_by=None
    )
    log(instance=alert, action=CRISIS_PUBLISH, user=user)


@transaction.atomic
def mark_reviewed(alert: CrisisAlert, user) -> bool:
    """Mark a flagged crisis publication as reviewed; False if it was not awaiting review."""
    updated = CrisisAlert.objects.filter(pk=alert.pk, needs_review=True).update(
        needs_review=False, reviewed_at=timezone.now(), reviewed_by=user
    )
    if updated:
        log(instance=alert, action=CRISIS_REVIEW, user=user)
    return bool(updated)
