"""Body blocks: validation and API representation (rendition URLs, alt text, no bare ids)."""

from django.core.exceptions import ValidationError

from wagtail.blocks import StreamValue

import pytest

from cms.blocks import (
    BODY_RICH_TEXT_FEATURES,
    AccordionBlock,
    BodyBlock,
    CallToActionBlock,
    ImageBlock,
    KeyFiguresBlock,
    ParagraphBlock,
)
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def api(block, raw):
    return block.get_api_representation(block.to_python(raw))


class TestImageBlock:
    def test_representation_gives_renditions_and_alt_text(self):
        image = ImageFactory(description="Le Premier ministre à Matignon", credit="SIG")
        data = api(
            ImageBlock(),
            {
                "image": image.pk,
                "decorative": False,
                "alt_text": "",
                "caption": "Légende",
                "credit": "",
            },
        )
        assert data["caption"] == "Légende"
        assert data["image"]["alt"] == "Le Premier ministre à Matignon"
        assert data["image"]["credit"] == "Source : SIG"
        renditions = data["image"]["renditions"]
        assert set(renditions) == {"small", "medium", "large", "social"}
        for name, rendition in renditions.items():
            assert rendition["url"].startswith("http://localhost:8000/media/renditions/")
            assert rendition["url"].endswith(".jpg" if name == "social" else ".webp")
        assert image.file.name not in str(data)

    def test_decorative_use_has_empty_alt(self):
        image = ImageFactory()
        data = api(
            ImageBlock(),
            {"image": image.pk, "decorative": True, "alt_text": "", "caption": "", "credit": ""},
        )
        assert data["image"]["alt"] == ""
        assert data["image"]["decorative"] is True

    def test_contextual_alt_and_credit_override(self):
        image = ImageFactory(description="Générique")
        data = api(
            ImageBlock(),
            {
                "image": image.pk,
                "decorative": False,
                "alt_text": "Précis",
                "caption": "",
                "credit": "AFP",
            },
        )
        assert data["image"]["alt"] == "Précis"
        assert data["image"]["credit"] == "Source : AFP"


class TestCallToActionBlock:
    @pytest.mark.parametrize(
        "value",
        [
            {"label": "En savoir plus", "page": None, "url": ""},
            {"label": "En savoir plus", "page": "PAGE", "url": "https://www.service-public.fr"},
        ],
    )
    def test_exactly_one_target(self, home, value):
        block = CallToActionBlock()
        if value["page"] == "PAGE":
            value["page"] = home.pk
        with pytest.raises(ValidationError):
            block.clean(block.to_python(value))

    def test_external_link(self):
        block = CallToActionBlock()
        value = block.clean(
            block.to_python(
                {"label": "Démarche", "page": None, "url": "https://www.service-public.fr"}
            )
        )
        assert block.get_api_representation(value) == {
            "label": "Démarche",
            "url": "https://www.service-public.fr",
            "page_id": None,
        }

    def test_page_link_gives_url_not_only_id(self, news_index):
        page = NewsPageFactory(parent=news_index)
        block = CallToActionBlock()
        data = api(block, {"label": "Lire", "page": page.pk, "url": ""})
        assert data["page_id"] == page.pk
        assert data["url"] == page.url == f"http://localhost:3000/{news_index.slug}/{page.slug}/"


class TestOtherBlocks:
    def test_paragraph_features_have_no_raw_html_or_headings(self):
        block = ParagraphBlock()
        assert block.features == BODY_RICH_TEXT_FEATURES
        assert not {"embed", "image", "h1", "h2", "h3"} & set(block.features)

    def test_paragraph_links_are_expanded(self, news_index):
        page = NewsPageFactory(parent=news_index)
        html = api(ParagraphBlock(), f'<p><a linktype="page" id="{page.pk}">lien</a></p>')
        assert f'href="{page.url}"' in html
        assert "linktype" not in html

    def test_key_figures_limits(self):
        block = KeyFiguresBlock()
        seven = [{"value": str(n), "unit": "", "label": "x"} for n in range(7)]
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"title": "", "figures": seven, "source": ""}))

    def test_document_link_gives_url_type_and_size(self):
        document = DocumentFactory(title="Dossier de presse", accessible=True)
        data = BodyBlock().get_api_representation(
            StreamValue(BodyBlock(), [("document", {"document": document, "title": ""})])
        )[0]
        assert data["type"] == "document"
        value = data["value"]
        assert value["url"] == f"http://localhost:8000/documents/{document.pk}/{document.filename}"
        assert value["title"] == "Dossier de presse"
        assert value["label"].startswith("PDF – ")
        assert value["accessible"] is True

    def test_accordion_renders_html_answers(self):
        data = api(
            AccordionBlock(),
            {"title": "FAQ", "items": [{"title": "Qui ?", "body": "<p>Tout le monde.</p>"}]},
        )
        assert data["items"][0] == {"title": "Qui ?", "body": "<p>Tout le monde.</p>"}
