"""Publishing without permission is refused on every path; nothing published, nothing logged."""

from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest

from news.models import NewsPage
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db


def post_as(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


PATHS = {
    "edit form, publish": lambda page: (
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        news_form_data("publish", title=page.title, slug=page.slug),
    ),
    "revert then publish": lambda page: (
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, page.latest_revision_id]),
        news_form_data("publish", title=page.title, slug=page.slug),
    ),
    "bulk publish": lambda page: (
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}",
        {"include_descendants": ""},
    ),
}


@pytest.mark.parametrize("role", ["contributor", "validator", "editor"])
@pytest.mark.parametrize("path", PATHS)
def test_publishing_own_draft_without_publish_permission_is_refused(client, site, role, path):
    page = site["pages"]["own_draft"]
    page.save_revision(user=site["users"]["contributor"])
    url, data = PATHS[path](NewsPage.objects.get(pk=page.pk))
    post_as(client, site["users"][role], url, data)
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_chief_editor_may_publish_the_same_way(client, site):
    page = site["pages"]["own_draft"]
    page.save_revision(user=site["users"]["contributor"])
    url, data = PATHS["edit form, publish"](NewsPage.objects.get(pk=page.pk))
    post_as(client, site["users"]["chief"], url, data)
    assert NewsPage.objects.get(pk=page.pk).live
