"""What the editors' synonyms and best bets make of a query: ``SearchQuery.alternatives``
and ``SearchQuery.promoted`` (``search.query``).

Both functions read the database at most once per call (never for a text without
words), through an index, whatever the number of groups or best bets (no cache to
invalidate: docs/search-curation.md has the timings).
Every public search calls both: their statements are written here once, plain SQL that
SQLite runs too, not querysets compiled at each call (the compiling cost most of each
call: docs/performance.md, "Public search").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

from search.curation.models import MAX_TERM_WORDS, BestBet, BestBetTarget, SynonymTerm
from search.curation.text import compose, normalise, words

#: Most alternative phrasings returned for one query: each is one more full-text
#: condition for the backend to evaluate.
MAX_ALTERNATIVES = 10
#: Candidate phrasings looked at before giving up on finding ``MAX_ALTERNATIVES``
#: distinct ones (bounded work whatever the groups hold).
MAX_CANDIDATES = 100

#: The terms of every group with a term among ``{runs}`` (placeholders), by group and
#: position. Filtered by group only in the outer query: the terms of a group share its
#: locale, and the index on ``group_id`` is then the one used (not a scan of the
#: locale's terms).
_GROUP_TERMS = (
    f"SELECT group_id, normalised, text FROM {SynonymTerm._meta.db_table} "  # noqa: S608
    f"WHERE group_id IN (SELECT group_id FROM {SynonymTerm._meta.db_table} "
    "WHERE locale = %s AND normalised IN ({runs})) ORDER BY group_id, position"
)
#: The targets of the best bet of a locale and a normalised query, in their order; rows
#: made outside the admin may have no ``sort_order``: last, on every database.
_BEST_BET_TARGETS = (
    f"SELECT target.document_key FROM {BestBetTarget._meta.db_table} AS target "  # noqa: S608
    f"JOIN {BestBet._meta.db_table} AS bet ON bet.id = target.best_bet_id "
    "WHERE bet.locale = %s AND bet.normalised_query = %s "
    "ORDER BY CASE WHEN target.sort_order IS NULL THEN 1 ELSE 0 END, target.sort_order, "
    "target.id"
)


@dataclass(frozen=True)
class _Match:
    """A run of whole words of the query that is a synonym term: ``start`` and ``end``
    are its offsets in the (NFC-composed) query, ``others`` the other terms of its group,
    as the editors typed them."""

    start: int
    end: int
    others: tuple[str, ...]


def expansions(text: str, locale: str = "fr") -> tuple[str, ...]:
    """The other phrasings of ``text`` (a query as typed) that the synonyms of ``locale``
    give.

    Every run of whole words of ``text`` that equals (case and accents ignored) a term of
    a synonym group is a *match*; the longest term wins where terms overlap, from left to
    right ("RSA" is not found in "RSAX"). A phrasing replaces, in ``text`` as typed (its
    punctuation and other words kept), some matches by another term of their group:
    first every phrasing with one replacement (in the order of the matches, then of the
    group's terms), then with two, and so on. At most ``MAX_ALTERNATIVES`` distinct
    phrasings, different from ``text``; ``()`` when no term matches. One query (none
    for a text without words).
    """
    composed = compose(text)
    found = _matches(composed, locale)
    return tuple(
        itertools.islice(_distinct(_phrasings(composed, found), composed), MAX_ALTERNATIVES)
    )


def promoted(text: str, locale: str = "fr") -> tuple[str, ...]:
    """The delivery store keys of the items editors made best bets for ``text`` in
    ``locale``, in their order: those of the best bet whose query equals ``text`` (case,
    accents and punctuation ignored), ``()`` when there is none. Whether each item is
    still public is the backend's check. One query (none for a text without words)."""
    normalised = normalise(text)
    if not normalised:
        return ()
    with connection.cursor() as cursor:
        cursor.execute(_BEST_BET_TARGETS, [locale, normalised])
        return tuple(key for (key,) in cursor.fetchall())


def _matches(composed: str, locale: str) -> list[_Match]:
    """The matches of synonym terms in ``composed``, left to right, longest first."""
    tokens = words(composed)
    runs = {
        " ".join(word for word, _start, _end in tokens[i : i + n])
        for i in range(len(tokens))
        for n in range(1, MAX_TERM_WORDS + 1)
        if i + n <= len(tokens)
    }
    if not runs:
        return []
    placeholders = ", ".join(["%s"] * len(runs))
    groups: dict[int, list[tuple[str, str]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_GROUP_TERMS.format(runs=placeholders), [locale, *sorted(runs)])
        for group_id, normalised, typed in cursor.fetchall():
            groups.setdefault(group_id, []).append((normalised, typed))
    terms = {
        normalised: tuple(
            other for other_normalised, other in group if other_normalised != normalised
        )
        for group in groups.values()
        for normalised, _typed in group
    }
    found, i = [], 0
    while i < len(tokens):
        for n in range(min(MAX_TERM_WORDS, len(tokens) - i), 0, -1):
            run = " ".join(word for word, _start, _end in tokens[i : i + n])
            if run in terms:
                if terms[run]:  # a group of one term (made outside the admin) gives nothing
                    found.append(_Match(tokens[i][1], tokens[i + n - 1][2], terms[run]))
                i += n
                break
        else:
            i += 1
    return found


def _phrasings(composed: str, found: list[_Match]) -> Iterator[str]:
    """``composed`` with 1, then 2… of the ``found`` matches replaced, every way."""
    for count in range(1, len(found) + 1):
        for chosen in itertools.combinations(found, count):
            for replacements in itertools.product(*(match.others for match in chosen)):
                yield _replace(composed, zip(chosen, replacements, strict=True))


def _replace(composed: str, replacements) -> str:
    parts, position = [], 0
    for match, replacement in replacements:
        parts += [composed[position : match.start], replacement]
        position = match.end
    return "".join([*parts, composed[position:]])


def _distinct(phrasings: Iterator[str], original: str) -> Iterator[str]:
    """The distinct ``phrasings``, other than ``original``, among the first
    ``MAX_CANDIDATES``."""
    seen = {original}
    for phrasing in itertools.islice(phrasings, MAX_CANDIDATES):
        if phrasing not in seen:
            seen.add(phrasing)
            yield phrasing
