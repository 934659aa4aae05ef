"""What every page type shares."""

from django.http import Http404

from wagtail.models import Page

from cms.forms import HeadlessPageForm


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
