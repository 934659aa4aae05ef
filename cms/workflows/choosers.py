"""Chooser values in admin forms: a user submits only objects they may choose.

Wagtail's choosers only *offer* what a user may see; the form then accepts any id posted,
saves it and renders its title, its thumbnail (a rendition made for it) or its file name.
``ChooserCheckMixin`` closes that: once the form is validated, every object a chooser
value refers to — a page, an image, a document or a snippet, in a foreign key of the form
or of its inline forms, in a StreamField block (``PageChooserBlock``,
``ImageChooserBlock``…, nested in structs, lists and streams) or in a rich-text link or
embed — must be one the user may choose (``choosable``). A refused value is an error that
names nothing, nothing is saved, and the form is rendered again without it, so that
nothing computed from it (title, rendition, editorial-line message) reaches the user.

Objects already in the item being edited stay accepted: the user did not choose them
(the Rédaction may have), and refusing them would forbid saving the item at all.

Page types opt in with ``base_form_class = ChooserCheckedPageForm`` (or a subclass),
snippets with ``base_form_class = ChooserCheckedModelForm``. See docs/permissions.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import BaseForm, BoundField, ModelChoiceField
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks import ChooserBlock, ListBlock, RichTextBlock, StreamBlock, StructBlock
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import DraftStateMixin, Page
from wagtail.rich_text import RichText, extract_references_from_rich_text
from wagtail.rich_text.rewriters import FIND_EMBED_TAG

from cms.forms import HeadlessPageForm

CHOICE_REFUSAL = _("Vous ne pouvez pas choisir ce contenu.")
CONTENT_REFUSAL = _(
    "« %(field)s » : vous ne pouvez pas choisir un des contenus liés ou intégrés ; il a été "
    "retiré. Vérifiez le champ puis enregistrez de nouveau."
)

#: A reference to an object: its base model (``Page`` for every page type) and its id.
Reference = tuple[type[Model], str]

#: A link with its text, in the database format of rich text (``<a linktype="page" id="3">``).
FIND_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)


#: Models picked with a chooser of their own app (``videos.Video``): label -> function
#: ``(user, queryset) -> queryset`` of the objects the user may choose among them.
CHOOSABLE: dict[str, Callable[[Any, QuerySet], QuerySet]] = {}


def register_choosable(model_label: str, function: Callable[[Any, QuerySet], QuerySet]) -> None:
    """Check the chooser values of the model ``model_label`` with ``function`` (from the
    app's ``ready()``): a form refuses an object of that model outside what it returns."""
    CHOOSABLE[model_label] = function


def _is_snippet(model: type[Model]) -> bool:
    return getattr(model, "snippet_viewset", None) is not None


def is_chosen_model(model: type[Model]) -> bool:
    """Whether objects of ``model`` are picked with a chooser: pages, media, snippets."""
    return (
        issubclass(model, Page | AbstractImage | AbstractDocument)
        or model._meta.label in CHOOSABLE
        or _is_snippet(model)
    )


def _may_choose_snippets(user, model: type[Model]) -> bool:
    """Snippets without drafts (ministries, topics, people…) are reference data, public
    once saved: anyone may choose them. Snippets with drafts (crisis alerts) are for those
    who hold a permission on their model, who see all of them in its listing anyway."""
    if not issubclass(model, DraftStateMixin):
        return True
    content_type = ContentType.objects.get_for_model(model)
    codenames = Permission.objects.filter(content_type=content_type).values_list(
        "codename", flat=True
    )
    return any(user.has_perm(f"{content_type.app_label}.{codename}") for codename in codenames)


def choosable(user, queryset: QuerySet) -> QuerySet:
    """The objects of ``queryset`` that ``user`` may choose in an admin form.

    Pages and media follow what the user may see (``cms.workflows.isolation``); models
    registered with :func:`register_choosable`, their app's function; snippets follow
    ``_may_choose_snippets``; any other model is not restricted here.
    """
    # Imported here: isolation imports news.models, whose forms are built from this module.
    from cms.workflows import isolation

    model = queryset.model
    if model._meta.label in CHOOSABLE:
        return CHOOSABLE[model._meta.label](user, queryset)
    if issubclass(model, Page):
        return isolation.visible_pages(user, queryset)
    if issubclass(model, AbstractImage | AbstractDocument):
        return isolation.visible_media(user, queryset)
    if _is_snippet(model) and not _may_choose_snippets(user, model):
        return queryset.none()
    return queryset


def may_choose(user, obj: Model) -> bool:
    """Whether ``user`` may choose ``obj`` (a page, an image, a document, a snippet)."""
    return choosable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def _reference(model: type[Model], object_id: Any) -> Reference:
    base = Page if issubclass(model, Page) else model._meta.concrete_model
    return base, str(object_id)


def _references(found: Iterable[tuple]) -> set[Reference]:
    """References from Wagtail's ``extract_references`` tuples (model, id, path, content path)."""
    return {
        _reference(model, object_id)
        for model, object_id, *_paths in found
        if is_chosen_model(model)
    }


def _allowed(user, references: set[Reference]) -> set[Reference]:
    """The references, among ``references``, to objects that ``user`` may choose."""
    by_model: dict[type[Model], list[Any]] = {}
    for model, object_id in references:
        try:
            by_model.setdefault(model, []).append(model._meta.pk.to_python(object_id))
        except ValidationError:
            continue
    allowed = set()
    for model, ids in by_model.items():
        objects = choosable(user, model._default_manager.filter(pk__in=ids))
        allowed.update(_reference(model, pk) for pk in objects.values_list("pk", flat=True))
    return allowed


def without_refused(html: str, refused: set[Reference]) -> str:
    """Rich text (database format) without its refused links (their text stays) and embeds."""

    def is_refused(tag: str) -> bool:
        return bool(_references(extract_references_from_rich_text(tag)) & refused)

    html = FIND_LINK.sub(lambda m: m.group(1) if is_refused(m.group(0)) else m.group(0), html)
    return FIND_EMBED_TAG.sub(lambda m: "" if is_refused(m.group(0)) else m.group(0), html)


def _without_block(block, value, refused: set[Reference]):
    """A block value without its refused chooser values and rich-text links; the value's
    containers (a fresh copy bound from the form's data) are changed in place."""
    if value is None:
        return None
    if isinstance(block, ChooserBlock):
        return None if _references(block.extract_references(value)) & refused else value
    if isinstance(block, RichTextBlock):
        return RichText(without_refused(value.source, refused))
    if isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            value[name] = _without_block(child_block, value.get(name), refused)
    elif isinstance(block, ListBlock):
        for child in value.bound_blocks:
            child.value = _without_block(block.child_block, child.value, refused)
    elif isinstance(block, StreamBlock):
        for child in value:
            child.value = _without_block(child.block, child.value, refused)
    return value


class ReplaceableBoundField(BoundField):
    """A bound field that renders the form's replacement of its submitted value, if any."""

    @property
    def data(self):
        replacements = getattr(self.form, "chooser_replacements", {})
        if self.name in replacements:
            return replacements[self.name]
        return super().data


class _ChooserField:
    """A field of a form that holds chooser values, and how to read and clear them."""

    def __init__(self, form: BaseForm, name: str, model_field):
        self.form = form
        self.name = name
        self.model_field = model_field
        self.is_choice = isinstance(model_field, ForeignKey)
        self._submitted = None

    def stored(self) -> set[Reference]:
        """References held by the form's instance (before the form changes it)."""
        value = getattr(self.form.instance, self.model_field.attname)
        if self.is_choice:
            return set() if value is None else {_reference(self.model_field.related_model, value)}
        if value is None:
            return set()
        return _references(self.model_field.extract_references(value))

    def submitted(self):
        if self._submitted is None:
            self._submitted = self.form[self.name].data
        return self._submitted

    def references(self) -> set[Reference]:
        """References in the submitted value."""
        value = self.submitted()
        if self.is_choice:
            if value in (None, ""):
                return set()
            return {_reference(self.form.fields[self.name].queryset.model, value)}
        if isinstance(self.model_field, StreamField):
            return _references(self.form.fields[self.name].block.extract_references(value))
        return _references(extract_references_from_rich_text(value or ""))

    def without(self, refused: set[Reference]):
        """The submitted value without the refused references, to render the form with."""
        if self.is_choice:
            return None
        if isinstance(self.model_field, StreamField):
            return _without_block(self.form.fields[self.name].block, self.submitted(), refused)
        return without_refused(self.submitted() or "", refused)

    def refuse(self) -> bool:
        """Record the refusal as an error of the form, unless it is a deleted inline form
        (saved by no one); whether an error was recorded."""
        cleaned = getattr(self.form, "cleaned_data", {})
        if cleaned.get(DELETION_FIELD_NAME):
            return False
        if self.is_choice:
            self.form.add_error(self.name, CHOICE_REFUSAL)
        else:
            label = capfirst(self.form.fields[self.name].label or self.name)
            self.form.add_error(None, CONTENT_REFUSAL % {"field": label})
        return True


def _chooser_fields(form: BaseForm) -> Iterator[_ChooserField]:
    opts = form._meta.model._meta
    for name, field in form.fields.items():
        try:
            model_field = opts.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, ForeignKey):
            if isinstance(field, ModelChoiceField) and is_chosen_model(model_field.related_model):
                yield _ChooserField(form, name, model_field)
        elif isinstance(model_field, StreamField | RichTextField):
            yield _ChooserField(form, name, model_field)


def _form_tree(form: BaseForm) -> Iterator[BaseForm]:
    """The form and, recursively, the forms of its inline formsets."""
    yield form
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            yield from _form_tree(child)


class ChooserCheckMixin:
    """For ``WagtailAdminModelForm`` subclasses: refuse chooser values the user may not choose.

    The check runs in ``is_valid()``, after Wagtail's own validation and before anything
    (the page's save, the editorial line) uses the values. Without ``for_user`` (a form
    built outside the admin) nothing is checked.
    """

    bound_field_class = ReplaceableBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chooser_replacements = {}
        self._chooser_fields: list[_ChooserField] = []
        self._stored_references: set[Reference] = set()
        self._choosers_checked = False
        if self.is_bound and self.for_user is not None:
            for form in _form_tree(self):
                form.bound_field_class = ReplaceableBoundField
                form.chooser_replacements = {}
                fields = list(_chooser_fields(form))
                self._chooser_fields.extend(fields)
                # Read now: validation writes the submitted values into the instances.
                for field in fields:
                    self._stored_references |= field.stored()

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self._chooser_fields and not self._choosers_checked:
            self._choosers_checked = True
            valid = self._check_choosers() and valid
        return valid

    def _check_choosers(self) -> bool:
        """Refuse and clear what the user may not choose; whether everything was allowed."""
        submitted = {field: field.references() for field in self._chooser_fields}
        new = set().union(*submitted.values()) - self._stored_references
        refused = new - _allowed(self.for_user, new)
        accepted = True
        for field, references in submitted.items():
            if references & refused:
                field.form.chooser_replacements[field.name] = field.without(refused)
                accepted = not field.refuse() and accepted
        return accepted


class ChooserCheckedPageForm(ChooserCheckMixin, HeadlessPageForm):
    """Wagtail's page form, refusing chooser values the user may not choose."""


class ChooserCheckedModelForm(ChooserCheckMixin, WagtailAdminModelForm):
    """Wagtail's model (snippet) form, refusing chooser values the user may not choose."""
