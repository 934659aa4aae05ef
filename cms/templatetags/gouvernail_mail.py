"""Template tags of the workflow e-mails (cms/templates/wagtailadmin/notifications/)."""

from django import template

from cms.wording import go_live_phrase

register = template.Library()


@register.simple_tag
def go_live_sentence(obj) -> str:
    """When an approved item goes live, in Paris time (see ``go_live_phrase``)."""
    return go_live_phrase(obj)
