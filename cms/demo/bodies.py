"""The bodies of the demo news pages, as StreamField raw data, according to their kind."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cms.demo.content import (
    COUNCIL_ITEMS,
    FIGURES_SOURCE,
    GOVERNMENT_VOICE,
    MINISTRY_VOICE,
    Subject,
)
from cms.demo.planning import NewsItem, french_date
from cms.media.models import CustomDocument, CustomImage
from news.models import NewsKind

if TYPE_CHECKING:
    from cms.demo.pages import Library


def news_body(
    item: NewsItem,
    rng: random.Random,
    library: Library,
    related_ids: list[int],
    news_index_id: int,
) -> list[dict]:
    """The body of a news item, as StreamField raw data, according to its kind."""
    subject = item.subjects[0]
    voice = MINISTRY_VOICE if item.section else GOVERNMENT_VOICE
    day = french_date(item.published_at.date())
    image = library.images[subject.image]
    if item.kind == NewsKind.COUNCIL_REPORT:
        blocks = [
            paragraph(
                f"Le Conseil des ministres s'est réuni le {day} au palais de l'Élysée, "
                "sous la présidence du Président de la République."
            )
        ]
        if "council" in library.videos:
            blocks.append(_video(library.videos["council"]))
        for council_subject, text in zip(
            item.subjects, rng.sample(COUNCIL_ITEMS, len(item.subjects)), strict=True
        ):
            blocks += [
                _heading(council_subject.headline),
                paragraph(text.format(phrase=council_subject.phrase, goal=council_subject.goal)),
            ]
        return [
            *blocks,
            _heading("Mesures d'ordre individuel"),
            paragraph(
                "Le Conseil des ministres a adopté plusieurs mesures d'ordre individuel, "
                "publiées au <i>Journal officiel</i>."
            ),
            _page_link("Toutes les actualités du Gouvernement", news_index_id),
        ]
    if item.kind == NewsKind.SPEECH:
        return [
            paragraph("<i>Seul le prononcé fait foi.</i>"),
            paragraph(
                "Mesdames et Messieurs,",
                f"Si je prends la parole aujourd'hui, c'est parce que l'action pour "
                f"{subject.phrase} est une priorité du Gouvernement. "
                f"Notre objectif est clair : {subject.goal}.",
            ),
            _heading("Une méthode : écouter, décider, évaluer"),
            paragraph(
                "Nous avons fait le choix de la concertation. Élus locaux, partenaires sociaux, "
                "associations : chacun a été entendu, et les décisions que je vous présente "
                "en sont le fruit."
            ),
            *([_image(image, decorative=True)] if rng.random() < 0.5 else []),
            _heading("Des engagements concrets"),
            _list("Concrètement, nous nous engageons sur trois points :", subject.measures),
            paragraph(
                f"Ces engagements concernent {subject.audience}. Nous rendrons compte de leur "
                "mise en œuvre chaque trimestre.",
                "Je vous remercie.",
            ),
        ]
    if item.kind == NewsKind.PRESS_KIT:
        return [
            paragraph(
                f"Ce dossier présente les mesures {voice.of} pour {subject.phrase}. "
                f"Elles visent à {subject.goal} et concernent {subject.audience}."
            ),
            _heading("Les chiffres clés"),
            _figures(subject),
            _heading("Les mesures"),
            _list("Trois mesures structurent ce plan :", subject.measures),
            _image(image),
            _faq(subject),
            _service(subject),
        ]
    if item.kind == NewsKind.PRESS_RELEASE:
        if item.template == 0:
            intro = f"{voice.start} annonce ce jour un plan d'action pour {subject.phrase}."
            measures = "Il comporte notamment les mesures suivantes :"
        else:
            intro = f"{voice.start} ouvre ce jour une concertation pour {subject.phrase}."
            measures = "Les pistes mises en débat :"
        blocks = [
            paragraph(f"{intro} Objectif : {subject.goal}."),
            _list(measures, subject.measures),
        ]
        if not item.section:
            blocks.append(
                _quote(
                    f"Notre objectif est simple : {subject.goal}. "
                    "Nous y consacrerons tous les moyens nécessaires."
                )
            )
        if subject.document:
            blocks.append(_document(library.documents[subject.document]))
        return [
            *blocks,
            paragraph(
                f"Ces mesures concernent {subject.audience}. Leur mise en œuvre fera l'objet "
                "d'un suivi régulier, rendu public."
            ),
        ]
    blocks = [
        paragraph(
            rng.choice(
                (
                    f"{voice.start} poursuit son action pour {subject.phrase}. "
                    f"Les mesures annoncées visent à {subject.goal}.",
                    f"Annoncées le {day}, les mesures pour {subject.phrase} entrent dans leur "
                    f"phase de mise en œuvre. Objectif : {subject.goal}.",
                )
            )
        )
    ]
    if rng.random() < 0.6:
        blocks.append(_image(image))
    blocks += [_heading("Ce qui change"), _list("Les principales mesures :", subject.measures)]
    if rng.random() < 0.7:
        blocks.append(_figures(subject))
    if subject.document and rng.random() < 0.5:
        blocks.append(_document(library.documents[subject.document]))
    if rng.random() < 0.5:
        blocks.append(_faq(subject))
    if related_ids and rng.random() < 0.5:
        blocks.append(_page_link("Lire aussi", related_ids[0]))
    else:
        blocks.append(_service(subject))
    return blocks


def paragraph(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _list(intro: str, entries: Sequence[str]) -> dict:
    items = "".join(f"<li>{entry}</li>" for entry in entries)
    return {"type": "paragraph", "value": f"<p>{intro}</p><ul>{items}</ul>"}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _image(image: CustomImage, *, decorative: bool = False) -> dict:
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "decorative": decorative,
            "alt_text": "",
            "caption": "" if decorative else image.title,
            "credit": "",
        },
    }


def _video(video) -> dict:
    return {"type": "video", "value": {"video": video.pk, "caption": ""}}


def _quote(text: str) -> dict:
    return {
        "type": "quote",
        "value": {"quote": text, "attribution": "Le Premier ministre", "role": ""},
    }


def _figures(subject: Subject) -> dict:
    return {
        "type": "key_figures",
        "value": {
            "title": "En chiffres",
            "figures": [
                {"value": value, "unit": unit, "label": label}
                for value, unit, label in subject.figures
            ],
            "source": FIGURES_SOURCE,
        },
    }


def _document(document: CustomDocument) -> dict:
    return {"type": "document", "value": {"document": document.pk, "title": ""}}


def _faq(subject: Subject) -> dict:
    url = subject.service[1]
    site = urlsplit(url).netloc.removeprefix("www.")
    questions = (
        ("Qui est concerné ?", f"Ces mesures concernent {subject.audience}."),
        (
            "Quand ces mesures s'appliquent-elles ?",
            "Les premières mesures s'appliquent dès la publication des textes au "
            "<i>Journal officiel</i> ; les autres sont déployées progressivement dans l'année.",
        ),
        (
            "Où trouver plus d'informations ?",
            f'Les démarches sont détaillées sur <a href="{url}">{site}</a>.',
        ),
    )
    return {
        "type": "accordion",
        "value": {
            "title": "Questions fréquentes",
            "items": [{"title": title, "body": f"<p>{answer}</p>"} for title, answer in questions],
        },
    }


def _service(subject: Subject) -> dict:
    label, url = subject.service
    return {"type": "call_to_action", "value": {"label": label, "page": None, "url": url}}


def _page_link(label: str, page_id: int) -> dict:
    return {"type": "call_to_action", "value": {"label": label, "page": page_id, "url": ""}}
