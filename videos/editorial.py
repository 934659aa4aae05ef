"""The videos' rule of the editorial line (``cms.editorial.rules``): a page is published
(or submitted) only with videos that may be published.

Every video chosen in the page's body (``cms.blocks.VideoBlock``) and the page's own
``video`` (a page type with a ``video`` attribute, as a video page) must be processed
(``ready``), have French captions and a transcript (``Video.publication_gaps``) and rights
that last past the item's go-live (``rights_expire_on``, a Paris date: the video is
withdrawn that day). Registered when the app is ready (``VideosConfig.ready``); it checks
the page models registered with ``cms.editorial.rules.register_page_model`` (the news
items, by ``news.editorial``).

A video the reader of the messages may not use (another ministry's private video, put in
the body by the Rédaction) is not named: « une vidéo que vous ne pouvez pas consulter
(n° 12) », so that its title does not leak; the number lets them ask the Rédaction.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.blocks import VideoBlock
from cms.editorial.rules import Context, register_page_model, rule
from cms.organisations.models import paris_date
from videos.models import ProcessingStatus, Video, VideoPage
from videos.permissions import may_edit, may_use
from videos.rights import long_date

# A video page is published only with a video that may be.
register_page_model(VideoPage)


def videos_of(context: Context) -> Iterator[tuple[Video, str]]:
    """The videos of the page, with where they stand: its own ``video`` first (when its
    type has one), then those of the body's video blocks, in order."""
    own = getattr(context.page, "video", None)
    if isinstance(own, Video):
        yield own, _("le champ « Vidéo » de la page")
    for value, where in context.body_values(VideoBlock):
        video = value.get("video")
        if isinstance(video, Video):
            yield video, where


def video_label(video: Video, context: Context) -> str:
    """How a message names ``video`` for the user reading it: « Titre », or, for a user
    who may not use it, its number only; with no known reader (a job), its number."""
    if context.user is None:
        return _("la vidéo n° %(id)s") % {"id": video.pk}
    if not may_use(context.user, video):
        return _("une vidéo que vous ne pouvez pas consulter (n° %(id)s)") % {"id": video.pk}
    return _("la vidéo « %(title)s »") % {"title": video.title}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _and(phrases: list[str]) -> str:
    """ "a", "a et b", "a, b et c"."""
    phrases = [str(phrase) for phrase in phrases]
    if len(phrases) < 2:
        return "".join(phrases)
    return _("%(first)s et %(last)s") % {"first": ", ".join(phrases[:-1]), "last": phrases[-1]}


@rule(
    "video-publishable",
    gettext_lazy("Vidéos prêtes, sous-titrées, transcrites, aux droits valables"),
)
def check_videos(context: Context) -> Iterator[str]:
    """One message per failing video and reason (status, captions and transcript,
    rights); a video used twice is reported at each place."""
    go_live_day = paris_date(context.go_live_at)
    for video, where in videos_of(context):
        label = video_label(video, context)
        subject = {"video": label, "where": where, "Video": _capitalized(label)}
        if video.status != ProcessingStatus.READY:
            state = (
                _("son traitement a échoué (relancez-le dans la vidéothèque)")
                if video.status == ProcessingStatus.FAILED
                else _("son traitement n'est pas terminé")
            )
            yield _("%(Video)s, dans %(where)s, n'est pas encore prête : %(state)s.") % {
                **subject,
                "state": state,
            }
        gaps = video.publication_gaps()
        if gaps and context.user is not None and not may_edit(context.user, video):
            # They cannot complete it themselves: its ministry or the Rédaction can.
            yield _(
                "Il manque à %(video)s, dans %(where)s, %(gaps)s : son ministère ou la "
                "Rédaction doit la compléter avant la publication, ou retirez-la."
            ) % {**subject, "gaps": _and(gaps)}
        elif gaps:
            yield _(
                "Il manque à %(video)s, dans %(where)s, %(gaps)s : complétez-la dans la "
                "vidéothèque avant de publier."
            ) % {**subject, "gaps": _and(gaps)}
        expiry = video.rights_expire_on
        if expiry is None:
            continue
        if video.rights_have_expired:
            yield _(
                "Les droits de %(video)s, dans %(where)s, ont expiré le %(date)s : elle ne peut "
                "plus être publiée."
            ) % {**subject, "date": long_date(expiry)}
        elif expiry <= go_live_day:
            yield _(
                "Les droits de %(video)s, dans %(where)s, expirent le %(date)s, avant la mise en "
                "ligne de ce contenu le %(go_live)s : elle serait retirée aussitôt."
            ) % {**subject, "date": long_date(expiry), "go_live": long_date(go_live_day)}
