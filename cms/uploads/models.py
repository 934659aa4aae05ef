"""One resumable upload: its declared length, the bytes received so far, its owner.

The bytes live in a file of their own, ``MEDIA_ROOT/uploads/partial/<id>``, never served
(no URL leads there); the row says how many of them count (``offset``). A row deleted by
any path (purge, termination, release, its owner deleted) takes its file with it, after
the commit (``cms.uploads.signal_handlers``).
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Folder of the partial files, under ``MEDIA_ROOT``.
PARTIAL_DIR = Path("uploads") / "partial"


def partial_root() -> Path:
    """The folder of the partial files (absolute; read at each call, as tests change
    ``MEDIA_ROOT``)."""
    return Path(settings.MEDIA_ROOT) / PARTIAL_DIR


def expiry_from(moment: datetime.datetime) -> datetime.datetime:
    """When an upload touched at ``moment`` expires: ``UPLOAD_EXPIRY_HOURS`` later."""
    return moment + datetime.timedelta(hours=settings.UPLOAD_EXPIRY_HOURS)


class Upload(models.Model):
    """A file being uploaded with tus, or uploaded and not yet claimed by a form.

    ``length`` and ``offset`` are in bytes; ``expires_at`` (UTC) is pushed back by every
    PATCH and by a claim, so that only an abandoned upload is purged.
    """

    class State(models.TextChoices):
        PARTIAL = "partial", _("En cours")
        COMPLETE = "complete", _("Terminé")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("type"), max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="uploads",
        verbose_name=_("propriétaire"),
    )
    filename = models.CharField(_("nom du fichier"), max_length=255)
    length = models.BigIntegerField(_("taille déclarée (octets)"))
    offset = models.BigIntegerField(_("octets reçus"), default=0)
    metadata = models.JSONField(_("métadonnées"), default=dict, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PARTIAL)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"), db_index=True)

    class Meta:
        verbose_name = _("téléversement")
        verbose_name_plural = _("téléversements")

    def __str__(self):
        return f"{self.filename} ({self.offset}/{self.length})"

    @property
    def path(self) -> Path:
        """The file of the bytes received (absolute)."""
        return partial_root() / str(self.id)

    @property
    def is_complete(self) -> bool:
        return self.state == self.State.COMPLETE
