"""Signal handlers of the news app: thin, they call services."""

from wagtail.signals import page_published

from cms.pages import went_live
from news import services


def on_page_published(sender, instance, revision, **kwargs):
    if not went_live(instance, revision):
        return  # only scheduled: this runs again at the go-live
    services.record_major_update(instance, revision)
    services.clear_withdrawal(instance)


def register_signal_handlers():
    from news.models import MinistryNewsPage, NewsPage

    for model in (NewsPage, MinistryNewsPage):
        page_published.connect(
            on_page_published, sender=model, dispatch_uid=f"major-{model.__name__}"
        )
