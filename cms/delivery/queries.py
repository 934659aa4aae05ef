"""Query parameters of the public API: declared, validated, and nothing else accepted.

Each listing declares its parameters as a serializer (documented in the OpenAPI schema);
:func:`parse` refuses any parameter it does not declare, any value longer than
``MAX_VALUE_LENGTH`` characters, a repeated parameter, and every invalid value, with a
400 problem naming each one. Cursors are signed (``django.core.signing``): a forged or
altered cursor is refused, never looked up.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from urllib.parse import unquote

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from cms.delivery.problems import InvalidParameters

MAX_VALUE_LENGTH = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CURSOR_SALT = "gouvernail.delivery.cursor"

#: The news kinds of the public vocabulary (the editorial ``NewsKind``: its values and
#: their French names, which the public search shows as its ``kind`` facet's labels).
NEWS_KIND_LABELS = {
    "actualite": _("Actualité"),
    "communique": _("Communiqué de presse"),
    "discours": _("Discours"),
    "dossier_de_presse": _("Dossier de presse"),
    "compte_rendu_conseil": _("Compte rendu du Conseil des ministres"),
}
NEWS_KINDS = list(NEWS_KIND_LABELS)


def locales() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Cursor:
    """A position in a newest-first listing: ``(published_at, id)`` of the last item."""

    @staticmethod
    def dumps(published_at: datetime.datetime, pk: int) -> str:
        return signing.dumps([published_at.isoformat(), pk], salt=CURSOR_SALT, compress=False)

    @staticmethod
    def loads(value: str) -> tuple[datetime.datetime, int]:
        """The position in a cursor. Raises ``ValueError`` for a forged, altered or
        malformed cursor, and for a signed one holding anything but an aware instant a
        database can store and a primary key (1 to 2**63 - 1)."""
        try:
            instant, pk = signing.loads(value, salt=CURSOR_SALT)
            moment = datetime.datetime.fromisoformat(instant)
            if moment.tzinfo is not None:
                moment = moment.astimezone(datetime.UTC)
        except (signing.BadSignature, TypeError, ValueError, OverflowError) as error:
            raise ValueError("invalid cursor") from error
        if moment.tzinfo is None or type(pk) is not int or not 0 < pk < 2**63:
            raise ValueError("invalid cursor")
        return moment, pk


class CursorField(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return Cursor.loads(value)
        except ValueError:
            raise serializers.ValidationError(
                "Invalid cursor: use the `next` link of a previous response."
            ) from None


class DayField(serializers.DateField):
    """A calendar day (``YYYY-MM-DD``) from 1900 to 9999: earlier days have no Paris
    midnight a database stores."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day.year < 1900:
            raise serializers.ValidationError("Give a day from 1900-01-01 on.")
        return day


class NoQuery(serializers.Serializer):
    """No parameter at all."""


class LocaleQuery(serializers.Serializer):
    locale = serializers.ChoiceField(
        choices=[],
        required=False,
        help_text="Language of the content: `fr` (default) or `en`.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = locales()


class NewsListQuery(LocaleQuery):
    """Filters and pagination of ``/api/v1/news/``."""

    kind = serializers.ChoiceField(
        choices=NEWS_KINDS, required=False, help_text="Only items of this kind."
    )
    ministry = serializers.UUIDField(
        required=False,
        help_text="Only items of this ministry: its stable `id` (from /ministries/ or a news "
        "item's `ministries`), the same across renames and languages.",
    )
    topic = serializers.UUIDField(
        required=False, help_text="Only items of this topic: its `id` (from /topics/)."
    )
    government = serializers.RegexField(
        r"^[0-9]{1,10}$",
        required=False,
        help_text="Only items first published under this government: its `id` (/governments/).",
    )
    published_after = DayField(
        required=False,
        help_text="Only items first published on this day or later (YYYY-MM-DD, Paris time).",
    )
    published_before = DayField(
        required=False,
        help_text="Only items first published before this day (excluded; YYYY-MM-DD, Paris).",
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        help_text=f"Items per page, 1 to {MAX_LIMIT}.",
    )
    cursor = CursorField(
        required=False,
        max_length=MAX_VALUE_LENGTH,
        help_text="Opaque position: copy it from the `next` link of the previous page.",
    )

    def validate(self, attrs):
        after, before = attrs.get("published_after"), attrs.get("published_before")
        if after and before and after >= before:
            raise serializers.ValidationError(
                {"published_before": ["Must be later than published_after."]}
            )
        if "government" in attrs:
            attrs["government"] = str(int(attrs["government"]))
        return attrs


class FeedQuery(LocaleQuery):
    """Filters of the news feeds ``/api/v1/feeds/news.rss`` and ``news.atom``."""

    ministry = serializers.UUIDField(
        required=False,
        help_text="Only items of this ministry (its `id`, as in /news/); the feed is named "
        "after it. 404 if no ministry has this `id`.",
    )
    topic = serializers.UUIDField(
        required=False,
        help_text="Only items of this topic (its `id`, from /topics/); the feed is named "
        "after it. 404 if no topic has this `id`.",
    )


class DurationField(serializers.FloatField):
    """A duration in seconds: a finite number, 0 or more (``12``, ``61.5``)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class VideoListQuery(serializers.Serializer):
    """Filters and pagination of ``/api/v1/videos/``."""

    language = serializers.ChoiceField(
        choices=[],
        required=False,
        help_text="Only videos in this language (`fr` or `en`); every language by default.",
    )
    ministry = serializers.UUIDField(
        required=False,
        help_text="Only videos of this ministry: its stable `id` (from /ministries/ or a "
        "video's `ministry`), the same across renames and languages.",
    )
    topic = serializers.UUIDField(
        required=False, help_text="Only videos of this topic: its `id` (from /topics/)."
    )
    published_after = DayField(
        required=False,
        help_text="Only videos first published on this day or later (YYYY-MM-DD, Paris time).",
    )
    published_before = DayField(
        required=False,
        help_text="Only videos first published before this day (excluded; YYYY-MM-DD, Paris).",
    )
    duration_min = DurationField(
        required=False, help_text="Only videos lasting at least this many seconds (0 or more)."
    )
    duration_max = DurationField(
        required=False,
        help_text="Only videos lasting at most this many seconds (0 or more, not less than "
        "`duration_min`).",
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        help_text=f"Videos per page, 1 to {MAX_LIMIT}.",
    )
    cursor = CursorField(
        required=False,
        max_length=MAX_VALUE_LENGTH,
        help_text="Opaque position: copy it from the `next` link of the previous page.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = locales()

    def validate(self, attrs):
        after, before = attrs.get("published_after"), attrs.get("published_before")
        if after and before and after >= before:
            raise serializers.ValidationError(
                {"published_before": ["Must be later than published_after."]}
            )
        shortest, longest = attrs.get("duration_min"), attrs.get("duration_max")
        if shortest is not None and longest is not None and shortest > longest:
            raise serializers.ValidationError(
                {"duration_max": ["Must be greater than or equal to duration_min."]}
            )
        return attrs


class VideoFeedQuery(serializers.Serializer):
    """Filters of the video feeds ``/api/v1/feeds/videos.rss`` and ``videos.atom``."""

    language = serializers.ChoiceField(
        choices=[],
        required=False,
        help_text="Only videos in this language (`fr` or `en`), and the feed's own wording; "
        "every language, in French, by default.",
    )
    ministry = serializers.UUIDField(
        required=False,
        help_text="Only videos of this ministry (its `id`); the feed is named after it. 404 "
        "if no ministry has this `id`.",
    )
    topic = serializers.UUIDField(
        required=False,
        help_text="Only videos of this topic (its `id`, from /topics/); the feed is named "
        "after it. 404 if no topic has this `id`.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = locales()


class PathQuery(serializers.Serializer):
    path = serializers.RegexField(
        r"^/[^?#\s]*$",
        max_length=MAX_VALUE_LENGTH,
        help_text="A public path, starting with `/` (`/actualites/mon-article/`); a missing "
        "final `/` is added.",
    )

    def validate_path(self, value: str) -> str:
        return value if value.endswith("/") else value + "/"


#: A ``path`` that ``PathQuery`` accepts as it is: a ``/``, then no ``?``, ``#``,
#: whitespace (which its field would trim or refuse), NUL nor surrogate (refused).
_VALID_PATH = re.compile(r"/[^?#\s\x00\ud800-\udfff]*")


def path_of(request) -> str:
    """The validated ``path`` of a path lookup, as :func:`parse` of ``PathQuery`` gives it
    from ``request.GET``, or ``InvalidParameters``.

    The lookup's usual query (``path=`` alone, ASCII, no ``+``: what ``request.GET``
    would decode as ``urllib.parse.unquote`` does) is read from the query string without
    building ``request.GET``, and checked by one precompiled regex, which accepts only
    what ``PathQuery`` accepts unchanged; anything else goes through :func:`parse`, with
    its messages."""
    raw = request.META.get("QUERY_STRING", "")
    if raw.startswith("path=") and raw.isascii() and "&" not in raw and "+" not in raw:
        value = unquote(raw[5:])
        if len(value) <= MAX_VALUE_LENGTH and _VALID_PATH.fullmatch(value):
            return value if value.endswith("/") else value + "/"
    return parse(PathQuery, request.GET)["path"]


@functools.cache
def _prototype(query_class: type[serializers.Serializer], languages: tuple[str, ...]):
    """One instance of ``query_class`` per set of ``languages`` (its ``locale`` choices):
    building a serializer deep-copies its fields, which costs more than validating."""
    return query_class()


def parse(query_class: type[serializers.Serializer], params) -> dict:
    """The validated parameters of a request (``request.GET``), or ``InvalidParameters``.

    Validation runs on a serializer built once (``run_validation`` keeps no state on
    it), with DRF's fields and messages."""
    errors = {}
    query = _prototype(query_class, tuple(locales()))
    fields = query.fields
    for name in params:
        values = params.getlist(name)
        shown = name[:50]  # a forged name is not echoed whole
        if name not in fields:
            errors[shown] = ["Unknown parameter."]
        elif len(values) > 1:
            errors[shown] = ["Give this parameter once."]
        elif len(values[0]) > MAX_VALUE_LENGTH:
            errors[shown] = [f"At most {MAX_VALUE_LENGTH} characters."]
    if errors:
        raise InvalidParameters(errors)
    try:
        return query.run_validation({name: params[name] for name in params})
    except serializers.ValidationError as error:
        raise InvalidParameters(error.detail) from None
