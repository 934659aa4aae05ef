"""The crisis alert: one message shown everywhere during a crisis."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.log_actions import log
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from cms.pages import went_live

CRISIS_PUBLISH = "gouvernail.crisis.publish"
CRISIS_REVIEW = "gouvernail.crisis.review"


class CrisisAlertQuerySet(models.QuerySet):
    def active(self, at=None):
        """Live alerts whose period covers the instant (now by default)."""
        at = at or timezone.now()
        return self.filter(live=True, starts_at__lte=at).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=at)
        )


class CrisisAlert(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A crisis alert (attentat, catastrophe naturelle, alerte sanitaire…).

    Only the crisis cell and the chief editors may publish it, through the *Crise*
    workflow. Only one alert is active at a time: publishing an alert ends the one
    that was active. Every crisis publication is flagged for a review afterwards.
    """

    class Level(models.TextChoices):
        INFORMATION = "information", _("Information")
        VIGILANCE = "vigilance", _("Vigilance")
        ALERT = "alerte", _("Alerte")
        EMERGENCY = "urgence", _("Urgence absolue")

    title = models.CharField(_("titre"), max_length=120)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices)
    message = models.TextField(
        _("message"), max_length=500, help_text=_("Le message affiché, 500 caractères au plus.")
    )
    link_url = models.URLField(
        _("lien"), blank=True, help_text=_("Page à consulter pour les consignes à suivre.")
    )
    starts_at = models.DateTimeField(_("début"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("fin"), null=True, blank=True, help_text=_("Laisser vide tant que la crise dure.")
    )
    needs_review = models.BooleanField(
        _("à revoir après publication"), default=False, editable=False
    )
    reviewed_at = models.DateTimeField(_("revue le"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revue par"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CrisisAlertQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("level"),
        FieldPanel("message"),
        FieldPanel("link_url"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
            heading=_("Période"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("message")]

    class Meta:
        verbose_name = _("alerte de crise")
        verbose_name_plural = _("alertes de crise")
        ordering = ["-starts_at"]
        permissions = [
            ("review_crisisalert", _("Peut marquer une publication de crise comme revue"))
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit être postérieure au début.")})

    def publish(self, revision, *args, user=None, **kwargs):
        """Publish this alert, end the one that was active when this one starts (one alert
        at a time) and flag the crisis publication for review, all in one transaction.

        A revision only scheduled does none of this until it goes live.
        """
        with transaction.atomic():
            result = super().publish(revision, *args, user=user, **kwargs)
            # Wagtail published a copy loaded from the revision, not this instance.
            self.refresh_from_db(fields=["live", "live_revision", "starts_at"])
            if went_live(self, revision):
                # The active alert gives way when this one starts: now, or later for an
                # alert published ahead of its start (no gap until then).
                now = timezone.now()
                ends = max(now, self.starts_at)
                others = (
                    CrisisAlert.objects.active(now)
                    .exclude(pk=self.pk)
                    .filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=ends))
                    .select_for_update()
                )
                CrisisAlert.objects.filter(pk__in=[other.pk for other in others]).update(
                    ends_at=ends
                )
                flag_crisis_publication(self, user=user)
        return result


def flag_crisis_publication(alert: CrisisAlert, user=None) -> None:
    """Record, in the same transaction as the publication, that it awaits a review."""
    CrisisAlert.objects.filter(pk=alert.pk).update(
        needs_review=True, reviewed_at=None, reviewed_by=None
    )
    log(instance=alert, action=CRISIS_PUBLISH, user=user)
