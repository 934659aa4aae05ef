"""The editorial line ("ligne éditoriale"): the rules a news item meets before it is submitted
to moderation or published.

This module is the mechanism; the rules live in the feature apps (``news/editorial.py``),
each a small function registered with ``@rule``, in order, with a code, a French label and
whether it blocks, and the page models they check with ``register_page_model``, from the
app's ``AppConfig.ready()``. ``check_page`` runs them all on a page instance (saved or not,
with the in-memory child relations of an admin form) and returns every finding at once; it
only reads the database. Call it before any submission or publication: the admin's create and edit views do
(``cms.editorial.views``), a workflow's final approval and bulk publishing should too.
"""

from __future__ import annotations

import datetime
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
from wagtail.models import Page, Revision, Site
from wagtail.rich_text import extract_references_from_rich_text, get_text_for_indexing

from cms.editorial.models import EditorialSettings


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

    def __init__(self, page: Page, site: Site | None, user=None):
        self.page = page
        #: Who will read the findings (the admin's user), or ``None`` (a job, a script):
        #: a rule names only what this user may see.
        self.user = user
        if site is None and page.pk:
            site = page.get_site()
        self.settings = EditorialSettings.lookup(
            site or Site.objects.filter(is_default_site=True).first()
        )
        now = timezone.now()
        go_live_at = page.planned_go_live_at
        #: When this item goes live: as the page type plans it (embargo…), else now.
        self.go_live_at = max(go_live_at, now) if go_live_at else now

    @cached_property
    def body(self) -> list[BodyItem]:
        items = []
        # A page type without a body (a video page) has no blocks to check.
        for number, child in enumerate(getattr(self.page, "body", None) or [], start=1):
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
    #: The page models the rule checks (and their subclasses); empty: every model the
    #: line checks (``PAGE_MODELS``).
    page_models: tuple[type[Page], ...] = ()

    def applies_to(self, page: Page) -> bool:
        return not self.page_models or isinstance(page, self.page_models)


#: The editorial line, in the order its findings are listed.
RULES: list[Rule] = []


def rule(
    code: str,
    label: str,
    *,
    blocking: bool = True,
    page_models: tuple[type[Page], ...] = (),
) -> Callable[[Check], Check]:
    """Register the decorated function as a rule of the line, after those already
    registered; it checks the pages of ``page_models`` only (default: every page the
    line checks)."""

    def register(check: Check) -> Check:
        RULES.append(Rule(code, label, blocking, check, tuple(page_models)))
        return check

    return register


#: The page models the editorial line checks.
PAGE_MODELS: list[type[Page]] = []


def register_page_model(model: type[Page]) -> None:
    """Have the editorial line check the pages of ``model`` (and of its subclasses)."""
    if model not in PAGE_MODELS:
        PAGE_MODELS.append(model)


def applies_to(page: Page) -> bool:
    """Whether the editorial line checks ``page``: an instance of a registered model."""
    return isinstance(page, tuple(PAGE_MODELS))


def check_page(page: Page, *, site: Site | None = None, user=None) -> EditorialReport:
    """Run every rule of the editorial line on ``page``; never writes to the database.

    ``site`` gives the settings to use; by default, the page's site, else the default site.
    ``user`` is who will read the findings (``None``: unknown), so that a rule does not
    name what they may not see (a video of another ministry, ``videos.editorial``).
    """
    context = Context(page, site, user)
    report = EditorialReport()
    for editorial_rule in RULES:
        if not editorial_rule.applies_to(page):
            continue
        findings = report.errors if editorial_rule.blocking else report.warnings
        findings.extend(
            Finding(editorial_rule.code, message) for message in editorial_rule.check(context)
        )
    return report


REFUSAL_HEADING = gettext_lazy("Ce contenu ne respecte pas la ligne éditoriale :")


class EditorialLineError(ValidationError):
    """A publication refused because the content fails the editorial line."""


def enforce_editorial_line(page: Page, *, user=None) -> None:
    """Raise ``EditorialLineError`` listing every blocking failure, if there is any.

    Called on every publication path, whatever view or job publishes the page; ``user``
    (who publishes, if known) reads the messages (``check_page``).
    """
    report = check_page(page, user=user)
    if report.is_blocking:
        raise EditorialLineError(
            [str(REFUSAL_HEADING)] + [finding.message for finding in report.errors]
        )
