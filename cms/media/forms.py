"""Admin forms of the media library."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage


def check_total_pixels(file) -> None:
    """Refuse an image whose frames, added up, exceed the pixel limit.

    Wagtail counts animation frames only with ImageMagick; with Pillow it counts one
    frame, so an animated WebP or GIF could decompress to far more than the limit.
    """
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    file.seek(0)
    with PILImage.open(file) as image:
        frames = getattr(image, "n_frames", 1)
        total = image.width * image.height * frames
    file.seek(0)
    if total > limit:
        raise ValidationError(
            _(
                "Cette image compte %(total)s pixels sur ses %(frames)s images "
                "(animation) ; le maximum est de %(limit)s pixels."
            )
            % {
                "total": f"{total:_}".replace("_", " "),
                "frames": frames,
                "limit": f"{limit:_}".replace("_", " "),
            },
            code="file_too_many_pixels",
        )


class ImageForm(BaseImageForm):
    """Wagtail's image form, plus the animation-aware pixel limit."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            check_total_pixels(file)
        return file
