"""Serving media files: to the public while a served document shows them, to editors
in the admin while they may see the medium.

Nothing in ``MEDIA_ROOT`` has a URL of its own. Three views send files, each after its
check (``cms.media.sendfile``: ``X-Accel-Redirect`` or ``X-Sendfile`` in production,
streamed with Range support otherwise):

- ``/documents/<id>/<file name>`` (:func:`public_document`) and
  ``/media/renditions/<token>.<ext>`` (:func:`public_rendition`): to anyone, only while a
  served, unexpired document of the delivery store lists the file among those it shows
  (``cms.delivery.models.PublicFile``, filled by the pipeline). They never read the
  session: an editor's cookie gets no more than an anonymous reader (404 otherwise, which
  does not say whether the file exists).
- ``/admin/media/<storage name>`` (:func:`admin_file`, the storages' ``MEDIA_URL``: the
  admin's thumbnails, originals and document links): to a user with admin access who
  may see the image or document in the media library (``cms.media.permissions``), or
  the file of a feature app's object its lookup allows him (``cms.media.stored``: the
  videos' originals, renditions and captions).

The videos' public files have their own view (``videos.serving``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.admin.auth import require_admin_access
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.delivery.models import Document, PublicFile
from cms.media import renditions
from cms.media.permissions import may_see
from cms.media.sendfile import send_file
from cms.media.stored import find_stored


def is_public_file(name: str) -> bool:
    """Whether a served (public or withdrawn, unexpired) document of the store shows the
    file stored as ``name``: one indexed query."""
    return PublicFile.objects.filter(name=name, document__in=Document.objects.served()).exists()


def send(
    request: HttpRequest, file, *, content_type: str, attachment_filename: str | None
) -> HttpResponseBase:
    """The response sending ``file`` (a stored ``FieldFile``), inline unless a file name
    for an attachment is given (``cms.media.sendfile``: handed to the web server, or
    streamed with Range support); documents cannot run scripts (CSP) nor be sniffed."""
    response = send_file(
        request, file.path, content_type=content_type, attachment_filename=attachment_filename
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _public(response: HttpResponseBase) -> HttpResponseBase:
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    return response


@require_safe
def public_document(request: HttpRequest, document_id: int, document_filename: str):
    """A document, to anyone, while a served document of the store shows it; 404
    otherwise."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if (
        document is None
        or document.filename != document_filename
        or not is_public_file(document.file.name)
    ):
        raise Http404
    attachment = None if document.content_disposition == "inline" else document.filename
    return _public(
        send(
            request,
            document.file,
            content_type=document.content_type,
            attachment_filename=attachment,
        )
    )


@require_safe
def public_rendition(request: HttpRequest, filename: str):
    """A rendition, to anyone, while a served document of the store shows it and its
    image's licence runs (the expiry refresh of the store may be late); 404 otherwise."""
    name = f"{renditions.FOLDER}/{filename}"
    rendition = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(file=name)
        .select_related("image")
        .first()
    )
    if rendition is None or rendition.image.licence_has_expired or not is_public_file(name):
        raise Http404
    return _public(
        send(request, rendition.file, content_type=_image_type(name), attachment_filename=None)
    )


def _image_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(extension, f"image/{extension}")


@require_admin_access
@require_safe
def admin_file(request: HttpRequest, name: str):
    """A stored file (original, rendition, document) to a user of the admin who may see
    its image or document, or to whom the lookup registered for the file allows it
    (``cms.media.stored``); 404 otherwise. Kept in the browser's private cache only."""
    stored = find_stored(name)
    if stored is not None:
        file, content_type, attachment = stored.file, stored.content_type, stored.attachment_name
        allowed = stored.may_see(request.user, stored.owner)
    else:
        owner, file, content_type, attachment = _stored(name)
        allowed = owner is not None and may_see(request.user, owner)
    if not allowed:
        raise Http404
    response = send(request, file, content_type=content_type, attachment_filename=attachment)
    patch_cache_control(response, private=True, max_age=3600)
    return response


def _stored(name: str):
    """``(image or document, file, content type, attachment file name)`` of the file
    stored as ``name``, or ``(None, None, "", None)``."""
    image_model = get_image_model()
    rendition = (
        image_model.get_rendition_model().objects.filter(file=name).select_related("image").first()
    )
    if rendition is not None:
        return rendition.image, rendition.file, _image_type(name), None
    image = image_model.objects.filter(file=name).first()
    if image is not None:
        return image, image.file, _image_type(name), None
    document = get_document_model().objects.filter(file=name).first()
    if document is not None:
        inline = document.content_disposition == "inline"
        return document, document.file, document.content_type, None if inline else document.filename
    return None, None, "", None
