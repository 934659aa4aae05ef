"""The preview endpoint's parameters and answers, as documented in the OpenAPI schema.

A preview is the public JSON of a page that may never have been published: its dates
may be null and its texts empty (the editor's panel previews incomplete drafts)."""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from cms.delivery import serializers as public


class PreviewQuery(serializers.Serializer):
    token = serializers.CharField(
        help_text="The signed token of the front end's preview URL (`?token=`); it expires "
        "after `PREVIEW_TOKEN_MAX_AGE` seconds (one hour by default)."
    )


class PreviewNewsItemSerializer(public.NewsItemSerializer):
    """A news item as `/api/v1/news/{id}/` would serve it once published."""

    title = serializers.CharField(allow_blank=True)
    chapo = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="Null before the first publication."
    )
    updated_at = serializers.DateTimeField(
        allow_null=True, help_text="Null before the first publication."
    )


class PreviewSectionSerializer(public.SectionSerializer):
    title = serializers.CharField(allow_blank=True)


class PreviewHomeSerializer(public.HomeSerializer):
    title = serializers.CharField(allow_blank=True)


PREVIEW = PolymorphicProxySerializer(
    component_name="Preview",
    serializers=[PreviewNewsItemSerializer, PreviewSectionSerializer, PreviewHomeSerializer],
    resource_type_field_name=None,
)
