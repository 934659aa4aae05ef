"""StreamField blocks shared by every page body.

Each block's API representation gives what a front end needs to render it: HTML with
real links, rendition URLs and alt text for images, type and size for documents.
"""

from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

from cms.media.renditions import document_representation, image_representation

#: Rich text in bodies: inline formatting, lists and links only; no raw HTML, no headings
#: (they are blocks of their own), no embeds.
BODY_RICH_TEXT_FEATURES = ["bold", "italic", "superscript", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.RichTextBlock):
    """A paragraph of text with bold, italic, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def get_api_representation(self, value, context=None):
        return expand_db_html(value.source)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraphe")
        description = _("Texte courant avec mise en forme simple, listes et liens.")
        preview_value = "<p>Le Gouvernement a présenté ce mercredi son plan d'action.</p>"


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 (the page title is the level 1)."""

    text = blocks.CharBlock(label=_("Texte"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de niveau 2")), ("h3", _("Titre de niveau 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        description = _("Un intertitre qui structure le texte.")
        preview_value = {"text": "Les principales mesures", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with caption and credit; may be marked decorative (RGAA)."""

    image = ImageChooserBlock(label=_("Image"))
    decorative = blocks.BooleanBlock(
        label=_("Image décorative"),
        required=False,
        help_text=_("Cocher seulement si l'image n'apporte aucune information (alt vide)."),
    )
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif pour cet usage"),
        required=False,
        max_length=255,
        help_text=_("Laisser vide pour reprendre le texte alternatif de l'image."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=255)
    credit = blocks.CharBlock(
        label=_("Crédit"),
        required=False,
        max_length=255,
        help_text=_("Laisser vide pour reprendre le crédit de l'image."),
    )

    def get_api_representation(self, value, context=None):
        image = value["image"]
        representation = image_representation(
            image, decorative=value["decorative"], alt_text=value["alt_text"]
        )
        if representation and value["credit"]:
            representation["credit"] = _("Source : %(credit)s") % {"credit": value["credit"]}
        return {"image": representation, "caption": value["caption"]}

    class Meta:
        icon = "image"
        label = _("Image")
        description = _("Une image avec sa légende et son crédit.")


class QuoteBlock(blocks.StructBlock):
    """A quotation with its author."""

    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur"), max_length=255)
    role = blocks.CharBlock(label=_("Fonction de l'auteur"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        description = _("Une citation et son auteur.")
        preview_value = {
            "quote": "Nous agirons vite et pour tous.",
            "attribution": "La Première ministre",
            "role": "",
        }


class KeyFigureBlock(blocks.StructBlock):
    """One key figure: a number, its unit and what it counts."""

    value = blocks.CharBlock(label=_("Chiffre"), max_length=30)
    unit = blocks.CharBlock(label=_("Unité"), required=False, max_length=30)
    label = blocks.CharBlock(label=_("Description"), max_length=150)

    class Meta:
        icon = "decimal"
        label = _("Chiffre clé")


class KeyFiguresBlock(blocks.StructBlock):
    """A set of key figures ("chiffres clés") with their source."""

    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=150)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres"), min_num=1, max_num=6)
    source = blocks.CharBlock(label=_("Source des chiffres"), required=False, max_length=255)

    class Meta:
        icon = "decimal"
        label = _("Chiffres clés")
        description = _("De un à six chiffres marquants, avec leur source.")
        preview_value = {
            "title": "En bref",
            "figures": [{"value": "2,5", "unit": "Md€", "label": "investis dès 2026"}],
            "source": "Insee",
        }


class CallToActionBlock(blocks.StructBlock):
    """A button leading to a page of the site or to an external service."""

    label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Adresse externe"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value["page"]) == bool(value["url"]):
            message = _("Choisissez soit une page, soit une adresse externe (l'un des deux).")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value

    def get_api_representation(self, value, context=None):
        page = value["page"]
        return {
            "label": value["label"],
            # The specific page's URL: the front end's (``HeadlessPage.get_url_parts``).
            "url": page.specific.url if page else value["url"],
            "page_id": page.pk if page else None,
        }

    class Meta:
        icon = "link"
        label = _("Bouton d'action")
        description = _("Un bouton vers une page ou un service en ligne.")


class DocumentLinkBlock(blocks.StructBlock):
    """A link to download a document, with its type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé du lien"),
        required=False,
        max_length=255,
        help_text=_("Laisser vide pour reprendre le titre du document."),
    )

    def get_api_representation(self, value, context=None):
        representation = document_representation(value["document"])
        if representation and value["title"]:
            representation["title"] = value["title"]
        return representation

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        description = _("Un lien de téléchargement, avec le format et le poids du fichier.")


#: The model of the video library's assets (``app_label.ModelName``): the videos app
#: registers its chooser's widget for it (:func:`register_chooser_widget`).
VIDEO_MODEL = "videos.Video"

#: Model label -> widget class of the chooser of that model, registered by its app.
CHOOSER_WIDGETS: dict[str, type] = {}


def register_chooser_widget(model_label: str, widget_class: type) -> None:
    """Use ``widget_class`` (a chooser viewset's ``widget_class``) in the chooser blocks
    of the model ``model_label`` (``"videos.Video"``), from the app's ``ready()``."""
    CHOOSER_WIDGETS[model_label] = widget_class


class VideoChooserBlock(blocks.ChooserBlock):
    """A video of the library, picked with the chooser the videos app registers: shared
    blocks name the model by its label only (shared apps import no feature app)."""

    @cached_property
    def target_model(self):
        return apps.get_model(VIDEO_MODEL)

    @cached_property
    def widget(self):
        return CHOOSER_WIDGETS[VIDEO_MODEL]()

    class Meta:
        icon = "media"


class VideoBlock(blocks.StructBlock):
    """A video of the library, with a caption for this use. Its public representation
    (poster, renditions, caption tracks, transcript, duration) is rendered by the
    publication pipeline, which shows it only while the video may be public."""

    video = VideoChooserBlock(label=_("Vidéo"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Vidéo")
        description = _("Une vidéo de la vidéothèque, avec ses sous-titres et sa transcription.")


class AccordionItemBlock(blocks.StructBlock):
    """One question (or section title) and its answer."""

    title = blocks.CharBlock(label=_("Question ou titre"), max_length=255)
    body = ParagraphBlock(label=_("Réponse"))

    class Meta:
        icon = "help"
        label = _("Élément")


class AccordionBlock(blocks.StructBlock):
    """An accordion or FAQ: questions that unfold their answers."""

    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=255)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Éléments"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordéon / FAQ")
        description = _("Des questions et leurs réponses, repliées par défaut.")


class BodyBlock(blocks.StreamBlock):
    """The body of a news item."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    accordion = AccordionBlock()
    video = VideoBlock()
