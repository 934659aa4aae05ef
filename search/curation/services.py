"""What the editors' synonyms and best bets make of a query: ``SearchQuery.alternatives``
and ``SearchQuery.promoted`` (``search.query``).

Both functions read the database once per call, through an index, whatever the number
of groups or best bets (no cache to invalidate: docs/search-curation.md has the timings).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F

from search.curation.models import MAX_TERM_WORDS, BestBetTarget, SynonymTerm
from search.curation.text import compose, normalise, words

#: Most alternative phrasings returned for one query: each is one more full-text
#: condition for the backend to evaluate.
MAX_ALTERNATIVES = 10
#: Candidate phrasings looked at before giving up on finding ``MAX_ALTERNATIVES``
#: distinct ones (bounded work whatever the groups hold).
MAX_CANDIDATES = 100


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
    phrasings, different from ``text``; ``()`` when no term matches. One query.
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
    return tuple(
        BestBetTarget.objects.filter(best_bet__locale=locale, best_bet__normalised_query=normalised)
        # Rows made outside the admin may have no sort_order: last, on every database.
        .order_by(F("sort_order").asc(nulls_last=True), "pk")
        .values_list("document_key", flat=True)
    )


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
    matching_groups = SynonymTerm.objects.filter(locale=locale, normalised__in=runs).values(
        "group_id"
    )
    groups: dict[int, list[tuple[str, str]]] = {}
    for group_id, normalised, typed in (
        # Filtered by group only: the terms of a group share its locale, and the index on
        # ``group_id`` is then the one used (not a scan of the locale's terms).
        SynonymTerm.objects.filter(group_id__in=matching_groups)
        .order_by("group_id", "position")
        .values_list("group_id", "normalised", "text")
    ):
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
