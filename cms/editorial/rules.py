"""The editorial line ("ligne éditoriale"): the rules a news item meets before it is submitted
to moderation or published.

Every rule is a small function registered, in order, with a code, a French label and whether
it blocks. ``check_page`` runs them all on a page instance (saved or not, with the in-memory
child relations of an admin form) and returns every finding at once; it only reads the
database. Call it before any submission or publication: the admin's create and edit views do
(``cms.editorial.views``), a workflow's final approval and bulk publishing should too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.blocks import (
    Block,
    CharBlock,
    ListBlock,
    PageChooserBlock,
    RichTextBlock,
    StreamBlock,
    StructBlock,
    TextBlock,
)
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.models import Page, Revision, Site
from wagtail.rich_text import extract_references_from_rich_text, get_text_for_indexing

from cms.blocks import ImageBlock
from cms.editorial.models import EditorialSettings, normalize
from news.models import CHAPO_MAX_LENGTH, NewsPage


@dataclass(frozen=True)
class Finding:
    """One failure of the editorial line, with the code of its rule."""

    code: str
    message: str


@dataclass
class EditorialReport:
    """What ``check_page`` found: blocking errors and simple warnings."""

    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def is_blocking(self) -> bool:
        return bool(self.errors)


@dataclass(frozen=True)
class BodyItem:
    """A block of the body, nested or not, and where it stands, for messages."""

    block: Block
    value: Any
    where: str


@dataclass(frozen=True)
class LinkedPage:
    """A page the item links to, and what will become of it."""

    where: str
    page_id: int
    title: str = ""
    live: bool = False
    scheduled_at: datetime.datetime | None = None


class Context:
    """What the rules look at, computed once per check."""

    def __init__(self, page: NewsPage, site: Site | None):
        self.page = page
        if site is None and page.pk:
            site = page.get_site()
        self.settings = EditorialSettings.lookup(
            site or Site.objects.filter(is_default_site=True).first()
        )
        now = timezone.now()
        go_live_at = page.embargo_until or page.go_live_at
        #: When this item goes live: its embargo or scheduled publication, else now.
        self.go_live_at = max(go_live_at, now) if go_live_at else now

    @cached_property
    def body(self) -> list[BodyItem]:
        items = []
        for number, child in enumerate(self.page.body, start=1):
            where = _("le corps du texte (bloc %(number)d « %(label)s »)") % {
                "number": number,
                "label": child.block.label,
            }
            items.extend(_walk(child.block, child.value, where))
        return items

    def body_values(self, block_class: type[Block]) -> Iterator[tuple[Any, str]]:
        """The values of the body's blocks of this class, with where they stand."""
        for item in self.body:
            if isinstance(item.block, block_class) and item.value:
                yield item.value, item.where

    @cached_property
    def texts(self) -> list[tuple[str, str]]:
        """Every text an editor wrote, as (where, plain text)."""
        texts = [(_("le titre"), self.page.title or ""), (_("le chapô"), self.page.chapo or "")]
        for item in self.body:
            if isinstance(item.block, RichTextBlock) and item.value:
                texts.append((item.where, get_text_for_indexing(item.value.source)))
            elif isinstance(item.block, CharBlock | TextBlock) and item.value:
                texts.append((item.where, str(item.value)))
        return texts

    @cached_property
    def linked_pages(self) -> list[LinkedPage]:
        """Every page linked from the body or the related content, with its state."""
        links = []
        for value, where in self.body_values(PageChooserBlock):
            links.append((where, value.pk))
        for value, where in self.body_values(RichTextBlock):
            for model, object_id, _path, _content_path in extract_references_from_rich_text(
                value.source
            ):
                if issubclass(model, Page) and str(object_id).isdigit():
                    links.append((where, int(object_id)))
        related = _("les contenus liés")
        links.extend((related, link.related_page_id) for link in self.page.related_links.all())
        links = [(where, pk) for where, pk in links if pk and pk != self.page.pk]

        ids = {pk for _where, pk in links}
        pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).only("title", "live")}
        # Wagtail keeps at most one scheduled revision per page.
        revisions = Revision.page_revisions.filter(
            object_id__in=[str(pk) for pk in ids], approved_go_live_at__isnull=False
        ).values_list("object_id", "approved_go_live_at")
        scheduled = {int(object_id): moment for object_id, moment in revisions}
        return [
            LinkedPage(
                where=where,
                page_id=pk,
                title=pages[pk].title if pk in pages else "",
                live=pk in pages and pages[pk].live,
                scheduled_at=scheduled.get(pk),
            )
            for where, pk in links
        ]


def _walk(block: Block, value: Any, where: str) -> Iterator[BodyItem]:
    """This block and every block nested in it."""
    yield BodyItem(block, value, where)
    if value is None:
        return
    if isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _walk(child_block, value.get(name), where)
    elif isinstance(block, ListBlock):
        for child_value in value:
            yield from _walk(block.child_block, child_value, where)
    elif isinstance(block, StreamBlock):
        for child in value:
            yield from _walk(child.block, child.value, where)


#: A rule's function: it yields one French message per failure.
Check = Callable[[Context], Iterable[str]]


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    blocking: bool
    check: Check


#: The editorial line, in the order its findings are listed.
RULES: list[Rule] = []


def rule(code: str, label: str, *, blocking: bool = True) -> Callable[[Check], Check]:
    """Register the decorated function as a rule of the line, after those already registered."""

    def register(check: Check) -> Check:
        RULES.append(Rule(code, label, blocking, check))
        return check

    return register


def _date(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


@rule("chapo", gettext_lazy("Chapô présent et court"))
def check_chapo(context: Context) -> Iterator[str]:
    length = len((context.page.chapo or "").strip())
    if not length:
        yield _("Le chapô est vide.")
    elif length > CHAPO_MAX_LENGTH:
        yield _("Le chapô compte %(length)d caractères, pour %(limit)d au plus.") % {
            "length": length,
            "limit": CHAPO_MAX_LENGTH,
        }


@rule("title-length", gettext_lazy("Titre assez court pour les réseaux sociaux"))
def check_title_length(context: Context) -> Iterator[str]:
    length = len(context.page.title or "")
    limit = context.settings.title_max_length
    if length > limit:
        yield _(
            "Le titre compte %(length)d caractères, pour %(limit)d au plus "
            "(il est repris sur les réseaux sociaux)."
        ) % {"length": length, "limit": limit}


@rule("image-alt", gettext_lazy("Texte alternatif des images"))
def check_image_alt(context: Context) -> Iterator[str]:
    hero = context.page.hero_image
    if hero is not None and not hero.description.strip():
        yield _("L'image principale « %(image)s » n'a pas de texte alternatif.") % {
            "image": hero.title
        }
    for value, where in context.body_values(ImageBlock):
        image = value.get("image")
        if image is None or value.get("decorative") or (value.get("alt_text") or "").strip():
            continue
        if not image.description.strip():
            yield _(
                "L'image « %(image)s » (%(where)s) n'a pas de texte alternatif et n'est pas "
                "marquée décorative."
            ) % {"image": image.title, "where": where}


@rule("document-accessibility", gettext_lazy("Documents accessibles ou format alternatif"))
def check_documents(context: Context) -> Iterator[str]:
    documents = [
        (attachment.document, _("les pièces jointes"))
        for attachment in context.page.attachments.all()
    ]
    documents.extend(context.body_values(DocumentChooserBlock))
    for document, where in documents:
        if not document.accessible and not document.alternative_format_contact.strip():
            yield _(
                "Le document « %(document)s » (%(where)s) n'est pas accessible et n'indique "
                "aucun contact pour obtenir un format alternatif."
            ) % {"document": document.title, "where": where}


@rule("forbidden-term", gettext_lazy("Aucun terme interdit"))
def check_forbidden_terms(context: Context) -> Iterator[str]:
    texts = [(where, normalize(text)) for where, text in context.texts]
    for term in context.settings.terms:
        words = (re.escape(word) for word in normalize(term).split())
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
        places = list(dict.fromkeys(where for where, text in texts if pattern.search(text)))
        if places:
            yield _("Le terme interdit « %(term)s » figure dans %(places)s.") % {
                "term": term,
                "places": ", ".join(places),
            }


@rule("kind", gettext_lazy("Type de contenu renseigné"))
def check_kind(context: Context) -> Iterator[str]:
    if not context.page.kind:
        yield _("Le type de contenu n'est pas renseigné.")


def _link_label(link: LinkedPage) -> str:
    if not link.title:
        return _("une page supprimée (n° %(id)d)") % {"id": link.page_id}
    return f"« {link.title} »"


@rule("link-not-live", gettext_lazy("Liens vers des pages en ligne à la publication"))
def check_links_not_live(context: Context) -> Iterator[str]:
    for link in context.linked_pages:
        if link.live or (link.scheduled_at and link.scheduled_at <= context.go_live_at):
            continue
        if link.scheduled_at:
            state = _("sa mise en ligne est programmée le %(date)s, après celle de ce contenu") % {
                "date": _date(link.scheduled_at)
            }
        else:
            state = _("elle n'est pas publiée")
        yield _("Le lien vers %(target)s (%(where)s) ne fonctionnera pas : %(state)s.") % {
            "target": _link_label(link),
            "where": link.where,
            "state": state,
        }


@rule(
    "link-scheduled",
    gettext_lazy("Liens vers des pages programmées avant ce contenu"),
    blocking=False,
)
def check_links_scheduled(context: Context) -> Iterator[str]:
    for link in context.linked_pages:
        if not link.live and link.scheduled_at and link.scheduled_at <= context.go_live_at:
            yield _(
                "Le lien vers %(target)s (%(where)s) mène à une page pas encore en ligne, "
                "programmée le %(date)s : elle sera publiée avant ou en même temps que ce "
                "contenu."
            ) % {
                "target": _link_label(link),
                "where": link.where,
                "date": _date(link.scheduled_at),
            }


def check_page(page: NewsPage, *, site: Site | None = None) -> EditorialReport:
    """Run every rule of the editorial line on ``page``; never writes to the database.

    ``site`` gives the settings to use; by default, the page's site, else the default site.
    """
    context = Context(page, site)
    report = EditorialReport()
    for editorial_rule in RULES:
        findings = report.errors if editorial_rule.blocking else report.warnings
        findings.extend(
            Finding(editorial_rule.code, message) for message in editorial_rule.check(context)
        )
    return report


REFUSAL_HEADING = gettext_lazy("Ce contenu ne respecte pas la ligne éditoriale :")


class EditorialLineError(ValidationError):
    """A publication refused because the content fails the editorial line."""


def enforce_editorial_line(page: NewsPage) -> None:
    """Raise ``EditorialLineError`` listing every blocking failure, if there is any.

    Called on every publication path, whatever view or job publishes the page.
    """
    report = check_page(page)
    if report.is_blocking:
        raise EditorialLineError(
            [str(REFUSAL_HEADING)] + [finding.message for finding in report.errors]
        )
