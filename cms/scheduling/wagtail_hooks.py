"""Explain in the admin, rather than fail, why a translation cannot be published yet."""

from django.contrib import messages
from django.shortcuts import redirect

from wagtail import hooks

from cms.scheduling.pages import TranslationEmbargoMixin
from cms.scheduling.services import TranslationNotPublishable, source_go_live_at


@hooks.register("before_publish_page")
def refuse_translation_before_its_source(request, page):
    """Wagtail's page editor: "Publier" on a translation whose source is not scheduled."""
    return refusal(request, page)


@hooks.register("before_edit_page", order=-1)
def refuse_translation_before_its_source_in_localize(request, page):
    """wagtail-localize's translation editor ("Publier"), which runs before it."""
    if request.method == "POST" and request.POST.get("action") == "publish":
        return refusal(request, page)
    return None


def refusal(request, page):
    """Back to the editor with the reason, if ``page`` cannot be published before its source."""
    if not isinstance(page, TranslationEmbargoMixin):
        return None
    try:
        source_go_live_at(page)
    except TranslationNotPublishable as error:
        messages.error(request, str(error))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
