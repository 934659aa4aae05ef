"""Every link in the moderation e-mails and the admin's messages leads somewhere useful.

Wagtail's preview links ("Voir le brouillon", the e-mails' workflow preview) answer the
DSFR preview of the draft (``cms.previews``), not an error.
"""

import re

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

import pytest

from cms.workflows import setup
from news.models import NewsPage
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db

ADMIN_LINK = re.compile(r"https?://[^/\s\"']+(/admin/[^\s\"'<>]*)")


@pytest.fixture
def flows(site):
    setup.setup_workflows()
    for user in site["users"].values():
        user.email = f"{user.username}@sig.gouv.fr"
        user.save()
    return site


def assert_previews_the_draft(client, url, page):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Robots-Tag"] == "noindex"
    assert f"<h1>{page.title}</h1>" in response.content.decode()


def test_view_draft_after_a_submission_previews_it(client, flows):
    users = flows["users"]
    page = NewsPage.objects.get(pk=flows["pages"]["government_draft"].pk)
    client.force_login(users["chief"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        news_form_data("submit", title=page.title, slug=page.slug),
    )
    assert response.status_code == 302
    [notice] = list(get_messages(response.wsgi_request))
    links = set(re.findall(r'href="([^"]+)"', str(notice)))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    view_draft_url = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    assert links == {view_draft_url, edit_url}
    assert_previews_the_draft(client, view_draft_url, page)


def test_every_link_of_the_moderation_emails_works_for_its_recipient(
    client, flows, django_capture_on_commit_callbacks
):
    users = flows["users"]
    page = NewsPage.objects.get(pk=flows["pages"]["government_draft"].pk)
    client.force_login(users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            news_form_data("submit", title=page.title, slug=page.slug),
        )
    assert response.status_code == 302
    to_chief = [message for message in mail.outbox if users["chief"].email in message.to]
    assert to_chief
    client.force_login(users["chief"])
    for message in to_chief:
        bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
        paths = {path for body in bodies for path in ADMIN_LINK.findall(body)}
        # The e-mails link to the item's preview (the revision under review) and editor.
        task = page.current_workflow_state.current_task_state.task_id
        preview = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task])
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert {preview, edit} <= paths, paths
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 302), path
            if "/workflow/preview/" in path:
                assert_previews_the_draft(client, path, page)
            elif response.status_code == 302:
                assert client.get(response.url).status_code == 200, path
