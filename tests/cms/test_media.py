import io
import struct
import zipfile
import zlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wagtail.documents.forms import get_document_form
from wagtail.models import UploadedFile

import pytest
from PIL import Image as PILImage

from cms.media.forms import format_count, format_size
from cms.media.models import CustomDocument, CustomImage
from tests.factories import DocumentFactory, ImageFactory, image_file

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def image_bytes(size=(64, 48), fmt="PNG", mode="RGB", **kwargs) -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, 128).save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def animated(size, frames: int, fmt: str) -> bytes:
    """An animation whose frames all differ (so no encoder merges them)."""
    buffer = io.BytesIO()
    images = [PILImage.new("RGB", size, (shade * 3, 255 - shade * 3, 0)) for shade in range(frames)]
    images[0].save(buffer, fmt, save_all=True, append_images=images[1:], lossless=True)
    return buffer.getvalue()


def post_image(client, file, **fields):
    data = {
        "title": "Conseil des ministres",
        "description": "Les ministres autour de la table du Conseil",
        "credit": "Service d'information du Gouvernement",
        "licence": "etalab_2",
        "collection": "1",
        "file": file,
        **fields,
    }
    return client.post(reverse("wagtailimages:add"), data)


def post_document(client, file):
    data = {"title": "Dossier de presse", "collection": "1", "file": file}
    return client.post(reverse("wagtaildocs:add"), data)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """A PNG that announces ``width`` × ``height`` pixels and holds almost no pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00"))
        + png_chunk(b"IEND", b"")
    )


# Generated office files, as small as their formats allow ------------------------------

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
ODF_TEXT = "application/vnd.oasis.opendocument.text"
ODF_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
ODF_PRESENTATION = "application/vnd.oasis.opendocument.presentation"


def zip_bytes(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(main_type: str, main_part: str = "word/document.xml") -> bytes:
    """An Office Open XML package whose office document part has ``main_type``."""
    return zip_bytes(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Target="{main_part}" Type="http://schemas.openxmlformats'
                '.org/officeDocument/2006/relationships/officeDocument"/>'
                "</Relationships>"
            ).replace("{main_part}", main_part),
            main_part: "<document/>",
        }
    )


def odf(mimetype: str) -> bytes:
    """An OpenDocument package: its ``mimetype`` entry first and stored, as the format says."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", "<document/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48) + b"PE\x00\x00"
BINARY = bytes(range(256)) * 4


def mismatch(extension: str, what: str) -> str:
    return (
        "Le contenu de ce fichier ne correspond pas à son extension "
        f"«\u00a0.{extension}\u00a0»\u00a0: {what}."
    )


class TestImageRules:
    def test_default_limits(self):
        # Decimal megabytes, as the README and the messages say them.
        assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20_000_000
        assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
        assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50_000_000
        # Admin links go to the storage URL, the admin's checked view (cms/media/views.py).
        assert settings.WAGTAILDOCS_SERVE_METHOD == "direct"
        assert settings.MEDIA_URL == "/admin/media/"

    @pytest.mark.parametrize(
        ("name", "fmt"),
        [
            ("photo.jpg", "JPEG"),
            ("photo.png", "PNG"),
            ("photo.webp", "WEBP"),
            ("photo.avif", "AVIF"),
        ],
    )
    def test_accepted_formats(self, admin_client, name, fmt):
        response = post_image(admin_client, upload(name, image_bytes(fmt=fmt)))
        assert response.status_code == 302, response.context["form"].errors
        image = CustomImage.objects.get()
        assert image.credit == "Service d'information du Gouvernement"
        assert image.credit_line == "Source : Service d'information du Gouvernement"

    def test_missing_alt_text_is_refused(self, admin_client):
        response = post_image(admin_client, upload("photo.png", image_bytes()), description="")
        assert response.status_code == 200
        assert "description" in response.context["form"].errors
        assert response.context["form"].errors["description"] == ["Champ requis."]
        assert not CustomImage.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            (
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ),
            ("anim.gif", image_bytes(fmt="GIF")),
            ("photo.bmp", image_bytes(fmt="BMP")),
            ("faux.png", b"this is not an image at all"),
        ],
    )
    def test_forbidden_or_broken_files_are_refused(self, admin_client, name, content):
        response = post_image(admin_client, upload(name, content))
        assert response.status_code == 200
        errors = response.context["form"].errors["file"]
        assert errors and all(error for error in errors)
        assert not CustomImage.objects.exists()

    @override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2_000_000)
    def test_oversized_file_is_refused_in_megabytes(self, admin_client):
        # A real PNG padded after its end: 2 500 001 bytes, 2,6 Mo rounded up.
        content = image_bytes()
        content += bytes(2_500_001 - len(content))
        response = post_image(admin_client, upload("lourde.png", content))
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            "Le fichier pèse 2,6\u00a0Mo\u00a0; 2\u00a0Mo au plus."
        ]
        assert not CustomImage.objects.exists()

    def test_limits_in_the_help_text(self, admin_client):
        response = admin_client.get(reverse("wagtailimages:add"))
        assert response.status_code == 200
        assert response.context["form"].fields["file"].help_text == (
            "Formats acceptés\u00a0: JPG, JPEG, PNG, WEBP, AVIF\u00a0; 20\u00a0Mo et "
            "40\u00a0000\u00a0000\u00a0pixels au plus."
        )

    def test_decompression_bomb_is_refused(self, admin_client):
        # 8000 × 6000 = 48 Mpx, a few kilobytes once compressed.
        response = post_image(
            admin_client, upload("bombe.png", image_bytes((8000, 6000), mode="L"))
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            "Cette image compte 48\u00a0000\u00a0000\u00a0pixels, 40\u00a0000\u00a0000 au plus."
        ]
        assert not CustomImage.objects.exists()

    def test_image_past_pillows_own_limit_is_refused(self, admin_client):
        # Pillow will not even open 20 000 × 10 000 pixels (twice its own limit).
        response = post_image(admin_client, upload("bombe.png", png_header(20_000, 10_000)))
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            "Cette image compte plus de 178\u00a0956\u00a0970\u00a0pixels, "
            "40\u00a0000\u00a0000 au plus."
        ]
        assert not CustomImage.objects.exists()

    def test_image_content_must_match_its_extension(self, admin_client):
        response = post_image(admin_client, upload("photo.png", image_bytes(fmt="JPEG")))
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            mismatch("png", "c'est une image JPEG, pas une image PNG")
        ]
        assert not CustomImage.objects.exists()

    def test_failed_multiple_upload_says_why_in_french(self, admin_client):
        response = admin_client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": upload("bombe.png", image_bytes((8000, 6000), mode="L"))},
        )
        assert response.status_code == 200
        assert response.json() == {
            "success": False,
            "error_message": "Cette image compte 48\u00a0000\u00a0000\u00a0pixels, "
            "40\u00a0000\u00a0000 au plus.",
        }
        assert not CustomImage.objects.exists()

    def test_no_alt_text_reminder_on_a_failed_multiple_upload(self, admin_client):
        # Wagtail's item template always shows the reminder; our stylesheet, loaded with
        # the upload form's media, hides it once an item has failed.
        response = admin_client.get(reverse("wagtailimages:add_multiple"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "cms_media/upload.css" in html
        assert 'class="error-message"' in html
        with open(finders.find("cms_media/upload.css"), encoding="utf-8") as stylesheet:
            css = stylesheet.read()
        assert ".upload-list .upload-failure .error-message" in css
        assert ".upload-list .upload-server-error .error-message" in css
        assert "display: none" in css

    def test_animation_frames_count_towards_the_pixel_limit(self, admin_client):
        # 1000 × 1000 × 41 frames = 41 Mpx, though each frame is only 1 Mpx.
        content = animated((1000, 1000), 41, "WEBP")
        assert PILImage.open(io.BytesIO(content)).n_frames == 41
        response = post_image(admin_client, upload("anim.webp", content))
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            "Cette image compte 41\u00a0000\u00a0000\u00a0pixels sur ses 41 images (animation), "
            "40\u00a0000\u00a0000 au plus."
        ]
        assert not CustomImage.objects.exists()

    def test_short_animation_within_the_limit_is_accepted(self, admin_client):
        response = post_image(admin_client, upload("anim.webp", animated((100, 100), 5, "WEBP")))
        assert response.status_code == 302
        assert CustomImage.objects.count() == 1

    def test_animated_png_is_refused(self, admin_client):
        response = post_image(admin_client, upload("anim.png", animated((50, 50), 3, "PNG")))
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not CustomImage.objects.exists()

    def test_editing_with_bad_input_keeps_the_saved_image(self, admin_client):
        image = ImageFactory(title="Original", description="Texte alternatif d'origine")
        response = admin_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": "Modifié",
                "description": "",
                "credit": "SIG",
                "licence": "etalab_2",
                "collection": "1",
            },
        )
        assert response.status_code == 200
        image.refresh_from_db()
        assert (image.title, image.description) == ("Original", "Texte alternatif d'origine")


VALID_DOCUMENTS = [
    ("rapport.pdf", PDF),
    ("notes.odt", odf(ODF_TEXT)),
    ("tableau.ods", odf(ODF_SPREADSHEET)),
    ("diaporama.odp", odf(ODF_PRESENTATION)),
    ("plan.docx", ooxml(WORD)),
    ("budget.xlsx", ooxml(EXCEL, "xl/workbook.xml")),
    ("annonce.pptx", ooxml(POWERPOINT, "ppt/presentation.xml")),
    ("donnees.csv", "commune;montant\nSaint-Étienne;1 250,50 €\n".encode()),
    ("donnees-windows.csv", "commune;montant\r\nPréfecture;12\r\n".encode("cp1252")),
    ("donnees-bom.csv", "\ufeffcommune;montant\n".encode()),
    # Starts like a bitmap's signature ("BM"), but is text.
    ("mesures.csv", b"BM;IMC\n1;24\n"),
    ("lisez-moi.txt", "Les données sont publiées sous Licence Ouverte.\n\tFin.\f".encode()),
]

MISMATCHES = [
    ("rapport.pdf", EXECUTABLE, mismatch("pdf", "c'est un fichier EXE, pas un document PDF")),
    (
        "plan.docx",
        zip_bytes({"lisez-moi.txt": "une archive"}),
        mismatch("docx", "c'est un fichier ZIP, pas un document Word (DOCX)"),
    ),
    (
        "plan.docx",
        ooxml(EXCEL, "xl/workbook.xml"),
        mismatch("docx", "c'est un classeur Excel (XLSX), pas un document Word (DOCX)"),
    ),
    (
        "notes.odt",
        odf(ODF_SPREADSHEET),
        mismatch("odt", "c'est un classeur OpenDocument (ODS), pas un texte OpenDocument (ODT)"),
    ),
    ("donnees.csv", BINARY, mismatch("csv", "ce n'est pas un fichier CSV (du texte)")),
    (
        "lisez-moi.txt",
        image_bytes(),
        mismatch("txt", "c'est un fichier PNG, pas un fichier texte"),
    ),
    (
        "donnees.csv",
        b"commune;montant\nParis;1\x00\n",
        mismatch("csv", "ce n'est pas un fichier CSV (du texte)"),
    ),
    ("rapport.pdf", b"Rapport annuel\n", mismatch("pdf", "c'est du texte, pas un document PDF")),
    (
        "annonce.pptx",
        ooxml(WORD),
        mismatch("pptx", "c'est un document Word (DOCX), pas une présentation PowerPoint (PPTX)"),
    ),
    (
        "budget.xlsx",
        odf(ODF_SPREADSHEET),
        mismatch("xlsx", "c'est un classeur OpenDocument (ODS), pas un classeur Excel (XLSX)"),
    ),
    (
        "diaporama.odp",
        ooxml(POWERPOINT, "ppt/presentation.xml"),
        mismatch(
            "odp",
            "c'est une présentation PowerPoint (PPTX), pas une présentation OpenDocument (ODP)",
        ),
    ),
    # A self-extracting executable: a ZIP at its end, but not at its start.
    (
        "plan.docx",
        EXECUTABLE + ooxml(WORD),
        mismatch("docx", "c'est un fichier EXE, pas un document Word (DOCX)"),
    ),
]


class TestDocumentRules:
    @pytest.mark.parametrize(
        "name", ["virus.exe", "page.html", "script.js", "image.svg", "archive.zip"]
    )
    def test_forbidden_extensions_are_refused(self, admin_client, name):
        response = post_document(admin_client, upload(name, b"contenu"))
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not CustomDocument.objects.exists()

    @pytest.mark.parametrize(("name", "content"), VALID_DOCUMENTS)
    def test_valid_documents_of_each_allowed_type(self, admin_client, name, content):
        response = post_document(admin_client, upload(name, content))
        assert response.status_code == 302, response.context["form"].errors
        document = CustomDocument.objects.get()
        with document.open_file() as stored:
            assert stored.read() == content

    @pytest.mark.parametrize(("name", "content", "error"), MISMATCHES)
    def test_content_that_does_not_match_the_extension_is_refused(
        self, admin_client, settings, tmp_path, name, content, error
    ):
        settings.MEDIA_ROOT = tmp_path
        response = post_document(admin_client, upload(name, content))
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [error]
        assert not CustomDocument.objects.exists()
        assert not [path for path in tmp_path.rglob("*") if path.is_file()]

    @pytest.mark.parametrize(("name", "content", "error"), MISMATCHES[:3])
    def test_multiple_upload_refuses_a_mismatch(self, admin_client, name, content, error):
        response = admin_client.post(
            reverse("wagtaildocs:add_multiple"), {"files[]": upload(name, content)}
        )
        assert response.status_code == 200
        assert response.json() == {"success": False, "error_message": error}
        assert not CustomDocument.objects.exists()
        assert not UploadedFile.objects.exists()

    def test_multiple_upload_accepts_a_real_document(self, admin_client):
        response = admin_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": upload("plan.docx", ooxml(WORD))},
        )
        assert response.status_code == 200
        assert response.json()["success"] is True
        assert CustomDocument.objects.get().file_extension == "docx"

    def test_chooser_upload_refuses_a_mismatch(self, admin_client):
        response = admin_client.post(
            reverse("wagtaildocs_chooser:create"),
            {
                "document-chooser-upload-title": "Rapport",
                "document-chooser-upload-collection": "1",
                "document-chooser-upload-file": upload("rapport.pdf", EXECUTABLE),
            },
        )
        assert response.status_code == 200
        assert response.json()["step"] == "reshow_creation_form"
        assert mismatch("pdf", "c'est un fichier EXE, pas un document PDF") in (
            response.json()["htmlFragment"].replace("&#x27;", "'")
        )
        assert not CustomDocument.objects.exists()

    def test_replacing_the_file_with_a_mismatch_keeps_the_saved_document(self, admin_client):
        document = DocumentFactory(title="Rapport", file=ContentFile(PDF, name="rapport.pdf"))
        original_name = document.file.name
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "Rapport modifié",
                "collection": "1",
                "file": upload("rapport.pdf", EXECUTABLE),
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            mismatch("pdf", "c'est un fichier EXE, pas un document PDF")
        ]
        document.refresh_from_db()
        assert (document.title, document.file.name) == ("Rapport", original_name)
        with document.open_file() as stored:
            assert stored.read() == PDF

    def test_replacing_the_file_with_a_real_document(self, admin_client):
        document = DocumentFactory(title="Rapport", file=ContentFile(PDF, name="rapport.pdf"))
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "Rapport",
                "collection": "1",
                "file": upload("tableau.ods", odf(ODF_SPREADSHEET)),
            },
        )
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.file_extension == "ods"

    @pytest.mark.parametrize(
        ("name", "content", "error"),
        [*MISMATCHES, *[(name, content, None) for name, content in VALID_DOCUMENTS]],
    )
    def test_the_form_itself_checks_the_content(self, admin_user, name, content, error):
        form_class = get_document_form(CustomDocument)
        form = form_class(
            {"title": "Pièce jointe", "collection": "1"},
            {"file": upload(name, content)},
            user=admin_user,
        )
        assert form.is_valid() is (error is None)
        assert form.errors.get("file") == ([error] if error else None)

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=100)
    def test_oversized_document_is_refused_with_one_clear_message(self, admin_client):
        response = post_document(admin_client, upload("gros.txt", b"x" * 101))
        assert response.status_code == 200
        # Only the size: no stray "extension « » not allowed" for the refused file.
        assert response.context["form"].errors["file"] == [
            "Le fichier pèse 101\u00a0octets\u00a0; 100\u00a0octets au plus."
        ]
        assert not CustomDocument.objects.exists()

    def test_limit_in_the_help_text(self, admin_client):
        response = admin_client.get(reverse("wagtaildocs:add"))
        assert response.status_code == 200
        assert response.context["form"].fields["file"].help_text == (
            "Formats acceptés\u00a0: PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV, TXT\u00a0; "
            "50\u00a0Mo au plus."
        )

    @pytest.mark.parametrize(
        ("size", "label"),
        [(239_890, "PDF – 239,89 Ko"), (512, "PDF – 512 octets"), (3_400_000, "PDF – 3,40 Mo")],
    )
    def test_file_label(self, size, label):
        document = DocumentFactory(file=ContentFile(b"x" * size, name="rapport.pdf"))
        assert document.file_label == label

    def test_documents_are_served_through_django(self, admin_client):
        """Served by Django after a check (here to a user who may see its collection: see
        the isolation tests for who else, and tests/delivery/test_media_serving.py for the
        public)."""
        document = DocumentFactory(file=ContentFile(b"%PDF-1.4 contenu", name="communique.pdf"))
        assert document.url == reverse("media_admin_file", args=[document.file.name])
        response = admin_client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 contenu"


@pytest.mark.parametrize(
    ("num_bytes", "label"),
    [
        (25_300_000, "25,3\u00a0Mo"),
        (20_000_000, "20\u00a0Mo"),
        (20_000_001, "20,1\u00a0Mo"),
        (1_234_000_000, "1\u00a0234\u00a0Mo"),
        (81_100, "81,1\u00a0Ko"),
        (999, "999\u00a0octets"),
    ],
)
def test_sizes_in_french_decimal_units(num_bytes, label):
    assert format_size(num_bytes) == label


def test_counts_in_french_figures():
    assert format_count(48_000_000) == "48\u00a0000\u00a0000"


def test_generated_image_file_helper_makes_real_images():
    file = image_file("x.webp", (10, 10), "WEBP")
    assert PILImage.open(file).format == "WEBP"
