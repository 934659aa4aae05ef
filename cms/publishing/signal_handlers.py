"""Editorial events that change what the public sees, turned into pipeline jobs.

Handlers never trust the event to say what the public sees: they name the sources, and
the job renders them as they stand when it runs (``pipeline``). They run inside the
transaction of the change (so the job commits or rolls back with it), and never raise: a
failure is logged, and ``check_delivery`` (or the next event) finds what is behind.

What Wagtail 8.0.1 sends, and what it does not (``wagtail/actions/``, ``models/pages.py``):

- ``page_published`` fires for a revision only *scheduled* too (``live`` false), and
  nothing fires when a correction of a live page is scheduled: the job finds the real
  state; an alias (``alias=True``) never has a document.
- ``page_unpublished`` fires for withdrawals (``news.services.withdraw``) and expiry
  (``cms.scheduling``) too; the generic ``unpublished`` arrives with ``sender=Page``, so
  pages are handled through ``page_unpublished`` and snippets through ``unpublished``.
- A move updates every descendant's ``url_path`` by a queryset update, and
  ``post_page_move`` is sent after the move's own transaction; a slug change sends
  ``page_slug_changed`` only after the commit. Both save the page row itself inside the
  transaction: ``pre_save``/``post_save`` compare its ``url_path`` and ``live`` before and
  after, and a change re-renders the page's whole tree (going live or away changes what
  is public under it too).
- A view restriction added or removed: its page's tree. A delete: a ``post_delete`` per
  page, descendants included (a tombstone for each that was public).
- A crisis alert published ends the alert it replaces by a queryset update
  (``CrisisAlert.publish``): every alert the store serves is rendered again. Its start
  and end are jobs at those instants (the sweep's ``alerts_due`` on SQLite).
- Images, documents, ministries, topics, governments and videos: their dependents
  (``dependents``), and their own document where they have one. A video's caption
  tracks, renditions and chapters count as the video. Processing marks a video ready by
  a queryset update (no signal): its renditions' saves schedule it.
"""

from __future__ import annotations

import functools
import logging

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, published, unpublished

from cms.crisis.models import CrisisAlert
from cms.delivery.models import Document, Kind
from cms.media.models import CustomDocument, CustomImage
from cms.organisations.models import Government, Ministry, Topic
from cms.publishing import dependents
from cms.publishing.pipeline import DEPENDENTS, UPCOMING, schedule, schedule_dependents
from videos.models import CaptionTrack, Video, VideoChapter, VideoRendition

logger = logging.getLogger(__name__)


def never_raises(handler):
    """A handler that logs its failure instead of breaking the change that sent it."""

    @functools.wraps(handler)
    def safe(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("Delivery: %s failed", handler.__name__)

    return safe


# -- Pages --------------------------------------------------------------------------------


@never_raises
def on_page_published(sender, instance, alias=False, **kwargs):
    if not alias:
        schedule("page", instance.pk)


@never_raises
def on_page_unpublished(sender, instance, **kwargs):
    schedule("page", instance.pk)


#: Fields of the page row whose change changes what is public under the page.
TREE_FIELDS = ("url_path", "live")


@never_raises
def before_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or not isinstance(instance, Page):
        return
    if update_fields is not None and not {"slug", *TREE_FIELDS} & set(update_fields):
        return
    instance._delivery_before = (
        Page.objects.filter(pk=instance.pk).values_list(*TREE_FIELDS).first()
    )


@never_raises
def on_page_saved(sender, instance, raw=False, created=False, **kwargs):
    before = instance.__dict__.pop("_delivery_before", None)
    if raw or not isinstance(instance, Page):
        return
    if created:
        if instance.live and instance.alias_of_id is None:
            schedule("page", instance.pk)  # created live (a copy, an import)
    elif before is not None and before != tuple(getattr(instance, n) for n in TREE_FIELDS):
        schedule_tree(instance)


def schedule_tree(page: Page) -> None:
    """Render again ``page`` and every page under it (one job for the tree)."""
    if page.numchild:
        schedule_dependents("tree", page.pk)
    schedule("page", page.pk)


@never_raises
def on_page_deleting(sender, instance, **kwargs):
    """Before the ReferenceIndex forgets them: the pages that link to the page deleted."""
    for dependent in dependents.find("page", instance.pk):
        schedule(*dependent)


@never_raises
def on_page_deleted(sender, instance, **kwargs):
    schedule("page", instance.pk)


@never_raises
def on_view_restriction_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        page = Page.objects.filter(pk=instance.page_id).only("pk", "numchild").first()
        if page is not None:
            schedule_tree(page)


# -- Crisis alerts ------------------------------------------------------------------------


@never_raises
def on_alert_changed(sender, instance, **kwargs):
    """An alert published (or scheduled), unpublished or deleted: it, at its start and
    end, and every alert the store serves (the one it replaces was ended by an update)."""
    schedule("crisis_alert", instance.pk)
    for instant in (instance.starts_at, instance.ends_at):
        if instant is not None:
            schedule("crisis_alert", instance.pk, instant)
    served = Document.objects.served().filter(kind=Kind.CRISIS_ALERT)
    for key in served.values_list("key", flat=True):
        schedule("crisis_alert", int(key.split(":")[1]))


# -- What pages show ----------------------------------------------------------------------

#: Models that documents show, by the name ``dependents.find`` knows them by.
SHOWN = {
    "image": CustomImage,
    "document": CustomDocument,
    "ministry": Ministry,
    "topic": Topic,
    "government": Government,
    "video": Video,
}

#: Rows that belong to a video: their changes are the video's.
VIDEO_PARTS = (CaptionTrack, VideoRendition, VideoChapter)


@never_raises
def on_video_part_changed(sender, instance, raw=False, **kwargs):
    """A caption track, rendition or chapter saved or deleted: its video's document and,
    in one job, the pages that show the video."""
    if not raw and instance.video_id is not None:
        schedule("video", instance.video_id)
        schedule_dependents("video", instance.video_id)


def on_shown_saved(source: str):
    """A ``post_save`` handler for a model documents show: its own document (where it has
    one) and, in one job, its dependents."""

    @never_raises
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            schedule(source, instance.pk)
            schedule_dependents(source, instance.pk)

    handler.__name__ = f"on_{source}_saved"
    return handler


def on_shown_deleting(source: str):
    """A ``pre_delete`` handler: the dependents are found now, before the ReferenceIndex
    forgets them and ``SET_NULL`` clears the foreign keys by a queryset update."""

    @never_raises
    def handler(sender, instance, **kwargs):
        schedule(source, instance.pk)
        for dependent in dependents.find(source, instance.pk):
            schedule(*dependent)

    handler.__name__ = f"on_{source}_deleting"
    return handler


def register_signal_handlers():
    DEPENDENTS.append(dependents.find)
    UPCOMING.append(dependents.alerts_due)
    uid = "publishing-"
    page_published.connect(on_page_published, dispatch_uid=uid + "page-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=uid + "page-unpublished")
    pre_save.connect(before_page_saved, dispatch_uid=uid + "page-before")
    post_save.connect(on_page_saved, dispatch_uid=uid + "page-saved")
    pre_delete.connect(on_page_deleting, sender=Page, dispatch_uid=uid + "page-deleting")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid=uid + "page-deleted")
    post_save.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid=uid + "vr-saved"
    )
    post_delete.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid=uid + "vr-deleted"
    )
    published.connect(on_alert_changed, sender=CrisisAlert, dispatch_uid=uid + "alert-published")
    unpublished.connect(on_alert_changed, sender=CrisisAlert, dispatch_uid=uid + "alert-unpub")
    post_delete.connect(on_alert_changed, sender=CrisisAlert, dispatch_uid=uid + "alert-deleted")
    for source, model in SHOWN.items():
        post_save.connect(
            on_shown_saved(source), sender=model, weak=False, dispatch_uid=f"{uid}{source}-saved"
        )
        pre_delete.connect(
            on_shown_deleting(source),
            sender=model,
            weak=False,
            dispatch_uid=f"{uid}{source}-deleting",
        )
    for model in VIDEO_PARTS:
        name = model._meta.model_name
        post_save.connect(on_video_part_changed, sender=model, dispatch_uid=f"{uid}{name}-saved")
        post_delete.connect(
            on_video_part_changed, sender=model, dispatch_uid=f"{uid}{name}-deleted"
        )
