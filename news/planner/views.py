"""``/api/planner/items`` (JSON) and ``/api/planner/calendar.ics`` (iCalendar).

Both take a window ``start``, ``end`` (ISO 8601 instants with ``Z`` or an offset; ``end``
after ``start``; at most ``MAX_WINDOW_DAYS`` days), answer ``Cache-Control: private,
no-store``, and errors as problem+json (``cms.delivery.problems``): 400 bad window or any
other parameter (a token in the URL first of all), 401 no, unknown, expired or revoked
token (``WWW-Authenticate: Bearer``), 403 a token without ``planner:read``.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.apitokens.authentication import APITokenAuthentication, HasScope
from cms.delivery.problems import CONTENT_TYPE as PROBLEM
from cms.delivery.problems import InvalidParameters, handle_exception
from cms.delivery.serializers import ProblemSerializer
from news.planner import ics, serializers
from news.planner.services import planned_items

PLANNER_SCOPE = "planner:read"
#: Longest window (days): a quarter, enough for any editorial calendar.
MAX_WINDOW_DAYS = 93
WINDOW_PARAMETERS = ("start", "end")


def parse_window(query) -> tuple[datetime.datetime, datetime.datetime]:
    """``(start, end)`` from the query string, or ``InvalidParameters`` saying what is wrong
    with each parameter (missing, repeated, unparsable, without offset, reversed, too long)."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(query) - set(WINDOW_PARAMETERS))
    for name in unknown:
        errors[name[:50]] = ["Unknown parameter."]
    instants = {}
    for name in WINDOW_PARAMETERS:
        values = query.getlist(name)
        if not values:
            errors[name] = ["This parameter is required (an ISO 8601 instant)."]
            continue
        if len(values) > 1:
            errors[name] = ["Give this parameter once."]
            continue
        try:
            instant = parse_datetime(values[0])
        except ValueError:
            instant = None
        if instant is None:
            errors[name] = ["Not an ISO 8601 instant, such as 2026-12-01T08:00:00Z."]
        elif timezone.is_naive(instant):
            errors[name] = ["Give the instant with Z or a UTC offset, such as +01:00."]
        else:
            instants[name] = instant
    if not errors:
        start, end = instants["start"], instants["end"]
        if end <= start:
            errors["end"] = ["end must be after start."]
        elif end - start > datetime.timedelta(days=MAX_WINDOW_DAYS):
            errors["end"] = [f"The window is at most {MAX_WINDOW_DAYS} days."]
    if errors:
        raise InvalidParameters(errors)
    return instants["start"], instants["end"]


def planner_exception_handler(exc, context):
    """Problem+json, without ``instance``: the query string may hold a token."""
    return handle_exception(exc, {**context, "request": None})


class ICalendarRenderer(BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


_WINDOW = [
    OpenApiParameter(
        name,
        OpenApiTypes.DATETIME,
        OpenApiParameter.QUERY,
        required=True,
        description=f"{label} of the window, ISO 8601 with Z or an offset (at most "
        f"{MAX_WINDOW_DAYS} days from start to end).",
    )
    for name, label in (("start", "Start (inclusive)"), ("end", "End (exclusive)"))
]
_ERRORS = {
    (400, PROBLEM): OpenApiResponse(
        ProblemSerializer, description="A bad window, or any other parameter (a token)."
    ),
    (401, PROBLEM): OpenApiResponse(
        ProblemSerializer, description="No token, or an unknown, expired or revoked one."
    ),
    (403, PROBLEM): OpenApiResponse(
        ProblemSerializer, description="A token without the planner:read scope."
    ),
}


class PlannerView(APIView):
    """What both endpoints share: token, scope, window, problems, no caching."""

    authentication_classes = [APITokenAuthentication]
    permission_classes = [HasScope]
    required_scope = PLANNER_SCOPE

    def dispatch(self, request, *args, **kwargs):
        """Messages (DRF's too) in English whatever the admin's language, as /api/v1/."""
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)

    def get_exception_handler(self):
        return planner_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def items(self, request):
        start, end = parse_window(request.query_params)
        token = request.auth
        ministries = list(token.ministries.all()) or None
        return planned_items(start, end, ministries)

    def admin_url(self, page) -> str:
        return self.request.build_absolute_uri(reverse("wagtailadmin_pages:edit", args=[page.pk]))


class PlannerItemsView(PlannerView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="planner_items",
        summary="Planned news items and posts",
        description=(
            "News items whose go-live or a post's slot falls in the window, scheduled and "
            "embargoed ones included (with the embargo's end), and their posts planned "
            "in the window. A draft neither live nor scheduled is absent. A token "
            "restricted to ministries sees their items only."
        ),
        tags=["Planner"],
        parameters=_WINDOW,
        responses={(200, "application/json"): serializers.PlannerItemsSerializer, **_ERRORS},
    )
    def get(self, request):
        items = self.items(request)
        data = serializers.PlannerItemsSerializer(
            {"items": items}, context={"admin_url": self.admin_url}
        ).data
        return Response(data)


class PlannerCalendarView(PlannerView):
    renderer_classes = [ICalendarRenderer]

    @extend_schema(
        operation_id="planner_calendar",
        summary="Planned posts as iCalendar",
        description=(
            "The same window as /api/planner/items, one VEVENT per planned post (UID "
            "stable, DTSTART the slot in UTC, SUMMARY network and title, DESCRIPTION the "
            "copy, hashtags and embargo)."
        ),
        tags=["Planner"],
        parameters=_WINDOW,
        responses={
            (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="RFC 5545."),
            **_ERRORS,
        },
    )
    def get(self, request):
        items = self.items(request)
        body = ics.calendar(
            items, uid_domain=request.get_host(), admin_url=self.admin_url, now=timezone.now()
        )
        return Response(body, content_type="text/calendar; charset=utf-8")
