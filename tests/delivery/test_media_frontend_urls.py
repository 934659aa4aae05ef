"""The canonical front-end URL: one rule for the API's ``url`` and the admin's "live"
links (explorer, editor, e-mails), on the front end's host, configurable per site."""

import re

from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from wagtail.models import Site

import pytest

from cms.workflows import setup
from news.models import NewsPage
from settings.base import env_mapping
from tests.factories import MinistryNewsPageFactory, NewsIndexPageFactory, NewsPageFactory


@pytest.fixture(autouse=True)
def jobs_after_commit(settings, request):
    """The pipeline's jobs run in this process after the commit (as on SQLite), also on
    PostgreSQL, where they would otherwise wait for a worker; tests of the queue itself
    ask for ``job_queue``."""
    if "job_queue" not in request.fixturenames:
        settings.JOBS_BACKEND = "none"


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


def test_api_and_admin_give_the_same_front_end_url(admin_client, client, news_index, publish):
    page = publish(NewsPageFactory(parent=news_index, live=False, slug="plan-eau"))
    expected = f"http://localhost:3000/{news_index.slug}/plan-eau/"
    assert page.full_url == page.url == expected
    assert client.get(f"/api/v1/news/{page.pk}/").json()["url"] == expected

    explorer = admin_client.get(reverse("wagtailadmin_explore", args=[news_index.pk]))
    assert explorer.status_code == 200
    assert f'href="{expected}"' in explorer.content.decode()
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert f'href="{expected}"' in editor.content.decode()
    # No link leads to the admin's own host for the public page.
    assert "http://localhost:8000/" + news_index.slug not in explorer.content.decode()


def test_a_site_has_its_own_front_end(client, news_index, publish, settings):
    settings.FRONTEND_BASE_URLS = {"localhost": "https://www.info.gouv.fr"}
    page = publish(NewsPageFactory(parent=news_index, live=False, slug="plan"))
    expected = f"https://www.info.gouv.fr/{news_index.slug}/plan/"
    assert page.full_url == expected
    assert client.get(f"/api/v1/news/{page.pk}/").json()["url"] == expected
    other = Site.objects.get(is_default_site=True)
    other.hostname = "gouvernail.interieur.gouv.fr"
    other.save()  # a host without an entry: the default front end
    assert NewsPage.objects.get(pk=page.pk).full_url.startswith("http://localhost:3000/")


def test_a_link_to_a_page_of_another_site_takes_that_sites_front_end(
    client, news_index, ministry_section, publish, settings
):
    """A ministry's sub-site (a site rooted at its section) on its own front end: a rich
    text link and a button to one of its items, from an item of the main site, give the
    item's own URL (the stored document's), not the main site's."""
    settings.FRONTEND_BASE_URLS = {
        "localhost": "https://www.info.gouv.fr",
        "www.interieur.gouv.fr": "https://www.interieur.gouv.fr",
    }
    Site.objects.create(hostname="www.interieur.gouv.fr", port=80, root_page=ministry_section)
    section = publish(ministry_section)
    target = publish(MinistryNewsPageFactory(parent=section, live=False, slug="plan"))
    expected = f"https://www.interieur.gouv.fr/{section.get_parent().slug}/{section.slug}/plan/"
    assert target.specific.full_url == expected
    linking = NewsPageFactory(
        parent=news_index,
        live=False,
        body=[
            ("paragraph", f'<p><a linktype="page" id="{target.pk}">le plan</a></p>'),
            ("call_to_action", {"label": "Le plan", "page": target, "url": ""}),
        ],
    )
    body = client.get(f"/api/v1/news/{publish(linking).pk}/").json()["body"]
    assert f'<a href="{expected}">le plan</a>' in body[0]["value"]
    assert body[1]["value"]["page"]["url"] == expected


def test_a_translation_has_its_language_prefix(home, english, publish):
    english_home = home.copy_for_translation(english)
    english_home.save_revision().publish()
    index = NewsIndexPageFactory(parent=english_home, slug="news", locale=english)
    page = publish(NewsPageFactory(parent=index, live=False, slug="water", locale=english))
    assert page.full_url == "http://localhost:3000/en/news/water/"


def test_the_approval_email_links_to_the_live_page(
    site, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    setup.setup_workflows()
    users = site["users"]
    for user in users.values():
        user.email = f"{user.username}@sig.gouv.fr"
        user.save()
    page = NewsPage.objects.get(pk=site["pages"]["government_draft"].pk)
    page.save_revision(user=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, users["editor"])
        task_state = NewsPage.objects.get(pk=page.pk).current_workflow_task_state
        task_state.approve(user=users["chief"])
    page.refresh_from_db()
    assert page.live
    expected = f"http://localhost:3000/{site['pages']['news_index'].slug}/{page.slug}/"
    approved = [m for m in mail.outbox if "Validation terminée" in m.body]
    assert approved
    for message in approved:
        assert f"Voir en ligne : {expected}" in message.body
        html = message.alternatives[0][0]
        assert f'<a href="{expected}">' in html
        links = re.findall(r"https?://[^\s\"'<>]+", message.body)
        assert all(
            link.startswith(("http://localhost:3000/", "http://localhost:8000/admin/"))
            for link in links
        ), links


def test_front_ends_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("FRONTEND_BASE_URLS", "a.gouv.fr=https://a.fr, b.gouv.fr = https://b.fr")
    assert env_mapping("FRONTEND_BASE_URLS") == {
        "a.gouv.fr": "https://a.fr",
        "b.gouv.fr": "https://b.fr",
    }
    monkeypatch.setenv("FRONTEND_BASE_URLS", "https://a.fr")
    with pytest.raises(ImproperlyConfigured, match="key=value"):
        env_mapping("FRONTEND_BASE_URLS")
