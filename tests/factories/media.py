import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

import factory
import wagtail_factories
from PIL import Image as PILImage
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from cms.media.models import CustomDocument, CustomImage


def image_file(
    name: str = "image.png", size: tuple[int, int] = (64, 48), fmt: str = "PNG", **save_kwargs
) -> ImageFile:
    """A generated image file (solid colour) in any Pillow format."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 85, 164)).save(buffer, fmt, **save_kwargs)
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


def pdf_bytes(*pages: str, password: str | None = None) -> bytes:
    """A real PDF written with pypdf: one A4 page per text of ``pages`` (Helvetica,
    WinAnsi), encrypted (RC4) with the user password ``password`` when given (``""``: an
    encrypted file anyone may open)."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    for text in pages:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        literal = text.encode("cp1252").replace(b"\\", b"\\\\")
        literal = literal.replace(b"(", b"\\(").replace(b")", b"\\)")
        content = DecodedStreamObject()
        content.set_data(b"BT /F1 12 Tf 56 780 Td (" + literal + b") Tj ET")
        page.replace_contents(content)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="proprietaire", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = CustomImage

    title = factory.Sequence(lambda n: f"Image {n}")
    description = factory.LazyAttribute(lambda o: f"Description de {o.title}")
    file = factory.LazyFunction(image_file)


class DocumentFactory(wagtail_factories.DocumentFactory):
    class Meta:
        model = CustomDocument

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%%EOF\n", name="document.pdf"))
