"""Services of the news app."""

from __future__ import annotations

from wagtail.models import Revision


def record_major_update(page, revision: Revision) -> None:
    """Date the page's last major update when a published revision says it is one.

    The first publication is not an update. The date lives on the page row only
    (see ``NewsPage.with_content_json``), so later minor publications keep it.
    """
    if not revision.content.get("major_change"):
        return
    if page.first_published_at == page.last_published_at:
        return
    type(page).objects.filter(pk=page.pk).update(last_major_update_at=page.last_published_at)
    page.last_major_update_at = page.last_published_at
