"""Defer an exact-time job when Wagtail schedules a go-live, or a live page gets an expiry.

The job is deferred in the transaction that scheduled it, so both commit or roll back
together. These handlers only record work and never raise: a failure is logged, and the
every-minute sweep still publishes on time to the minute.
"""

import logging

from django.db.models.signals import post_save

from wagtail.models import Revision, get_page_models

from cms import jobs

logger = logging.getLogger(__name__)


def on_revision_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.approved_go_live_at is None or not jobs.enabled():
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    # Imported where jobs run only: importing registers the tasks, and logs it.
    from cms.scheduling import tasks

    try:
        tasks.defer_publication(instance.pk, instance.approved_go_live_at)
    except Exception:
        logger.exception("Could not defer the go-live job of revision %s", instance.pk)


def on_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not instance.live or instance.expire_at is None or not jobs.enabled():
        return
    if update_fields is not None and not {"live", "expire_at"} & set(update_fields):
        return
    from cms.scheduling import tasks

    try:
        tasks.defer_expiry(instance.pk, instance.expire_at)
    except Exception:
        logger.exception("Could not defer the expiry job of page %s", instance.pk)


def register_signal_handlers():
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="scheduling-go-live")
    for model in get_page_models():
        label = model._meta.label_lower
        post_save.connect(on_page_saved, sender=model, dispatch_uid=f"scheduling-expiry-{label}")
