"""Keep the role groups in step with ministries and their sections."""

from django.db.models.signals import post_save

from cms.organisations.models import Ministry
from cms.workflows import roles


def on_ministry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        roles.sync_ministry_roles(instance)


def on_section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        roles.sync_ministry_roles(instance.ministry)


def register_signal_handlers():
    from news.models import MinistryPage

    post_save.connect(on_ministry_saved, sender=Ministry, dispatch_uid="roles-ministry")
    post_save.connect(on_section_saved, sender=MinistryPage, dispatch_uid="roles-section")
