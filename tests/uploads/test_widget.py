"""The form field a feature app declares: what it renders for the script, its label on
the file picker, its French errors."""

from __future__ import annotations

import json
import uuid
from html import unescape

from django import forms

import pytest

from cms.uploads.widgets import ResumableUploadField, ResumableUploadWidget


class TrialForm(forms.Form):
    fichier = ResumableUploadField(kind="essai", label="Fichier", accept="video/*")


def test_the_widget_renders_the_picker_the_hidden_id_and_its_settings(kind, settings):
    settings.UPLOAD_CHUNK_SIZE = 4 * 1024**2
    html = str(TrialForm().as_div())
    assert '<label for="id_fichier-file">Fichier' in html
    assert 'type="hidden" name="fichier"' in html
    assert 'id="id_fichier-file"' in html and 'accept="video/*"' in html
    assert 'data-gv-upload-endpoint-value="/admin/uploads/essai/"' in html
    assert 'data-gv-upload-chunk-size-value="4194304"' in html
    assert 'data-gv-upload-max-size-value="2147483648"' in html
    assert "2\u00a0Go au plus." in html
    assert '<progress id="id_fichier-progress" max="100" value="0"' in html
    assert 'aria-live="polite"' in html
    start = html.index('data-gv-upload-messages-value="') + len('data-gv-upload-messages-value="')
    messages = json.loads(unescape(html[start : html.index('"', start)]))
    assert messages["progress"] == "{percent}\u00a0% — {sent} sur {total}"
    assert TrialForm().media._js == ["uploads/vendor/tus.min.js", "uploads/upload.js"]


def test_the_field_gives_the_upload_id_or_a_french_error(kind):
    upload_id = uuid.uuid4()
    form = TrialForm({"fichier": str(upload_id)})
    assert form.is_valid()
    assert form.cleaned_data["fichier"] == upload_id
    assert TrialForm({}).errors == {
        "fichier": [
            "Choisissez un fichier et attendez la fin du téléversement avant d'enregistrer."
        ]
    }
    assert TrialForm({"fichier": "../x"}).errors == {
        "fichier": ["Ce téléversement est introuvable\u00a0: choisissez de nouveau le fichier."]
    }


def test_a_widget_of_an_unregistered_kind_fails_loudly():
    with pytest.raises(LookupError, match="not registered"):
        ResumableUploadWidget(kind="inconnu").render("fichier", None)
