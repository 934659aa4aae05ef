"""The nested objects of the public JSON: ministries, topics, governments, images,
attachments, related items, translations, rich text and body blocks.

Links are resolved against the store: a link or related item shows only what the store
serves (``cms.delivery``); anything else is rendered as plain text or left out, so no
draft, scheduled or restricted page is ever named. Media files a document shows are
appended to the ``files`` list given, so the media views serve them while it is public.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable

from django.utils import timezone

from wagtail.models import Page
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from cms.blocks import ImageBlock
from cms.delivery.models import Document
from cms.media import renditions
from cms.media.models import CustomRendition
from cms.organisations.models import PARIS, Government, Ministry, Topic

# -- Organisations ------------------------------------------------------------------------


def translated(obj, locale_id: int):
    """The translation of a translatable snippet in the language ``locale_id``, else the
    object itself (wagtail-localize keeps the French objects on translated pages)."""
    if obj.locale_id == locale_id:
        return obj
    same = type(obj).objects.filter(translation_key=obj.translation_key, locale_id=locale_id)
    return same.first() or obj


def ministry(obj: Ministry, page: Page) -> dict:
    """A ministry as a news item shows it: its stable id (translation key), its name in
    the page's language, and its name at the item's first publication."""
    shown = translated(obj, page.locale_id)
    published = page.first_published_at
    return {
        "id": str(obj.translation_key),
        "slug": shown.slug,
        "name": shown.name,
        "short_name": shown.short_name,
        "acronym": shown.acronym,
        "name_at_publication": (
            shown.name_on(published.astimezone(PARIS).date()) if published else shown.name
        ),
    }


def topic(obj: Topic, locale) -> dict:
    shown = translated(obj, locale.pk)
    return {"id": str(obj.translation_key), "slug": shown.slug, "name": shown.name}


def government(obj: Government | None) -> dict | None:
    if obj is None:
        return None
    return {
        "id": str(obj.pk),
        "label": obj.label,
        "prime_minister": obj.prime_minister,
        "start_date": obj.start_date,
        "end_date": obj.end_date,
        "has_ended": obj.has_ended,
    }


# -- Instants ------------------------------------------------------------------------------


def day_start(day: datetime.date | None) -> datetime.datetime | None:
    """The first instant of a Paris calendar day (an end date takes effect then), or None."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=PARIS)


def next_instant(*instants: datetime.datetime | None) -> datetime.datetime | None:
    """The earliest of ``instants`` still in the future (a document's next rendering), or
    None."""
    now = timezone.now()
    return min(
        (instant for instant in instants if instant is not None and instant > now), default=None
    )


# -- Media --------------------------------------------------------------------------------


def licence_end(image) -> datetime.datetime | None:
    """The instant an image's licence expires (start of its expiry day, Paris), or None."""
    return day_start(image.licence_expires_at) if image is not None else None


def licence_ends(files: list[str]) -> list[datetime.datetime]:
    """The instants (start of the expiry day, Paris) at which the licence of an image
    shown through the rendition ``files`` expires: the document must be rendered again
    then, without the image. One query."""
    if not files:
        return []
    days = (
        CustomRendition.objects.filter(file__in=files, image__licence_expires_at__isnull=False)
        .values_list("image__licence_expires_at", flat=True)
        .distinct()
    )
    return [day_start(day) for day in days]


def image(obj, files: list[str], alt_text: str | None = None) -> dict | None:
    """An image as the API shows it: alt text (``alt_text`` when given, the image's own
    otherwise), credit, and its renditions (``cms.media.renditions.RENDITIONS``) as
    ``{url, width, height, size}`` (pixels; ``size`` in bytes, the ``length`` of a
    feed's enclosure, ``None`` if the storage cannot tell); ``None`` when its licence has
    expired.

    Renditions are looked up, not made, when the job of the item's approval or
    scheduling made them (``cms.publishing.renditions``); missing ones are made here. The
    rendition files are appended to ``files``: they are served while the document is.
    """
    if obj is None or obj.licence_has_expired:
        return None
    shown = renditions.renditions_of(obj)
    files.extend(rendition.file.name for rendition in shown.values())
    return {
        "id": obj.pk,
        "alt": obj.alt_text if alt_text is None else alt_text,
        "credit": obj.credit,
        "renditions": {
            name: {**renditions.rendition_json(item), "size": file_size(item.file)}
            for name, item in shown.items()
        },
    }


def file_size(file) -> int | None:
    """The size in bytes of a stored ``file``, or ``None`` when the storage cannot read
    it (a missing file leaves the size unknown rather than failing the rendering)."""
    try:
        return file.size
    except OSError:
        return None


def document(obj, files: list[str]) -> dict:
    """A document as the API shows it: title, public URL, type (extension and label),
    size in bytes, accessibility. Its file is appended to ``files``: it is served while
    the document is."""
    files.append(obj.file.name)
    return {
        "id": obj.pk,
        "title": obj.title,
        "url": renditions.public_document_url(obj),
        "file_type": obj.file_extension.lower(),
        "type_label": obj.type_label,
        "size": obj.get_file_size(),
        "accessible": obj.accessible,
    }


def attachment(link, files: list[str]) -> dict:
    """An attachment of a news item: its document, under the attachment's own title
    when it has one."""
    data = document(link.document, files)
    if link.title:
        data["title"] = link.title
    return data


# -- Pages --------------------------------------------------------------------------------


def stored_summaries(page_ids: list[int]) -> list[dict]:
    """The stored listing entries of the pages ``page_ids`` that the store lists, in the
    given order (related items and "À la une" are listings: what the store does not list,
    a withdrawn item included, is left out)."""
    rows = dict(
        Document.objects.listed()
        .filter(key__in=[f"page:{pk}" for pk in page_ids])
        .exclude(summary="")
        .values_list("key", "summary")
    )
    return [json.loads(rows[f"page:{pk}"]) for pk in page_ids if f"page:{pk}" in rows]


def stored_links(page_ids) -> dict[int, tuple[str, str]]:
    """``{page id: (public path, absolute URL on its site's front end)}`` of the pages
    among ``page_ids`` the store serves."""
    rows = Document.objects.served().filter(key__in=[f"page:{pk}" for pk in page_ids])
    return {
        int(key.split(":")[1]): (path, url)
        for key, path, url in rows.values_list("key", "path", "url")
    }


def related(page) -> list[dict]:
    return stored_summaries([link.related_page_id for link in page.related_links.all()])


def translations(page: Page) -> list[dict]:
    """The other languages' versions the store serves: ``{"locale", "path", "url"}``."""
    others = (
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
    )
    by_id = {other.pk: other.locale.language_code for other in others}
    links = stored_links(by_id)
    return [
        {"locale": by_id[pk], "path": path, "url": url}
        for pk, (path, url) in sorted(links.items(), key=lambda item: by_id[item[0]])
    ]


# -- Rich text ----------------------------------------------------------------------------

UNLINKED = 'data-gouvernail-unlinked=""'
_UNLINKED_A = re.compile(r"<a " + re.escape(UNLINKED) + r">(.*?)</a>", re.DOTALL)


def rich_text(html: str, files: list[str]) -> str:
    """Wagtail's stored rich text as public HTML: page links as absolute front-end URLs
    when the store serves the page, plain text otherwise; document links through the
    documents' URLs; embeds dropped to their URL."""
    from wagtail.documents import get_document_model

    def pages(attrs_list):
        ids = [int(attrs["id"]) for attrs in attrs_list if attrs.get("id", "").isdigit()]
        links = stored_links(ids)
        out = []
        for attrs in attrs_list:
            link = links.get(int(attrs["id"])) if attrs.get("id", "").isdigit() else None
            out.append(f'<a href="{link[1]}">' if link else f"<a {UNLINKED}>")
        return out

    def documents(attrs_list):
        ids = [int(attrs["id"]) for attrs in attrs_list if attrs.get("id", "").isdigit()]
        found = get_document_model().objects.in_bulk(ids)
        out = []
        for attrs in attrs_list:
            obj = found.get(int(attrs["id"])) if attrs.get("id", "").isdigit() else None
            out.append(f'<a href="{document(obj, files)["url"]}">' if obj else f"<a {UNLINKED}>")
        return out

    rewriter = MultiRuleRewriter(
        [
            LinkRewriter(
                bulk_rules={"page": pages, "document": documents},
                rules={
                    "external": lambda attrs: f'<a href="{attrs["href"]}">',
                    "email": lambda attrs: f'<a href="{attrs["href"]}">',
                    "anchor": lambda attrs: f'<a href="{attrs["href"]}">',
                },
            ),
            EmbedRewriter(rules={"image": lambda attrs: ""}),
        ]
    )
    return _UNLINKED_A.sub(r"\1", rewriter(html))


def stream(value, files: list[str]) -> list[dict]:
    """The blocks of a body StreamField as ``{"type", "value"}`` objects."""
    return [
        {"type": child.block_type, "value": _block(child.block, child.value, files)}
        for child in value
    ]


def image_block(value, files: list[str]) -> dict:
    """An image block: the image with the alt text of this use (empty when decorative,
    RGAA), its caption, and its credit (this use's, else the image's)."""
    decorative = bool(value["decorative"])
    alt_text = "" if decorative else (value["alt_text"] or None)
    shown = image(value["image"], files, alt_text)
    if shown is not None and value["credit"]:
        shown["credit"] = value["credit"]
    return {"image": shown, "decorative": decorative, "caption": value["caption"]}


#: Block class -> function ``(block, value, files) -> JSON`` rendering its values, for
#: blocks whose rendering lives in another module of the pipeline (``videos``: the video
#: block), registered from ``PublishingConfig.ready``. The most specific class first.
BLOCK_RENDERERS: dict[type, Callable] = {}


def _block(block, value, files):
    from wagtail import blocks

    for block_class, render in BLOCK_RENDERERS.items():
        if isinstance(block, block_class):
            return render(block, value, files)
    from wagtail.documents.blocks import DocumentChooserBlock
    from wagtail.images.blocks import ImageChooserBlock

    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source, files)
    if isinstance(block, ImageBlock):
        return image_block(value, files)
    if isinstance(block, blocks.StructBlock):
        return {name: _block(block.child_blocks[name], value[name], files) for name in value}
    if isinstance(block, blocks.ListBlock):
        return [_block(block.child_block, item, files) for item in value]
    if isinstance(block, blocks.StreamBlock):
        return stream(value, files)
    if isinstance(block, ImageChooserBlock):
        return image(value, files)
    if isinstance(block, DocumentChooserBlock):
        return document(value, files) if value else None
    if isinstance(block, blocks.PageChooserBlock):
        if value is None:
            return None
        link = stored_links([value.pk]).get(value.pk)
        return {"id": value.pk, "path": link[0], "url": link[1]} if link else None
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value
