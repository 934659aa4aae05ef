"""What every page type shares."""

from django.http import Http404
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class HeadlessPageForm(WagtailAdminPageForm):
    """Starts every edit without an expiry that has already passed.

    The expiry stays in the revision that expired the page; carried into the form, it would
    make every "Publier" and "Enregistrer le brouillon" fail ("must be in the future").
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expire_at = self.initial.get("expire_at")
        if expire_at is not None and expire_at <= timezone.now():
            self.initial["expire_at"] = None


class HeadlessPage(Page):
    """A page that is only ever read through the API: no HTML rendering here.

    The public site is a separate consumer of the API, so Wagtail's own page serving
    answers 404 and the admin's built-in preview is off (front-end previews come with
    the API).
    """

    preview_modes = []
    base_form_class = HeadlessPageForm

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        raise Http404
