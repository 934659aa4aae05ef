"""The JSON shape of every public document, one serializer per type.

The pipeline passes what it renders through these serializers before storing it, and the
OpenAPI schema (drf-spectacular) is generated from them: the documented shape and the
served one are the same by construction (and tests validate real responses against the
schema). Dates are ISO 8601 with the UTC offset; days are ``YYYY-MM-DD`` (Paris).
"""

from __future__ import annotations

from rest_framework import serializers


class PageReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identifiant de la page (stable).")
    path = serializers.CharField(help_text="Chemin public, sous l'adresse du site public.")
    url = serializers.URLField(help_text="Adresse canonique sur le site public.")


class MinistryRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        help_text="Identité stable du ministère, à travers renommages et langues."
    )
    slug = serializers.CharField()
    name = serializers.CharField(help_text="Nom actuel, dans la langue du contenu.")
    short_name = serializers.CharField(allow_blank=True)
    acronym = serializers.CharField(allow_blank=True)
    name_at_publication = serializers.CharField(
        help_text="Nom du ministère à la première publication du contenu."
    )


class TopicRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.CharField()
    name = serializers.CharField()


class GovernmentRefSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    prime_minister = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    has_ended = serializers.BooleanField()


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Adresse publique du fichier (nom aléatoire).")
    width = serializers.IntegerField(help_text="Largeur, en pixels.")
    height = serializers.IntegerField(help_text="Hauteur, en pixels.")


class ImageRenditionsSerializer(serializers.Serializer):
    small = RenditionSerializer(help_text="WebP, 480 pixels de large (jamais agrandie).")
    medium = RenditionSerializer(help_text="WebP, 960 pixels de large (jamais agrandie).")
    large = RenditionSerializer(help_text="WebP, 1600 pixels de large (jamais agrandie).")
    social = RenditionSerializer(
        help_text="JPEG 1200×630, recadrée sur le point d'intérêt, pour les cartes des "
        "réseaux sociaux (qui ne lisent pas toutes le WebP)."
    )


class ImageSerializer(serializers.Serializer):
    """An image: its renditions only, never the original file. An image whose rights
    have expired is not shown (``null``), and its files are no longer served."""

    id = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True, help_text="Texte alternatif (vide : décorative).")
    credit = serializers.CharField(allow_blank=True)
    renditions = ImageRenditionsSerializer()


class AttachmentSerializer(serializers.Serializer):
    """A downloadable document, served while a public content shows it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    file_type = serializers.CharField(help_text="Extension du fichier, en minuscules (pdf, odt…).")
    type_label = serializers.CharField(help_text="Nature du fichier (« Document PDF »).")
    size = serializers.IntegerField(allow_null=True, help_text="Taille en octets.")
    accessible = serializers.BooleanField()


class BlockSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text="paragraph, heading, image, quote, key_figures, call_to_action, document, accordion."
    )
    value = serializers.JSONField(
        help_text="La valeur du bloc ; le HTML des paragraphes a des liens absolus."
    )


class ChangeNoteSerializer(serializers.Serializer):
    date = serializers.DateTimeField()
    note = serializers.CharField()


class WithdrawalSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    reason = serializers.CharField()


class TranslationSerializer(serializers.Serializer):
    locale = serializers.CharField()
    path = serializers.CharField()
    url = serializers.URLField()


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class NewsSummarySerializer(PageReferenceSerializer):
    """A news item in a listing."""

    type = serializers.ChoiceField(choices=["news", "ministry_news"])
    kind = serializers.CharField()
    locale = serializers.CharField()
    title = serializers.CharField()
    chapo = serializers.CharField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    image = ImageSerializer(allow_null=True)
    ministries = MinistryRefSerializer(many=True)
    topics = TopicRefSerializer(many=True)


class NewsItemSerializer(NewsSummarySerializer):
    """A news item in full."""

    body = BlockSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    related = NewsSummarySerializer(many=True)
    government = GovernmentRefSerializer(allow_null=True)
    history_notice = serializers.CharField(allow_blank=True)
    change_history = ChangeNoteSerializer(many=True)
    withdrawn = WithdrawalSerializer(allow_null=True)
    translations = TranslationSerializer(many=True)
    seo = SeoSerializer()


class SectionSerializer(PageReferenceSerializer):
    """A ministry's section."""

    locale = serializers.CharField()
    title = serializers.CharField()
    introduction = serializers.CharField(allow_blank=True)
    ministry = MinistryRefSerializer()
    translations = TranslationSerializer(many=True)


class HomeSerializer(serializers.Serializer):
    """A language's home: the "À la une" selection, in order."""

    locale = serializers.CharField()
    title = serializers.CharField()
    featured = NewsSummarySerializer(many=True)


class NewsPageSerializer(serializers.Serializer):
    """A page of the news listing."""

    results = NewsSummarySerializer(many=True)
    next = serializers.URLField(
        allow_null=True, help_text="La page suivante (curseur signé), ou null à la fin."
    )
