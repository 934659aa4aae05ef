"""Parameters and JSON shapes of the public search API (``/api/v1/search/``).

The parameter serializers validate a request's query string (through
``cms.delivery.queries.parse``, which refuses unknown, repeated and over-long
parameters as every public endpoint does) into the values of a
:class:`search.query.SearchQuery`; the response serializers document the answers in the
OpenAPI schema (tests validate real answers against it). docs/api.md, section "Search".
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings

from rest_framework import serializers

from cms.delivery.queries import LocaleQuery, locales
from search.query import FACETS, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, PAGE_SIZE, SORTS, TYPES

#: The deepest result served: ``page × page_size`` at most (Elasticsearch's and
#: OpenSearch's default ``index.max_result_window``; a deeper page is refused with a 400,
#: the same on every backend).
MAX_RESULT_WINDOW = 10_000
#: Titles an autocomplete answers, at most.
AUTOCOMPLETE_LIMIT = 10
#: A separator of several values of one facet filter (``type=news,video``).
SEPARATOR = ","

_KIND = re.compile(r"[a-z0-9_]{1,50}")
_YEAR = re.compile(r"[0-9]{4}")


def _closed(choices: tuple[str, ...] | list[str]):
    def check(value: str) -> str:
        if value not in choices:
            raise serializers.ValidationError(
                f"Unknown value “{value[:50]}”: one of {', '.join(choices)}."
            )
        return value

    return check


def _locale(value: str) -> str:
    return _closed(locales())(value)


def _kind(value: str) -> str:
    if not _KIND.fullmatch(value):
        raise serializers.ValidationError(
            f"Invalid kind “{value[:50]}”: lowercase letters, digits and underscores."
        )
    return value


def _identity(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise serializers.ValidationError(f"“{value[:50]}” is not a valid UUID.") from None


def _year(value: str) -> str:
    if not _YEAR.fullmatch(value) or int(value) < 1900:
        raise serializers.ValidationError(f"Invalid year “{value[:50]}”: four digits, 1900 on.")
    return value


class FacetFilterField(serializers.CharField):
    """A facet filter: one value or several separated by commas (``news,video``), each
    checked by ``check`` (a function returning the value as the index holds it, or
    raising ``ValidationError``); returns the values, without duplicates, in order."""

    def __init__(self, check, **kwargs):
        self.check = check
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data) -> tuple[str, ...]:
        text = super().to_internal_value(data)
        values = [value.strip() for value in text.split(SEPARATOR)]
        if "" in values:
            raise serializers.ValidationError("Give values separated by commas, none empty.")
        return tuple(dict.fromkeys(self.check(value) for value in values))


class SearchParameters(serializers.Serializer):
    """The parameters of ``GET /api/v1/search/``."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text=f"The words searched, at most {MAX_QUERY_LENGTH} characters. Accents, case "
        'and inflections do not matter; `"a phrase"`, `-excluded` and `or` are understood, '
        "other punctuation is ignored. Empty or absent: every item, newest first (faceted "
        "browsing).",
    )
    type = FacetFilterField(
        _closed(TYPES),
        help_text=f"Only results of these types, comma-separated: {', '.join(TYPES)}.",
    )
    kind = FacetFilterField(
        _kind,
        help_text="Only items of these kinds, comma-separated (a news item's `kind`: "
        "`communique`, `discours`…).",
    )
    ministry = FacetFilterField(
        _identity,
        help_text="Only items of these ministries, comma-separated UUIDs (a ministry's `id`).",
    )
    topic = FacetFilterField(
        _identity,
        help_text="Only items of these topics, comma-separated UUIDs (a topic's `id`).",
    )
    year = FacetFilterField(
        _year,
        help_text="Only items first published in these years (in Paris time), comma-separated.",
    )
    locale = FacetFilterField(
        _locale,
        help_text="Only items in these languages, comma-separated: `fr`, `en`. Every "
        "language by default.",
    )
    sort = serializers.ChoiceField(
        choices=list(SORTS),
        required=False,
        default="relevance",
        help_text="`relevance` (default: best match first, recent and current-government "
        "items boosted) or `date` (newest first).",
    )
    page = serializers.IntegerField(
        required=False,
        min_value=1,
        default=1,
        help_text="The page, from 1. A page past the last result answers an empty `results`; "
        f"`page × page_size` is at most {MAX_RESULT_WINDOW:,}.",
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=PAGE_SIZE,
        help_text=f"Results per page, 1 to {MAX_PAGE_SIZE} ({PAGE_SIZE} by default).",
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["page"] * attrs["page_size"] > MAX_RESULT_WINDOW:
            raise serializers.ValidationError(
                {
                    "page": [
                        f"Results are served up to the {MAX_RESULT_WINDOW:,}th: at most page "
                        f"{MAX_RESULT_WINDOW // attrs['page_size']} with this page_size."
                    ]
                }
            )
        return attrs


def filters_of(params: dict) -> dict[str, tuple[str, ...]]:
    """The facet filters of validated ``params`` (``SearchQuery.filters``)."""
    return {name: params[name] for name in FACETS if name in params}


class AutocompleteParameters(LocaleQuery):
    """The parameters of ``GET /api/v1/search/autocomplete/``: ``q`` and the API's
    ``locale``."""

    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text="The start of a title as typed (at least one character besides spaces).",
    )

    def validate(self, attrs: dict) -> dict:
        attrs.setdefault("locale", settings.LANGUAGE_CODE)
        return attrs


# -- Answers (documentation) --------------------------------------------------------------


class ReferenceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Stable identity (a UUID): the filter's value.")
    name = serializers.CharField(help_text="Its name, in the item's language.")


class SearchResultSerializer(serializers.Serializer):
    """One result."""

    type = serializers.CharField(help_text=f"One of {', '.join(TYPES)}.")
    title = serializers.CharField()
    excerpt = serializers.CharField(
        allow_blank=True,
        help_text="Plain text: the chapô (a video's description), or a passage around the "
        "words found.",
    )
    url = serializers.URLField(help_text="Canonical absolute URL on the public site.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="First publication.")
    ministries = ReferenceSerializer(many=True)
    topics = ReferenceSerializer(many=True)
    kind = serializers.CharField(allow_blank=True, help_text="A news item's kind, else empty.")
    locale = serializers.CharField()
    promoted = serializers.BooleanField(
        help_text="An editors' best bet for this query (shown first on the first page)."
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The filter's value (`ministry=<value>`).")
    label = serializers.CharField(
        help_text="What to show, in French: a type's or a news kind's name (« Communiqué de "
        "presse »), a language's own name (« Français », « English »), a ministry's or a "
        "topic's name, a year."
    )
    count = serializers.IntegerField(help_text="Results with this value (see `approximate`).")


class FacetsSerializer(serializers.Serializer):
    """Each facet's values among every result of the query, most frequent first. Every
    filter asked applies, the facet's own included: with `ministry=<id>`, the `ministry`
    facet counts that ministry's results and the ministries they share, not every
    ministry's; to list a facet's other values, query without its filter."""

    type = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    ministry = FacetValueSerializer(many=True)
    topic = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)
    locale = FacetValueSerializer(many=True)


class SearchAnswerSerializer(serializers.Serializer):
    """A page of search results."""

    results = SearchResultSerializer(many=True)
    count = serializers.IntegerField(help_text="Results of the query, every page.")
    approximate = serializers.BooleanField(
        help_text="More items match than the search ranks (a word found in most items): "
        "`count` and the facet counts count the candidates ranked only, and are lower "
        "bounds."
    )
    degraded = serializers.BooleanField(
        help_text="The search cluster could not answer: the database did (same items, "
        "ranking may differ)."
    )
    facets = FacetsSerializer()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")


class SuggestionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text=f"One of {', '.join(TYPES)}.")
    title = serializers.CharField()
    url = serializers.URLField()
    locale = serializers.CharField()


class AutocompleteAnswerSerializer(serializers.Serializer):
    """Titles starting with the words typed."""

    results = SuggestionSerializer(many=True, help_text=f"At most {AUTOCOMPLETE_LIMIT}.")
