import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

import pytest
from PIL import Image as PILImage

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


class TestImageRules:
    def test_default_limits(self):
        assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
        assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
        assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024
        assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"

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

    @override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
    def test_oversized_file_is_refused(self, admin_client):
        big = io.BytesIO()
        PILImage.effect_noise((300, 300), 100).save(big, "PNG")
        response = post_image(admin_client, upload("bruit.png", big.getvalue()))
        assert response.status_code == 200
        assert "trop gros" in " ".join(response.context["form"].errors["file"])
        assert not CustomImage.objects.exists()

    def test_decompression_bomb_is_refused(self, admin_client):
        # 7000 × 6000 = 42 Mpx, a few kilobytes once compressed.
        response = post_image(
            admin_client, upload("bombe.png", image_bytes((7000, 6000), mode="L"))
        )
        assert response.status_code == 200
        assert "pixels" in " ".join(response.context["form"].errors["file"])
        assert not CustomImage.objects.exists()

    def test_animation_frames_count_towards_the_pixel_limit(self, admin_client):
        # 1000 × 1000 × 41 frames = 41 Mpx, though each frame is only 1 Mpx.
        content = animated((1000, 1000), 41, "WEBP")
        assert PILImage.open(io.BytesIO(content)).n_frames == 41
        response = post_image(admin_client, upload("anim.webp", content))
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["file"])
        assert "41 000 000 pixels sur ses 41 images" in errors
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


class TestDocumentRules:
    @pytest.mark.parametrize(
        "name", ["virus.exe", "page.html", "script.js", "image.svg", "archive.zip"]
    )
    def test_forbidden_extensions_are_refused(self, admin_client, name):
        response = post_document(admin_client, upload(name, b"contenu"))
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not CustomDocument.objects.exists()

    @pytest.mark.parametrize(
        "name",
        ["rapport.pdf", "tableau.ods", "notes.odt", "donnees.csv", "lisez-moi.txt", "plan.docx"],
    )
    def test_allowed_extensions(self, admin_client, name):
        content = b"%PDF-1.4\n%%EOF\n" if name.endswith(".pdf") else b"a;b\n1;2\n"
        response = post_document(admin_client, upload(name, content))
        assert response.status_code == 302, response.context["form"].errors
        assert CustomDocument.objects.count() == 1

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=100)
    def test_oversized_document_is_refused(self, admin_client):
        response = post_document(admin_client, upload("gros.txt", b"x" * 101))
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not CustomDocument.objects.exists()

    @pytest.mark.parametrize(
        ("size", "label"),
        [(239_890, "PDF – 239,89 Ko"), (512, "PDF – 512 octets"), (3_400_000, "PDF – 3,40 Mo")],
    )
    def test_file_label(self, size, label):
        document = DocumentFactory(file=ContentFile(b"x" * size, name="rapport.pdf"))
        assert document.file_label == label

    def test_documents_are_served_through_django(self, admin_client):
        """Served by Django (here to a user who may see its collection: see the isolation
        tests for who else may download it)."""
        document = DocumentFactory(file=ContentFile(b"%PDF-1.4 contenu", name="communique.pdf"))
        assert document.url == reverse("wagtaildocs_serve", args=[document.pk, "communique.pdf"])
        response = admin_client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 contenu"


def test_generated_image_file_helper_makes_real_images():
    file = image_file("x.webp", (10, 10), "WEBP")
    assert PILImage.open(file).format == "WEBP"
