"""The news items' editorial line: the rules of ``cms.editorial`` for ``NewsPage``.

Registered, in the order their findings are listed, when the app is ready
(``NewsConfig.ready``); ``cms.editorial.rules.check_page`` runs them.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.documents.blocks import DocumentChooserBlock

from cms.blocks import ImageBlock
from cms.editorial.models import normalize
from cms.editorial.rules import Context, LinkedPage, register_page_model, rule
from news.models import CHAPO_MAX_LENGTH, NewsPage

register_page_model(NewsPage)

#: The rules below read what news items have (chapô, hero image, attachments, kind).
news_rule = functools.partial(rule, page_models=(NewsPage,))


def _date(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


@news_rule("chapo", gettext_lazy("Chapô présent et court"))
def check_chapo(context: Context) -> Iterator[str]:
    length = len((context.page.chapo or "").strip())
    if not length:
        yield _("Le chapô est vide.")
    elif length > CHAPO_MAX_LENGTH:
        yield _("Le chapô compte %(length)d caractères, pour %(limit)d au plus.") % {
            "length": length,
            "limit": CHAPO_MAX_LENGTH,
        }


@news_rule("title-length", gettext_lazy("Titre assez court pour les réseaux sociaux"))
def check_title_length(context: Context) -> Iterator[str]:
    length = len(context.page.title or "")
    limit = context.settings.title_max_length
    if length > limit:
        yield _(
            "Le titre compte %(length)d caractères, pour %(limit)d au plus "
            "(il est repris sur les réseaux sociaux)."
        ) % {"length": length, "limit": limit}


@news_rule("image-alt", gettext_lazy("Texte alternatif des images"))
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


@news_rule("document-accessibility", gettext_lazy("Documents accessibles ou format alternatif"))
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


@news_rule("forbidden-term", gettext_lazy("Aucun terme interdit"))
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


@news_rule("kind", gettext_lazy("Type de contenu renseigné"))
def check_kind(context: Context) -> Iterator[str]:
    if not context.page.kind:
        yield _("Le type de contenu n'est pas renseigné.")


def _link_label(link: LinkedPage) -> str:
    if not link.title:
        return _("une page supprimée (n° %(id)d)") % {"id": link.page_id}
    return f"« {link.title} »"


@news_rule("link-not-live", gettext_lazy("Liens vers des pages en ligne à la publication"))
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


@news_rule(
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
