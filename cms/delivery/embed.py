"""The embed page of a video, ``/embed/videos/<id>/``: the one public HTML page of
Gouvernail, made to be framed by any site (``<iframe>``).

It reads the video's document from the delivery store (``Kind.VIDEO``, one query) and
nothing else: an accessible HTML5 player (its MP4 files as ``<source>`` elements, its
caption tracks as ``<track>`` elements), its title, duration, credits and the
transcript in a DSFR accordion right under the player (RGAA 4.1), styled with the
State's design system (django-dsfr's static files, as the previews). The page speaks
the video's language (``lang``, and its few words). A video that was public and no
longer is answers 410, one that never was 404, each with a short French page.

Every answer may be framed (``frame-ancestors *``, no ``X-Frame-Options``) and carries
a strict ``Content-Security-Policy`` otherwise: the page's own static files, and the
video's files from where the store says they are. A ``200`` has the API's validators
and caching headers (``ETag``, ``Last-Modified``, ``Cache-Control``, ``Surrogate-Key``
``video:<id>``: purged with the video's document).
"""

from __future__ import annotations

import dataclasses
import json
import math
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from cms.delivery import caching, reads
from cms.delivery.models import Kind, State
from cms.delivery.views import cached

HTML = "text/html; charset=utf-8"


@dataclasses.dataclass(frozen=True)
class Wording:
    """The words of the embed page, in the video's language."""

    transcript: str
    duration: str
    credits: str
    rights_holder: str
    licence: str
    #: Inside ``<video>``, for a browser that cannot play it, before the download link.
    unsupported: str
    download: str
    #: Licence identifier -> its name.
    licences: dict[str, str]


WORDING = {
    "fr": Wording(
        transcript="Transcription",
        duration="Durée",
        credits="Crédits",
        rights_holder="Droits",
        licence="Licence",
        unsupported="Votre navigateur ne peut pas lire cette vidéo.",
        download="Télécharger la vidéo",
        licences={
            "all_rights_reserved": "Tous droits réservés",
            "etalab_2": "Licence Ouverte / Etalab 2.0",
            "etalab-2.0": "Licence Ouverte / Etalab 2.0",
            "cc_by_4": "Creative Commons BY 4.0",
            "cc_by_sa_4": "Creative Commons BY-SA 4.0",
            "public_domain": "Domaine public",
            "agency": "Droits d'agence",
        },
    ),
    "en": Wording(
        transcript="Transcript",
        duration="Duration",
        credits="Credits",
        rights_holder="Rights holder",
        licence="Licence",
        unsupported="Your browser cannot play this video.",
        download="Download the video",
        licences={
            "all_rights_reserved": "All rights reserved",
            "etalab_2": "Open Licence / Etalab 2.0",
            "etalab-2.0": "Open Licence / Etalab 2.0",
            "cc_by_4": "Creative Commons BY 4.0",
            "cc_by_sa_4": "Creative Commons BY-SA 4.0",
            "public_domain": "Public domain",
            "agency": "Agency rights",
        },
    ),
}

#: The messages of a 404 and a 410 (French: the page has no video to take a language from).
UNAVAILABLE = {
    404: "Cette vidéo n'existe pas ou n'a jamais été publiée.",
    410: "Cette vidéo n'est plus disponible.",
}


def csp(media_origins: list[str]) -> str:
    """The page's ``Content-Security-Policy``: its own static files (DSFR's style sheets,
    fonts, icons and module script), the video's files and poster from
    ``media_origins`` (``https://host``), no inline script or style, no plugin, no form;
    framed by anyone."""
    extra = "".join(f" {origin}" for origin in media_origins)
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
        f"img-src 'self' data:{extra}; media-src 'self'{extra}; manifest-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *"
    )


def origin(url: str) -> str:
    """``scheme://host[:port]`` of an absolute ``url``, ``""`` for a relative one."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def duration_text(seconds: float | None) -> str:
    """``seconds`` as the page shows it: ``45 s``, ``2 min 05 s``, ``1 h 02 min 03 s``
    (rounded to the second, non-breaking spaces); ``""`` when unknown."""
    if seconds is None:
        return ""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        text = f"{hours} h {minutes:02d} min {secs:02d} s"
    elif minutes:
        text = f"{minutes} min {secs:02d} s"
    else:
        text = f"{secs} s"
    return text.replace(" ", "\u00a0")


def iso_duration(seconds: float | None) -> str:
    """``seconds`` as an ISO 8601 duration (``PT2M5S``), for ``<time datetime>``."""
    if seconds is None:
        return ""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def sources(renditions: list[dict]) -> list[dict]:
    """The ``<source>`` elements of ``renditions``: largest first, each but the smallest
    with ``media="(min-width: <half its width>px)"`` (a frame half as wide as the file,
    on a screen of two device pixels per CSS pixel, shows it sharp), so that a browser
    takes the first that fits its frame; the smallest, last, is everyone's fallback."""
    ordered = sorted(renditions, key=lambda file: file.get("width") or 0, reverse=True)
    shown = []
    for position, file in enumerate(ordered):
        last = position == len(ordered) - 1
        media = "" if last else f"(min-width: {math.ceil((file.get('width') or 0) / 2)}px)"
        shown.append({**file, "media": media})
    return shown


def default_track(captions: list[dict], language: str) -> dict | None:
    """The track shown by default: the one in the video's language (captions before
    subtitles), else the French one, else none."""
    for wanted in (language, settings.LANGUAGE_CODE):
        matching = [track for track in captions if track.get("language") == wanted]
        matching.sort(key=lambda track: track.get("kind") != "captions")
        if matching:
            return matching[0]
    return None


def context_of(video: dict, request) -> dict:
    """What the template shows of the stored ``video`` (the agreed video object)."""
    language = video.get("language") or settings.LANGUAGE_CODE
    wording = WORDING.get(language, WORDING["en"])
    captions = video.get("captions") or []
    chosen = default_track(captions, language)
    renditions = video.get("renditions") or []
    urls = [file["url"] for file in renditions] + [track["url"] for track in captions]
    poster = None
    if video.get("poster"):
        poster = video["poster"]["renditions"]["large"]["url"]
        urls.append(poster)
    own = f"{request.scheme}://{request.get_host()}"
    origins = sorted({origin(url) for url in urls} - {"", own})
    licence = video.get("licence") or ""
    largest = sources(renditions)[0] if renditions else None
    return {
        "video": video,
        "language": language,
        "wording": wording,
        "sources": sources(renditions),
        "largest": largest,
        "tracks": [{**track, "default": track is chosen} for track in captions],
        "poster": poster,
        "duration": duration_text(video.get("duration")),
        "iso_duration": iso_duration(video.get("duration")),
        "licence": wording.licences.get(licence, licence),
        # Tracks from another origin load only with CORS (the media view must allow it).
        "cross_origin": bool(origins),
        "origins": origins,
    }


def unavailable(status: int, pk: int) -> HttpResponse:
    """The short French page of a 404 or a 410, cacheable like the API's."""
    html = render_to_string("delivery/embed_unavailable.html", {"message": UNAVAILABLE[status]})
    response = HttpResponse(html, status=status, content_type=HTML)
    response["Content-Security-Policy"] = csp([])
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    response["Surrogate-Key"] = caching.header([f"video:{pk}"])
    return response


@xframe_options_exempt
@require_safe
def video(request, pk: int) -> HttpResponse:
    """``GET /embed/videos/<pk>/``: the embed page of a public video (see the module)."""
    document = reads.detail(Kind.VIDEO, pk)
    if document is None:
        return unavailable(404, pk)
    now = timezone.now()
    if document.state == State.GONE or (
        document.expires_at is not None and document.expires_at <= now
    ):
        return unavailable(410, pk)
    context = context_of(json.loads(document.body), request)
    html = render_to_string("delivery/embed.html", context)
    response = cached(
        request,
        html,
        keys=[f"video:{pk}"],
        modified=document.modified_at,
        expiries=[document.expires_at],
        content_type=HTML,
    )
    response["Content-Security-Policy"] = csp(context["origins"])
    return response
