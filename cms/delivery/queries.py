"""Query parameters of the public API: declared, validated, and nothing else accepted.

Each listing declares its parameters as a serializer (documented in the OpenAPI schema);
:func:`parse` refuses any parameter it does not declare, any value longer than
``MAX_VALUE_LENGTH`` characters, a repeated parameter, and every invalid value, with a
400 problem naming each one. Cursors are signed (``django.core.signing``): a forged or
altered cursor is refused, never looked up.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing

from rest_framework import serializers

from cms.delivery.problems import InvalidParameters

MAX_VALUE_LENGTH = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CURSOR_SALT = "gouvernail.delivery.cursor"

#: The news kinds of the public vocabulary (the editorial ``NewsKind`` values).
NEWS_KINDS = ["actualite", "communique", "discours", "dossier_de_presse", "compte_rendu_conseil"]


def locales() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Cursor:
    """A position in a newest-first listing: ``(published_at, id)`` of the last item."""

    @staticmethod
    def dumps(published_at: datetime.datetime, pk: int) -> str:
        return signing.dumps([published_at.isoformat(), pk], salt=CURSOR_SALT, compress=False)

    @staticmethod
    def loads(value: str) -> tuple[datetime.datetime, int]:
        """Raises ``ValueError`` for a forged, altered or malformed cursor."""
        try:
            instant, pk = signing.loads(value, salt=CURSOR_SALT)
            moment = datetime.datetime.fromisoformat(instant)
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise ValueError("invalid cursor") from error
        if not isinstance(pk, int) or moment.tzinfo is None:
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


class LocaleQuery(serializers.Serializer):
    locale = serializers.ChoiceField(
        choices=[], required=False, help_text="Langue des contenus (fr par défaut)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = locales()


class NewsListQuery(LocaleQuery):
    """Filters and pagination of ``/api/v1/news/``."""

    kind = serializers.ChoiceField(choices=NEWS_KINDS, required=False)
    ministry = serializers.UUIDField(
        required=False, help_text="Identité stable d'un ministère (`id` de /ministries/)."
    )
    topic = serializers.UUIDField(required=False, help_text="`id` d'une thématique (/topics/).")
    government = serializers.RegexField(
        r"^[0-9]{1,10}$", required=False, help_text="`id` d'un gouvernement (/governments/)."
    )
    published_after = serializers.DateField(
        required=False, help_text="Publiés ce jour-là ou après (AAAA-MM-JJ, heure de Paris)."
    )
    published_before = serializers.DateField(
        required=False, help_text="Publiés avant ce jour-là (exclu ; AAAA-MM-JJ, heure de Paris)."
    )
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT
    )
    cursor = CursorField(required=False, max_length=MAX_VALUE_LENGTH)

    def validate(self, attrs):
        after, before = attrs.get("published_after"), attrs.get("published_before")
        if after and before and after >= before:
            raise serializers.ValidationError(
                {"published_before": ["Must be later than published_after."]}
            )
        return attrs


class PathQuery(serializers.Serializer):
    path = serializers.RegexField(
        r"^/[^?#\s]*$", max_length=MAX_VALUE_LENGTH, help_text="Chemin public, commençant par /."
    )


def parse(query_class: type[serializers.Serializer], params) -> dict:
    """The validated parameters of a request (``request.GET``), or ``InvalidParameters``."""
    errors = {}
    fields = query_class().fields
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
    query = query_class(data={name: params[name] for name in params})
    if not query.is_valid():
        raise InvalidParameters(query.errors)
    return query.validated_data
