"""The public API ``/api/v1/``: DRF views that read only the delivery store.

Responses are the stored JSON texts, joined, never re-serialised. No authentication
class runs (an editor's session never widens an answer, and no ``Vary: Cookie`` splits
caches); every response carries ``ETag``, ``Last-Modified`` and ``Cache-Control``, and a
conditional GET that matches answers 304 (RFC 9110, section 13).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from cms.delivery import queries, serializers
from cms.delivery.models import Document, Facet, Kind, PathRedirect, State
from cms.delivery.problems import handle_exception, problem

JSON = "application/json"

PROBLEM_RESPONSES = {
    400: OpenApiResponse(description="Paramètre refusé (problem+json, RFC 9457)."),
    404: OpenApiResponse(description="Inconnu (problem+json)."),
}


class PublicView(APIView):
    """A view of the public API: no authentication, no throttling, JSON only."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes: list = []

    def get_exception_handler(self):
        return handle_exception

    def cached(self, request, text: str, etag: str, modified: datetime.datetime | None):
        """``text`` as a JSON response with its validators, or 304 if the client has it."""
        quoted = f'"{etag}"'
        headers = {"ETag": quoted, "Cache-Control": f"public, max-age={settings.API_CACHE_MAX_AGE}"}
        if modified is not None:
            headers["Last-Modified"] = http_date(modified.timestamp())
        if not_modified(request, quoted, modified):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(text, content_type=JSON)
        for name, value in headers.items():
            response[name] = value
        return response


def not_modified(request, etag: str, modified: datetime.datetime | None) -> bool:
    """RFC 9110 §13.2.2: ``If-None-Match`` decides when present, else ``If-Modified-Since``."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in candidates or etag in candidates
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified is not None and int(modified.timestamp()) <= since


def joined(texts: Iterable[str]) -> str:
    return "[" + ",".join(texts) + "]"


def listing_etag(rows: list[tuple]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for row in rows:
        digest.update(f"{row[0]}:{row[1]};".encode())
    return digest.hexdigest()


class NewsListView(PublicView):
    """Government and ministry news, newest first."""

    @extend_schema(
        operation_id="news_list",
        parameters=[queries.NewsListQuery],
        responses={200: serializers.NewsPageSerializer, **PROBLEM_RESPONSES},
    )
    def get(self, request):
        params = queries.parse(queries.NewsListQuery, request.GET)
        now = timezone.now()
        rows = Document.objects.listed(now).filter(
            kind=Kind.NEWS, locale=params.get("locale", settings.LANGUAGE_CODE)
        )
        if "kind" in params:
            rows = rows.filter(news_kind=params["kind"])
        if "government" in params:
            rows = rows.filter(government=params["government"])
        for facet in ("ministry", "topic"):
            if facet in params:
                rows = rows.filter(
                    pk__in=Facet.objects.filter(name=facet, value=str(params[facet])).values(
                        "document_id"
                    )
                )
        if "published_after" in params:
            rows = rows.filter(published_at__gte=paris_midnight(params["published_after"]))
        if "published_before" in params:
            rows = rows.filter(published_at__lt=paris_midnight(params["published_before"]))
        if "cursor" in params:
            moment, pk = params["cursor"]
            rows = rows.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk))
        limit = params["limit"]
        page = list(
            rows.order_by("-published_at", "-pk").values_list(
                "pk", "version", "summary", "published_at", "modified_at"
            )[: limit + 1]
        )
        next_url = None
        if len(page) > limit:
            page = page[:limit]
            last = page[-1]
            query = request.GET.copy()
            query["cursor"] = queries.Cursor.dumps(last[3], last[0])
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        text = (
            '{"results":' + joined(row[2] for row in page) + ',"next":' + json.dumps(next_url) + "}"
        )
        modified = max((row[4] for row in page), default=None)
        return self.cached(request, text, listing_etag(page) + str(len(text)), modified)


def paris_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of a Paris calendar day (``TIME_ZONE``)."""
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


class NewsDetailView(PublicView):
    """One news item: 200 (also when withdrawn, with its notice), 404 unknown, 410 gone."""

    @extend_schema(
        operation_id="news_detail",
        responses={
            200: serializers.NewsItemSerializer,
            410: OpenApiResponse(description="Ce contenu a été public et ne l'est plus."),
            **PROBLEM_RESPONSES,
        },
    )
    def get(self, request, pk: int):
        document = Document.objects.filter(kind=Kind.NEWS, public_id=str(pk)).first()
        return self.document_response(request, document)

    def document_response(self, request, document: Document | None):
        instance = request.get_full_path()[:2000]
        if document is None:
            return problem(404, "No public document has this identifier.", instance)
        expired = document.expires_at is not None and document.expires_at <= timezone.now()
        if document.state == State.GONE or expired:
            return problem(410, "This document was public and no longer is.", instance)
        return self.cached(request, document.body, document.etag, document.modified_at)


class PathLookupView(NewsDetailView):
    """The document at a public path; a former path answers 301 with the current one."""

    @extend_schema(
        operation_id="pages_lookup",
        parameters=[queries.PathQuery],
        responses={
            200: serializers.NewsItemSerializer,
            301: OpenApiResponse(
                description="Ce chemin a changé : `Location` et `path` donnent le nouveau."
            ),
            410: OpenApiResponse(description="Ce contenu a été public et ne l'est plus."),
            **PROBLEM_RESPONSES,
        },
    )
    def get(self, request):
        path = queries.parse(queries.PathQuery, request.GET)["path"]
        at_path = Document.objects.filter(path=path)
        document = at_path.served().first() or at_path.first()
        if document is None:
            moved = PathRedirect.objects.filter(path=path).select_related("document").first()
            if moved is not None and moved.document.state != State.GONE:
                new = moved.document.path
                response = HttpResponse(json.dumps({"path": new}), status=301, content_type=JSON)
                response["Location"] = f"{request.path}?path={new}"
                return response
        return self.document_response(request, document)


def not_found(request, *args, **kwargs):
    """Any other path under ``/api/``: 404 problem+json (Django's would be HTML)."""
    return problem(404, "No such endpoint.", request.get_full_path()[:2000])
