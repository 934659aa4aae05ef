"""The JSON shape of ``/api/planner/items`` (documented by drf-spectacular)."""

from __future__ import annotations

import datetime

from rest_framework import serializers


def utc_instant(**kwargs) -> serializers.DateTimeField:
    """An instant, written in UTC: ``2026-12-01T08:00:00Z``."""
    return serializers.DateTimeField(default_timezone=datetime.UTC, **kwargs)


class PlannerPostSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    network = serializers.CharField(help_text="x, bluesky, mastodon, linkedin, facebook…")
    planned_at = utc_instant(help_text="The slot, UTC.")
    text = serializers.CharField()
    hashtags = serializers.ListField(child=serializers.CharField(), source="hashtag_list")
    length = serializers.IntegerField(help_text="As the network counts it (docs/api.md).")
    limit = serializers.IntegerField()
    image = serializers.SerializerMethodField()

    def get_image(self, post) -> dict | None:
        if post.image is None:
            return None
        return {"id": post.image.pk, "title": post.image.title, "alt": post.image_alt}


class PlannerMinistrySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="translation_key", help_text="Same across languages.")
    name = serializers.CharField()


class PlannerItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page.pk")
    title = serializers.CharField(help_text="As scheduled, or as published.")
    state = serializers.ChoiceField(choices=["scheduled", "live"])
    go_live_at = utc_instant(allow_null=True, help_text="UTC.")
    embargo = serializers.SerializerMethodField(help_text="Whether the item has an embargo.")
    embargo_until = utc_instant(allow_null=True, help_text="UTC.")
    ministry = PlannerMinistrySerializer(allow_null=True, help_text="Null: the Rédaction's own.")
    admin_url = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()
    posts = PlannerPostSerializer(many=True)

    def get_embargo(self, item) -> bool:
        return item.embargo_until is not None

    def get_admin_url(self, item) -> str:
        return self.context["admin_url"](item.page)

    def get_public_url(self, item) -> str | None:
        """The front end's URL, once live (never that of a scheduled item)."""
        return item.page.get_full_url() if item.state == "live" else None


class PlannerItemsSerializer(serializers.Serializer):
    items = PlannerItemSerializer(many=True)
