"""Search index updates of pages, out of the publishing transaction.

Wagtail updates a page's search index entry in its ``post_save`` signal, inside the
transaction that saves it, and with the database backend on PostgreSQL each update also
refreshes the title norms of the whole index table (two scans: about 150 ms at 100,000
items, paid by every publication and by every item of a sweep). Pages are therefore left
out of Wagtail's automatic updates (``HeadlessPage.search_auto_update``), and saving one
records an index job instead:

- with a job queue (PostgreSQL), a Procrastinate job of the ``indexing`` queue, deferred
  in the saving transaction, with a lower priority than publications and one waiting job
  per page at most; the job re-reads the page;
- without one (the SQLite quick start), the update runs once the transaction commits.

``SEARCH_INDEX_UPDATES = "immediate"`` (the test settings) keeps Wagtail's behaviour:
the update runs in the saving transaction. Deleting a page removes its entry at once (a
cheap delete). See docs/performance.md.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, get_page_models
from wagtail.search import index

import procrastinate

from cms import jobs

logger = logging.getLogger(__name__)

#: Below the go-live jobs (priority 0): a burst of publications goes live first.
PRIORITY = -10


@jobs.app.task(
    name="indexing.update_page",
    queue=jobs.INDEXING,
    priority=PRIORITY,
    retry=procrastinate.RetryStrategy(max_attempts=5, exponential_wait=2),
)
def update_page(page_id: int) -> None:
    """Bring the search index entry of page ``page_id`` up to date (if it still exists)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        index.insert_or_update_object(page.specific)


def defer_page_update(page_id: int) -> None:
    """Record the index update of page ``page_id`` (see the module), in the current transaction."""
    if settings.SEARCH_INDEX_UPDATES == "immediate":
        update_page(page_id)
    elif jobs.enabled():
        jobs.defer(update_page, page_id=page_id)
    else:
        transaction.on_commit(lambda: update_page(page_id))


def on_page_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        defer_page_update(instance.pk)
    except Exception:
        logger.exception("Could not record the index update of page %s", instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    index.remove_object(instance)


def register_signal_handlers():
    """Take over the index updates of the page models that Wagtail leaves out."""
    for model in get_page_models():
        if getattr(model, "search_auto_update", True):
            continue
        label = model._meta.label_lower
        post_save.connect(on_page_saved, sender=model, dispatch_uid=f"indexing-save-{label}")
        post_delete.connect(on_page_deleted, sender=model, dispatch_uid=f"indexing-delete-{label}")
