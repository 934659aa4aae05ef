import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

import factory
import wagtail_factories
from PIL import Image as PILImage

from cms.media.models import CustomDocument, CustomImage


def image_file(
    name: str = "image.png", size: tuple[int, int] = (64, 48), fmt: str = "PNG", **save_kwargs
) -> ImageFile:
    """A generated image file (solid colour) in any Pillow format."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 85, 164)).save(buffer, fmt, **save_kwargs)
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


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
