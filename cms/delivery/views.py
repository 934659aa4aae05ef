"""The public API ``/api/v1/``: DRF views that read only the delivery store.

Responses are the stored JSON texts, joined, never re-serialised. No authentication
class runs and nothing reads the session (an editor's session never widens an answer,
and no ``Vary: Cookie`` splits caches); every ``200`` carries ``ETag``,
``Last-Modified`` (when the store knows one), ``Cache-Control`` and ``Surrogate-Key``
(``cms.delivery.caching``), and a conditional GET that matches answers 304 (RFC 9110,
section 13). Errors are problem+json (``cms.delivery.problems``). docs/api.md describes
every endpoint.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import unicodedata
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import BigIntegerField, ExpressionWrapper, F, Max, Q
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from cms.delivery import caching, queries, reads, rendered, serializers
from cms.delivery.models import Document, Generation, Kind, PathRedirect, State
from cms.delivery.problems import CONTENT_TYPE as PROBLEM
from cms.delivery.problems import handle_exception, problem

JSON = "application/json"
XML = "application/xml"

# -- Schema declarations shared by every operation ----------------------------------------

_PROBLEMS = {
    (400, PROBLEM): OpenApiResponse(
        serializers.ProblemSerializer,
        description="A refused query parameter: unknown, repeated, longer than 200 "
        "characters, or invalid (`errors` names each one).",
    ),
    (404, PROBLEM): OpenApiResponse(serializers.ProblemSerializer, description="Not found."),
}
_GONE = {
    (410, PROBLEM): OpenApiResponse(
        serializers.ProblemSerializer,
        description="This document was public and no longer is (unpublished, deleted or "
        "past its expiry).",
    ),
}
_NOT_MODIFIED = {
    304: OpenApiResponse(
        description="Not modified: the `If-None-Match` or `If-Modified-Since` of the "
        "request matches (no body)."
    )
}
_CONDITIONAL = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An `ETag` received before: 304 if the document has not changed.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An HTTP date (`Last-Modified` received before): 304 if not modified "
        "since. Ignored when `If-None-Match` is given.",
    ),
]
_CACHE_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="Strong validator of the response body.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="Last change of what the response shows, removals included (1 January "
        "1970 when the store never held anything of the kind).",
    ),
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="`public, max-age=<API_CACHE_MAX_AGE>` (60 s by default), shortened so "
        "that nothing is cached past a document's expiry.",
    ),
    OpenApiParameter(
        "Surrogate-Key",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="Space-separated purge keys of a CDN or proxy (docs/api.md).",
    ),
]


#: The documentation's sections, by the first word of an operation's id.
TAGS = {
    "news": "News",
    "videos": "Videos",
    "pages": "Path lookup",
    "home": "Home (À la une)",
    "crisis": "Crisis alert",
    "ministries": "Organisations",
    "topics": "Organisations",
    "governments": "Organisations",
    "sitemap": "Sitemap",
    "feeds": "Feeds",
}


def documented(
    operation_id: str,
    summary: str,
    description: str,
    ok,
    *,
    parameters=None,
    headers=None,
    gone: bool = False,
    extra: dict | None = None,
    media_type: str = JSON,
):
    """``extend_schema`` of a public operation: its 200 (``ok``), 304, the problem+json
    errors, the caching headers, and ``parameters`` (a ``queries`` serializer)."""
    responses = {
        (200, media_type): OpenApiResponse(ok, description="OK."),
        **_NOT_MODIFIED,
        **(extra or {}),
        **_PROBLEMS,
    }
    if gone:
        responses.update(_GONE)
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=[*(parameters or []), *_CONDITIONAL, *_CACHE_HEADERS, *(headers or [])],
        responses=responses,
        tags=[TAGS[operation_id.split("_")[0]]],
    )


# -- Conditional, cached responses --------------------------------------------------------


def not_modified(request, etag: str, modified: datetime.datetime | None) -> bool:
    """RFC 9110 §13.2.2: ``If-None-Match`` decides when present, else ``If-Modified-Since``."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in candidates or etag in candidates
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified is not None and int(modified.timestamp()) <= since


def max_age(expiries: Iterable[datetime.datetime | None]) -> int:
    """``API_CACHE_MAX_AGE`` (seconds), shortened to the first of ``expiries`` to come:
    no cache keeps a document past its expiry."""
    now = timezone.now()
    seconds = settings.API_CACHE_MAX_AGE
    for expiry in expiries:
        if expiry is not None:
            seconds = min(seconds, max(0, math.floor((expiry - now).total_seconds())))
    return seconds


def digest(text: str) -> str:
    """A strong ETag value (without quotes) for a response body: 32 hex digits."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def cached(
    request,
    text: str,
    *,
    keys: Iterable[str],
    modified: datetime.datetime | None,
    etag: str | None = None,
    expiries: Iterable[datetime.datetime | None] = (),
    content_type: str = JSON,
) -> HttpResponse:
    """``text`` as a 200 with its validators and caching headers, or a 304 with the same
    headers if the client has it already (a HEAD gets the headers of the GET)."""
    quoted = f'"{etag or digest(text)}"'
    headers = {
        "ETag": quoted,
        "Cache-Control": f"public, max-age={max_age(expiries)}",
        "Surrogate-Key": caching.header(keys),
    }
    if modified is not None:
        headers["Last-Modified"] = http_date(modified.timestamp())
    if not_modified(request, quoted, modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(text, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def joined(texts: Iterable[str]) -> str:
    """A JSON array of JSON ``texts`` (stored documents), without parsing them."""
    return "[" + ",".join(texts) + "]"


#: The ``Last-Modified`` of an answer about a kind the store never held (nothing changed
#: since the beginning of time; the first write of that kind moves it).
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def watermark(kinds: list[str]) -> datetime.datetime:
    """The last write to any document of ``kinds``, removals included (``EPOCH`` if
    none): the ``Last-Modified`` of a listing, which changes when an item leaves it too.
    Read from the kinds' generations (``cms.delivery.generations``), which only grow in
    commit order, where the latest ``Document.modified_at`` can be overtaken by a
    transaction that began earlier and commits later (one query)."""
    last = Generation.objects.filter(kind__in=kinds).aggregate(last=Max("modified_at"))["last"]
    return last or EPOCH


def paris_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of a Paris calendar day (``TIME_ZONE``)."""
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def instance_of(request) -> str:
    """The ``instance`` of a problem: the request's path and query, cut at 2,000 chars."""
    return request.get_full_path()[:2000]


class FixedContent(BaseContentNegotiation):
    """Every answer has one content type (JSON, or the sitemap's XML): neither ``Accept``
    nor DRF's ``?format=`` changes it (``format`` is an unknown parameter, a 400)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


#: The ``Allow`` header of every answer (RFC 9110, section 10.2.1), as DRF would give it.
ALLOWED = "GET, HEAD"


class PublicView(APIView):
    """A view of the public API: no authentication, no throttling, JSON only, GET and
    HEAD only (the CORS middleware answers preflight OPTIONS before the view; any other
    method answers 405)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FixedContent
    parser_classes: list = []
    metadata_class = None
    http_method_names = ["get", "head"]

    def get_exception_handler(self):
        """Errors as problem+json (Wagtail's admin API keeps DRF's default handler)."""
        return handle_exception

    def dispatch(self, request, *args, **kwargs):
        """GET and HEAD go straight to ``get`` with Django's request; other methods
        through DRF (its 405, as problem+json).

        DRF's request wrapping, content negotiation, authentication, permission and
        throttle checks decide nothing here (none is configured, one renderer, handlers
        return ``HttpResponse``) and cost more than a detail's own work; what they would
        add is added here: the problem+json of an exception (``handle_exception``) and
        the ``Allow`` header. Messages (DRF's validation messages too) are in English
        whatever the admin's language; nothing reads ``Accept-Language``, so nothing
        varies on it.
        """
        with translation.override("en"):
            if request.method not in ("GET", "HEAD"):
                return super().dispatch(request, *args, **kwargs)
            self.args, self.kwargs, self.request = args, kwargs, request
            try:
                response = self.get(request, *args, **kwargs)
            except Exception as exc:  # answered as DRF would
                response = handle_exception(exc, {"request": request, "view": self})
            response["Allow"] = ALLOWED
            return response


# -- News ---------------------------------------------------------------------------------


class ListingView(PublicView):
    """A cursor-paginated listing of the documents of ``kind``, newest first, their
    stored summaries joined: the news and the videos."""

    kind: str = ""
    query_class: type = queries.NoQuery
    #: Its surrogate key (``cms.delivery.caching``).
    key: str = ""

    def rows(self, params: dict, *, limit: int, now, days: dict):
        """``(rows, generation)`` of ``reads``: up to ``limit`` rows for ``params``."""
        raise NotImplementedError

    def kept_key(self, request) -> tuple:
        """The key of this page in ``rendered.listings``: scheme, host (the ``next`` link
        is absolute), query string, and the kind but for the news."""
        key = (request.scheme, request.get_host(), request.META.get("QUERY_STRING", ""))
        return key if self.kind == Kind.NEWS else (*key, self.kind)

    def get(self, request):
        # A page kept by this process (cms.delivery.rendered), if the store has not
        # changed since and none of its rows has expired.
        key = self.kept_key(request)
        entry = rendered.listings.get(key) if rendered.listings.enabled() else None
        if entry is not None:
            generation = reads.generation(self.kind)
            if rendered.fresh(entry, generation.number, generation.stamp, timezone.now()):
                return self.answer(request, entry)
        params = queries.parse(self.query_class, request.GET)
        limit = params["limit"]
        days = {
            name: paris_midnight(params[name])
            for name in ("published_after", "published_before")
            if name in params
        }
        rows, generation = self.rows(params, limit=limit + 1, now=timezone.now(), days=days)
        page, next_url = rows, None
        if len(rows) > limit:
            page = rows[:limit]
            query = request.GET.copy()
            query["cursor"] = queries.Cursor.dumps(
                reads.instant(page[-1].published_at), page[-1].id
            )
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        text = (
            '{"results":'
            + joined(row.summary for row in page)
            + ',"next":'
            + json.dumps(next_url)
            + "}"
        )
        # The first expiry of the page, and of every row read (the texts sort as the
        # instants do).
        entry = rendered.Entry(
            generation.number,
            generation.stamp,
            text,
            digest(text),
            generation.modified_at or EPOCH,
            reads.instant(min(filter(None, (row.expires_at for row in page)), default=None)),
            reads.instant(min(filter(None, (row.expires_at for row in rows)), default=None)),
        )
        if rendered.listings.enabled():
            rendered.listings.keep(key, entry)
        return self.answer(request, entry)

    def answer(self, request, entry: rendered.Entry) -> HttpResponse:
        return cached(
            request,
            entry.text,
            keys=[self.key],
            modified=entry.modified,
            etag=entry.etag,
            expiries=[entry.expiry],
        )


class NewsListView(ListingView):
    kind, query_class, key = Kind.NEWS, queries.NewsListQuery, caching.NEWS

    def rows(self, params, *, limit, now, days):
        return reads.news_page(
            params,
            locale=params.get("locale", settings.LANGUAGE_CODE),
            limit=limit,
            now=now,
            after_day=days.get("published_after"),
            before_day=days.get("published_before"),
        )

    @documented(
        "news_list",
        "List news items",
        "Government and ministry news of one language, newest first (by first "
        "publication, then by id), filtered by any combination of the parameters. Pages "
        "are cursor-based: follow `next` until it is null. Withdrawn, unpublished and "
        "expired items are never listed.",
        serializers.NewsPageSerializer,
        parameters=[queries.NewsListQuery],
    )
    def get(self, request):
        return super().get(request)


class DocumentView(PublicView):
    """A view answering with one stored document, kept rendered by this process
    (``cms.delivery.rendered.documents``) while the store is unchanged."""

    def kept(self, request, key) -> HttpResponse | None:
        """The answer kept for ``key`` if the store has not changed since it was built
        and nothing it shows has expired (one query), else ``None``."""
        entry = rendered.documents.get(key) if rendered.documents.enabled() else None
        if entry is None:
            return None
        if not rendered.fresh(entry, reads.store_generation(), None, timezone.now()):
            return None
        return self.answer(request, entry)

    def document_response(
        self,
        request,
        document: Document | reads.Stored | None,
        keys: list[str],
        envelope: str = "",
        kept_as=None,
    ):
        """200 with the stored body (wrapped as ``{"kind", "document"}`` when
        ``envelope`` names the kind), 404 if ``None``, 410 if gone or expired. A document
        read by ``reads`` is kept rendered under ``kept_as`` (a key) if given."""
        if document is None:
            return problem(404, "No public document has this identifier.", instance_of(request))
        now = timezone.now()
        expired = document.expires_at is not None and document.expires_at <= now
        gone = document.state == State.GONE or expired
        text, etag = document.body, document.etag
        if envelope:
            text = '{"kind":' + json.dumps(envelope) + ',"document":' + text + "}"
            etag = f"{envelope}-{etag}"
        entry = rendered.Entry(
            getattr(document, "generation", 0),
            None,
            "" if gone else text,
            etag,
            document.modified_at,
            document.expires_at,
            # A served document's answer changes when it expires; a gone one's only
            # with a write (the document served there instead would be written).
            None if gone else document.expires_at,
            gone,
            tuple(keys),
        )
        if kept_as is not None and rendered.documents.enabled():
            rendered.documents.keep(kept_as, entry)
        return self.answer(request, entry)

    def answer(self, request, entry: rendered.Entry) -> HttpResponse:
        if entry.gone:
            response = problem(
                410, "This document was public and no longer is.", instance_of(request)
            )
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
            response["Surrogate-Key"] = caching.header(entry.keys)
            return response
        return cached(
            request,
            entry.text,
            keys=entry.keys,
            modified=entry.modified,
            etag=entry.etag,
            expiries=[entry.expiry],
        )


class NewsDetailView(DocumentView):
    @documented(
        "news_detail",
        "Get a news item",
        "One news item in full. A withdrawn item answers 200 with its `withdrawn` notice "
        "(date and reason); an item that was public and no longer is answers 410; an "
        "identifier that never was public answers 404.",
        serializers.NewsItemSerializer,
        gone=True,
    )
    def get(self, request, pk: int):
        key = (Kind.NEWS, pk)
        answer = self.kept(request, key)
        if answer is not None:
            return answer
        return self.document_response(request, reads.news_item(pk), [f"news:{pk}"], kept_as=key)


# -- Videos -------------------------------------------------------------------------------


class VideoListView(ListingView):
    kind, query_class, key = Kind.VIDEO, queries.VideoListQuery, caching.VIDEOS

    def rows(self, params, *, limit, now, days):
        return reads.videos_page(
            params,
            limit=limit,
            now=now,
            after_day=days.get("published_after"),
            before_day=days.get("published_before"),
        )

    @documented(
        "videos_list",
        "List videos",
        "The public videos of the video library, newest first (by first public use, then "
        "by id), in every language or one (`language`), filtered by any combination of the "
        "parameters. Each entry is a video without its transcript and chapters (the detail "
        "has them). Pages are cursor-based: follow `next` until it is null. Unpublished "
        "and expired videos (rights expired) are never listed.",
        serializers.VideoListSerializer,
        parameters=[queries.VideoListQuery],
    )
    def get(self, request):
        return super().get(request)


class VideoDetailView(DocumentView):
    @documented(
        "videos_detail",
        "Get a video",
        "One video in full: its files (`renditions`), caption tracks, chapters, "
        "transcript, credits and rights, and its embed page (`embed`). A video that was "
        "public and no longer is (unpublished, deleted, rights expired) answers 410; an "
        "identifier that never was public answers 404.",
        serializers.VideoSerializer,
        gone=True,
    )
    def get(self, request, pk: int):
        key = (Kind.VIDEO, pk)
        answer = self.kept(request, key)
        if answer is not None:
            return answer
        return self.document_response(
            request, reads.detail(Kind.VIDEO, pk), [f"video:{pk}"], kept_as=key
        )


# -- Path lookup --------------------------------------------------------------------------


class PathLookupView(DocumentView):
    @documented(
        "pages_lookup",
        "Find the document at a public path",
        "The document a front end shows at a public path: a news item, a ministry's "
        "section or a language's home, with its `kind`. A path the document had before a "
        "move or a slug change answers 301: `Location` is this lookup for the current "
        "path, and the body gives the current `path` and `url` (for the front end's own "
        "301). A path that never was public answers 404; one whose document is gone, 410.",
        serializers.PageLookupSerializer,
        parameters=[queries.PathQuery],
        gone=True,
        extra={
            (301, JSON): OpenApiResponse(
                serializers.MovedSerializer,
                description="This path changed: the document is now at `path`.",
            )
        },
        headers=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[301],
                description="This lookup for the current path.",
            )
        ],
    )
    def get(self, request):
        # The query string, as the key of an answer kept: it was valid when kept.
        key = ("path", request.META.get("QUERY_STRING", ""))
        answer = self.kept(request, key)
        if answer is not None:
            return answer
        path = queries.path_of(request)
        keys = [caching.path_key(path)]
        document = reads.at_path(path, timezone.now())
        if document is None:
            moved = PathRedirect.objects.filter(path=path).select_related("document").first()
            if moved is None:
                return problem(404, "No public document has this path.", instance_of(request))
            document = moved.document
            if document.state != State.GONE and document.path:
                return self.moved(request, document, keys)
        keys.append(caching.document_key(document.kind, document.public_id, document.locale))
        return self.document_response(
            request,
            document,
            keys,
            envelope=document.kind,
            # A former path's document was read by the ORM, without the generation.
            kept_as=key if isinstance(document, reads.Stored) else None,
        )

    def moved(self, request, document: Document, keys: list[str]) -> HttpResponse:
        location = request.build_absolute_uri(
            f"{request.path}?{urlencode({'path': document.path})}"
        )
        body = {
            "path": document.path,
            "url": document.url,
            "location": location,
        }
        response = HttpResponse(json.dumps(body, ensure_ascii=False), status=301, content_type=JSON)
        response["Location"] = location
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        response["Surrogate-Key"] = caching.header(
            [*keys, caching.document_key(document.kind, document.public_id, document.locale)]
        )
        return response


# -- Home and crisis alert ----------------------------------------------------------------


class HomeView(DocumentView):
    @documented(
        "home",
        "Get a language's home (« À la une »)",
        "The home of a language: its title and the news items featured « À la une », in "
        "the order the editors chose (only public items; each as in the news listing). "
        "404 when the home of that language is not public.",
        serializers.HomeSerializer,
        parameters=[queries.LocaleQuery],
    )
    def get(self, request):
        locale = queries.parse(queries.LocaleQuery, request.GET).get(
            "locale", settings.LANGUAGE_CODE
        )
        document = Document.objects.served().filter(kind=Kind.HOME, locale=locale).first()
        return self.document_response(request, document, [f"home:{locale}"])


class CrisisAlertView(PublicView):
    @documented(
        "crisis_alert",
        "Get the active crisis alert",
        'The crisis alert to show on every page, or `{"alert": null}` (200) when none is '
        "active. An alert is served only while it is live and within its period; it is "
        "written in French and answered for every `locale`.",
        serializers.CrisisAlertAnswerSerializer,
        parameters=[queries.LocaleQuery],
    )
    def get(self, request):
        locale = queries.parse(queries.LocaleQuery, request.GET).get(
            "locale", settings.LANGUAGE_CODE
        )
        languages = [locale, settings.LANGUAGE_CODE]
        found = list(
            Document.objects.served()
            .filter(kind=Kind.CRISIS_ALERT, locale__in=languages)
            .order_by("-published_at", "-pk")
            .values_list("locale", "body", "expires_at")[:4]
        )
        # The requested language first, the default one else; the newest alert in each.
        found.sort(key=lambda row: languages.index(row[0]))
        body = found[0][1] if found else "null"
        # Last-Modified: the latest write, or the latest end already passed (an alert
        # ends at its instant even before its job writes the tombstone).
        now = timezone.now()
        instants = Document.objects.filter(kind=Kind.CRISIS_ALERT).aggregate(
            written=Max("modified_at"), ended=Max("expires_at", filter=Q(expires_at__lte=now))
        )
        return cached(
            request,
            '{"alert":' + body + "}",
            keys=[caching.CRISIS_ALERT],
            modified=max(instant for instant in (*instants.values(), EPOCH) if instant),
            expiries=[found[0][2]] if found else [],
        )


# -- Organisations ------------------------------------------------------------------------


class CollectionView(PublicView):
    """Every served document of a kind (small collections: no pagination). With a
    ``locale``, each document in that language, else in the default one (French): an
    organisation not translated yet is listed all the same, with its ``locale``."""

    kind: str = ""
    key: str = ""
    query_class = queries.LocaleQuery

    def order(self, rows: list[tuple]) -> list[tuple]:
        """Rows ``(body, published_at)`` in the order of the listing."""
        return sorted(rows, key=lambda row: sort_name(row[0]))

    def get(self, request):
        params = queries.parse(self.query_class, request.GET)
        now = timezone.now()
        rows = Document.objects.filter(kind=self.kind)
        languages = [settings.LANGUAGE_CODE]
        if "locale" in self.query_class().fields:
            languages = list(dict.fromkeys([params.get("locale", languages[0]), *languages]))
            rows = rows.filter(locale__in=languages)
        # Tombstones too: the latest write, removals included, is the Last-Modified.
        rows = list(
            rows.values_list(
                "public_id", "locale", "body", "published_at", "state", "expires_at", "modified_at"
            )
        )
        modified = max((row[6] for row in rows), default=EPOCH)
        chosen: dict[str, tuple] = {}
        for public_id, _locale, body, published_at, state, expires_at, _ in sorted(
            rows, key=lambda row: languages.index(row[1]) if row[1] in languages else 0
        ):
            if state == State.PUBLIC and (expires_at is None or expires_at > now):
                chosen.setdefault(public_id, (body, published_at))
        text = '{"results":' + joined(body for body, _ in self.order(list(chosen.values()))) + "}"
        return cached(request, text, keys=[self.key], modified=modified)


def sort_name(body: str) -> str:
    """Accent- and case-insensitive sort key of a stored document's ``name``."""
    name = json.loads(body).get("name", "")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


class MinistryListView(CollectionView):
    kind, key = Kind.MINISTRY, caching.MINISTRIES

    @documented(
        "ministries_list",
        "List ministries",
        "Every ministry in one language, current and former, by name: names used before "
        "a rename (`former_names`), lifetime (`start_date`, `end_date`, `is_active`) and "
        "`predecessors`. A ministry not translated into the language yet is listed in "
        "French (its `locale` says so); its `id` is the same in every language.",
        serializers.MinistryListSerializer,
        parameters=[queries.LocaleQuery],
    )
    def get(self, request):
        return super().get(request)


class TopicListView(CollectionView):
    kind, key = Kind.TOPIC, caching.TOPICS

    @documented(
        "topics_list",
        "List topics",
        "Every topic in one language, by name, with its parent topic; a topic not "
        "translated yet is listed in French (its `locale` says so).",
        serializers.TopicListSerializer,
        parameters=[queries.LocaleQuery],
    )
    def get(self, request):
        return super().get(request)


class GovernmentListView(CollectionView):
    kind, key = Kind.GOVERNMENT, caching.GOVERNMENTS
    query_class = queries.NoQuery

    def order(self, rows):
        return sorted(rows, key=lambda row: row[1], reverse=True)

    @documented(
        "governments_list",
        "List governments",
        "Every government, newest first (by start date). A government's period is "
        "half-open: `start_date` included, `end_date` excluded (null for the government "
        "in office). News items filter by it with `government`.",
        serializers.GovernmentListSerializer,
    )
    def get(self, request):
        return super().get(request)


# -- Sitemap ------------------------------------------------------------------------------

#: The most URLs in one sitemap file (sitemaps.org protocol).
SITEMAP_MAX_URLS = 50_000
SITEMAP_KINDS = [Kind.NEWS, Kind.SECTION, Kind.HOME]
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemap_rows():
    return Document.objects.listed().filter(kind__in=SITEMAP_KINDS).exclude(path="")


def _w3c(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _urlset(rows: Iterable[tuple[str, datetime.datetime]]) -> str:
    """A ``<urlset>`` of ``(absolute URL, last modification)`` rows."""
    entries = "".join(
        f"<url><loc>{_xml_escape(url)}</loc><lastmod>{_w3c(modified)}</lastmod></url>"
        for url, modified in rows
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">{entries}</urlset>\n'


class SitemapView(PublicView):
    @documented(
        "sitemap",
        "Sitemap of the public URLs",
        "The public URLs (news items, ministry sections, homes; absolute, on each one's "
        "site's front end: `FRONTEND_BASE_URLS`, else `FRONTEND_BASE_URL`) with their last "
        "modification (sitemaps.org protocol). Up to 50,000 URLs it is one `<urlset>`; "
        "above, a `<sitemapindex>` of sections `/api/v1/sitemap-<n>.xml`, each holding the "
        "documents of one range of 50,000 store ids (so each holds at most 50,000 URLs).",
        OpenApiTypes.STR,
        media_type=XML,
    )
    def get(self, request):
        queries.parse(queries.NoQuery, request.GET)
        rows = _sitemap_rows()
        modified = watermark(SITEMAP_KINDS)
        if rows.count() <= SITEMAP_MAX_URLS:
            text = _urlset(rows.order_by("pk").values_list("url", "modified_at"))
        else:
            text = self.index(request, rows)
        return cached(request, text, keys=[caching.SITEMAP], modified=modified, content_type=XML)

    def index(self, request, rows) -> str:
        sections = (
            rows.annotate(
                section=ExpressionWrapper(
                    F("pk") / SITEMAP_MAX_URLS, output_field=BigIntegerField()
                )
            )
            .values("section")
            .annotate(last=Max("modified_at"))
            .order_by("section")
        )
        entries = "".join(
            "<sitemap><loc>{}</loc><lastmod>{}</lastmod></sitemap>".format(
                _xml_escape(request.build_absolute_uri(f"/api/v1/sitemap-{row['section']}.xml")),
                _w3c(row["last"]),
            )
            for row in sections
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="{_SITEMAP_NS}">{entries}</sitemapindex>\n'
        )


class SitemapSectionView(PublicView):
    @documented(
        "sitemap_section",
        "A section of the sitemap",
        "The public URLs of store ids `n × 50,000` to `(n + 1) × 50,000 − 1`, as named by "
        "the sitemap index; 404 when it holds none.",
        OpenApiTypes.STR,
        media_type=XML,
    )
    def get(self, request, section: int):
        queries.parse(queries.NoQuery, request.GET)
        start = section * SITEMAP_MAX_URLS
        rows = (
            []
            if start >= 2**63
            else list(
                _sitemap_rows()
                .filter(pk__gte=start, pk__lt=start + SITEMAP_MAX_URLS)
                .order_by("pk")
                .values_list("url", "modified_at")
            )
        )
        if not rows:
            return problem(404, "No such sitemap section.", instance_of(request))
        return cached(
            request,
            _urlset(rows),
            keys=[caching.SITEMAP],
            modified=watermark(SITEMAP_KINDS),
            content_type=XML,
        )


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other path under ``/api/``: 404 problem+json (Django's would be HTML)."""
    return problem(404, "No such endpoint.", instance_of(request))
