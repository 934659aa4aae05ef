"""The tus 1.0.0 endpoint of each upload kind: ``/admin/uploads/<kind>/`` (OPTIONS, POST)
and ``/admin/uploads/<kind>/<id>/`` (HEAD, PATCH, DELETE).

Every request but OPTIONS needs a session with admin access and the kind's permission
(403 otherwise; the CSRF token goes in ``X-CSRFToken``). An upload of another user is a
404. Errors answer with a French message as ``text/plain``. The work is in
``cms.uploads.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from cms.uploads import kinds, protocol, services
from cms.uploads.models import Upload


def tus_response(status: int = 204, message: str = "", **headers: str) -> HttpResponse:
    """A response with ``Tus-Resumable``; ``message`` (French) as its plain-text body."""
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = protocol.VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def upload_headers(upload: Upload) -> dict[str, str]:
    return {
        "Upload_Offset": str(upload.offset),
        "Upload_Expires": protocol.expires_header(upload.expires_at),
    }


class TusView(View):
    """Checks, for every method but OPTIONS: the tus version, the kind, the user."""

    http_method_names = ["options", "post", "head", "patch", "delete"]

    def dispatch(self, request: HttpRequest, kind: str, **kwargs):
        self.kind = kinds.get(kind)
        if self.kind is None:
            return tus_response(404, _("Ce type de téléversement n'existe pas."))
        if request.method == "OPTIONS":
            return self.options(request)
        if request.headers.get("Tus-Resumable") != protocol.VERSION:
            return tus_response(
                412,
                _("Ce serveur parle le protocole tus %(version)s.") % {"version": protocol.VERSION},
                Tus_Version=protocol.VERSION,
            )
        user = request.user
        if not user.is_authenticated:
            return tus_response(403, _("Connectez-vous à l'administration pour téléverser."))
        if not (user.has_perm("wagtailadmin.access_admin") and user.has_perm(self.kind.permission)):
            return tus_response(
                403, _("Vous n'avez pas le droit de téléverser ce type de fichier.")
            )
        try:
            return super().dispatch(request, **kwargs)
        except (services.UploadError, protocol.ProtocolError) as error:
            return tus_response(error.status, str(error))

    def options(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The server's capabilities (tus: no ``Tus-Resumable`` needed)."""
        response = tus_response(
            204,
            Tus_Version=protocol.VERSION,
            Tus_Extension=protocol.EXTENSIONS,
            Tus_Max_Size=str(self.kind.size_limit),
        )
        response["Allow"] = "OPTIONS, POST, HEAD, PATCH, DELETE"
        return response


class UploadCreateView(TusView):
    """POST (tus creation): ``Upload-Length`` and ``Upload-Metadata``; 201 + ``Location``."""

    def post(self, request: HttpRequest) -> HttpResponse:
        upload = services.create(
            self.kind,
            request.user,
            length=protocol.parse_length(request.headers.get("Upload-Length")),
            metadata=protocol.parse_metadata(request.headers.get("Upload-Metadata")),
        )
        location = reverse("uploads:upload", args=[self.kind.name, upload.pk])
        # A relative URL (RFC 9110 allows it; the client resolves it against the endpoint):
        # right behind a proxy whatever scheme and host it forwards.
        return tus_response(201, Location=location, **upload_headers(upload))


class UploadView(TusView):
    """HEAD (offset), PATCH (append bytes), DELETE (tus termination) of one upload."""

    def head(self, request: HttpRequest, upload_id) -> HttpResponse:
        upload = services.find(upload_id, request.user, kind=self.kind.name)
        services.check_not_expired(upload, timezone.now())
        headers = upload_headers(upload)
        headers["Upload_Length"] = str(upload.length)
        if upload.metadata:
            headers["Upload_Metadata"] = protocol.encode_metadata(upload.metadata)
        return tus_response(200, **headers)

    def patch(self, request: HttpRequest, upload_id) -> HttpResponse:
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != protocol.CONTENT_TYPE:
            return tus_response(
                415,
                _("Le corps d'un envoi doit être de type %(type)s.")
                % {"type": protocol.CONTENT_TYPE},
            )
        declared = request.headers.get("Content-Length")
        upload = services.append(
            upload_id,
            request.user,
            kind=self.kind,
            offset=protocol.parse_offset(request.headers.get("Upload-Offset")),
            content_length=int(declared) if declared and declared.isdigit() else None,
            # Never request.body: bounded reads from the stream, whatever the size.
            read=request.read,
            max_body=settings.UPLOAD_CHUNK_SIZE,
        )
        return tus_response(204, **upload_headers(upload))

    def delete(self, request: HttpRequest, upload_id) -> HttpResponse:
        services.terminate(upload_id, request.user, kind=self.kind.name)
        return tus_response(204)
