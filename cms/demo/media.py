"""The demo images and documents, generated locally and saved once under fixed names.

Images are drawn with Pillow from ``random.Random`` seeded with ``SEED`` and the image's
key or name; PDF documents are written by hand and CSV files from their lines.
"""

from __future__ import annotations

import datetime
import functools
import io
import random
import textwrap
import unicodedata
from collections.abc import Callable, Sequence

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.utils.file import hash_filelike

from PIL import Image, ImageDraw, ImageFont

from cms.demo.content import DOCUMENTS, ILLUSTRATIONS, SEED, IllustrationSpec
from cms.demo.summary import DemoSummary
from cms.media.models import DEFAULT_CREDIT, CustomDocument, CustomImage

ILLUSTRATION_SIZE = (1200, 675)
PORTRAIT_SIZE = (600, 600)
LOGO_SIZE = (640, 320)
PORTRAIT_COLOURS = (("#000091", "#8585f6"), ("#27a658", "#b8fec9"), ("#a94645", "#fddbfa"))
AGENCY_RIGHTS_END = datetime.date(2027, 6, 30)
#: Looked up in the system's font folders by Pillow.
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")


def get_or_create_image(
    *,
    title: str,
    description: str,
    filename: str,
    render: Callable[[], bytes],
    licence: str,
    summary: DemoSummary,
) -> CustomImage:
    """The image with this title; drawn and saved under a fixed file name if missing."""
    image = CustomImage.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image
    data = render()
    image = CustomImage(
        title=title,
        description=description,
        credit=DEFAULT_CREDIT,
        licence=licence,
        licence_expires_at=AGENCY_RIGHTS_END if licence == CustomImage.Licence.AGENCY else None,
        file=ImageFile(io.BytesIO(data), name=filename),
        file_size=len(data),
        file_hash=hash_filelike(io.BytesIO(data)),
    )
    image.full_clean()
    image.save()
    summary.images += 1
    return image


def seed_illustrations(summary: DemoSummary) -> dict[str, CustomImage]:
    return {
        spec.key: get_or_create_image(
            title=spec.title,
            description=spec.description,
            filename=f"illustration-{spec.key}.jpg",
            render=lambda spec=spec: _draw_illustration(spec),
            licence=spec.licence,
            summary=summary,
        )
        for spec in ILLUSTRATIONS
    }


def seed_documents(summary: DemoSummary) -> dict[str, CustomDocument]:
    documents = {}
    for spec in DOCUMENTS:
        document = CustomDocument.objects.filter(title=spec.title).order_by("pk").first()
        if document is None:
            data = (
                _pdf(spec.title, spec.lines)
                if spec.filename.endswith(".pdf")
                else "\n".join(spec.lines).encode("utf-8-sig")
            )
            document = CustomDocument(
                title=spec.title,
                file=ContentFile(data, name=spec.filename),
                file_size=len(data),
                file_hash=hash_filelike(io.BytesIO(data)),
                accessible=spec.accessible,
                alternative_format_contact=spec.alternative_format_contact,
            )
            document.full_clean()
            document.save()
            summary.documents += 1
        documents[spec.key] = document
    return documents


@functools.cache
def _font_file() -> str | None:
    """A system font with French accents; Pillow's bundled font has none."""
    for name in FONT_FILES:
        try:
            ImageFont.truetype(name, 10)
        except OSError:
            continue
        return name
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    font_file = _font_file()
    return ImageFont.truetype(font_file, size) if font_file else ImageFont.load_default(size)


def _drawable(text: str) -> str:
    """The text as the font can draw it: without accents when no system font was found."""
    if _font_file():
        return text
    ascii_punctuation = text.translate(str.maketrans({"–": "-", "’": "'", "œ": "oe"}))
    return unicodedata.normalize("NFKD", ascii_punctuation).encode("ascii", "ignore").decode()


def _gradient(size: tuple[int, int], colours: tuple[str, str], rng: random.Random) -> Image.Image:
    mask = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(size)
    return Image.composite(
        Image.new("RGB", size, colours[1]), Image.new("RGB", size, colours[0]), mask
    )


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, image_format, quality=80, optimize=True)
    else:
        image.save(buffer, image_format, optimize=True)
    return buffer.getvalue()


def _draw_illustration(spec: IllustrationSpec) -> bytes:
    """A gradient with translucent shapes and the image's title in a band."""
    rng = random.Random(f"{SEED}:{spec.key}")  # noqa: S311 - reproducible demo data
    width, height = ILLUSTRATION_SIZE
    background = _gradient(ILLUSTRATION_SIZE, spec.colours, rng).convert("RGBA")
    overlay = Image.new("RGBA", ILLUSTRATION_SIZE)
    draw = ImageDraw.Draw(overlay)
    for _ in range(7):
        x, y, radius = rng.randrange(width), rng.randrange(height), rng.randrange(40, 220)
        fill = (255, 255, 255, rng.randrange(30, 90))
        if rng.random() < 0.5:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
        else:
            draw.rectangle((x - radius, y - radius // 2, x + radius, y + radius // 2), fill=fill)
    draw.rectangle((0, height - 120, width, height), fill=(0, 0, 0, 150))
    draw.text((48, height - 104), _drawable(spec.title), font=_font(46), fill="white")
    draw.text(
        (48, height - 46),
        _drawable("Image de démonstration – Gouvernail"),
        font=_font(24),
        fill="#e5e5e5",
    )
    return _encode(Image.alpha_composite(background, overlay).convert("RGB"), "JPEG")


def draw_portrait(name: str) -> bytes:
    """A silhouette on a gradient, with the person's name."""
    rng = random.Random(f"{SEED}:{name}")  # noqa: S311 - reproducible demo data
    image = _gradient(PORTRAIT_SIZE, rng.choice(PORTRAIT_COLOURS), rng)
    draw = ImageDraw.Draw(image)
    draw.ellipse((210, 110, 390, 310), fill="#ebebf0")
    draw.ellipse((110, 340, 490, 720), fill="#ebebf0")
    draw.rectangle((0, 520, 600, 600), fill="#161616")
    draw.text((30, 542), _drawable(name), font=_font(34), fill="white")
    return _encode(image, "JPEG")


def draw_logo(name: str) -> bytes:
    """A "bloc marque": the tricolour, « République française », the motto, the name."""
    image = Image.new("RGB", LOGO_SIZE, "white")
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate(("#000091", "#ffffff", "#e1000f")):
        draw.rectangle((40 + 30 * index, 40, 70 + 30 * index, 100), fill=colour)
    draw.rectangle((40, 40, 130, 100), outline="#dddddd")
    draw.multiline_text(
        (40, 118),
        _drawable("RÉPUBLIQUE\nFRANÇAISE"),
        font=_font(26),
        fill="#161616",
        spacing=4,
        stroke_width=1,
        stroke_fill="#161616",
    )
    draw.multiline_text(
        (40, 200), _drawable("Liberté\nÉgalité\nFraternité"), font=_font(18), fill="#161616"
    )
    draw.line((250, 40, 250, 280), fill="#161616", width=2)
    draw.multiline_text(
        (275, 40),
        _drawable("\n".join(textwrap.wrap(name, 24))),
        font=_font(22),
        fill="#161616",
        spacing=6,
    )
    return _encode(image, "PNG")


def _pdf(title: str, lines: Sequence[str]) -> bytes:
    """A minimal one-page PDF (Helvetica, WinAnsi encoding) written by hand."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252", errors="replace")
        escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        return b"(" + escaped + b")"

    shown = [literal(line) + b" '" for line in lines]
    content = (
        b"BT /F1 16 Tf 22 TL 56 780 Td "
        + literal(title)
        + b" Tj /F1 11 Tf 16 TL T* "
        + b" ".join(shown)
        + b" ET"
    )
    info_title = ("feff" + title.encode("utf-16-be").hex()).encode()
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title <" + info_title + b"> /Producer (Gouvernail) >>",
    )
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)
