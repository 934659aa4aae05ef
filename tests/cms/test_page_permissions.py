"""Delete and move checks of a contributor's rows: no query for a page without children."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page

import pytest

from cms.workflows import roles
from tests.factories import MinistryNewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(ministry_section):
    roles.setup_roles()
    user = get_user_model().objects.create_user(username="contributeur", password="x")
    user.groups.add(roles.roles_for_ministry(ministry_section.ministry).contributors)
    return user


def test_contributors_delete_and_move_their_drafts_not_live_items(
    contributor, ministry_section, client
):
    """A contributor's leaf rows are answered without a query, as Wagtail answers."""
    draft = MinistryNewsPageFactory(parent=ministry_section, live=False)
    live = MinistryNewsPageFactory(parent=ministry_section)
    for page in (draft, live):
        ours = page.permissions_for_user(contributor)
        with CaptureQueriesContext(connection) as queries:
            answers = (ours.can_delete(), ours.can_move())
        assert len(queries) == 0
        wagtails = Page.permissions_for_user(page, contributor)
        assert answers == (wagtails.can_delete(), wagtails.can_move())
    assert draft.permissions_for_user(contributor).can_delete() is True
    assert live.permissions_for_user(contributor).can_delete() is False
    # With children, Wagtail's own check: a live item below a draft section.
    assert ministry_section.permissions_for_user(contributor).can_delete() is False
    client.force_login(contributor)
    response = client.get(reverse("wagtailadmin_explore", args=[ministry_section.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:delete", args=[draft.pk]) in html
    assert reverse("wagtailadmin_pages:delete", args=[live.pk]) not in html
