"""/api/v1/pages/?path=: the document at a public path, 301 from a former path, 404, 410."""

import pytest

from cms.publishing import pipeline
from tests.delivery.api_support import PROBLEM, assert_matches_schema, publish
from tests.factories import NewsPageFactory

TEMPLATE = "/api/v1/pages/"


@pytest.fixture
def item(news_index):
    publish(news_index)
    return publish(NewsPageFactory(parent=news_index, live=False, slug="plan-eau"))


def test_a_news_item_by_its_path(client, item):
    response = client.get("/api/v1/pages/?path=/actualites/plan-eau/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "news"
    assert body["document"]["id"] == item.pk
    assert body["document"]["url"] == "http://localhost:3000/actualites/plan-eau/"
    assert_matches_schema(response, TEMPLATE)
    # The final slash may be left out.
    assert client.get("/api/v1/pages/?path=/actualites/plan-eau").content == response.content


def test_a_section_and_the_home_by_their_paths(client, home, ministry_section):
    publish(home)
    publish(ministry_section.get_parent().specific)
    publish(ministry_section)
    section = client.get(f"/api/v1/pages/?path=/ministeres/{ministry_section.slug}/")
    assert section.status_code == 200
    assert section.json()["kind"] == "section"
    assert section.json()["document"]["ministry"]["name"] == ministry_section.ministry.name
    assert_matches_schema(section, TEMPLATE)
    root = client.get("/api/v1/pages/?path=/")
    assert root.status_code == 200
    assert root.json()["kind"] == "home"
    assert_matches_schema(root, TEMPLATE)


def test_a_former_path_answers_301_with_the_new_location(client, item):
    item.slug = "plan-eau-2026"
    item.save_revision().publish()
    pipeline.run("page", item.pk)
    response = client.get("/api/v1/pages/?path=/actualites/plan-eau/")
    assert response.status_code == 301
    assert response["Location"] == (
        "http://testserver/api/v1/pages/?path=%2Factualites%2Fplan-eau-2026%2F"
    )
    assert response.json() == {
        "path": "/actualites/plan-eau-2026/",
        "url": "http://localhost:3000/actualites/plan-eau-2026/",
        "location": response["Location"],
    }
    assert response["Surrogate-Key"] == (f"api path:/actualites/plan-eau/ news:{item.pk}")
    assert_matches_schema(response, TEMPLATE)
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert followed.json()["document"]["path"] == "/actualites/plan-eau-2026/"


def test_a_gone_document_answers_410_at_its_path_and_former_paths(client, item):
    item.slug = "plan-eau-2026"
    item.save_revision().publish()
    pipeline.run("page", item.pk)
    item.unpublish()
    pipeline.run("page", item.pk)
    for path in ("/actualites/plan-eau-2026/", "/actualites/plan-eau/"):
        response = client.get(f"/api/v1/pages/?path={path}")
        assert response.status_code == 410, path
        assert response["Content-Type"] == PROBLEM
        assert item.title not in response.content.decode()
    assert_matches_schema(response, TEMPLATE)


def test_a_path_reused_by_a_new_document_serves_the_new_one(client, item, news_index):
    item.unpublish()
    pipeline.run("page", item.pk)
    item.delete()
    newer = publish(NewsPageFactory(parent=news_index, live=False, slug="plan-eau"))
    response = client.get("/api/v1/pages/?path=/actualites/plan-eau/")
    assert response.status_code == 200
    assert response.json()["document"]["id"] == newer.pk


def test_unknown_and_draft_paths_answer_404(client, news_index):
    publish(news_index)
    draft = NewsPageFactory(parent=news_index, live=False, slug="brouillon", title="Secret")
    pipeline.run("page", draft.pk)
    for path in ("/actualites/brouillon/", "/nulle-part/", "/actualites/"):
        response = client.get(f"/api/v1/pages/?path={path}")
        assert response.status_code == 404, path
        assert response["Content-Type"] == PROBLEM
        assert "Secret" not in response.content.decode()
    assert_matches_schema(response, TEMPLATE)


@pytest.mark.parametrize(
    "query",
    [
        "path=/actualites/plan-eau/",
        "path=/actualites/plan-eau",
        "path=/",
        "path=/%C3%A9t%C3%A9/",
        "path=/" + "x" * 199,
        "path=/" + "x" * 200,
        "path=",
        "path=relative/",
        "path=/a b/",
        "path=/a+b/",
        "path=%20/a/",
        "path=/a/%20",
        "path=/a/%0A",
        "path=/a/%1C",
        "path=/a/%C2%A0",
        "path=/a/%00",
        "path=/a/%ED%A0%80",
        "path=/a?b",
        "path=/a%3Fb/",
        "path=/a%23b/",
        "path=/a/&path=/b/",
        "path=/a/&other=1",
        "path=/a/%26b/",
        "path=/a/=b/",
        "path=/a/%ZZ/",
        "path=/a/%C3/",
        "path=/été/",
        "path",
        "pat%68=/a/",
        "other=1",
        "",
    ],
)
def test_the_paths_fast_check_answers_as_the_query_serializer(query):
    """``path_of`` (the raw query string and one regex for the usual query) gives what
    ``parse`` of ``PathQuery`` gives from ``request.GET``: the same path, or the same
    errors."""
    from django.test import RequestFactory

    from cms.delivery import queries
    from cms.delivery.problems import InvalidParameters

    def outcome(function):
        request = RequestFactory().get(f"{TEMPLATE}?{query}")
        try:
            return function(request)
        except InvalidParameters as error:
            return ("refused", error.detail)

    expected = outcome(lambda request: queries.parse(queries.PathQuery, request.GET)["path"])
    assert outcome(queries.path_of) == expected
