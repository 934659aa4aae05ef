"""The race the finish action exists for, on PostgreSQL with real concurrent transactions:
an edit saved while the last reviewer approves never publishes unreviewed text."""

import threading

from django.db import connection, transaction

from wagtail.models import Revision

import pytest

from cms.workflows import setup
from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (row locks)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]

REVIEWED = "Le texte relu par le rédacteur en chef."
UNREVIEWED = "Une modification que personne n'a relue."
WAIT = 30  # seconds, an upper bound on each wait: the conditions are met in milliseconds


def blocked_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_edit_during_final_approval_waits_and_stays_unpublished(site, monkeypatch):
    setup.setup_workflows()
    users = site["users"]
    page = NewsPageFactory(parent=site["pages"]["news_index"], live=False, chapo=REVIEWED)
    page.save_revision(user=users["editor"])
    page.get_workflow().start(page, users["editor"])
    task_state = NewsPage.objects.get(pk=page.pk).current_workflow_task_state
    reviewed_id = task_state.revision_id

    lock_taken, let_publish = threading.Event(), threading.Event()
    original_publish = Revision.publish

    def publish_after_signal(revision, *args, **kwargs):
        lock_taken.set()  # the finish action holds the page row lock here
        assert let_publish.wait(WAIT)
        return original_publish(revision, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish_after_signal)
    errors = []

    def approve():
        try:
            task_state.approve(user=users["chief"])
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    def edit():
        try:
            assert lock_taken.wait(WAIT)
            with transaction.atomic():
                draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
                draft.chapo = UNREVIEWED
                draft.save_revision(user=users["editor"])
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    reviewer, editor = threading.Thread(target=approve), threading.Thread(target=edit)
    reviewer.start()
    editor.start()
    assert lock_taken.wait(WAIT)
    # Let the reviewer publish only once the editor's save is waiting for the row lock.
    waited = threading.Event()
    for _attempt in range(3000):
        if blocked_backends() >= 1:
            break
        waited.wait(0.01)
    assert blocked_backends() >= 1, "the edit should wait for the lock held by the approval"
    let_publish.set()
    reviewer.join(WAIT)
    editor.join(WAIT)
    assert not errors, errors

    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert page.live_revision_id == reviewed_id
    assert page.chapo == REVIEWED  # what the public gets is what was reviewed
    assert page.has_unpublished_changes
    assert page.get_latest_revision().content["chapo"] == UNREVIEWED
