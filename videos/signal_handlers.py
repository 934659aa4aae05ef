"""Signal handlers of the video library: thin, they only schedule work."""

from django.db import transaction
from django.db.models.signals import post_delete

from wagtail.tasks import delete_file_from_storage_task


def delete_stored_file(instance, **kwargs):
    """Once the deletion of a video, rendition or caption track is committed, delete its
    file from storage (Wagtail's task, as for images: no orphan file is left)."""
    if not instance.file.name:
        return
    storage, name = instance.file.storage.deconstruct(), instance.file.name
    transaction.on_commit(lambda: delete_file_from_storage_task.enqueue(storage, name))


def register_signal_handlers():
    from videos.models import CaptionTrack, Video, VideoRendition

    for model in (Video, VideoRendition, CaptionTrack):
        post_delete.connect(
            delete_stored_file, sender=model, dispatch_uid=f"videos-file-{model.__name__}"
        )
