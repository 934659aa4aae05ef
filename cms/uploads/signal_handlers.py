"""A deleted upload takes its file with it, once the deletion is committed."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from django.db import transaction
from django.db.models.signals import post_delete

from cms.uploads.models import Upload

logger = logging.getLogger(__name__)


def remove_file(path: Path) -> None:
    """Remove ``path`` if it exists; an error is logged (the purge removes it later)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        logger.exception("Could not remove the upload file %s", path)


def upload_deleted(sender, instance: Upload, **kwargs) -> None:
    # After the commit: a rolled-back deletion keeps its bytes.
    transaction.on_commit(partial(remove_file, instance.path), robust=True)


def register_signal_handlers() -> None:
    post_delete.connect(upload_deleted, sender=Upload, dispatch_uid="uploads.upload_deleted")
