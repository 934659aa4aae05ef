"""``rebuild_delivery`` and ``check_delivery``, and the store after ``seed_demo``."""

import io

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.delivery.models import Document, State
from cms.publishing import documents
from news.models import NewsPageMinistry, NewsPageTopic
from tests.factories import ImageFactory, MinistryFactory, NewsPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def check() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("check_delivery", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.fixture
def published(news_index, deliver):
    pages = [NewsPageFactory(parent=news_index, live=False) for _ in range(3)]
    with deliver():
        for page in pages:
            page.save_revision().publish()
    return pages


def test_rebuild_fills_an_empty_store_with_a_progress_line(published):
    Document.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_delivery", stdout=out, stderr=err)
    assert {f"page:{page.pk}" for page in published} <= set(
        Document.objects.values_list("key", flat=True)
    )
    assert "/ " in err.getvalue() and "/s)" in err.getvalue()  # "  5 / 5 (123/s)"
    assert "Delivery store rebuilt:" in out.getvalue()
    assert check()[1] is None


def test_check_is_clean_then_reports_every_difference_made_by_hand(published):
    # The home created by the migrations was never published through the pipeline.
    call_command("rebuild_delivery", stdout=io.StringIO(), stderr=io.StringIO())
    out, error = check()
    assert error is None, out
    assert "Delivery store up to date" in out

    first, second, third = published
    Document.objects.filter(key=f"page:{first.pk}").update(body='{"title":"falsifié"}')
    Document.objects.filter(key=f"page:{second.pk}").delete()
    Document.objects.filter(key=f"page:{third.pk}").update(state=State.WITHDRAWN)

    out, error = check()
    assert error is not None
    assert str(error) == "3 difference(s) between the editorial side and the store."
    assert set(out.splitlines()) == {
        f"page:{first.pk}: body differs",
        f"page:{second.pk}: public, but missing from the store",
        f"page:{third.pk}: state differs",
    }


def test_check_reports_a_document_that_is_no_longer_public(published):
    page = published[0]
    type(page).objects.filter(pk=page.pk).update(live=False)  # behind the pipeline's back
    out, error = check()
    assert error is not None
    assert f"page:{page.pk}: stored as public, but not public" in out.splitlines()


def test_after_seed_demo_the_store_holds_the_demo_and_check_is_clean(db, deliver):
    with deliver():  # the command's commits, or the worker's jobs
        call_command("seed_demo", quiet=True, stdout=io.StringIO())
    assert Document.objects.filter(kind="news", state=State.PUBLIC).exists()
    assert Document.objects.filter(kind="home").exists()
    out, error = check()
    assert error is None, out


def test_rebuild_queries_per_item_are_bounded(news_index, deliver):
    ministry, topic, image = MinistryFactory(), TopicFactory(), ImageFactory()
    pages = [NewsPageFactory(parent=news_index, live=False, hero_image=image) for _ in range(10)]
    for page in pages:
        NewsPageMinistry.objects.create(page=page, ministry=ministry)
        NewsPageTopic.objects.create(page=page, topic=topic)
    with deliver():
        for page in pages:
            page.save_revision().publish()
    Document.objects.all().delete()
    sources = sum(len(list(every())) for every in documents.SOURCES.values())
    with CaptureQueriesContext(connection) as written:
        call_command("rebuild_delivery", stdout=io.StringIO(), stderr=io.StringIO())
    with CaptureQueriesContext(connection) as unchanged:
        call_command("rebuild_delivery", stdout=io.StringIO(), stderr=io.StringIO())
    # Measured: about 27 per item written (28.4 on PostgreSQL) (rendering 16, its image's
    # renditions and licence 3, writing 3, dependents 2, the search index 2, the webhook
    # subscriptions 1, the French source of a translation) and 22 per item unchanged
    # (rendering, and comparing the stored row, facets and files), whatever the number
    # of items.
    assert len(written) <= 29 * sources + 10, len(written)
    assert len(unchanged) <= 22 * sources + 10, len(unchanged)
