"""The planner as an iCalendar feed (RFC 5545), made with the ``icalendar`` library.

One ``VEVENT`` per planned post: ``UID`` stable across fetches (the post's id), ``DTSTART``
its slot (UTC), ``SUMMARY`` the network and the item's title, ``DESCRIPTION`` the copy and
its hashtags, and, for an item under embargo, the embargo's end (Paris time), also as
``X-GOUVERNAIL-EMBARGO-UNTIL`` (UTC); ``URL`` the item's admin page.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from icalendar import Calendar, Event

from news.planner.services import PlannedItem

#: A post is an instant; a calendar shows it as a slot of this length.
SLOT = datetime.timedelta(minutes=15)
PRODID = "-//Service d'information du Gouvernement//Gouvernail planner//FR"


def calendar(
    items: list[PlannedItem],
    *,
    uid_domain: str,
    admin_url,
    now: datetime.datetime,
) -> bytes:
    """The ``text/calendar`` body; ``admin_url(page)`` gives an item's absolute admin URL."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Gouvernail – réseaux sociaux")
    for item in items:
        for post in item.posts:
            event = Event()
            event.add("uid", f"social-post-{post.pk}@{uid_domain}")
            event.add("dtstamp", now.astimezone(datetime.UTC))
            event.add("dtstart", post.planned_at.astimezone(datetime.UTC))
            event.add("dtend", (post.planned_at + SLOT).astimezone(datetime.UTC))
            event.add("last-modified", post.updated_at.astimezone(datetime.UTC))
            event.add("summary", f"{post.get_network_display()} : {item.title}")
            lines = [post.text]
            if post.hashtags:
                lines.append(post.hashtags)
            if item.embargo_until:
                paris = date_format(timezone.localtime(item.embargo_until), "d/m/Y H:i")
                lines.append(f"Sous embargo jusqu'au {paris} (heure de Paris)")
                embargo = item.embargo_until.astimezone(datetime.UTC)
                event.add("x-gouvernail-embargo-until", embargo.strftime("%Y%m%dT%H%M%SZ"))
            event.add("description", "\n\n".join(lines))
            event.add("categories", [post.get_network_display()])
            event.add("url", admin_url(item.page))
            cal.add_component(event)
    return cal.to_ical()
