"""The translation embargo, as a mixin the page models inherit.

A translation never goes live before its source (the default locale's version): a page
model opts in by inheriting ``TranslationEmbargoMixin`` before its Wagtail page base.
"""

from __future__ import annotations

from cms.scheduling.services import TranslationNotPublishable, apply_translation_embargo


class TranslationEmbargoMixin:
    """A page model whose translations go live with their source, never before it.

    Loading a revision (``with_content_json``: publication, preview) holds the version
    back until its source's scheduled go-live; saving live a version whose source is
    neither live nor scheduled (the publication) raises ``TranslationNotPublishable``.
    Editing, saving drafts and previewing still work.
    """

    #: Set on a loaded version whose source is neither live nor scheduled.
    translation_refusal: TranslationNotPublishable | None = None

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.translation_refusal = apply_translation_embargo(self, obj)
        return obj

    def save(self, *args, **kwargs):
        if self.translation_refusal is not None and self.live:
            raise self.translation_refusal
        return super().save(*args, **kwargs)
