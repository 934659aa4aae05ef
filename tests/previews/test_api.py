"""The front ends' preview endpoint, ``GET /api/v1/preview/{id}/?token=``.

Tokens come from the admin's "Aperçu sur le site" (the redirect to the front end's
preview URL), as a front end receives them; refused ones are made by signing what an
attacker cannot (another page, another revision, an old timestamp) or by altering a
real one. Every answer is checked against the OpenAPI schema.
"""

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

from django.core import signing
from django.test import Client
from django.urls import reverse

import pytest
from wagtail_headless_preview.models import PagePreview

from cms.previews import tokens
from news.models import NewsPage
from tests.delivery.api_support import PROBLEM, assert_matches_schema, spec
from tests.forms import news_form_data
from tests.previews.conftest import DRAFT, TEXT, with_draft
from tests.previews.test_admin import submit

pytestmark = pytest.mark.django_db

OPERATION = "/api/v1/preview/{id}/"


def front_end_query(response) -> dict[str, str]:
    """The query of the front end's preview URL the admin redirected to."""
    assert response.status_code == 302
    return {name: values[0] for name, values in parse_qs(urlsplit(response.url).query).items()}


def site_preview(client, url) -> str:
    """The token of "Aperçu sur le site" from the admin preview ``url``."""
    return front_end_query(client.get(url + ("&" if "?" in url else "?") + "mode=headless"))[
        "token"
    ]


def preview(page_id, token, **params):
    return Client().get(f"/api/v1/preview/{page_id}/", {"token": token, **params})


def assert_draft(response, title=f"Plan {DRAFT}"):
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert_matches_schema(response, OPERATION)
    data = response.json()
    assert data["title"] == title
    return data


def assert_refused(response, detail):
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response["Cache-Control"] == "no-store"
    assert_matches_schema(response, OPERATION)
    body = response.json()
    assert body["type"] == "https://gouvernail.gouv.fr/problems/forbidden"
    assert body["detail"] == detail
    assert DRAFT not in response.content.decode()


@pytest.fixture
def editor(client, site):
    client.force_login(site["users"]["contributor"])
    return client


def test_the_front_end_gets_the_page_its_type_and_a_token(editor, site):
    page = with_draft(site["pages"]["own_draft"])
    query = front_end_query(
        editor.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]) + "?mode=headless")
    )
    assert query["content_type"] == "news.ministrynewspage"
    assert query["id"] == str(page.pk)
    data = assert_draft(preview(page.pk, query["token"]))
    assert data["chapo"] == f"Chapô {DRAFT} {TEXT}."
    assert data["type"] == "ministry_news"
    assert data["published_at"] is None  # never published


def test_a_draft_of_a_live_item_and_an_old_revision(editor, site):
    page = site["pages"]["own_live"]
    first = page.latest_revision_id or page.save_revision().pk
    page = with_draft(page)
    latest = site_preview(editor, reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert_draft(preview(page.pk, latest))
    old = site_preview(editor, reverse("wagtailadmin_pages:revisions_view", args=[page.pk, first]))
    assert assert_draft(preview(page.pk, old), title=page.title)


def test_the_panel_s_unsaved_form(editor, site):
    page = site["pages"]["own_draft"]
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    editor.post(url, news_form_data(title=f"Plan {DRAFT}", slug=page.slug, chapo="Non enregistré."))
    token = site_preview(editor, url)
    assert assert_draft(preview(page.pk, token))["chapo"] == "Non enregistré."
    # The row is the library's, named by the token; gone, the token grants nothing.
    assert PagePreview.objects.count() == 1
    PagePreview.objects.all().delete()
    assert_refused(
        preview(page.pk, token), "This preview no longer exists: open the preview again."
    )


def test_the_task_preview_links_to_the_revision_under_review(client, flows):
    """The moderation e-mails' preview (the DSFR page) links "Aperçu sur le site" to the
    front end with a token of the revision under review; no preview row is stored."""
    page = flows["pages"]["government_draft"]
    task = submit(page, flows["users"]["editor"])
    client.force_login(flows["users"]["chief"])
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])
    link = re.search(
        r'href="([^"]+)"[^>]*>Aperçu sur le site</a>', client.get(url).content.decode()
    )
    query = {
        name: values[0] for name, values in parse_qs(urlsplit(html.unescape(link[1])).query).items()
    }
    assert query["id"] == str(page.pk)
    revision = NewsPage.objects.get(pk=page.pk).latest_revision_id
    assert tokens.verify(query["token"], page.pk) == tokens.Grant(page.pk, revision=revision)
    assert_draft(preview(page.pk, query["token"]))
    assert PagePreview.objects.count() == 0
    # Elsewhere the DSFR page has no such link (the panel's mode does it).
    assert (
        "Aperçu sur le site</a>"
        not in client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    )


def test_an_expired_token(editor, site, monkeypatch, settings):
    page = with_draft(site["pages"]["own_draft"])
    issued = time.time() - settings.PREVIEW_TOKEN_MAX_AGE - 1
    with monkeypatch.context() as frozen:
        frozen.setattr(time, "time", lambda: issued)
        token = site_preview(editor, reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert_refused(
        preview(page.pk, token), "This preview token has expired: open the preview again."
    )
    settings.PREVIEW_TOKEN_MAX_AGE = 7200  # configurable
    assert_draft(preview(page.pk, token))


def test_forged_and_altered_tokens(editor, site):
    page = with_draft(site["pages"]["own_draft"])
    token = site_preview(editor, reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    payload, stamp, signature = token.rsplit(":", 2)
    forged = [
        f"{payload}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{payload[:-1]}x:{stamp}:{signature}",
        signing.dumps({"page": page.pk, "preview": "x"}, key="another key", salt=tokens.SALT),
        signing.dumps({"page": page.pk, "preview": "x"}, salt="another salt"),
        "garbage",
        "a:b:c",
        "é:é",
    ]
    for value in forged:
        assert_refused(preview(page.pk, value), "This preview token is invalid.")


def test_another_page_s_token_and_another_page_s_revision(editor, site):
    page = with_draft(site["pages"]["own_draft"])
    other = with_draft(site["pages"]["own_live"])
    token = site_preview(editor, reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert_refused(preview(other.pk, token), "This preview token is for another page.")
    foreign = tokens.sign(tokens.Grant(page.pk, revision=other.latest_revision_id))
    assert_refused(preview(page.pk, foreign), "This preview token's revision does not exist.")
    stolen_row = tokens.sign(tokens.Grant(other.pk, preview=PagePreview.objects.get().token))
    assert_refused(preview(other.pk, stolen_row), "This preview token is for another page.")


def test_bad_parameters_are_400(site):
    page = site["pages"]["own_draft"]
    for params in ({}, {"token": ""}, {"token": "x", "content_type": "news.newspage"}):
        response = Client().get(f"/api/v1/preview/{page.pk}/", params)
        assert response.status_code == 400
        assert response["Content-Type"] == PROBLEM
        assert_matches_schema(response, OPERATION)
    assert Client().get(f"/api/v1/preview/{page.pk}/?token=a&token=b").status_code == 400
    assert Client().post(f"/api/v1/preview/{page.pk}/?token=a").status_code == 405


def test_a_page_type_without_document_is_404(site):
    index = site["pages"]["news_index"]
    token = tokens.sign(tokens.Grant(index.pk, revision=index.save_revision().pk))
    response = preview(index.pk, token)
    assert response.status_code == 404
    assert_matches_schema(response, OPERATION)


def test_the_endpoint_is_documented(db):
    operation = spec()["paths"][OPERATION]["get"]
    assert operation["operationId"] == "preview_detail"
    assert operation["tags"] == ["Preview"]
    assert set(operation["responses"]) == {"200", "400", "403", "404"}
    assert set(operation["responses"]["200"]["headers"]) == {"Cache-Control", "X-Robots-Tag"}
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["token"]


def test_a_preview_s_query_budget(editor, site, django_assert_max_num_queries):
    """A news draft's preview: the token's page, its preview row, and the serializer's
    reads (translations, related items, ministries, topics, renditions...)."""
    page = with_draft(site["pages"]["own_draft"])
    token = site_preview(editor, reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    with django_assert_max_num_queries(11):
        assert_draft(preview(page.pk, token))
