from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Governments, ministries, topics and people: the organisations news is about."""

    name = "cms.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
