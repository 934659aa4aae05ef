"""The JSON shape of every public document, one serializer per type.

The pipeline passes what it renders through these serializers before storing it, and the
OpenAPI schema (drf-spectacular) is generated from them: the documented shape and the
served one are the same by construction (and tests validate real responses against the
schema). Dates are ISO 8601 with the UTC offset; days are ``YYYY-MM-DD`` (Paris).
"""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers


class PageReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The page's identifier (stable).")
    path = serializers.CharField(
        help_text="Public path, under the front end's base URL (`/actualites/mon-article/`)."
    )
    url = serializers.URLField(help_text="Canonical absolute URL on the public site.")


class MinistryRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        help_text="Stable identity of the ministry, across renames and languages (the `ministry` filter)."
    )
    slug = serializers.CharField()
    name = serializers.CharField(help_text="Current name, in the content's language.")
    short_name = serializers.CharField(allow_blank=True)
    acronym = serializers.CharField(allow_blank=True)
    name_at_publication = serializers.CharField(
        help_text="The ministry's name when the content was first published."
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
    size = serializers.IntegerField(
        allow_null=True, help_text="Taille du fichier, en octets (null si inconnue)."
    )


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
        help_text=(
            "paragraph, heading, image, quote, key_figures, call_to_action, document, accordion, "
            "video (`{video, caption, unavailable}`)."
        )
    )
    value = serializers.JSONField(
        help_text="The block's value; rich text is HTML with absolute links."
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
        allow_null=True, help_text="The next page (signed cursor), or null at the end."
    )


# -- Videos -------------------------------------------------------------------------------


class VideoFileSerializer(serializers.Serializer):
    """One MP4 rendition of a video, served while a public video shows it."""

    url = serializers.URLField(help_text="Public address of the file (random name).")
    type = serializers.CharField(help_text="`video/mp4` (H.264 and AAC).")
    width = serializers.IntegerField(help_text="Width, in pixels.")
    height = serializers.IntegerField(help_text="Height, in pixels.")
    size = serializers.IntegerField(allow_null=True, help_text="File size, in bytes.")


class CaptionTrackSerializer(serializers.Serializer):
    """A WebVTT track, for an HTML ``<track>``."""

    language = serializers.CharField(help_text="The `srclang` (`fr`, `en`).")
    label = serializers.CharField(help_text="The track's name in the player (« Français »).")
    kind = serializers.ChoiceField(
        choices=["captions", "subtitles"],
        help_text="`captions`: for deaf and hard-of-hearing viewers (sounds described); "
        "`subtitles`: a translation.",
    )
    url = serializers.URLField(help_text="Public address of the WebVTT file.")


class ChapterSerializer(serializers.Serializer):
    start = serializers.FloatField(help_text="Seconds from the start of the video.")
    title = serializers.CharField()


class EmbedSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The embed page: `/embed/videos/<id>/`.")
    html = serializers.CharField(help_text="An `<iframe>` of the embed page, with its title.")


class VideoSummarySerializer(serializers.Serializer):
    """A video in a listing: everything but its transcript and chapters."""

    id = serializers.IntegerField(help_text="The video's identifier (stable).")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    language = serializers.CharField(help_text="The language spoken (`fr`, `en`).")
    duration = serializers.FloatField(allow_null=True, help_text="In seconds.")
    width = serializers.IntegerField(allow_null=True, help_text="In pixels, as displayed.")
    height = serializers.IntegerField(allow_null=True, help_text="In pixels, as displayed.")
    recorded_on = serializers.DateField(allow_null=True, help_text="Day of recording (Paris).")
    poster = ImageSerializer(allow_null=True, help_text="The still shown before playing.")
    renditions = VideoFileSerializer(
        many=True, help_text="The MP4 files made, one per height (360, 720, 1080 at most)."
    )
    captions = CaptionTrackSerializer(many=True)
    credits = serializers.CharField(allow_blank=True)
    rights_holder = serializers.CharField(allow_blank=True)
    licence = serializers.CharField(allow_blank=True)
    ministry = MinistryRefSerializer(help_text="The ministry the video belongs to.")
    topics = TopicRefSerializer(many=True)
    embed = EmbedSerializer()
    published_at = serializers.DateTimeField(
        required=False, help_text="First public use (in the video's own document only)."
    )
    updated_at = serializers.DateTimeField(
        required=False, help_text="Last edit (in the video's own document only)."
    )


class VideoSerializer(VideoSummarySerializer):
    """A video in full: with its transcript (RGAA 4.1) and chapters."""

    chapters = ChapterSerializer(many=True)
    transcript = serializers.CharField(allow_blank=True, help_text="Plain text.")


class VideoListSerializer(serializers.Serializer):
    """A page of the video listing."""

    results = VideoSummarySerializer(many=True)
    next = serializers.URLField(
        allow_null=True, help_text="The next page (signed cursor), or null at the end."
    )


# -- Organisations ------------------------------------------------------------------------


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Stable identity, across renames and languages.")
    slug = serializers.CharField()
    name = serializers.CharField(help_text="In the document's language when translated.")


class FormerNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    short_name = serializers.CharField(allow_blank=True)
    acronym = serializers.CharField(allow_blank=True)
    used_until = serializers.DateField(help_text="Day of the rename (Paris): used before it.")


class MinistrySerializer(serializers.Serializer):
    """A ministry in one language, with its former names, lifetime and predecessors."""

    id = serializers.UUIDField(
        help_text="Stable identity across renames and languages: the `ministry` filter of "
        "/news/ and the `id` of the ministries that news items show."
    )
    locale = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField(help_text="Current full name.")
    short_name = serializers.CharField(allow_blank=True)
    acronym = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField(allow_null=True, help_text="Creation day (Paris).")
    end_date = serializers.DateField(
        allow_null=True, help_text="First day it no longer exists (Paris); null while it does."
    )
    is_active = serializers.BooleanField(help_text="Whether it exists today (Paris).")
    former_names = FormerNameSerializer(many=True, help_text="Newest first.")
    predecessors = OrganisationRefSerializer(
        many=True, help_text="Ministries it comes from (a merger, a split, a reorganisation)."
    )
    logo = ImageSerializer(allow_null=True, help_text="The ministry's brand block.")


class TopicSerializer(serializers.Serializer):
    """A topic of public policy in one language."""

    id = serializers.UUIDField(help_text="Stable identity across languages: the `topic` filter.")
    locale = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    parent = OrganisationRefSerializer(allow_null=True)


class GovernmentSerializer(GovernmentRefSerializer):
    """A government: its period is half-open, start date included, end date excluded."""

    prime_minister_title = serializers.CharField(
        help_text="« Premier ministre » or « Première ministre », as the Government writes it."
    )


class CrisisAlertSerializer(serializers.Serializer):
    """The crisis alert shown on every page while it lasts."""

    id = serializers.IntegerField()
    locale = serializers.CharField(help_text="Alerts are written in French.")
    title = serializers.CharField()
    level = serializers.ChoiceField(choices=["information", "vigilance", "alerte", "urgence"])
    message = serializers.CharField()
    link_url = serializers.URLField(allow_blank=True, help_text="Instructions to follow.")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True, help_text="Null while the crisis lasts.")


# -- Responses of the API (envelopes around stored documents) -----------------------------


class MinistryListSerializer(serializers.Serializer):
    results = MinistrySerializer(many=True)


class TopicListSerializer(serializers.Serializer):
    results = TopicSerializer(many=True)


class GovernmentListSerializer(serializers.Serializer):
    results = GovernmentSerializer(many=True)


class CrisisAlertAnswerSerializer(serializers.Serializer):
    alert = CrisisAlertSerializer(allow_null=True, help_text="Null when no alert is active.")


class MovedSerializer(serializers.Serializer):
    """A former path: the document now lives at ``path``."""

    path = serializers.CharField(help_text="The current public path.")
    url = serializers.URLField(help_text="The current canonical URL on the public site.")
    location = serializers.URLField(help_text="This API's lookup of the current path.")


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type = serializers.URLField(help_text="A stable URI per kind of problem (docs/api.md).")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False, help_text="The request's path and query.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="400 only: each refused parameter and why.",
    )


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="PageDocument",
        serializers=[NewsItemSerializer, SectionSerializer, HomeSerializer],
        resource_type_field_name=None,
    )
)
class PageDocumentField(serializers.JSONField):
    """The stored document at a path: a news item, a ministry's section or a home."""


class PageLookupSerializer(serializers.Serializer):
    """The document at a public path, with its kind."""

    kind = serializers.ChoiceField(
        choices=["news", "section", "home"],
        help_text="`news`: a NewsItem; `section`: a Section; `home`: a Home.",
    )
    document = PageDocumentField()


# -- Videos -------------------------------------------------------------------------------


class VideoDocumentSerializer(VideoSerializer):
    """The document of a video (`Kind.VIDEO`): the video with its dates."""

    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class VideoPageSummarySerializer(PageReferenceSerializer):
    """A video page in a listing."""

    type = serializers.ChoiceField(choices=["video_page"])
    locale = serializers.CharField()
    title = serializers.CharField()
    introduction = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    video = VideoSummarySerializer()


class VideoPageSerializer(VideoPageSummarySerializer):
    """A video page: its introduction and its video."""

    video = VideoSerializer()
    translations = TranslationSerializer(many=True)
