"""The preview modes of the admin and the front ends' preview endpoint.

- ``dsfr`` (the default mode): the page object Wagtail gives (a revision's, or the
  editor's unsaved form) rendered through the public serializer into a page styled with
  the State's design system (django-dsfr's assets), close to info.gouv.fr's articles.
- ``headless`` ("Aperçu sur le site"): a signed token (``cms.previews.tokens``) and a
  redirect to the front end's preview URL of the page's site, which reads the draft from
  ``GET /api/v1/preview/{id}/?token=``.

Both are reached only through Wagtail's preview views, after their permission checks and
the ministries' isolation; every answer carries ``Cache-Control: no-store`` and
``X-Robots-Tag: noindex``.
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from wagtail_headless_preview.models import PagePreview, get_client_root_url_from_site

from cms.delivery import queries
from cms.delivery.problems import CONTENT_TYPE as PROBLEM
from cms.delivery.problems import problem
from cms.delivery.serializers import ProblemSerializer
from cms.delivery.views import JSON, PublicView, instance_of
from cms.previews import tokens
from cms.previews.rendering import document_of
from cms.previews.serializers import PREVIEW, PreviewQuery

#: Headers of every preview: stored by no cache, indexed by no robot.
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
#: The DSFR page loads nothing but the admin's own files, runs no inline script (rich
#: text comes from editors), and is framed only by the admin (the preview panel).
CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)


def private(response: HttpResponse) -> HttpResponse:
    """``response`` with the ``PRIVATE`` headers."""
    for name, value in PRIVATE.items():
        response[name] = value
    return response


# -- The admin's modes --------------------------------------------------------------------


def dsfr_preview(page: Page, request: HttpRequest) -> HttpResponse:
    """The DSFR page of ``page`` (``previews/page.html``), or a notice for a page type
    without a public document (indexes). The preview of a workflow task's revision links
    to the front end's preview of that revision ("Aperçu sur le site")."""
    document = document_of(page)
    if document is None:
        return unavailable(
            request, _("Ce type de page n'est pas publié sur le site : il n'a pas d'aperçu.")
        )
    context = {"document": document, "kind": kind_of(document)}
    revision_id = getattr(request, "revision_id", None)
    if revision_id is not None and page.pk is not None:
        # A workflow task's preview (the moderation e-mails' link) names the revision
        # under review: the reviewer may open it on the front end too.
        token = tokens.sign(tokens.Grant(page.pk, revision=revision_id))
        context["site_preview_url"] = frontend_preview_url(page, token)
    return dsfr_page(request, "previews/page.html", context)


def dsfr_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """``template`` rendered, with the ``PRIVATE`` headers and the ``CSP``."""
    response = private(render(request, template, context))
    response["Content-Security-Policy"] = CSP
    return response


def kind_of(document: dict) -> str:
    """``news``, ``section`` or ``home``: which public shape ``document`` has."""
    if "chapo" in document:
        return "news"
    return "home" if "featured" in document else "section"


def unavailable(request: HttpRequest, message: str) -> HttpResponse:
    """A DSFR page saying why there is no preview (``message``)."""
    return dsfr_page(request, "previews/unavailable.html", {"message": message})


def headless_preview(page: Page, request: HttpRequest) -> HttpResponse:
    """A redirect to the front end's preview URL of ``page`` with a new token.

    The page object shown (the editor's unsaved form, a draft, an old revision) is stored
    as a wagtail-headless-preview ``PagePreview`` row (deleted by its ``garbage_collect``
    the day after), and the token names the row. A page not created yet has no preview
    on the site (the front end addresses pages by id)."""
    if page.pk is None:
        return unavailable(
            request, _("L'aperçu sur le site sera disponible une fois le contenu enregistré.")
        )
    PagePreview.garbage_collect()
    row = PagePreview.objects.create(
        token=secrets.token_urlsafe(24),
        content_type=ContentType.objects.get_for_model(page),
        content_json=page.to_json(),
    )
    grant = tokens.Grant(page.pk, preview=row.token)
    return private(redirect(frontend_preview_url(page, tokens.sign(grant))))


def frontend_preview_url(page: Page, token: str) -> str:
    """The front end's preview URL for ``page`` (``FRONTEND_PREVIEW_URLS`` of its site's
    host name, else its front end's base URL + ``/preview/``: wagtail-headless-preview's
    ``CLIENT_URLS``), with ``content_type`` (``news.newspage``), ``id`` and ``token``."""
    root = get_client_root_url_from_site(page.get_site() or Site())
    content_type = f"{page._meta.app_label}.{page._meta.model_name}"
    return root + "?" + urlencode({"content_type": content_type, "id": page.pk, "token": token})


# -- The front ends' endpoint -------------------------------------------------------------


def version_of(grant: tokens.Grant) -> Page:
    """The page object ``grant`` shows. Raises ``TokenRefused`` when the page, its
    revision or the preview row no longer exists."""
    page = Page.objects.filter(pk=grant.page).first()
    if page is None:
        raise tokens.TokenRefused("This page no longer exists.")
    page = page.specific
    if grant.revision is not None:
        revision = page.revisions.filter(pk=grant.revision).first()
        if revision is None:
            raise tokens.TokenRefused("This preview token's revision does not exist.")
        return revision.as_object()
    row = PagePreview.objects.filter(
        token=grant.preview, content_type=ContentType.objects.get_for_model(page)
    ).first()
    if row is None:
        raise tokens.TokenRefused("This preview no longer exists: open the preview again.")
    version = row.as_page()
    if version.pk != page.pk:
        raise tokens.TokenRefused("This preview token is for another page.")
    return version


_HEADERS = [
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="`no-store`: a preview is never cached.",
    ),
    OpenApiParameter(
        "X-Robots-Tag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="`noindex`.",
    ),
]


class PreviewView(PublicView):
    """``GET /api/v1/preview/{id}/?token=``: the draft a token shows (docs/api.md)."""

    @extend_schema(
        operation_id="preview_detail",
        summary="Preview a draft",
        description="The public JSON that page `id` will have once published (a news item, "
        "a ministry's section or a home, as `/api/v1/news/{id}/` and the others serve "
        "them), in the version an editor previewed: the front end's preview URL "
        "(`FRONTEND_PREVIEW_URLS`) receives `content_type`, `id` and `token` and passes "
        "`token` here. Tokens are signed and expire (`PREVIEW_TOKEN_MAX_AGE`, one hour by "
        "default); media URLs are the editors' (a signed-in editor's browser loads them). "
        "Never cached.",
        parameters=[PreviewQuery, *_HEADERS],
        responses={
            (200, JSON): OpenApiResponse(PREVIEW, description="OK."),
            (400, PROBLEM): OpenApiResponse(
                ProblemSerializer, description="No `token`, or an unknown parameter."
            ),
            (403, PROBLEM): OpenApiResponse(
                ProblemSerializer,
                description="A token that is forged, altered, expired, for another page, "
                "or whose revision or preview no longer exists.",
            ),
            (404, PROBLEM): OpenApiResponse(
                ProblemSerializer, description="A page type without a public document."
            ),
        },
        tags=["Preview"],
    )
    def get(self, request, pk: int):
        params = queries.parse(PreviewQuery, request.GET)
        try:
            version = version_of(tokens.verify(params["token"], pk))
        except tokens.TokenRefused as refusal:
            return problem(403, str(refusal), instance_of(request), headers=PRIVATE)
        document = document_of(version, media_base=settings.WAGTAILADMIN_BASE_URL)
        if document is None:
            return problem(404, "This page has no public document.", instance_of(request))
        text = json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder)
        return private(HttpResponse(text, content_type=JSON))
