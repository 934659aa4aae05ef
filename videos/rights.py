"""Rights over time: the notice sent to a video's owners before its rights expire
(docs/videos.md, "Rights expiry notices").

A video whose ``rights_expire_on`` (a Paris date: the video is withdrawn that day) falls
within ``settings.VIDEO_RIGHTS_NOTICE_DAYS`` days, or has passed, and whose owners were
not yet told about that date (``rights_notice_sent_for``), is announced to its owners by
e-mail, once per date: changing the date sends a new notice. :func:`notify_expiring`
runs every day (the ``videos.notify_rights`` periodic job with a job queue, else
``manage.py notify_video_rights`` from cron).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.models import Page, ReferenceIndex

from cms.organisations.models import paris_date
from cms.workflows.models import MinistryRoles
from videos.models import Video

logger = logging.getLogger(__name__)


def long_date(day: datetime.date) -> str:
    """A date as French prose writes it: "1er octobre 2026", "12 décembre 2026"."""
    number = "1er" if day.day == 1 else str(day.day)
    with translation.override("fr"):
        return f"{number}\u00a0{date_format(day, 'F Y')}"


def owners(video: Video) -> list:
    """Who is told about ``video``'s rights: the person who uploaded it and the people of
    its ministry who may edit it (the contributors and validators of its ministry's
    roles, ``cms.workflows.roles``), each once; active users with an e-mail address
    only, in username order."""
    groups = set()
    for contributors, validators in MinistryRoles.objects.filter(
        ministry_key=video.ministry.translation_key, retired_at__isnull=True
    ).values_list("contributors_id", "validators_id"):
        groups |= {contributors, validators}
    reach = Q(groups__in=groups - {None})
    if video.uploaded_by_id is not None:
        reach |= Q(pk=video.uploaded_by_id)
    users = get_user_model().objects.filter(reach).filter(is_active=True).exclude(email="")
    return list(get_user_model().objects.filter(pk__in=users.values("pk")).order_by("username"))


@dataclass(frozen=True)
class Use:
    """A page using the video: its title and, when it is live, its public URL."""

    title: str
    url: str


def uses(video: Video) -> tuple[list[Use], int]:
    """Where ``video`` is used, from Wagtail's reference index: the live pages (public
    anyway: title and URL), and how many other (unpublished) items use it, which the
    e-mail does not name (its readers may not be allowed to see them)."""
    live, others = [], 0
    for source, _references in ReferenceIndex.get_grouped_references_to(video):
        if isinstance(source, Page) and source.live:
            page = source.specific  # its type's URL (the front end's)
            live.append(Use(page.title, page.get_full_url() or ""))
        else:
            others += 1
    return live, others


def due(today: datetime.date, days: int) -> QuerySet[Video]:
    """The videos whose owners must be told on ``today`` (Paris date): rights expiring
    within ``days`` days (the last day of the window included) or already expired, not
    yet announced for that date."""
    return (
        Video.objects.filter(rights_expire_on__lte=today + datetime.timedelta(days=days))
        .filter(
            Q(rights_notice_sent_for__isnull=True)
            | ~Q(rights_notice_sent_for=F("rights_expire_on"))
        )
        .select_related("ministry", "uploaded_by")
        .order_by("rights_expire_on", "pk")
    )


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def messages_for(
    video: Video, today: datetime.date, recipients: list
) -> list[EmailMultiAlternatives]:
    """The notice about ``video``, one e-mail per recipient as Wagtail's workflow
    notifications (French subject, plain text and HTML, the same sender)."""
    expiry = video.rights_expire_on
    live, others = uses(video)
    context = {
        "video": video,
        "date": long_date(expiry),
        "expired": expiry <= today,
        "days": (expiry - today).days,
        "live_uses": live,
        "other_uses": others,
        "edit_url": _absolute(reverse("videos:edit", args=[quote(video.pk)])),
        "usage_url": _absolute(reverse("videos:usage", args=[quote(video.pk)])),
    }
    if context["expired"]:
        subject = _("Droits expirés : la vidéo « %(title)s » (%(date)s)")
    else:
        subject = _("Fin des droits le %(date)s : la vidéo « %(title)s »")
    subject = subject % {"title": video.title, "date": context["date"]}
    sender = getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)
    messages = []
    for user in recipients:
        personal = {**context, "user": user}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("videos/emails/rights_notice.txt", personal).strip() + "\n",
            from_email=sender,
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("videos/emails/rights_notice.html", personal), "text/html"
        )
        messages.append(message)
    return messages


@dataclass(frozen=True)
class Notice:
    """A notice to send (or sent): the video and the users told."""

    video: Video
    recipients: list


def pending(today: datetime.date | None = None) -> list[Notice]:
    """The notices due on ``today`` (default: today in Paris), without sending them."""
    today = today or paris_date(timezone.now())
    return [Notice(video, owners(video)) for video in due(today, settings.VIDEO_RIGHTS_NOTICE_DAYS)]


def notify_expiring(today: datetime.date | None = None) -> int:
    """E-mail the owners of each video whose rights expire within
    ``VIDEO_RIGHTS_NOTICE_DAYS`` days of ``today`` (default: today in Paris) or have
    expired, once per expiry date, and record the date told (``rights_notice_sent_for``).
    Returns how many videos were announced. A video nobody can be told about (no owner
    with an e-mail address) is recorded as announced too, with a warning in the log: the
    job does not retry it every day. A failed sending leaves the video for the next run.
    """
    today = today or paris_date(timezone.now())
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for notice in pending(today):
            video = notice.video
            if notice.recipients:
                get_connection().send_messages(messages_for(video, today, notice.recipients))
            else:
                logger.warning("Video %s: rights expire, and nobody to tell", video.pk)
            with transaction.atomic():
                Video.objects.filter(pk=video.pk).update(
                    rights_notice_sent_for=video.rights_expire_on
                )
            sent += 1
    return sent
