"""What to render again when something others show changes, and what time alone makes due.

:func:`find` is registered in ``pipeline.DEPENDENTS``. For a source (or a thing with no
document of its own), it names every source whose document shows something of it:

- ``("page", id)``: the pages that link to it (rich text, page chooser blocks, related
  items), the homes that feature it ("À la une"), and its translations (their documents
  list it among the alternates, and a translation is public only while its source is);
- ``("image", id)``, ``("document", id)``: the pages (and ministries, videos) that show it;
- ``("video", id)``: the pages that show the video (a body's video block, a video page);
- ``("ministry", id)``, ``("topic", id)``: the pages that show it, in any language (a
  translated page shows the translation of the ministry or topic its source chose);
- ``("government", id)``: the news items first published during its period, and those the
  store files under it (its dates may have changed);
- ``("tree", id)``: the page and every page under it with a document (a move, a slug
  change, a view restriction, a page going live or away changes each of them).

The first five come from Wagtail's ``ReferenceIndex``, which records the foreign keys,
chooser blocks, rich-text links and orderables of the rows as saved (a page row holds its
live content). It does not cover what is computed (the government, from dates: found here
by date range) nor rows written by ``bulk_create`` or queryset updates (``seed_bench``
rebuilds the index with ``rebuild_references_index``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery

from wagtail.models import Page, ReferenceIndex

from cms.crisis.models import CrisisAlert
from cms.delivery.models import Document, Kind
from cms.media.models import CustomDocument, CustomImage
from cms.organisations.models import Government, Ministry, Topic
from cms.publishing import content
from home.models import HomePage
from news.models import MinistryPage, NewsPage
from videos.models import Video, VideoPage

#: Models whose rows have a document, by the source name of that document.
SOURCE_MODELS = {
    "page": Page,
    "ministry": Ministry,
    "topic": Topic,
    "crisis_alert": CrisisAlert,
    "video": Video,
}

#: Things whose dependents are found in the ReferenceIndex, by name.
REFERENCED_MODELS = {**SOURCE_MODELS, "image": CustomImage, "document": CustomDocument}

#: Page types that have a document (``cms.publishing.pages``).
DOCUMENT_PAGE_TYPES = (NewsPage, MinistryPage, HomePage, VideoPage)


def find(source: str, pk: int) -> set[tuple[str, int]]:
    """The ``(source, pk)`` whose documents show something of ``source`` ``pk``: see the
    module. Unknown names have no dependents."""
    if source == "tree":
        return subtree(pk)
    if source == "government":
        return government_items(pk)
    model = REFERENCED_MODELS.get(source)
    if model is None:
        return set()
    if source in ("ministry", "topic"):
        # Pages refer to the French object; each language shows its own translation.
        key = model.objects.filter(pk=pk).values_list("translation_key", flat=True).first()
        pks = list(model.objects.filter(translation_key=key).values_list("pk", flat=True))
    else:
        pks = [pk]
    found = referring(model, pks or [pk])
    if source == "page":
        found |= translations(pk)
    return found


def referring(model, pks: Iterable[int]) -> set[tuple[str, int]]:
    """The sources whose rows refer to the ``model`` rows ``pks`` (ReferenceIndex)."""
    sources = {
        ContentType.objects.get_for_model(source_model).pk: name
        for name, source_model in SOURCE_MODELS.items()
    }
    rows = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(model),
            to_object_id__in=[str(pk) for pk in pks],
            base_content_type__in=list(sources),
        )
        .values_list("base_content_type_id", "object_id")
        .distinct()
    )
    return {(sources[content_type], int(object_id)) for content_type, object_id in rows}


def translations(pk: int) -> set[tuple[str, int]]:
    """The other languages' versions of page ``pk``."""
    key = Page.objects.filter(pk=pk).values("translation_key")
    others = Page.objects.filter(translation_key=Subquery(key)).exclude(pk=pk)
    return {("page", other) for other in others.values_list("pk", flat=True)}


def subtree(pk: int) -> set[tuple[str, int]]:
    """Page ``pk`` and the pages under it that have a document."""
    page = Page.objects.filter(pk=pk).only("path").first()
    if page is None:
        return set()
    pages = Page.objects.filter(path__startswith=page.path).type(*DOCUMENT_PAGE_TYPES)
    return {("page", pk), *(("page", other) for other in pages.values_list("pk", flat=True))}


def government_items(pk: int) -> set[tuple[str, int]]:
    """The news items first published during government ``pk``'s period (Paris days,
    end excluded), and those the store files under it."""
    found = {
        ("page", int(key.split(":")[1]))
        for key in Document.objects.filter(kind=Kind.NEWS, government=str(pk)).values_list(
            "key", flat=True
        )
    }
    government = Government.objects.filter(pk=pk).first()
    if government is None:
        return found
    items = NewsPage.objects.filter(
        first_published_at__gte=content.day_start(government.start_date)
    )
    if government.end_date is not None:
        items = items.filter(first_published_at__lt=content.day_start(government.end_date))
    return found | {("page", item) for item in items.values_list("pk", flat=True)}


def alerts_due(now: datetime.datetime) -> set[tuple[str, int]]:
    """Crisis alerts whose period began or ended since the store last rendered them: the
    active ones it does not serve, and the ones it serves that are no longer active
    (``pipeline.UPCOMING``, for the sweep)."""
    active = set(CrisisAlert.objects.active(now).values_list("pk", flat=True))
    served = {
        int(key.split(":")[1])
        for key in Document.objects.served(now)
        .filter(kind=Kind.CRISIS_ALERT)
        .values_list("key", flat=True)
    }
    return {("crisis_alert", pk) for pk in active ^ served}
