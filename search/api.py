"""The public search API: ``GET /api/v1/search/`` and ``GET /api/v1/search/autocomplete/``.

Views of the public API (``cms.delivery.views.PublicView``: anonymous, GET and HEAD,
JSON, problem+json errors). They validate the query string into a
:class:`search.query.SearchQuery` (``search.serializers``: any unknown, repeated,
over-long or invalid parameter is a 400 naming it), ask the configured backend
(``search.backend()``), and answer its :class:`~search.query.SearchResults`
as JSON with a strong ``ETag`` and a short public ``Cache-Control``. A backend that
fails in any way answers 503 problem+json, never a 500 (a cluster's own fallback to the
database answers 200 with ``"degraded": true``). docs/api.md, section "Search".
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging

from django.conf import settings
from django.http import HttpResponse

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as drf

from cms.delivery import caching, queries
from cms.delivery.problems import CONTENT_TYPE as PROBLEM
from cms.delivery.problems import problem
from cms.delivery.serializers import ProblemSerializer
from cms.delivery.views import JSON, PublicView, cached, instance_of
from search import backends
from search.curation import services as curation
from search.query import FACETS, SearchHit, SearchQuery, SearchResults
from search.serializers import (
    AUTOCOMPLETE_LIMIT,
    MAX_RESULT_WINDOW,
    AutocompleteAnswerSerializer,
    AutocompleteParameters,
    SearchAnswerSerializer,
    SearchParameters,
    filters_of,
)

logger = logging.getLogger(__name__)

#: What a search answer shows: news items, videos and their documents; the pipeline
#: purges these keys when one of them changes (``cms.delivery.caching``).
SURROGATE_KEYS = (caching.NEWS, caching.VIDEOS)
#: Seconds a client should wait before asking again after a 503.
RETRY_AFTER = 5

# -- Schema ------------------------------------------------------------------------------

_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An `ETag` received before: 304 if the answer has not changed.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="Strong validator of the response body.",
    ),
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="`public, max-age=<API_CACHE_MAX_AGE>` (60 s by default).",
    ),
    OpenApiParameter(
        "Surrogate-Key",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="`api news videos`: purged when a news item or a video changes.",
    ),
]


def searched(operation_id: str, summary: str, description: str, ok, parameters):
    """``extend_schema`` of a search operation (tag "Search"): its 200 (``ok``), 304, 400
    and 503 (problem+json), its ``parameters`` (a serializer) and caching headers."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=[parameters, *_HEADERS],
        responses={
            (200, JSON): OpenApiResponse(ok, description="OK."),
            304: OpenApiResponse(
                description="Not modified: the `If-None-Match` of the request matches (no body)."
            ),
            (400, PROBLEM): OpenApiResponse(
                ProblemSerializer,
                description="A refused parameter: unknown, repeated, longer than 200 "
                "characters, or invalid (`errors` names each one).",
            ),
            (503, PROBLEM): OpenApiResponse(
                ProblemSerializer,
                description="The search backend could not answer (`Retry-After` says when "
                "to try again).",
            ),
        },
        tags=["Search"],
    )


# -- Answers -----------------------------------------------------------------------------

_INSTANT = drf.DateTimeField()


def instant(moment: datetime.datetime | None) -> str | None:
    """ISO 8601 with the Paris offset, as every date of the API (``TIME_ZONE``)."""
    return _INSTANT.to_representation(moment) if moment is not None else None


def references(pairs: tuple[tuple[str, str], ...]) -> list[dict]:
    return [{"id": identity, "name": name} for identity, name in pairs]


def result(hit: SearchHit) -> dict:
    """One result of ``SearchResultSerializer``'s shape."""
    return {
        "type": hit.type,
        "title": hit.title,
        "excerpt": hit.excerpt,
        "url": hit.url,
        "published_at": instant(hit.published_at),
        "ministries": references(hit.ministries),
        "topics": references(hit.topics),
        "kind": hit.kind,
        "locale": hit.locale,
        "promoted": hit.promoted,
    }


def page_url(request, page: int) -> str:
    """This request's absolute URL at ``page``, its other parameters kept."""
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def answer(request, query: SearchQuery, results: SearchResults) -> dict:
    """The body of ``SearchAnswerSerializer``'s shape: ``results`` of ``query``."""
    last = query.offset + query.page_size
    more = last < results.total and last + query.page_size <= MAX_RESULT_WINDOW
    return {
        "results": [result(hit) for hit in results.hits],
        "count": results.total,
        "approximate": results.approximate,
        "degraded": results.degraded,
        "facets": {
            name: [
                {"value": value.value, "label": value.label, "count": value.count}
                for value in results.facets.get(name, ())
            ]
            for name in FACETS
        },
        "page": query.page,
        "page_size": query.page_size,
        "next": page_url(request, query.page + 1) if more else None,
        "previous": page_url(request, query.page - 1) if query.page > 1 else None,
    }


def respond(request, body: dict) -> HttpResponse:
    """``body`` as a cacheable 200 (or 304): ``ETag``, ``Cache-Control``, ``Surrogate-Key``;
    no ``Last-Modified``: the index follows the store a moment later, so the store's
    last write would not date what the index answers."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return cached(request, text, keys=SURROGATE_KEYS, modified=None)


def unavailable(request) -> HttpResponse:
    """503 problem+json, never cached."""
    return problem(
        503,
        "Search is unavailable for a moment: try again shortly.",
        instance_of(request),
        headers={"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"},
    )


def curated(query: SearchQuery) -> SearchQuery:
    """``query`` with the editors' synonyms (``alternatives``) and best bets
    (``promoted``) of its text (``search.curation``), in the language it is filtered on,
    else the default one (French)."""
    if not query.text:
        return query
    languages = query.filters.get("locale", ())
    locale = languages[0] if len(languages) == 1 else settings.LANGUAGE_CODE
    return dataclasses.replace(
        query,
        alternatives=curation.expansions(query.text, locale),
        promoted=curation.promoted(query.text, locale),
    )


# -- Views -------------------------------------------------------------------------------


class SearchView(PublicView):
    @searched(
        "search",
        "Search the public content",
        "Full-text search across news items, ministry news, videos and documents, in "
        "French-aware matching (accents, case and inflections do not matter), with facet "
        "counts (type, kind, ministry, topic, year, locale) over every result and a filter "
        "per facet (several values of a filter: any of them; several filters: all of "
        "them). Only public items are ever found. Paginated by page number.",
        SearchAnswerSerializer,
        SearchParameters,
    )
    def get(self, request):
        params = queries.parse(SearchParameters, request.GET)
        try:
            query = curated(
                SearchQuery(
                    text=params.get("q", ""),
                    filters=filters_of(params),
                    sort=params["sort"],
                    page=params["page"],
                    page_size=params["page_size"],
                )
            )
            results = backends.get_backend().search(query)
        except Exception:
            logger.exception("The search failed for %r", params)
            return unavailable(request)
        return respond(request, answer(request, query, results))


class AutocompleteView(PublicView):
    @searched(
        "search_autocomplete",
        "Suggest titles",
        f"Up to {AUTOCOMPLETE_LIMIT} titles of public items of one language with a word "
        "starting with what was typed (accents and case do not matter; fewer than two "
        "letters suggest nothing), titles starting with it first: a search box's "
        "suggestions.",
        AutocompleteAnswerSerializer,
        AutocompleteParameters,
    )
    def get(self, request):
        params = queries.parse(AutocompleteParameters, request.GET)
        try:
            hits = backends.get_backend().autocomplete(
                params["q"], params["locale"], AUTOCOMPLETE_LIMIT
            )
        except Exception:
            logger.exception("The search backend failed to autocomplete %r", params["q"])
            return unavailable(request)
        suggestions = [
            {"type": hit.type, "title": hit.title, "url": hit.url, "locale": hit.locale}
            for hit in hits[:AUTOCOMPLETE_LIMIT]
        ]
        return respond(request, {"results": suggestions})
