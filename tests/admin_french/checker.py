"""Finds the marks of a translated-not-written French admin in a rendered HTML page."""

import re
from html.parser import HTMLParser

#: Attributes whose value an editor reads (tooltips, labels, placeholders).
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value"}
VOWEL = "aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊËÎÏÔÛ"
#: (name, pattern) of each mistake; a match anywhere in the visible text is a failure.
PATTERNS = [
    ("gender placeholder", re.compile(r"\w\((?:e|le|la|s|x|tte|ne|elle)\)")),
    ("gender placeholder", re.compile(r"\((?:le|la|tte)\)")),
    ("gender alternative", re.compile(r"\b(?:le/la|ce/cette|il/elle|un/une)\b", re.I)),
    ("English word", re.compile(r"\bStatus\b")),
    ("spelling", re.compile(r"\bcrées\b")),
    ("missing elision", re.compile(rf"\b(?:de|que|De|Que) [{VOWEL}]")),
    ("time since", re.compile(r"\b[Ii]l y a 0\b|\b[Ii]l y a 1 année\b")),
    ("English capital after a number", re.compile(r"\b\d+ (?:Images?|Documents?|Pages?)\b")),
    ("no space before a colon", re.compile(r"[^\s\u00a0\u202f:]:(?=\s|$)")),
]


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible_texts(html: str) -> list[str]:
    """The text nodes and readable attribute values of ``html``, scripts and styles left out."""
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(part.split()) for part in parser.parts]


def french_mistakes(html: str) -> list[str]:
    """Each mistake found in ``html`` as "kind: «text»"; empty when the page reads well."""
    found = []
    for text in visible_texts(html):
        for name, pattern in PATTERNS:
            if pattern.search(text):
                found.append(f"{name}: «{text}»")
    return found
