"""Signed preview tokens: which page, which version of it, until when.

A token is ``django.core.signing.dumps`` of ``{"page": <page id>, "revision": <id>}`` or
``{"page": <page id>, "preview": <preview row token>}`` (the editor's unsaved form, stored
as a wagtail-headless-preview ``PagePreview`` row), signed with ``SECRET_KEY`` under its
own salt and timestamped: it is refused ``PREVIEW_TOKEN_MAX_AGE`` seconds after it was
made (default 3,600). wagtail-headless-preview 0.9 signs ``id=<pk>`` only, checks no
expiry and lets a forged token raise: its signer is not used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "gouvernail.previews.token"


class TokenRefused(Exception):
    """A token that grants nothing: forged, altered, expired, or for another page. Its
    message (English) is the ``detail`` of the API's 403."""


@dataclass(frozen=True)
class Grant:
    """What a token shows: page ``page``, in revision ``revision`` or in the preview row
    whose token is ``preview`` (exactly one of the two is set)."""

    page: int
    revision: int | None = None
    preview: str | None = None


def sign(grant: Grant) -> str:
    """The token of ``grant``, valid from now for ``PREVIEW_TOKEN_MAX_AGE`` seconds."""
    payload = {"page": grant.page}
    if grant.revision is not None:
        payload["revision"] = grant.revision
    else:
        payload["preview"] = grant.preview
    return signing.dumps(payload, salt=SALT, compress=True)


def verify(token: str, page_id: int) -> Grant:
    """The grant of ``token`` for page ``page_id``. Raises ``TokenRefused`` for a token
    that is forged or altered (bad signature), expired (older than
    ``PREVIEW_TOKEN_MAX_AGE`` seconds), or signed for another page."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise TokenRefused("This preview token has expired: open the preview again.") from None
    except (signing.BadSignature, ValueError):
        raise TokenRefused("This preview token is invalid.") from None
    grant = Grant(payload.get("page"), payload.get("revision"), payload.get("preview"))
    if grant.page != page_id:
        raise TokenRefused("This preview token is for another page.")
    return grant
