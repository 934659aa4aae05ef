"""Admin forms of the news app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawForm(forms.Form):
    """The public reason given when a news item is withdrawn."""

    reason = forms.CharField(
        label=_("Motif public du retrait"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Publié avec la date du retrait : le contenu reste consultable avec cette "
            "explication (par exemple « Cette mesure a été remplacée par… »)."
        ),
        error_messages={"required": _("Le motif du retrait est obligatoire : il sera publié.")},
    )
