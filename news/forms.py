"""Admin forms of the news app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.workflows.choosers import ChooserCheckedPageForm
from cms.workflows.roles import is_redaction

#: The kind of news only the Rédaction may choose (``NewsKind.COUNCIL_REPORT``).
REDACTION_ONLY_KINDS = ("compte_rendu_conseil",)


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


class NewsKindForm(ChooserCheckedPageForm):
    """Offers the council report kind to the Rédaction only, and refuses it from anyone
    else (a kind a page already has stays accepted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("kind")
        if field is not None and not self._may_choose_any_kind():
            field.widget.choices = [
                (value, label)
                for value, label in field.choices
                if value not in REDACTION_ONLY_KINDS or value == self.instance.kind
            ]

    def _may_choose_any_kind(self) -> bool:
        return self.for_user is not None and is_redaction(self.for_user)

    def clean_kind(self) -> str:
        kind = self.cleaned_data.get("kind")
        unchanged = self.instance.pk and kind == self.instance.kind
        if kind in REDACTION_ONLY_KINDS and not unchanged and not self._may_choose_any_kind():
            raise ValidationError(
                _("Seule la Rédaction peut publier un compte rendu du Conseil des ministres."),
                code="redaction_only_kind",
            )
        return kind
