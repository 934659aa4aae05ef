"""Renderers of the organisations: ministries, topics (one document per language version)
and governments (one document each).

Ministries and topics are translatable snippets: each language version (a row of its own)
is a source, stored as a document of its language whose ``public_id`` is the translation
key, the identity that stays the same across renames and languages. Governments are
proper names, stored once (``public_id`` = their primary key, ``locale`` = the default
language). None of them has a draft state: every row is public until it is deleted, and
a deleted one leaves a tombstone (``cms.publishing.documents``).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from cms.delivery import serializers
from cms.delivery.models import Kind
from cms.organisations.models import Government, Ministry, MinistryPredecessor, Topic
from cms.publishing import content
from cms.publishing.documents import Rendered, renderer
from cms.publishing.pipeline import DEPENDENTS


def _reference(obj, locale_id: int) -> dict:
    """``{"id", "slug", "name"}`` of a ministry or topic, in the language ``locale_id``
    when it is translated, else in its own."""
    shown = content.translated(obj, locale_id)
    return {"id": str(obj.translation_key), "slug": shown.slug, "name": shown.name}


# -- Ministries ---------------------------------------------------------------------------


def every_ministry() -> list[int]:
    """The pks of every ministry row (one per language version), for a rebuild."""
    return list(Ministry.objects.order_by("pk").values_list("pk", flat=True))


@renderer("ministry", every_ministry)
def render_ministry(pk: int) -> Rendered | None:
    """The document of the language version ``pk`` of a ministry, or ``None`` if deleted:
    its names (current and former), lifetime, predecessors and logo."""
    ministry = Ministry.objects.filter(pk=pk).select_related("locale", "logo").first()
    if ministry is None:
        return None
    files: list[str] = []
    data = {
        "id": str(ministry.translation_key),
        "locale": ministry.locale.language_code,
        "slug": ministry.slug,
        "name": ministry.name,
        "short_name": ministry.short_name,
        "acronym": ministry.acronym,
        "start_date": ministry.start_date,
        "end_date": ministry.end_date,
        "is_active": ministry.is_active,
        "former_names": [
            {
                "name": former.name,
                "short_name": former.short_name,
                "acronym": former.acronym,
                "used_until": former.used_until,
            }
            for former in ministry.former_names.order_by("-used_until")
        ],
        "predecessors": [
            _reference(link.predecessor, ministry.locale_id)
            for link in ministry.predecessor_links.select_related("predecessor")
        ],
        "logo": content.image(ministry.logo, files) if ministry.logo else None,
    }
    return Rendered(
        kind=Kind.MINISTRY,
        public_id=data["id"],
        locale=data["locale"],
        translation_key=data["id"],
        body=serializers.MinistrySerializer(data).data,
        summary={"id": data["id"], "slug": ministry.slug, "name": ministry.name},
        refresh_at=content.next_instant(
            content.day_start(ministry.end_date), content.licence_end(ministry.logo)
        ),
        files=files,
    )


def successor_ministries(source: str, pk: int) -> list[tuple[str, int]]:
    """Ministries that name ministry ``pk`` as a predecessor (they show its name), in
    every language (a ``DEPENDENTS`` function)."""
    if source != "ministry":
        return []
    key = Ministry.objects.filter(pk=pk).values("translation_key")
    successors = MinistryPredecessor.objects.filter(predecessor__translation_key__in=key).values(
        "ministry__translation_key"
    )
    found = Ministry.objects.filter(translation_key__in=successors).values_list("pk", flat=True)
    return [("ministry", successor) for successor in found]


# -- Topics -------------------------------------------------------------------------------


def every_topic() -> list[int]:
    """The pks of every topic row (one per language version), for a rebuild."""
    return list(Topic.objects.order_by("pk").values_list("pk", flat=True))


@renderer("topic", every_topic)
def render_topic(pk: int) -> Rendered | None:
    """The document of the language version ``pk`` of a topic, or ``None`` if deleted."""
    topic = Topic.objects.filter(pk=pk).select_related("locale", "parent").first()
    if topic is None:
        return None
    data = {
        "id": str(topic.translation_key),
        "locale": topic.locale.language_code,
        "slug": topic.slug,
        "name": topic.name,
        "description": topic.description,
        "parent": _reference(topic.parent, topic.locale_id) if topic.parent else None,
    }
    return Rendered(
        kind=Kind.TOPIC,
        public_id=data["id"],
        locale=data["locale"],
        translation_key=data["id"],
        body=serializers.TopicSerializer(data).data,
        summary={"id": data["id"], "slug": topic.slug, "name": topic.name},
    )


def child_topics(source: str, pk: int) -> list[tuple[str, int]]:
    """Topics whose parent is topic ``pk`` in any language (they show its name)."""
    if source != "topic":
        return []
    key = Topic.objects.filter(pk=pk).values("translation_key")
    found = Topic.objects.filter(parent__translation_key__in=key).values_list("pk", flat=True)
    return [("topic", child) for child in found]


# -- Governments --------------------------------------------------------------------------


def every_government() -> list[int]:
    """The pks of every government, for a rebuild."""
    return list(Government.objects.order_by("pk").values_list("pk", flat=True))


@renderer("government", every_government)
def render_government(pk: int) -> Rendered | None:
    """The document of government ``pk``, or ``None`` if deleted. Rendered again at the
    start of its end date (Paris), when ``has_ended`` turns true."""
    government = Government.objects.filter(pk=pk).first()
    if government is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        title = str(government.get_prime_minister_title_display())
    data = {
        **content.government(government),
        "prime_minister_title": title,
    }
    return Rendered(
        kind=Kind.GOVERNMENT,
        public_id=str(government.pk),
        locale=settings.LANGUAGE_CODE,
        body=serializers.GovernmentSerializer(data).data,
        summary=content.government(government),
        # Listings of governments are newest first: by the start of their period.
        published_at=content.day_start(government.start_date),
        refresh_at=content.next_instant(content.day_start(government.end_date)),
    )


DEPENDENTS.extend([successor_ministries, child_topics])
