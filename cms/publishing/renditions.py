"""Renditions made ahead of go-live: when an item is approved or scheduled.

Four renditions of a 40-megapixel image take seconds (``docs/performance.md``); a go-live
must not wait on them. So when a revision of a page is approved (a step of its workflow,
Wagtail's ``task_approved``) or scheduled (``page_published`` for a revision that did not
go live), a job on the ``media`` queue makes the renditions of every image the revision
shows (``cms.media.renditions.RENDITIONS``). The renderer then only looks them up, and
makes the missing ones itself if the job has not run (``cms.publishing.content.image``).

The job reads the revision when it runs, not the event; images whose licence has expired
get none. With a job queue it runs in a media worker, retried on failure; without one
(SQLite), in this process after the commit.
"""

from __future__ import annotations

from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.signals import page_published, task_approved

from cms import jobs
from cms.media.renditions import renditions_of
from cms.pages import went_live
from cms.publishing.pipeline import RETRY


@jobs.app.task(name="publishing.make_renditions", queue=jobs.MEDIA, retry=RETRY)
def make_renditions_job(revision: int) -> None:
    make_renditions(revision)


def make_renditions(revision_id: int) -> int:
    """Make the missing renditions of the images revision ``revision_id`` shows; returns
    how many images were looked at (0 for a revision deleted since)."""
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return 0
    images = images_shown(revision.as_object())
    for image in images:
        renditions_of(image)
    return len(images)


def images_shown(obj) -> list:
    """The images ``obj`` (a model instance, unsaved revisions included) refers to, in
    fields, blocks and child objects (attachments, links), whose licence runs.

    Wagtail's reference index finds them (``_extract_references_from_object``: the
    extraction it indexes saved objects with, here applied to the revision's content).
    """
    model = get_image_model()
    base = ReferenceIndex._get_base_content_type(model).pk
    ids = {
        int(object_id)
        for content_type, object_id, *_ in ReferenceIndex._extract_references_from_object(obj)
        if content_type == base
    }
    return [image for image in model.objects.filter(pk__in=ids) if not image.licence_has_expired]


def defer(revision: Revision) -> None:
    """Make the renditions of ``revision`` once the current transaction commits: a job
    on the ``media`` queue (one waiting per revision), or in-process without a queue."""
    if jobs.enabled():
        jobs.defer(make_renditions_job, revision=revision.pk)
    else:
        transaction.on_commit(lambda: make_renditions(revision.pk), robust=True)


def on_page_published(sender, instance, revision, **kwargs):
    """A scheduled revision gets its renditions now (one that went live is rendered by
    the publication job, which makes them)."""
    if not went_live(instance, revision):
        defer(revision)


def on_task_approved(sender, instance, **kwargs):
    """An approved step of a page's workflow: the revision under review is likely to go
    live (unless the approval already put it online)."""
    revision = instance.revision
    if revision is None or not isinstance(revision.content_object, Page):
        return
    if not went_live(revision.content_object, revision):
        defer(revision)


def register_signal_handlers():
    page_published.connect(on_page_published, dispatch_uid="publishing-renditions-published")
    task_approved.connect(on_task_approved, dispatch_uid="publishing-renditions-approved")
