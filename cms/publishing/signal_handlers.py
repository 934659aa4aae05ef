"""Editorial events that change what the public sees, turned into pipeline jobs.

Handlers never trust the event to say what the public sees: they name the source, and
the job renders it as it stands when it runs (``pipeline``). Wagtail sends
``page_published`` for a revision that is only scheduled, and the generic ``unpublished``
with ``sender=Page``: both only schedule a sync, which finds the real state.
"""

from __future__ import annotations

from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms.publishing.pipeline import schedule


def on_page_published(sender, instance, **kwargs):
    schedule("page", instance.pk)


def on_page_unpublished(sender, instance, **kwargs):
    schedule("page", instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    schedule("page", instance.pk)


def register_signal_handlers():
    page_published.connect(on_page_published, dispatch_uid="publishing-page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="publishing-page-unpublished")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="publishing-page-deleted")
