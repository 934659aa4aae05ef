"""Video documents of the agreed shape (docs/videos.md, "API and embed"), written straight
into the delivery store: what the publication pipeline writes for a ``Kind.VIDEO``
(``key`` ``video:<id>``, ``path`` empty, the ``duration`` column, ministry and topic
facets), for the tests of the API, the feeds, the embed page and the webhooks."""

from __future__ import annotations

import datetime
import json
import uuid

from django.utils import timezone

from cms.delivery.models import Document, Facet, Kind, State

BASE = "http://localhost:8000"
MINISTRY = "6f1c2b7e-0000-4000-8000-000000000001"  # fixed: it names parametrized tests


def image(number: int, base: str = BASE) -> dict:
    """A poster as ``cms.publishing.content.image()`` renders it."""

    def rendition(name, width, height, ext="webp"):
        return {
            "url": f"{base}/media/renditions/poster-{number}.{name}.{ext}",
            "width": width,
            "height": height,
            "size": 1000 + width,
        }

    return {
        "id": number,
        "alt": "",
        "credit": "SIG",
        "renditions": {
            "small": rendition("small", 480, 270),
            "medium": rendition("medium", 960, 540),
            "large": rendition("large", 1600, 900),
            "social": rendition("social", 1200, 630, "jpg"),
        },
    }


def video_object(
    number: int,
    published_at: datetime.datetime,
    *,
    title: str | None = None,
    language: str = "fr",
    duration: float | None = 61.5,
    ministry: str = MINISTRY,
    ministry_name: str = "Ministère de la Santé",
    topics: tuple[str, ...] = (),
    poster: bool = True,
    renditions: tuple[tuple[int, int], ...] = ((640, 360), (1280, 720), (1920, 1080)),
    captions: tuple[tuple[str, str, str], ...] = (("fr", "Français", "captions"),),
    transcript: str = "Bonjour.\n\nCeci est la transcription.",
    base: str = BASE,
) -> dict:
    """The body of a ``Kind.VIDEO`` document (the video object, with its dates)."""
    title = title or f"Vidéo {number}"
    embed = f"{base}/embed/videos/{number}/"
    return {
        "id": number,
        "title": title,
        "description": f"Description de la vidéo {number}.",
        "language": language,
        "duration": duration,
        "width": 1920,
        "height": 1080,
        "recorded_on": "2026-11-02",
        "poster": image(number, base) if poster else None,
        "renditions": [
            {
                "url": f"{base}/media/videos/renditions/v{number}-{height}.mp4",
                "type": "video/mp4",
                "width": width,
                "height": height,
                "size": width * 10_000,
            }
            for width, height in renditions
        ],
        "captions": [
            {
                "language": code,
                "label": label,
                "kind": kind,
                "url": f"{base}/media/videos/captions/v{number}-{code}-{kind}.vtt",
            }
            for code, label, kind in captions
        ],
        "chapters": [{"start": 0.0, "title": "Introduction"}],
        "transcript": transcript,
        "credits": "Réalisation : SIG",
        "rights_holder": "Service d'information du Gouvernement",
        "licence": "etalab_2",
        "ministry": {
            "id": ministry,
            "slug": "sante",
            "name": ministry_name,
            "short_name": "Santé",
            "acronym": "",
            "name_at_publication": ministry_name,
        },
        "topics": [{"id": topic, "slug": f"t-{topic[:4]}", "name": "Santé"} for topic in topics],
        "embed": {
            "url": embed,
            "html": f'<iframe src="{embed}" title="Vidéo : {title}" width="640" height="460" '
            "allowfullscreen></iframe>",
        },
        "published_at": published_at.isoformat(),
        "updated_at": published_at.isoformat(),
    }


def stored_video(
    number: int,
    published_at: datetime.datetime | None = None,
    *,
    state: str = State.PUBLIC,
    expires_at: datetime.datetime | None = None,
    **fields,
) -> Document:
    """A video document written straight into the store (public id ``number``); ``fields``
    go to :func:`video_object`."""
    published_at = published_at or timezone.now() - datetime.timedelta(hours=number)
    body = video_object(number, published_at, **fields)
    summary = {k: v for k, v in body.items() if k not in ("transcript", "chapters")}
    document = Document.objects.create(
        key=f"video:{number}",
        kind=Kind.VIDEO,
        public_id=str(number),
        locale=body["language"],
        state=state,
        path="",
        body=json.dumps(body, ensure_ascii=False),
        summary=json.dumps(summary, ensure_ascii=False),
        etag=uuid.uuid4().hex,
        published_at=published_at,
        updated_at=published_at,
        modified_at=timezone.now(),
        expires_at=expires_at,
        duration=body["duration"],
    )
    Facet.objects.bulk_create(
        [Facet(document=document, name="ministry", value=body["ministry"]["id"])]
        + [Facet(document=document, name="topic", value=t) for t in fields.get("topics", ())]
    )
    return document
