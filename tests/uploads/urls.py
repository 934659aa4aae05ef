"""Test-only URLconf: the project's URLs plus ``/essai-televersement/``, an admin page
whose form has a ``ResumableUploadField`` of the kind ``essai`` and claims the upload on
submission (the browser test drives it)."""

import hashlib

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from wagtail.admin.auth import require_admin_access

from cms.uploads import services
from cms.uploads.widgets import ResumableUploadField
from cms.urls import urlpatterns as project_urlpatterns
from tests.uploads.conftest import KIND

PAGE = engines["django"].from_string(
    """{% extends "wagtailadmin/base.html" %}
{% block titletag %}Essai de téléversement{% endblock %}
{% block extra_css %}{{ block.super }}{{ form.media.css }}{% endblock %}
{% block extra_js %}{{ block.super }}{{ form.media.js }}{% endblock %}
{% block content %}
<div class="nice-padding">
  <h1>Essai de téléversement</h1>
  <form method="post" novalidate>{% csrf_token %}
    {{ form.as_div }}
    <button type="submit" class="button">Enregistrer</button>
  </form>
  {% if received %}<p data-received>Reçu : {{ received.filename }}, {{ received.size }} octets, SHA-256 {{ digest }}</p>{% endif %}
</div>
{% endblock %}"""
)


class TrialForm(forms.Form):
    fichier = ResumableUploadField(kind=KIND, label="Fichier", accept="video/*")


@require_admin_access
def trial(request):
    form = TrialForm(request.POST or None)
    context = {"form": form}
    if form.is_valid():
        try:
            claimed = services.claim(form.cleaned_data["fichier"], request.user, kind=KIND)
        except services.UploadError as error:
            form.add_error("fichier", error.message)
        else:
            with claimed.open() as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
            services.release(claimed)
            context.update(received=claimed, digest=digest)
    return HttpResponse(PAGE.render(context, request))


urlpatterns = [path("essai-televersement/", trial), *project_urlpatterns]
