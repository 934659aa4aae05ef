"""The ``publish_due`` sweep: never early, catches up, one item at a time, exactly once."""

import datetime
import io
import os
import threading

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection

from wagtail.models import Page, PageLogEntry, Revision

import pytest

from cms.scheduling import services
from cms.scheduling.management.commands import publish_due as command
from news.models import NewsPage
from tests.scheduling.conftest import (
    live_page,
    minutes,
    move_instant,
    on_postgresql,
    publications,
    scheduled,
)

pytestmark = pytest.mark.django_db


def overdue(parent, now, count: int, late_minutes: float = 1) -> list[Revision]:
    """``count`` items scheduled through Wagtail, whose instant has since passed."""
    revisions = [scheduled(parent, now + minutes(1)) for _ in range(count)]
    for revision in revisions:
        move_instant(revision, now - minutes(late_minutes))
    return revisions


def page_of(revision: Revision) -> NewsPage:
    return NewsPage.objects.get(pk=revision.object_id)


def test_an_item_due_in_one_minute_is_not_published(news_index, now):
    revision = scheduled(news_index, now + minutes(1))
    report = services.publish_due()
    assert report.published == 0
    assert not page_of(revision).live
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at == now + minutes(1)


def test_the_instant_itself_is_due(news_index, now):
    [revision] = overdue(news_index, now, 1)
    instant = now - minutes(1)
    assert services.publish_due(now=instant - datetime.timedelta(microseconds=1)).published == 0
    assert not page_of(revision).live
    assert services.publish_due(now=instant).published == 1
    assert page_of(revision).live


def test_one_run_catches_up_everything_overdue(news_index, now):
    revisions = overdue(news_index, now, 3, late_minutes=6 * 60)
    report = services.publish_due()
    assert report.published == 3
    assert report.failures == []
    for revision in revisions:
        page = page_of(revision)
        assert page.live
        assert page.live_revision_id == revision.pk
        assert publications(page) == 1


def test_an_item_overdue_for_its_expiry_too_ends_expired(news_index, now):
    revision = scheduled(news_index, now + minutes(1), expire_at=now + minutes(2))
    move_instant(revision, now - minutes(60))
    revision.refresh_from_db()
    content = {**revision.content, "expire_at": (now - minutes(30)).isoformat()}
    Revision.objects.filter(pk=revision.pk).update(content=content)

    assert services.publish_revision_if_due(revision.pk) is services.Outcome.DONE

    page = page_of(revision)
    assert not page.live
    assert page.expired
    assert page.first_published_at is not None
    assert publications(page) == 1


def test_a_bad_item_is_reported_and_the_others_are_published(news_index, now, monkeypatch):
    revisions = overdue(news_index, now, 3)
    bad = revisions[1]
    as_object = Revision.as_object

    def unreadable(self):
        if self.pk == bad.pk:
            raise ValueError("contenu illisible")
        return as_object(self)

    monkeypatch.setattr(Revision, "as_object", unreadable)
    report = services.publish_due()
    assert report.published == 2
    assert report.failures == [f"révision {bad.pk}"]
    assert [page_of(revision).live for revision in revisions] == [True, False, True]
    # Rolled back: still scheduled, the next run tries again.
    assert Revision.objects.get(pk=bad.pk).approved_go_live_at is not None


def test_expiry_unpublishes_at_expire_at_never_before(news_index, now):
    soon = live_page(news_index, expire_at=now + minutes(1))
    past = live_page(news_index, expire_at=now + minutes(1))
    Page.objects.filter(pk=past.pk).update(expire_at=now - minutes(1))

    report = services.publish_due()

    assert report.expired == 1
    soon.refresh_from_db()
    past.refresh_from_db()
    assert soon.live and not soon.expired
    assert not past.live and past.expired
    assert PageLogEntry.objects.filter(page=past, action="wagtail.unpublish.scheduled").count() == 1


def test_a_failing_expiry_does_not_stop_the_others(news_index, now, monkeypatch):
    pages = [live_page(news_index, expire_at=now + minutes(1)) for _ in range(3)]
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(expire_at=now - minutes(1))
    unpublish = Page.unpublish

    def failing(self, *args, **kwargs):
        if self.pk == pages[0].pk:
            raise RuntimeError("cache injoignable")
        return unpublish(self, *args, **kwargs)

    monkeypatch.setattr(Page, "unpublish", failing)
    report = services.publish_due()
    assert report.expired == 2
    assert report.failures == [f"page {pages[0].pk}"]
    assert [Page.objects.get(pk=page.pk).live for page in pages] == [True, False, False]


def test_the_command_prints_a_summary_and_fails_at_the_end(news_index, now, monkeypatch):
    revisions = overdue(news_index, now, 3)
    as_object = Revision.as_object
    monkeypatch.setattr(
        Revision,
        "as_object",
        lambda self: as_object(self) if self.pk != revisions[0].pk else 1 / 0,
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 élément en échec"):
        call_command("publish_due", stdout=out)
    assert out.getvalue().strip() == (
        f"Programmation : 2 versions mises en ligne, 1 échec (révision {revisions[0].pk})."
    )


def test_the_command_says_when_nothing_was_due(news_index, now):
    scheduled(news_index, now + minutes(1))
    out = io.StringIO()
    call_command("publish_due", stdout=out)
    assert out.getvalue().strip() == "Programmation : rien à mettre en ligne ni à retirer."


def test_the_command_loops_every_few_seconds(news_index, now, monkeypatch):
    [revision] = overdue(news_index, now, 1)
    pauses = []

    def stop(seconds):
        pauses.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(command.time, "sleep", stop)
    # Between runs the loop drops stale connections; not the test's transaction.
    monkeypatch.setattr(command, "close_old_connections", lambda: None)
    out = io.StringIO()
    call_command("publish_due", every=5, stdout=out)
    assert pauses == [5]
    assert "1 version mise en ligne" in out.getvalue()
    assert page_of(revision).live


def test_the_loop_survives_a_database_error(monkeypatch, caplog):
    def locked():
        raise OperationalError("database is locked")

    def stop(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "publish_due", locked)
    monkeypatch.setattr(command.time, "sleep", stop)
    monkeypatch.setattr(command, "close_old_connections", lambda: None)
    call_command("publish_due", every=5, stdout=io.StringIO())
    assert "Scheduled publication sweep failed" in caplog.text


def test_the_loop_stops_when_its_parent_is_gone(news_index, now, monkeypatch):
    [revision] = overdue(news_index, now, 1)
    monkeypatch.setattr(command.time, "sleep", lambda seconds: pytest.fail("no pause"))
    call_command("publish_due", every=5, parent_pid=os.getppid() + 1, stdout=io.StringIO())
    assert not page_of(revision).live


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overlapping_sweeps_publish_each_item_exactly_once(
    restored_after_flush, news_index, now, monkeypatch
):
    revisions = overdue(news_index, now, 5)
    holding = threading.Event()  # sweep A holds the lock of its first item
    released = threading.Event()  # sweep B is done, A may go on
    publish = Revision.publish

    def slow_publish(self, *args, **kwargs):
        if threading.current_thread().name == "sweep-a" and not holding.is_set():
            holding.set()
            released.wait(timeout=30)
        return publish(self, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", slow_publish)
    reports = {}

    def sweep():
        try:
            reports[threading.current_thread().name] = services.publish_due()
        finally:
            connection.close()

    sweep_a = threading.Thread(target=sweep, name="sweep-a")
    sweep_b = threading.Thread(target=sweep, name="sweep-b")
    sweep_a.start()
    assert holding.wait(timeout=30)
    sweep_b.start()
    sweep_b.join(timeout=30)
    released.set()
    sweep_a.join(timeout=30)

    assert reports["sweep-a"].published == 1
    assert reports["sweep-b"].published == 4
    for revision in revisions:
        assert page_of(revision).live
        assert publications(page_of(revision)) == 1
