"""The periodic purge of abandoned uploads, on the ``media`` queue (``cms/jobs.py``).

Without a job queue (``JOBS_BACKEND=none``), cron runs ``manage.py purge_uploads``
instead (docs/operations.md).
"""

from __future__ import annotations

import logging

from cms import jobs
from cms.uploads import services

logger = logging.getLogger(__name__)


@jobs.app.periodic(cron="7 * * * *", periodic_id="purge_uploads")
@jobs.app.task(name="uploads.purge", queue=jobs.MEDIA, queueing_lock="uploads.purge")
def purge_uploads(timestamp: int) -> None:
    """Every hour (``timestamp``: that minute): expired uploads and orphan files."""
    report = services.purge()
    if report.uploads or report.orphan_files:
        logger.info(
            "Purged %d expired uploads and %d orphan files",
            len(report.uploads),
            len(report.orphan_files),
        )
