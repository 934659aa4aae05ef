"""Renderer of the crisis alert: public only while live and within its period.

An alert is stored while it is live, has started and has not ended; its document
expires at its end (``expires_at``, so reads stop serving it at that instant even if the
job that turns it into a tombstone is late) and is rendered again then (``refresh_at``).
An alert whose start is still ahead is not stored: the start is scheduled by the signal
handlers (``pipeline.schedule("crisis_alert", pk, at=starts_at)``). Alerts are written in
French only: the document's locale is the default language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from cms.crisis.models import CrisisAlert
from cms.delivery import serializers
from cms.delivery.models import Kind
from cms.publishing.documents import Rendered, renderer


def every_alert() -> list[int]:
    """The pks of every alert (the renderer decides which are public), for a rebuild."""
    return list(CrisisAlert.objects.order_by("pk").values_list("pk", flat=True))


@renderer("crisis_alert", every_alert)
def render_alert(pk: int) -> Rendered | None:
    """The document of alert ``pk`` if it is public now (live, started, not ended, not
    expired), else ``None``."""
    now = timezone.now()
    alert = CrisisAlert.objects.active(now).filter(pk=pk).first()
    if alert is None or (alert.expire_at is not None and alert.expire_at <= now):
        return None
    ends = min((i for i in (alert.ends_at, alert.expire_at) if i is not None), default=None)
    data = {
        "id": alert.pk,
        "locale": settings.LANGUAGE_CODE,
        "title": alert.title,
        "level": alert.level,
        "message": alert.message,
        "link_url": alert.link_url,
        "starts_at": alert.starts_at,
        "ends_at": ends,
    }
    return Rendered(
        kind=Kind.CRISIS_ALERT,
        public_id=str(alert.pk),
        locale=settings.LANGUAGE_CODE,
        body=serializers.CrisisAlertSerializer(data).data,
        # The newest alert wins if two overlap while a job is late.
        published_at=alert.starts_at,
        updated_at=alert.last_published_at,
        expires_at=ends,
        refresh_at=ends,
    )
