"""Helpers of the search tests: items published through the real pipeline."""

from __future__ import annotations

import pytest

from search.backends import get_backend
from search.query import SearchQuery, SearchResults
from tests.delivery.api_support import publish
from tests.factories import NewsPageFactory


def search(text: str = "", **fields) -> SearchResults:
    """The database backend's answer to a query of ``text`` and ``fields``."""
    return get_backend().search(SearchQuery(text=text, **fields))


def keys(results: SearchResults) -> list[str]:
    return [hit.key for hit in results.hits]


def key_of(page) -> str:
    return f"page:{page.pk}"


@pytest.fixture
def published(news_index):
    """``published(title, chapo=…, body=…, **fields)``: a news item published through
    Wagtail and the pipeline (``body``: a paragraph's text)."""

    def make(title: str, chapo: str = "Annonce.", body: str = "", **fields):
        page = NewsPageFactory(
            parent=news_index,
            live=False,
            title=title,
            chapo=chapo,
            body=[("paragraph", f"<p>{body}</p>")] if body else [],
            **fields,
        )
        return publish(page)

    return make
