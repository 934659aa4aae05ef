"""Resumable uploads: create, append, terminate (the tus endpoint's work), claim and
release (what a feature app's form calls), purge (the periodic job and the command).

Errors are :class:`UploadError` subclasses whose message is French, for the editor, and
whose ``status`` is the HTTP status the tus endpoint answers with.

A consumer's form, once the widget has put the finished upload's id in its field::

    claimed = services.claim(upload_id, request.user, kind="video")  # UploadError
    with claimed.open() as file:
        name = storage.save(f"videos/{claimed.filename}", file)  # streamed, 64 KiB at a time
    services.release(claimed)  # after the consumer's row is saved
"""

from __future__ import annotations

import datetime
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db import DatabaseError, transaction
from django.http import UnreadablePostError
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.uploads import kinds
from cms.uploads.filenames import InvalidFilename, check_filename
from cms.uploads.models import Upload, expiry_from, partial_root
from cms.uploads.protocol import format_size

__all__ = [
    "READ_SIZE",
    "ClaimedUpload",
    "PurgeReport",
    "UploadError",
    "UploadIncomplete",
    "UploadNotFound",
    "append",
    "check_not_expired",
    "claim",
    "create",
    "find",
    "purge",
    "release",
    "terminate",
]

logger = logging.getLogger(__name__)

#: Bytes read from the request, and written, at a time: what a PATCH holds in memory.
READ_SIZE = 64 * 1024


class UploadError(Exception):
    """A refused upload request: a French ``message`` and the HTTP ``status``."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class UploadNotFound(UploadError):
    """No such upload for this user and kind (also: someone else's, purged, expired)."""

    status = 404


class UploadIncomplete(UploadError):
    """The upload has not received all its bytes yet."""

    status = 409


def not_found() -> UploadNotFound:
    return UploadNotFound(
        _(
            "Ce téléversement est introuvable\u00a0: il a peut-être expiré ou été annulé. "
            "Choisissez de nouveau le fichier."
        )
    )


def _parse_id(upload_id: uuid.UUID | str) -> uuid.UUID:
    if isinstance(upload_id, uuid.UUID):
        return upload_id
    try:
        return uuid.UUID(str(upload_id))
    except ValueError:
        raise not_found() from None


def find(upload_id: uuid.UUID | str, user, *, kind: str, lock: bool = False) -> Upload:
    """The upload ``upload_id`` of ``user`` and ``kind``; ``UploadNotFound`` otherwise (an
    upload of another user is not found either). ``lock``: under a row lock (inside a
    transaction; PostgreSQL refuses at once, with ``UploadError`` 423, while another
    request holds it)."""
    queryset = Upload.objects.filter(owner=user, kind=kind)
    if lock:
        queryset = queryset.select_for_update(nowait=True)
    try:
        upload = queryset.filter(pk=_parse_id(upload_id)).first()
    except DatabaseError:
        # Only the lock can fail here: another PATCH of the same upload is running.
        raise UploadError(
            _("Ce fichier reçoit déjà des données par une autre requête\u00a0; réessayez."),
            status=423,
        ) from None
    if upload is None:
        raise not_found()
    return upload


def check_not_expired(upload: Upload, now: datetime.datetime) -> None:
    """``UploadError`` 410 if ``upload`` expired at ``now`` (the purge has not run yet):
    tus-js-client then starts a new upload."""
    if upload.expires_at <= now:
        raise UploadError(
            _("Ce téléversement a expiré\u00a0: choisissez de nouveau le fichier."), status=410
        )


def create(kind: kinds.UploadKind, user, *, length: int, metadata: dict[str, str | None]) -> Upload:
    """A new, empty upload of ``length`` bytes (its file is made by the first PATCH).

    ``metadata`` (tus ``Upload-Metadata``, decoded) must name the file (``filename``, or
    ``name`` as Uppy sends it). Raises ``UploadError``: 413 over the kind's size limit,
    400 for an empty file or a refused name (:func:`cms.uploads.filenames.check_filename`).
    """
    limit = kind.size_limit
    if length > limit:
        raise UploadError(
            _("Le fichier pèse %(size)s\u00a0: la limite est de %(limit)s.")
            % {"size": format_size(length), "limit": format_size(limit)},
            status=413,
        )
    if length == 0:
        raise UploadError(_("Le fichier est vide."))
    raw_name = metadata.get("filename") or metadata.get("name")
    if not raw_name:
        raise UploadError(_("Le nom du fichier manque (métadonnée «\u00a0filename\u00a0»)."))
    try:
        filename = check_filename(raw_name)
    except InvalidFilename as error:
        raise UploadError(str(error)) from None
    now = timezone.now()
    return Upload.objects.create(
        kind=kind.name,
        owner=user,
        filename=filename,
        length=length,
        metadata=metadata,
        created_at=now,
        updated_at=now,
        expires_at=expiry_from(now),
    )


def append(
    upload_id: uuid.UUID | str,
    user,
    *,
    kind: kinds.UploadKind,
    offset: int,
    content_length: int | None,
    read: Callable[[int], bytes],
    max_body: int,
) -> Upload:
    """Append a PATCH body to the upload, at ``offset``; returns the upload, updated.

    ``read(n)`` gives at most ``n`` bytes of the body (``b""`` at its end): the body is
    read and written :data:`READ_SIZE` bytes at a time, never whole, under the upload's
    row lock, so two PATCHes cannot both append at one offset. A connection lost midway
    keeps the bytes received (tus: the client asks for the offset and goes on from
    there). ``content_length``: the body's declared size, if any; ``max_body``: the
    largest body accepted (``settings.UPLOAD_CHUNK_SIZE``).

    Raises ``UploadError``: 404 (not found), 409 (``offset`` is not the upload's), 410
    (expired), 413 (a body over ``max_body`` or past the declared length), 423 (locked).
    """
    with transaction.atomic():
        upload = find(upload_id, user, kind=kind.name, lock=True)
        now = timezone.now()
        check_not_expired(upload, now)
        if offset != upload.offset:
            raise UploadError(
                _(
                    "Le serveur a reçu %(offset)d octets de ce fichier, pas %(sent)d\u00a0: "
                    "reprenez à partir de %(offset)d."
                )
                % {"offset": upload.offset, "sent": offset},
                status=409,
            )
        remaining = upload.length - upload.offset
        if content_length is not None and content_length > max_body:
            raise UploadError(
                _("Un morceau pèse %(size)s au plus\u00a0; celui-ci pèse %(sent)s.")
                % {"size": format_size(max_body), "sent": format_size(content_length)},
                status=413,
            )
        if content_length is not None and content_length > remaining:
            raise UploadError(
                _(
                    "Ce morceau dépasse la taille annoncée du fichier (%(length)d octets)\u00a0: "
                    "il n'en reste que %(remaining)d à recevoir."
                )
                % {"length": upload.length, "remaining": remaining},
                status=413,
            )
        written = _write(upload.path, upload.offset, read, min(remaining, max_body))
        upload.offset += written
        upload.updated_at = now
        upload.expires_at = expiry_from(now)
        if upload.offset == upload.length:
            upload.state = Upload.State.COMPLETE
        upload.save(update_fields=["offset", "updated_at", "expires_at", "state"])
    return upload


def _write(path: Path, offset: int, read: Callable[[int], bytes], limit: int) -> int:
    """Write the body from ``read`` at ``offset`` of ``path``, at most ``limit`` bytes;
    returns the count written. Bytes past the new end (left by a request killed before
    it could record its offset) are cut off."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "r+b") as file:
        file.seek(offset)
        while written < limit:
            try:
                chunk = read(min(READ_SIZE, limit - written))
            except UnreadablePostError:
                logger.info("Upload %s: connection lost after %d bytes", path.name, written)
                break
            if not chunk:
                break
            file.write(chunk)
            written += len(chunk)
        file.truncate(offset + written)
    return written


def terminate(upload_id: uuid.UUID | str, user, *, kind: str) -> None:
    """Delete the upload and its file (tus termination); ``UploadError`` 404 or 423."""
    with transaction.atomic():
        find(upload_id, user, kind=kind, lock=True).delete()


@dataclass(frozen=True)
class ClaimedUpload:
    """A finished upload handed to a form: ``path`` (absolute, read-only use), the checked
    ``filename``, ``size`` in bytes, the client's ``metadata`` (``filetype`` is the
    browser's guess, not a proof: probe the file)."""

    id: uuid.UUID
    kind: str
    path: Path
    filename: str
    size: int
    metadata: dict = field(default_factory=dict)

    def open(self) -> File:
        """The file, opened for reading, for ``storage.save(name, file)`` (which copies it
        :attr:`File.DEFAULT_CHUNK_SIZE` bytes at a time); close it after."""
        return File(self.path.open("rb"), name=self.filename)


def claim(upload_id: uuid.UUID | str, user, *, kind: str) -> ClaimedUpload:
    """The finished upload ``upload_id`` of ``user`` and ``kind``, kept from the purge for
    another ``UPLOAD_EXPIRY_HOURS``.

    Raises ``UploadNotFound`` (unknown, someone else's, another kind's, purged, or its
    file gone) or ``UploadIncomplete`` (bytes still missing), with French messages.
    """
    with transaction.atomic():
        upload = find(upload_id, user, kind=kind, lock=False)
        if not upload.is_complete:
            raise UploadIncomplete(
                _(
                    "Le fichier «\u00a0%(name)s\u00a0» n'est pas encore entièrement envoyé "
                    "(%(received)s sur %(size)s)\u00a0: attendez la fin du téléversement."
                )
                % {
                    "name": upload.filename,
                    "received": format_size(upload.offset),
                    "size": format_size(upload.length),
                }
            )
        if not upload.path.is_file() or upload.path.stat().st_size != upload.length:
            logger.error("Upload %s: its file is missing or truncated", upload.pk)
            raise not_found()
        now = timezone.now()
        Upload.objects.filter(pk=upload.pk).update(updated_at=now, expires_at=expiry_from(now))
    return ClaimedUpload(
        id=upload.pk,
        kind=upload.kind,
        path=upload.path,
        filename=upload.filename,
        size=upload.length,
        metadata=dict(upload.metadata),
    )


def release(claimed: ClaimedUpload) -> None:
    """Delete the claimed upload and its file (after the current transaction commits): call
    it once the consumer has saved its own copy. Releasing twice does nothing."""
    Upload.objects.filter(pk=claimed.id).delete()


@dataclass
class PurgeReport:
    """What :func:`purge` removed: expired uploads (``filename (offset/length)``) and
    files without an upload."""

    uploads: list[str] = field(default_factory=list)
    orphan_files: list[str] = field(default_factory=list)


def purge(now: datetime.datetime | None = None) -> PurgeReport:
    """Delete the uploads expired at ``now`` (not touched for ``UPLOAD_EXPIRY_HOURS``:
    abandoned, or finished and never claimed), with their files, and the files of the
    partial folder that no upload owns and that were not modified for as long. An upload
    a PATCH is writing (row locked) is left for next time."""
    now = now or timezone.now()
    report = PurgeReport()
    expired = Upload.objects.filter(expires_at__lte=now)
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            upload = expired.select_for_update(skip_locked=True).filter(pk=pk).first()
            if upload is None:
                continue
            report.uploads.append(str(upload))
            upload.delete()
    root = partial_root()
    if root.is_dir():
        threshold = (expiry_from(now) - now).total_seconds()
        known = {str(pk) for pk in Upload.objects.values_list("pk", flat=True)}
        for path in sorted(root.iterdir()):
            if path.name in known or not path.is_file():
                continue
            if now.timestamp() - path.stat().st_mtime < threshold:
                continue  # maybe an upload being created: its row is not committed yet
            path.unlink(missing_ok=True)
            report.orphan_files.append(path.name)
    return report
