"""Admin forms of the API tokens."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Locale

from cms.apitokens import scopes
from cms.apitokens.models import APIToken
from cms.organisations.models import Ministry

#: Longest life of a token (days): a forgotten token stops working on its own.
MAX_LIFETIME_DAYS = 366
DEFAULT_LIFETIME_DAYS = 90


def _check_expiry(value: datetime.datetime) -> datetime.datetime:
    now = timezone.now()
    if value <= now:
        raise forms.ValidationError(_("La date d'expiration doit être dans le futur."))
    if value > now + datetime.timedelta(days=MAX_LIFETIME_DAYS):
        raise forms.ValidationError(
            _("Un jeton vit au plus %(days)s jours.") % {"days": MAX_LIFETIME_DAYS}
        )
    return value


class APITokenCreateForm(WagtailAdminModelForm):
    """Name, scopes, ministries and expiry of a new token; the secret is made on save."""

    scopes = forms.MultipleChoiceField(
        label=_("Droits"),
        choices=scopes.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ce que le jeton permet de lire."),
        error_messages={"required": _("Choisissez au moins un droit.")},
    )
    ministries = forms.ModelMultipleChoiceField(
        label=_("Ministères"),
        queryset=Ministry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laisser vide pour donner accès aux contenus de tous les ministères."),
    )
    expires_at = forms.DateTimeField(
        label=_("Expire le"),
        widget=AdminDateTimeInput,
        help_text=_("Au plus un an après la création."),
    )

    class Meta:
        model = APIToken
        fields = ["name", "scopes", "ministries", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministries"].queryset = Ministry.objects.filter(
            locale=Locale.get_default()
        ).order_by("name")
        if not self.is_bound and self.instance._state.adding:
            self.initial["expires_at"] = timezone.now() + datetime.timedelta(
                days=DEFAULT_LIFETIME_DAYS
            )

    def clean_expires_at(self):
        return _check_expiry(self.cleaned_data["expires_at"])


class APITokenEditForm(WagtailAdminModelForm):
    """An existing token: its name and expiry only (its rights are those it was made with)."""

    expires_at = forms.DateTimeField(label=_("Expire le"), widget=AdminDateTimeInput)

    class Meta:
        model = APIToken
        fields = ["name", "expires_at"]

    def clean_expires_at(self):
        return _check_expiry(self.cleaned_data["expires_at"])
