"""Helpers of the search tests: items published through the real pipeline."""

from __future__ import annotations

import pytest

from search.backends import get_backend
from search.query import SearchQuery, SearchResults
from tests.delivery.api_support import publish
from tests.delivery.conftest import deliver, fresh_rendition_cache  # noqa: F401 (fixtures)
from tests.factories import NewsPageFactory

#: The property the relevance set records its precision@5 in (``test_relevance``).
RELEVANCE_PROPERTY = "search_precision_at_5"


def pytest_terminal_summary(terminalreporter):
    """Print the relevance set's precision@5 at the end of the run (with xdist too: the
    workers' reports carry it)."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                if name == RELEVANCE_PROPERTY:
                    terminalreporter.write_line(f"Search relevance: precision@5 = {value}")


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
