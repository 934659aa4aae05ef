"""Admin forms of the media library.

Wagtail builds the upload field itself (``formfield_for_dbfield``), so the forms below
swap it for a subclass that says limits in French figures and in the README's unit
(decimal megabytes, "Mo"), counts every animation frame, and, for documents, checks the
content against the extension (``cms.media.filetypes``).
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import Field
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

from cms.media.filetypes import check_document_content

MEGABYTE = 1_000_000
KILOBYTE = 1_000


def format_count(value: int) -> str:
    """A whole number in French figures: 48000000 → "48 000 000" (non-breaking spaces)."""
    return number_format(value, force_grouping=True)


def format_size(num_bytes: int) -> str:
    """A file size in decimal units, rounded up to one decimal: "25,3 Mo", "20 Mo",
    "81,1 Ko", "512 octets". Rounding up keeps a refused size above its limit.
    """
    if num_bytes < KILOBYTE:
        return _("%(count)s\u00a0octets") % {"count": format_count(num_bytes)}
    unit, divisor = ("Mo", MEGABYTE) if num_bytes >= MEGABYTE else ("Ko", KILOBYTE)
    tenths = -(-num_bytes * 10 // divisor)  # rounded up, in integers
    decimals = 0 if tenths % 10 == 0 else 1
    value = number_format(tenths / 10, decimal_pos=decimals, force_grouping=True)
    return f"{value}\u00a0{unit}"


def _too_large_messages(field: Field) -> None:
    """Say ``field``'s size messages in French, the limit in decimal units."""
    limit = format_size(field.max_upload_size)
    field.error_messages["file_too_large"] = _(
        "Le fichier pèse %(file_size)s\u00a0; %(max_filesize)s au plus."
    )
    # Shown by the multiple upload's script before anything is sent.
    field.error_messages["file_too_large_unknown_size"] = _(
        "Le fichier pèse plus de %(max_filesize)s, la taille maximale."
    ) % {"max_filesize": limit}


def _check_size(field: Field, f) -> None:
    """Refuse ``f`` if it is larger than ``field.max_upload_size`` (None: no limit)."""
    if field.max_upload_size is not None and f.size > field.max_upload_size:
        raise ValidationError(
            field.error_messages["file_too_large"]
            % {
                "file_size": format_size(f.size),
                "max_filesize": format_size(field.max_upload_size),
            },
            code="file_too_large",
        )


class ImageUploadField(WagtailImageField):
    """Wagtail's image field; its limits said in French, every animation frame counted.

    Wagtail counts animation frames only with ImageMagick; with Pillow it counts one
    frame, so an animated WebP could decompress to far more than the pixel limit.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _too_large_messages(self)
        self.help_text = _(
            "Formats acceptés\u00a0: %(formats)s\u00a0; %(max_size)s et %(max_pixels)s\u00a0pixels "
            "au plus."
        ) % {
            "formats": self.supported_formats_text,
            "max_size": format_size(self.max_upload_size),
            "max_pixels": format_count(self.max_image_pixels),
        }

    def check_image_file_format(self, f):
        try:
            super().check_image_file_format(f)
        except ValidationError as error:
            if error.code != "invalid_image_known_format":
                raise
            extension = os.path.splitext(f.name)[1].lower()[1:]
            message = _(
                "Le contenu de ce fichier ne correspond pas à son extension "
                "«\u00a0.%(extension)s\u00a0»\u00a0: c'est une image %(image_format)s, "
                "pas une image %(expected)s."
            )
            raise ValidationError(
                message
                % {
                    "extension": extension,
                    "image_format": f.image.format_name.upper(),
                    "expected": extension.upper(),
                },
                code="invalid_image_known_format",
            ) from None

    def check_image_file_size(self, f):
        _check_size(self, f)

    def check_image_pixel_size(self, f):
        limit = self.max_image_pixels
        f.seek(0)
        try:
            with PILImage.open(f) as image:
                frames = getattr(image, "n_frames", 1)
                total = image.width * image.height * frames
        except PILImage.DecompressionBombError:
            # Pillow refuses to open past twice its own limit, before counting.
            pillow_limit = 2 * PILImage.MAX_IMAGE_PIXELS
            raise ValidationError(
                _("Cette image compte plus de %(total)s\u00a0pixels, %(limit)s au plus.")
                % {
                    "total": format_count(pillow_limit),
                    "limit": format_count(min(limit or pillow_limit, pillow_limit)),
                },
                code="file_too_many_pixels",
            ) from None
        except (PILImage.UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        finally:
            f.seek(0)
        if limit is None or total <= limit:
            return
        values = {"total": format_count(total), "frames": frames, "limit": format_count(limit)}
        if frames == 1:
            message = _("Cette image compte %(total)s\u00a0pixels, %(limit)s au plus.")
        else:
            message = _(
                "Cette image compte %(total)s\u00a0pixels sur ses %(frames)s images "
                "(animation), %(limit)s au plus."
            )
        raise ValidationError(message % values, code="file_too_many_pixels")


class DocumentUploadField(WagtailDocumentField):
    """Wagtail's document field; its limit said in French, the content checked against
    the extension.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _too_large_messages(self)
        self.help_text = _("Formats acceptés\u00a0: %(formats)s\u00a0; %(max_size)s au plus.") % {
            "formats": ", ".join(settings.WAGTAILDOCS_EXTENSIONS).upper(),
            "max_size": format_size(self.max_upload_size),
        }

    def check_document_file_size(self, f):
        _check_size(self, f)

    def to_python(self, data):
        f = super().to_python(data)
        if f is not None:
            check_document_content(f, os.path.splitext(f.name)[1])
        return f


def _swap_file_field(form, field_class: type[Field]) -> None:
    """Replace the upload field Wagtail built with ``field_class``, keeping its label,
    requirement and widget (forms without a file field, as in the multiple upload's
    edit step, are left alone).
    """
    field = form.fields.get("file")
    if field is not None:
        form.fields["file"] = field_class(
            label=field.label, required=field.required, widget=field.widget
        )


class ImageForm(BaseImageForm):
    """Wagtail's image form, with ``ImageUploadField`` as its upload field."""

    class Media:
        # Hides Wagtail's alt-text reminder on a failed multiple upload.
        css = {"all": ["cms_media/upload.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, ImageUploadField)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, with ``DocumentUploadField`` as its upload field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, DocumentUploadField)
