"""Text analysis shared by the indexing and the SQLite search: plain text from the
store's JSON, accent folding, French stems.

PostgreSQL analyses with its ``french_unaccent`` text search configuration (a migration:
``unaccent`` then the Snowball French stemmer); the SQLite quick start does the same in
Python at index and query time (:func:`terms`), with the same Snowball stemmer, so both
find "santé" for "sante" and "vaccination" for "vaccins".
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

import snowballstemmer

#: Longest text kept per field, in characters: PostgreSQL's tsvector holds at most 1 MB
#: and 16,383 word positions; a transcript longer than this is cut.
MAX_FIELD_LENGTH = 100_000

_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: French elisions (l'État, d'Europe, qu'il): the stem is that of the word after them.
_ELISION = re.compile(r"^(?:[lmtsndcj]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

#: Keys of the store's JSON whose strings are not text to search (links, identifiers,
#: media, embedded objects indexed on their own).
SKIPPED_KEYS = frozenset(
    {
        "id",
        "type",
        "url",
        "path",
        "src",
        "href",
        "html",
        "embed",
        "renditions",
        "file_type",
        "size",
        "video",
        "image",
    }
)


def clean(text: str) -> str:
    """``text`` without control characters (NUL breaks PostgreSQL's parameters), its
    spaces collapsed, stripped."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text or "")).strip()


def strip_html(text: str) -> str:
    """Plain text of an HTML fragment: tags dropped (as spaces), entities decoded."""
    return clean(html.unescape(_TAG.sub(" ", text or "")))


def stream_text(blocks) -> str:
    """The plain text of a body as the store shows it (``[{"type", "value"}]`` with
    rich text as HTML, nested structs and lists): every string but links, identifiers
    and media (``SKIPPED_KEYS``), in order, HTML stripped."""
    parts: list[str] = []

    def walk(value, key: str = "") -> None:
        if key in SKIPPED_KEYS:
            return
        if isinstance(value, str):
            if not value.startswith(("http://", "https://", "/")):
                parts.append(strip_html(value))
        elif isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for block in blocks or []:
        if isinstance(block, dict):
            walk(block.get("value"))
    return clean(" ".join(part for part in parts if part))[:MAX_FIELD_LENGTH]


_TIMING = re.compile(r"-->")


def caption_text(vtt: str) -> str:
    """The spoken text of a WebVTT file: cues' lines without the header, cue
    identifiers, timings, notes and styles, or voice tags."""
    lines, skipping = [], False
    for line in (vtt or "").splitlines():
        line = line.strip()
        if not line:
            skipping = False
            continue
        if skipping:
            continue
        if line.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            skipping = True
            continue
        if _TIMING.search(line):
            if lines and lines[-1].isdigit():
                lines.pop()  # the cue's numeric identifier
            continue
        lines.append(line)
    return strip_html(" ".join(line for line in lines if not line.isdigit()))[:MAX_FIELD_LENGTH]


def fold(text: str) -> str:
    """``text`` lower-cased, accents and ligatures folded to ASCII letters where
    Unicode decomposes them ("Œuvre à Sécurité" → "oeuvre a securite")."""
    text = (text or "").lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("french")


def words(text: str) -> list[str]:
    """The folded words of ``text``, elisions dropped ("l'État" → "etat")."""
    return [_ELISION.sub("", word) for word in re.findall(r"\w+(?:['’]\w+)?", fold(text))]


def stems(text: str) -> list[str]:
    """The French Snowball stems of the folded words of ``text``, in order."""
    found = [word for word in words(text) if word]
    return _stemmer().stemWords(found) if found else []


def terms(text: str) -> str:
    """The stems of ``text`` as one space-delimited string, with a space at each end: a
    word is found with ``LIKE '% stem %'`` (the SQLite index columns). French stop words
    are left out, as in a query (:func:`query_stems`) and as ``french_unaccent`` does, so
    that a quoted phrase with one ("calendrier de vaccination") finds its text."""
    found = query_stems(text)
    return f" {' '.join(found)} " if found else ""


#: French words too common to search by (a subset of PostgreSQL's ``french.stop``,
#: folded): the SQLite search skips them as ``french_unaccent`` does.
STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "a",
        "m",
        "n",
        "s",
        "t",
        "y",
        "ete",
        "etre",
        "est",
        "sont",
        "cette",
        "cet",
    ]
)


def query_stems(text_: str) -> list[str]:
    """The stems of the words of a query, French stop words left out."""
    found = [word for word in words(text_) if word and word not in STOP_WORDS]
    return _stemmer().stemWords(found) if found else []
