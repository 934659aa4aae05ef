"""The admin's resumable upload field: a file picker that sends the file with tus, in
chunks, with a progress bar, pause and resume, and puts the finished upload's id in the
form (``static/uploads/upload.js``, a Stimulus controller; tus-js-client, copied by
``bin/setup``).

A feature app's form declares ``file = ResumableUploadField(kind="video")``; its clean
value is the upload's ``UUID``, which the form hands to
``cms.uploads.services.claim(value, user, kind="video")``.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.uploads import kinds
from cms.uploads.protocol import format_size

__all__ = ["ResumableUploadField", "ResumableUploadWidget"]

#: Seconds between the client's retries after a failed request (tus-js-client
#: ``retryDelays``): about two minutes of a dropped connection, then "Reprendre" (and a
#: retry as soon as the browser is back online).
RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000]


def widget_messages() -> dict[str, str]:
    """The widget's French texts; ``{percent}``, ``{sent}``, ``{total}``, ``{name}``,
    ``{limit}`` are filled in by the script."""
    return {
        "progress": _("{percent}\u00a0% — {sent} sur {total}"),
        "announce": _("{percent}\u00a0% envoyés"),
        "paused": _("En pause à {percent}\u00a0% — {sent} sur {total}"),
        "retrying": _(
            "{percent}\u00a0% — {sent} sur {total} · connexion perdue, nouvelle tentative…"
        ),
        "done": _("{percent}\u00a0% — «\u00a0{name}\u00a0» est envoyé ({total})."),
        "resumed": _("Reprise du téléversement précédent de «\u00a0{name}\u00a0»."),
        "too_big": _("«\u00a0{name}\u00a0» pèse {total}\u00a0: la limite est de {limit}."),
        "empty": _("«\u00a0{name}\u00a0» est vide."),
        "offline": _(
            "La connexion est perdue. Le téléversement reprendra dès son retour, ou avec "
            "«\u00a0Reprendre\u00a0»."
        ),
        "failed": _("Le téléversement a échoué\u00a0: {reason}"),
        "network": _("le serveur ne répond pas. Réessayez avec «\u00a0Reprendre\u00a0»."),
        "cancelled": _("Téléversement annulé."),
        "wait": _("Attendez la fin du téléversement avant d'enregistrer."),
    }


class ResumableUploadWidget(forms.HiddenInput):
    """A hidden input holding the upload's id, with the picker and progress bar around
    it. ``kind``: a registered :class:`cms.uploads.kinds.UploadKind` name; ``accept``:
    the file picker's ``accept`` attribute (``"video/*"``), a hint only."""

    template_name = "uploads/widget.html"
    #: Shown with its label and errors like a visible field (the file picker is visible).
    is_hidden = False

    def __init__(self, kind: str, accept: str = "", attrs=None):
        super().__init__(attrs)
        self.kind = kind
        self.accept = accept

    def id_for_label(self, id_):
        """The label names the file picker, not the hidden input."""
        return f"{id_}-file" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-gv-upload-target"] = "id"
        kind = kinds.get(self.kind)
        if kind is None:
            raise LookupError(f"Upload kind {self.kind!r} is not registered (cms.uploads.kinds).")
        context["upload"] = {
            "endpoint": reverse("uploads:create", args=[kind.name]),
            "chunk_size": settings.UPLOAD_CHUNK_SIZE,
            "max_size": kind.size_limit,
            "limit": format_size(kind.size_limit),
            "retry_delays": json.dumps(RETRY_DELAYS_MS),
            "messages": json.dumps(widget_messages(), ensure_ascii=False),
            "accept": self.accept,
        }
        return context

    class Media:
        js = ["uploads/vendor/tus.min.js", "uploads/upload.js"]
        css = {"all": ["uploads/upload.css"]}


class ResumableUploadField(forms.UUIDField):
    """The id of a finished upload of ``kind``, sent by :class:`ResumableUploadWidget`."""

    default_error_messages = {
        "required": gettext_lazy(
            "Choisissez un fichier et attendez la fin du téléversement avant d'enregistrer."
        ),
        "invalid": gettext_lazy(
            "Ce téléversement est introuvable\u00a0: choisissez de nouveau le fichier."
        ),
    }

    def __init__(self, *, kind: str, accept: str = "", **kwargs):
        kwargs.setdefault("widget", ResumableUploadWidget(kind=kind, accept=accept))
        super().__init__(**kwargs)
        self.kind = kind
