"""The API token: a random secret shown once, stored as its SHA-256 digest only."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Every secret starts with this, so that secret scanners (and people) recognise it.
SECRET_PREFIX = "gvt_"  # noqa: S105 (a public marker, not a secret)
#: Characters of the secret kept in clear to tell tokens apart in the admin.
DISPLAYED_PREFIX_LENGTH = 12
#: ``last_used_at`` is written at most this often per token (seconds), not at each call.
LAST_USED_RESOLUTION = 300


def digest(secret: str) -> str:
    """The SHA-256 of ``secret``, in hexadecimal (64 characters).

    A plain digest is enough: the secret holds 256 random bits, so it cannot be guessed
    from its digest, unlike a password (which needs a slow, salted hash).
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class APITokenQuerySet(models.QuerySet):
    def active(self, now: datetime.datetime | None = None):
        """Tokens neither revoked nor expired at ``now``."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class APIToken(models.Model):
    """A credential of a machine client (a planning tool…), created by an administrator.

    The secret is shown once, when the token is created; the database keeps its digest
    (``key_hash``) and its first characters (``key_prefix``). A token gives its
    ``scopes`` only, until ``expires_at`` or its revocation, and, when ``ministries`` is
    not empty, to the content of those ministries only.
    """

    name = models.CharField(
        _("nom"),
        max_length=100,
        help_text=_("Qui l'utilise et pour quoi, par exemple : « Outil de planification du SIG »."),
    )
    key_prefix = models.CharField(_("début du jeton"), max_length=DISPLAYED_PREFIX_LENGTH)
    key_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.CASCADE,
        related_name="scoped_api_tokens",
    )
    scopes = models.JSONField(_("droits"), default=list)
    ministries = models.ManyToManyField(
        "organisations.Ministry",
        verbose_name=_("ministères"),
        blank=True,
        related_name="+",
        help_text=_("Laisser vide pour donner accès aux contenus de tous les ministères."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    def set_new_secret(self) -> str:
        """Give the token a new random secret and return it (to be shown once)."""
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        self.key_prefix = secret[:DISPLAYED_PREFIX_LENGTH]
        self.key_hash = digest(secret)
        return secret

    @property
    def status(self) -> str:
        """``"revoked"``, ``"expired"`` or ``"active"``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def get_status_display(self) -> str:
        return {
            "revoked": _("Révoqué"),
            "expired": _("Expiré"),
            "active": _("Actif"),
        }[self.status]

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def revoke(self) -> None:
        """Revoke the token now (idempotent: the first revocation's instant is kept)."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self, now: datetime.datetime) -> None:
        """Record a use, at most once per ``LAST_USED_RESOLUTION`` seconds."""
        resolution = datetime.timedelta(seconds=LAST_USED_RESOLUTION)
        if self.last_used_at is None or now - self.last_used_at >= resolution:
            APIToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
