"""Publishing is atomic: a failure after the page is saved leaves nothing published or logged."""

from wagtail.models import PageLogEntry
from wagtail.signals import page_published

import pytest

from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_failure_during_publication_rolls_everything_back(news_index):
    page = NewsPageFactory(parent=news_index, live=False)
    revision = page.save_revision()

    def failing_receiver(**kwargs):
        raise Boom

    page_published.connect(failing_receiver, sender=NewsPage, dispatch_uid="boom")
    try:
        with pytest.raises(Boom):
            revision.publish()
    finally:
        page_published.disconnect(dispatch_uid="boom", sender=NewsPage)
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.live_revision is None
    assert page.first_published_at is None
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_publication_without_failure_goes_through(news_index):
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision().publish()
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
