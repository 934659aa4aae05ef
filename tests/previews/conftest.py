"""A draft to preview: a live ministry news item (own section) and a never-published one,
each with a draft revision whose title carries ``DRAFT`` and chapô ``DRAFT`` and ``TEXT``."""

import pytest

from cms.workflows import setup
from news.models import NewsPage

DRAFT = "ZX-BROUILLON"
#: In the draft's chapô only: the reading roles (social media, crisis cell) see every
#: item's title in the admin's listings, never its text.
TEXT = "ZX-TEXTE"


def with_draft(page, user=None, *, retitled: bool = True) -> NewsPage:
    """``page`` with a newer revision whose chapô (and title, if ``retitled``) carry
    ``DRAFT`` (the live row keeps its content); returns the page as stored."""
    page = NewsPage.objects.get(pk=page.pk).specific
    draft = page.get_latest_revision_as_object()
    if retitled:
        draft.title = f"Plan {DRAFT}"
    draft.chapo = f"Chapô {DRAFT} {TEXT}."
    draft.save_revision(user=user)
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def flows(site):
    """The ``site`` fixture, with the production workflows and an e-mail per user."""
    setup.setup_workflows()
    for user in site["users"].values():
        user.email = f"{user.username}@sig.gouv.fr"
        user.save()
    return site
