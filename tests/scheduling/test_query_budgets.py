"""The sweep's queries: a fixed number, served by indexes, however many pages there are."""

from django.db import connection

import pytest

from cms.scheduling import services
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_due_expiries_are_found_through_an_index(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert [
        name
        for name, constraint in constraints.items()
        if constraint["index"] and constraint["columns"] == ["expire_at"]
    ] == ["scheduling_page_expire_at"]


@pytest.mark.parametrize("count", [3, 30])
def test_sweep_with_nothing_due(count, news_index, django_assert_num_queries):
    NewsPageFactory.create_batch(count, parent=news_index)
    # Two for go-live and expiry; three for the delivery pipeline's sweep, which the
    # AFTER_SWEEP hook runs (documents due, alerts active, alerts served); two for the
    # webhooks (another AFTER_SWEEP hook: the log's pruning, the deliveries due).
    with django_assert_num_queries(7):
        report = services.publish_due()
    assert (report.published, report.expired, report.failures) == (0, 0, [])
