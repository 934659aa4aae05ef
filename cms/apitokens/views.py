"""Admin views of the API tokens: create (the secret shown once), list, edit, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from cms.apitokens import forms, scopes
from cms.apitokens.models import APIToken


class TokenCreateView(generic.CreateView):
    """Creates the token and answers with its secret, once: it is never shown again."""

    def save_instance(self):
        token = self.form.save(commit=False)
        token.owner = self.request.user
        self.secret = token.set_new_secret()
        token.save()
        self.form.save_m2m()
        return token

    def save_action(self):
        return TemplateResponse(
            self.request,
            "apitokens/secret.html",
            {
                "token": self.object,
                "secret": self.secret,
                "page_title": _("Jeton créé"),
                "header_icon": "key",
                "index_url": self.get_success_url(),
                "scope_labels": [scopes.label(code) for code in self.object.scopes],
            },
        )


class TokenEditView(generic.EditView):
    """Name and expiry; a "Révoquer" button while the token is not revoked."""

    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if self.object.revoked_at is None:
            url = reverse("apitokens:revoke", args=[self.object.pk])
            buttons.append(HeaderButton(_("Révoquer"), url=url, icon_name="cross"))
        return buttons


class APITokenViewSet(ModelViewSet):
    """Paramètres > Jetons d'API: superusers, or whoever holds the model's permissions."""

    model = APIToken
    icon = "key"
    name = "apitokens"
    url_prefix = "api-tokens"
    menu_label = _("Jetons d'API")
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = TokenCreateView
    edit_view_class = TokenEditView
    list_display = [
        "name",
        "key_prefix",
        "owner",
        Column("scopes", label=_("Droits"), accessor=lambda token: ", ".join(token.scopes)),
        Column("status", label=_("État"), accessor="get_status_display"),
        "expires_at",
        "last_used_at",
    ]

    def get_form_class(self, for_update=False):
        return forms.APITokenEditForm if for_update else forms.APITokenCreateForm

    def revoke_view(self, request, pk: int):
        """GET: confirm; POST: revoke the token (it answers 401 from then on)."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            return permission_denied(request)
        token = get_object_or_404(APIToken, pk=pk)
        if request.method == "POST":
            token.revoke()
            messages.success(request, _("Jeton « %(name)s » révoqué.") % {"name": token.name})
            return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "apitokens/revoke.html",
            {"token": token, "page_title": _("Révoquer le jeton"), "header_icon": "cross"},
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]
