"""How the editors' terms and the citizens' queries are compared: word by word, case and
accents ignored.

A *word* is a run of letters and digits (Python's ``\\w``): punctuation, apostrophes and
hyphens separate words, so "l'RSA" holds the word "rsa" and "Île-de-France" matches
"ile de france". A word is folded by dropping its accents (Unicode NFKD, combining marks
removed) and its case (``str.casefold``).
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")


def fold(word: str) -> str:
    """``word`` without accents nor case: "Sécurité" → "securite", "Œuvre" → "œuvre"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` (NFC-composed first), each as ``(folded word, start, end)``,
    ``start`` and ``end`` being offsets in the composed text."""
    return [(fold(m.group()), m.start(), m.end()) for m in WORD.finditer(compose(text))]


def compose(text: str) -> str:
    """``text`` in Unicode NFC: a decomposed "é" (e + accent) is one letter again."""
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> str:
    """The folded words of ``text`` joined by single spaces: "  Revenu de Solidarité
    Active !" → "revenu de solidarite active"; ``""`` when it holds no word."""
    return " ".join(word for word, _start, _end in words(text))
