"""The admin form of a webhook subscription: its URL is checked as a delivery checks it."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from cms.webhooks import transport
from cms.webhooks.models import Event, Subscription


class SubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Événements"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les changements du contenu publié qui sont envoyés à cette adresse."),
        error_messages={"required": _("Choisissez au moins un événement.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owners" in self.fields:
            self.fields["owners"].queryset = get_user_model().objects.filter(is_active=True)
            self.fields["owners"].error_messages["required"] = _(
                "Choisissez au moins un responsable à prévenir en cas d’échec."
            )

    def clean_url(self):
        """Refuse what a delivery would refuse: not HTTPS (in production), a host that
        does not resolve, a private, loopback or reserved address (``transport``)."""
        url = self.cleaned_data["url"]
        try:
            transport.check_url(url)
        except transport.Refused as error:
            raise ValidationError(str(error), code="refused") from error
        return url

    def save(self, commit=True):
        """A subscription set back to active (or paused) is no longer failing."""
        if self.instance.state != Subscription.State.FAILING:
            self.instance.failing_since = None
        return super().save(commit)
