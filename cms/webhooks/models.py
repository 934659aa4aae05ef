"""Webhook subscriptions and the log of their deliveries.

A :class:`Subscription` names an endpoint (an HTTPS URL), the secret its messages are
signed with, the events it receives and the users told when it fails. A
:class:`Delivery` is one message to one subscription: its signed body, written once when
the event happens, and where its sending stands (attempts, last answer, next attempt).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.webhooks import signing


class Event(models.TextChoices):
    """What a subscription may receive. A crisis alert's changes are one event of their
    own (``crisis_alert``), whatever the change; every other kind's are by change."""

    PUBLISHED = "published", _("Publication")
    UPDATED = "updated", _("Mise à jour")
    UNPUBLISHED = "unpublished", _("Dépublication")
    WITHDRAWN = "withdrawn", _("Retrait")
    GONE = "gone", _("Suppression")
    CRISIS_ALERT = "crisis_alert", _("Alerte de crise")


class Subscription(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Actif")
        PAUSED = "paused", _("En pause")
        #: Failed for a whole retry window (a day): nothing is sent until reactivated.
        FAILING = "failing", _("En échec")

    name = models.CharField(_("nom"), max_length=100)
    url = models.URLField(
        _("adresse de réception"),
        max_length=500,
        help_text=_("Adresse HTTPS publique qui reçoit les événements signés."),
    )
    #: Standard Webhooks secret (``signing.new_secret``): read to sign, never logged.
    secret = models.CharField(
        _("secret de signature"),
        max_length=100,
        default=signing.new_secret,
        help_text=_("À donner au destinataire pour vérifier les signatures."),
    )
    #: ``Event`` values, as a list.
    events = models.JSONField(_("événements"), default=list)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsables"),
        related_name="+",
        help_text=_("Prévenus par courriel si l’adresse de réception reste en échec."),
    )
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.ACTIVE)
    failing_since = models.DateTimeField(_("en échec depuis"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def receives(self, event: str) -> bool:
        return event in self.events

    def events_display(self) -> str:
        labels = dict(Event.choices)
        return ", ".join(str(labels[event]) for event in self.events if event in labels)

    events_display.short_description = _("événements")


def new_message_id() -> str:
    """A Standard Webhooks message id: ``msg_`` and a random UUID (hex)."""
    return f"msg_{uuid.uuid4().hex}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        SUCCEEDED = "succeeded", _("Livrée")
        #: Still failing at the end of the retry window.
        FAILED = "failed", _("Échouée")
        #: Not sent: its subscription was paused or failing when its turn came.
        CANCELLED = "cancelled", _("Annulée")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonnement"),
    )
    #: ``webhook-id``: the same for every attempt, so a receiver can drop duplicates.
    message_id = models.CharField(_("identifiant du message"), max_length=40, unique=True)
    #: Blank for a test message (``webhook.test``, sent from the admin, never retried).
    event = models.CharField(_("événement"), max_length=16, choices=Event.choices, blank=True)
    #: The message's ``type``: ``"<kind>.<change>"`` (``"news.published"``).
    type = models.CharField(_("type"), max_length=40)
    document_key = models.CharField(_("document"), max_length=100)
    version = models.PositiveBigIntegerField(_("version"))
    #: The exact JSON text sent and signed.
    payload = models.TextField(_("contenu"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    status_code = models.PositiveSmallIntegerField(_("code HTTP"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créée le"))
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("livrée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("livraison webhook")
        verbose_name_plural = _("journal des webhooks")
        ordering = ["-created_at", "-id"]
        # Who may see the log is who may manage subscriptions (``admin.DeliveryLogPolicy``).
        default_permissions = ()
        indexes = [
            # The log's order, and its pruning (``deliveries.prune``).
            models.Index(fields=["created_at"], name="webhooks_delivery_created"),
            models.Index(
                fields=["next_attempt_at"],
                name="webhooks_delivery_due",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        if not self.document_key:  # a test message
            return self.type
        return f"{self.type} {self.document_key} v{self.version}"
