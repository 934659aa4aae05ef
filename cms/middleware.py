"""Admin response adjustments that Wagtail offers no hook for."""

from django.template.response import TemplateResponse

from wagtail.contrib.redirects.middleware import RedirectMiddleware as WagtailRedirectMiddleware


class FrenchHeaderTitleMiddleware:
    """Wagtail joins an admin view's title and subtitle with an English colon
    ("Historique: Titre", in the header and the window title); this puts the French
    non-breaking space before it. Other responses pass through unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response: TemplateResponse) -> TemplateResponse:
        context = response.context_data
        if not isinstance(context, dict) or not context.get("page_subtitle"):
            return response
        title, subtitle = context.get("page_title"), context["page_subtitle"]
        if context.get("header_title") == f"{title}: {subtitle}":
            context["header_title"] = f"{title}\u00a0: {subtitle}"
        return response


class RedirectMiddleware(WagtailRedirectMiddleware):
    """Wagtail's redirects (editors' old URLs to new ones), except under ``/api/``: the
    public API answers its own 404s (problem+json) and 301s, without the two queries a
    redirect lookup costs and without an editor's redirect ever replacing an answer."""

    def process_response(self, request, response):
        if request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
