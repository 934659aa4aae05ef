from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """The delivery store and the public API ``/api/v1/``."""

    name = "cms.delivery"
    label = "delivery"
    verbose_name = _("Diffusion")
