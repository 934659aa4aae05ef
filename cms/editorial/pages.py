"""Page types whose every publication meets the editorial line."""

from __future__ import annotations

from django.db import transaction

from cms.editorial.rules import enforce_editorial_line


class CheckedPublicationMixin:
    """Publish atomically, on every path meeting the editorial line (``rules``).

    Wagtail saves the page, sends its signals and writes the audit entry with no
    transaction: here all of it happens, or nothing. The editorial line is checked on
    every path (admin, workflow, translation editor, bulk action): ``EditorialLineError``
    is raised, and nothing is published, when it fails; a revision scheduled for later was
    checked when it was scheduled.
    """

    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            if revision.approved_go_live_at is not None:
                return super().publish(revision, *args, **kwargs)
            version = revision.as_object()
            enforce_editorial_line(version, user=kwargs.get("user"))
            # Wagtail's publish action loads the revision again (six queries): it gets
            # the version just checked, the same object the database would give.
            revision.as_object = lambda: version
            try:
                return super().publish(revision, *args, **kwargs)
            finally:
                del revision.as_object
