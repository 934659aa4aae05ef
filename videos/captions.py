"""Caption files, transcripts and chapters of a video (accessibility: RGAA 4.1–4.3).

Editors upload captions as WebVTT (``.vtt``, the W3C format browsers read in
``<track>``) or SubRip (``.srt``, converted). :func:`parse` reads and validates them,
collecting every problem with its line number in French (:class:`CaptionError`);
:func:`to_webvtt` writes the normalised WebVTT that is stored and served;
:func:`transcript` prefills a video's transcript from its French captions; and
:func:`parse_chapters` reads the optional chapters.

Times are integers of **milliseconds** in cues (WebVTT's precision: no float rounding
when a file is read and written again); chapters give their start in seconds (a float,
to the millisecond), as a player's ``currentTime``.

Rules (WebVTT: https://www.w3.org/TR/webvtt1/):

- the file is UTF-8 (a byte order mark is accepted), has no NUL byte and weighs at most
  :data:`MAX_SIZE` bytes;
- a WebVTT file begins with ``WEBVTT``; timestamps are ``HH:MM:SS.mmm`` (hours
  optional in WebVTT, ``HH:MM:SS,mmm`` in SRT);
- each cue ends after it starts, has text, and does not start before the previous cue
  (WebVTT requires cues in order of start time); cues **may overlap**, as WebVTT allows
  (two speakers at once, a sound description over speech);
- with the video's duration, a cue starts before the end of the video and ends at most
  :data:`DURATION_TOLERANCE_MS` after it (containers round their durations).

Normalisation: line endings become ``\\n``, timestamps ``HH:MM:SS.mmm``; ``NOTE``
comments, ``STYLE`` and ``REGION`` blocks are dropped (captions are shown in the
player's style, which the viewer may change); identifiers, cue settings and the text's
markup are kept. From SRT: the numbering and the SRT coordinates are dropped, commas
become dots, ``<b>``, ``<i>`` and ``<u>`` are kept, ``<font>`` and ``{\\an8}``-style tags
are removed, and any other ``&``, ``<`` or ``>`` is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

from cms.media.forms import format_count, format_size

#: Largest caption or chapter file accepted, in bytes (2 Mo: some 20 hours of captions).
MAX_SIZE = 2_000_000
#: How far past the video's end a cue may end, in milliseconds.
DURATION_TOLERANCE_MS = 1000
#: Problems listed at most; the rest are counted in one last message.
MAX_ISSUES = 50
#: A silence between two cues from which the transcript starts a new paragraph (ms).
PARAGRAPH_GAP_MS = 2000

BOM = b"\xef\xbb\xbf"
EXTENSIONS = {"vtt": "webvtt", "srt": "srt"}

_VTT_TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
_SRT_TIMESTAMP = re.compile(r"^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{3})$")
_CHAPTER_LINE = re.compile(r"^(\S+)(?:\s+(?:[-–—:](?:\s+|$))?(.*))?$")
_CHAPTER_TIMESTAMP = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{3}))?$")
_SRT_KEPT_TAG = re.compile(r"</?[biu]>", re.IGNORECASE)
_SRT_DROPPED_TAG = re.compile(r"</?font\b[^>]*>|\{\\[^}]*\}", re.IGNORECASE)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t]+")  # not the non-breaking spaces of French typography
_TURN_DASH = re.compile(r"^[-–—]\s*")


@dataclass(frozen=True)
class Cue:
    """One caption: shown from ``start_ms`` to ``end_ms`` (milliseconds from the start
    of the video), its ``text`` (lines joined with ``\\n``, WebVTT markup such as
    ``<i>`` or ``<v Speaker>`` kept), its optional WebVTT ``identifier`` and cue
    ``settings`` (``"align:start line:90%"``), and the ``line`` of its timing line in
    the file it came from."""

    start_ms: int
    end_ms: int
    text: str
    identifier: str = ""
    settings: str = ""
    line: int = 0


@dataclass(frozen=True)
class Captions:
    """A parsed caption file: its WebVTT ``header`` (the signature line, ``WEBVTT`` and
    any text after it, then its header lines, joined with ``\\n``; ``"WEBVTT"`` for a
    converted SRT file) and its ``cues`` in order of start time."""

    header: str
    cues: tuple[Cue, ...]


class Chapter(NamedTuple):
    """A chapter: its start in seconds from the start of the video, and its title."""

    start_seconds: float
    title: str


@dataclass(frozen=True)
class CaptionIssue:
    """A problem in a caption or chapter file: its ``line`` (1-based; ``None`` for the
    file as a whole: empty, too large, no cue) and its French ``message``, which
    ``str()`` prefixes with the line (« Ligne 12 : horodatage invalide… »)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message[:1].upper() + self.message[1:]
        return _("Ligne\u00a0%(line)s\u00a0: %(message)s") % {
            "line": format_count(self.line),
            "message": self.message,
        }


class CaptionError(ValueError):
    """Every problem found in a caption or chapter file: ``errors``, a list of
    :class:`CaptionIssue` in file order, at most :data:`MAX_ISSUES` plus one counting
    the others."""

    def __init__(self, errors: list[CaptionIssue]):
        self.errors = list(errors)
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """The messages with their line numbers, for a form's ``ValidationError``."""
        return [str(issue) for issue in self.errors]


class _Issues:
    """Collects problems; raises them all at once."""

    def __init__(self):
        self.errors: list[CaptionIssue] = []

    def add(self, line: int | None, message: str) -> None:
        self.errors.append(CaptionIssue(line, message))

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        errors = sorted(self.errors, key=lambda issue: issue.line or 0)[:MAX_ISSUES]
        if len(self.errors) > MAX_ISSUES:
            errors.append(
                CaptionIssue(
                    None,
                    _("… et %(count)s autres erreurs.")
                    % {"count": format_count(len(self.errors) - MAX_ISSUES)},
                )
            )
        raise CaptionError(errors)


# -- Reading --------------------------------------------------------------------------------


def parse(data: bytes, filename: str, duration: float | None = None) -> Captions:
    """The captions in ``data``, the content of the uploaded file named ``filename``
    (its extension, ``.vtt`` or ``.srt``, says the format); with the video's
    ``duration`` (seconds), cues are checked against it. Raises :class:`CaptionError`
    listing every problem found (see the module's rules)."""
    issues = _Issues()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        issues.add(
            None,
            _(
                "le fichier «\u00a0%(name)s\u00a0» n'est ni un fichier WebVTT (.vtt) "
                "ni un fichier SubRip (.srt)."
            )
            % {"name": filename},
        )
        issues.raise_if_any()
    lines = _decode(data, issues)
    issues.raise_if_any()
    captions = _parse_webvtt(lines, issues) if kind == "webvtt" else _parse_srt(lines, issues)
    _check_cues(captions.cues, duration, issues)
    issues.raise_if_any()
    return captions


def _decode(data: bytes, issues: _Issues) -> list[str]:
    """The lines of ``data`` (UTF-8, an optional BOM), any line ending; ``[]`` and an
    issue when the file is too large, binary, empty or not UTF-8."""
    if len(data) > MAX_SIZE:
        issues.add(
            None,
            _("le fichier pèse %(size)s\u00a0; %(limit)s au plus.")
            % {"size": format_size(len(data)), "limit": format_size(MAX_SIZE)},
        )
        return []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        issues.add(
            None,
            _("le fichier est encodé en UTF-16\u00a0; enregistrez-le en UTF-8."),
        )
        return []
    data = data.removeprefix(BOM)
    if b"\x00" in data:
        issues.add(
            _line_of(data, data.index(b"\x00")),
            _(
                "le fichier contient un octet nul (caractère NUL)\u00a0: ce n'est pas un fichier texte."
            ),
        )
        return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        issues.add(
            _line_of(data, error.start),
            _(
                "le fichier n'est pas encodé en UTF-8 (probablement en Windows-1252 ou "
                "ISO-8859-1)\u00a0; enregistrez-le en UTF-8."
            ),
        )
        return []
    if not text.strip():
        issues.add(None, _("le fichier est vide."))
        return []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _blocks(lines: list[str], first: int = 0) -> list[tuple[int, list[str]]]:
    """The blocks of ``lines`` from index ``first``, each ``(line number of its first
    line, its lines)``: separated by blank lines, and, as browsers read WebVTT, a line
    with ``-->`` after the first two lines of a block starts a new one."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for index in range(first, len(lines)):
        line = lines[index].rstrip()
        if not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        splits = "-->" in line and (
            len(current) >= 2 or (len(current) == 1 and "-->" in current[0])
        )
        if splits:
            blocks.append((start, current))
            current = []
        if not current:
            start = index + 1
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _parse_webvtt(lines: list[str], issues: _Issues) -> Captions:
    signed = re.match(r"WEBVTT(?:[ \t]|$)", lines[0]) is not None
    if not signed:
        issues.add(
            1,
            _(
                "le fichier doit commencer par «\u00a0WEBVTT\u00a0» (un fichier SubRip "
                "doit porter l'extension .srt)."
            ),
        )
    header_end = 0  # the header: up to a blank line or the first timing line
    while header_end < len(lines) and lines[header_end].strip() and "-->" not in lines[header_end]:
        header_end += 1
    header = "\n".join(line.rstrip() for line in lines[:header_end]) if signed else "WEBVTT"
    cues = []
    for number, block in _blocks(lines, header_end):
        if block[0].split(maxsplit=1)[0] == "NOTE" or block[0] in {"STYLE", "REGION"}:
            continue
        cue = _cue(number, block, _VTT_TIMESTAMP, "HH:MM:SS.mmm", issues)
        if cue is not None:
            cues.append(cue)
    return Captions(header, tuple(cues))


def _parse_srt(lines: list[str], issues: _Issues) -> Captions:
    cues = []
    for number, block in _blocks(lines):
        if "-->" not in block[0] and len(block) > 1 and "-->" in block[1]:
            number, block = number + 1, block[1:]  # the numbering, dropped
        cue = _cue(number, block, _SRT_TIMESTAMP, "HH:MM:SS,mmm", issues, srt=True)
        if cue is not None:
            cues.append(cue)
    return Captions("WEBVTT", tuple(cues))


def _cue(
    number: int,
    block: list[str],
    timestamp: re.Pattern,
    expected: str,
    issues: _Issues,
    *,
    srt: bool = False,
) -> Cue | None:
    """The cue of ``block`` (whose first line is line ``number``), or ``None`` with its
    problems added to ``issues``."""
    identifier = ""
    if "-->" not in block[0]:
        if len(block) < 2 or "-->" not in block[1]:
            issues.add(
                number,
                _(
                    "bloc sans horodatage «\u00a0début --> fin\u00a0» "
                    "(par exemple «\u00a0%(example)s\u00a0»)."
                )
                % {
                    "example": "00:00:01,000 --> 00:00:04,000"
                    if srt
                    else "00:00:01.000 --> 00:00:04.000"
                },
            )
            return None
        identifier, block, number = block[0].strip(), block[1:], number + 1
    before, _arrow, after = block[0].partition("-->")
    end_and_settings = after.split(maxsplit=1)
    tokens = [before.strip(), end_and_settings[0] if end_and_settings else ""]
    times = [_timestamp(token, timestamp) for token in tokens]
    valid = True
    for token, time in zip(tokens, times, strict=True):
        if time is None:
            valid = False
            issues.add(number, _invalid_timestamp(token, expected))
    text = "\n".join(line.strip() for line in block[1:]).strip()
    if not text:
        valid = False
        issues.add(number, _("ce sous-titre n'a pas de texte."))
    if not valid:
        return None
    settings = "" if srt or len(end_and_settings) < 2 else end_and_settings[1].strip()
    return Cue(
        times[0],
        times[1],
        _srt_text(text) if srt else text,
        identifier="" if srt else identifier,
        settings=settings,
        line=number,
    )


def _timestamp(token: str, pattern: re.Pattern) -> int | None:
    """Milliseconds of ``token``, or ``None`` if it does not match ``pattern``."""
    match = pattern.match(token)
    if match is None:
        return None
    hours, minutes, seconds, millis = (int(group or 0) for group in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _invalid_timestamp(token: str, expected: str) -> str:
    if not token:
        return _("horodatage manquant (format attendu\u00a0: %(expected)s).") % {
            "expected": expected
        }
    return _(
        "horodatage invalide «\u00a0%(value)s\u00a0» (format attendu\u00a0: %(expected)s)."
    ) % {
        "value": token,
        "expected": expected,
    }


def _srt_text(text: str) -> str:
    """SubRip text as WebVTT text: ``<b>``, ``<i>``, ``<u>`` kept, ``<font>`` and
    ``{\\an8}``-style tags dropped, ``&``, ``<`` and ``>`` escaped."""
    text = _SRT_DROPPED_TAG.sub("", text)
    kept = _SRT_KEPT_TAG.findall(text)
    parts = _SRT_KEPT_TAG.split(text)
    escaped = [html.escape(part, quote=False) for part in parts]
    out = escaped[0]
    for tag, part in zip(kept, escaped[1:], strict=True):
        out += tag.lower() + part
    return out


def _check_cues(cues: tuple[Cue, ...], duration: float | None, issues: _Issues) -> None:
    """Order, lengths and the video's duration (``None``: unknown); at least one cue."""
    if not cues and not issues.errors:
        issues.add(None, _("le fichier ne contient aucun sous-titre."))
    limit = None if duration is None else round(duration * 1000)
    previous = None
    for cue in cues:
        if cue.end_ms <= cue.start_ms:
            issues.add(
                cue.line,
                _("la fin (%(end)s) n'est pas après le début (%(start)s).")
                % {"end": format_timestamp(cue.end_ms), "start": format_timestamp(cue.start_ms)},
            )
        if previous is not None and cue.start_ms < previous.start_ms:
            issues.add(
                cue.line,
                _(
                    "ce sous-titre commence (%(start)s) avant le précédent (%(previous)s, "
                    "ligne\u00a0%(line)s)\u00a0: les sous-titres doivent suivre l'ordre "
                    "de leurs débuts."
                )
                % {
                    "start": format_timestamp(cue.start_ms),
                    "previous": format_timestamp(previous.start_ms),
                    "line": format_count(previous.line),
                },
            )
        if limit is not None:
            _check_duration(cue.line, cue.start_ms, cue.end_ms, limit, issues)
        previous = cue


def _check_duration(
    line: int, start: int, end: int, limit: int, issues: _Issues, *, chapter: bool = False
) -> None:
    values = {"time": format_timestamp(start), "duration": format_timestamp(limit)}
    if start >= limit:
        message = (
            _("ce chapitre commence à %(time)s, après la fin de la vidéo (%(duration)s).")
            if chapter
            else _("ce sous-titre commence à %(time)s, après la fin de la vidéo (%(duration)s).")
        )
        issues.add(line, message % values)
    elif end > limit + DURATION_TOLERANCE_MS:
        values["time"] = format_timestamp(end)
        issues.add(
            line,
            _("ce sous-titre finit à %(time)s, après la fin de la vidéo (%(duration)s).") % values,
        )


# -- Writing --------------------------------------------------------------------------------


def format_timestamp(milliseconds: int) -> str:
    """A WebVTT timestamp, ``HH:MM:SS.mmm``: 62500 → ``"00:01:02.500"``."""
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def to_webvtt(captions: Captions) -> str:
    """The normalised WebVTT file of ``captions`` (what is stored and served): its
    header, then each cue (identifier, ``HH:MM:SS.mmm --> HH:MM:SS.mmm settings``,
    text), separated by blank lines, ``\\n`` line endings, ending with one newline."""
    blocks = [captions.header]
    for cue in captions.cues:
        timing = f"{format_timestamp(cue.start_ms)} --> {format_timestamp(cue.end_ms)}"
        if cue.settings:
            timing += f" {cue.settings}"
        lines = [cue.identifier] if cue.identifier else []
        blocks.append("\n".join([*lines, timing, cue.text]))
    return "\n\n".join(blocks) + "\n"


# -- Transcript -------------------------------------------------------------------------------


def transcript(captions: Captions) -> str:
    """A plain-text transcript of ``captions`` (RGAA 4.1: a text alternative to the
    video), the prefill of the editable transcript.

    Markup is removed and entities decoded; a voice ``<v Marie>`` becomes « Marie : »
    where the speaker changes; a caption's lines are joined with spaces. A paragraph
    starts where the speaker changes, at a dialogue dash (``- Bonjour``), and after a
    silence of :data:`PARAGRAPH_GAP_MS` or more. Roll-up captions, where each cue repeats
    the previous one's last lines, and repeated cues are written once. Paragraphs are
    separated by a blank line."""
    paragraphs: list[str] = []
    current: list[str] = []
    speaker = None
    previous_lines: list[str] = []
    previous_end = None

    def close_paragraph():
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for cue in captions.cues:
        if previous_end is not None and cue.start_ms - previous_end >= PARAGRAPH_GAP_MS:
            close_paragraph()
        previous_end = max(cue.end_ms, previous_end or 0)
        lines = []  # (the line's voice or None, its plain text)
        for raw in cue.text.split("\n"):
            voice = _VOICE.search(raw)
            if text := _plain(raw):
                lines.append((html.unescape(voice.group(1)).strip() if voice else None, text))
        plain = [text for _voice, text in lines]
        repeated = _overlap(previous_lines, plain)
        previous_lines = plain
        for voice, text in lines[repeated:]:
            turn = _TURN_DASH.match(text)
            if turn:
                text = text[turn.end() :]
            if voice and voice != speaker:
                speaker = voice
                text = _("%(speaker)s\u00a0: %(text)s") % {"speaker": speaker, "text": text}
            elif not turn:
                current.append(text)
                continue
            close_paragraph()
            current.append(text)
    close_paragraph()
    return "\n\n".join(paragraphs)


def _plain(line: str) -> str:
    """A line of cue text without markup, entities decoded, spaces collapsed."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", line))).strip()


def _overlap(previous: list[str], lines: list[str]) -> int:
    """How many first ``lines`` repeat the last lines of ``previous`` (roll-up)."""
    for count in range(min(len(previous), len(lines)), 0, -1):
        if previous[-count:] == lines[:count]:
            return count
    return 0


# -- Chapters -------------------------------------------------------------------------------


def parse_chapters(data: bytes | str, duration: float | None = None) -> list[Chapter]:
    """The chapters in ``data``: a WebVTT chapters track (bytes or text beginning with
    ``WEBVTT``: each cue's start and text; its end is not used) or, what editors type in
    the admin, one chapter a line, ``[HH:]MM:SS Titre`` (``0:00 Introduction``,
    ``1:02:03 - Questions``, as video platforms write them), blank lines ignored.
    ``bytes`` go through the same encoding checks as caption files. Blank text gives
    ``[]`` (chapters are optional).

    Raises :class:`CaptionError` with every problem: an invalid time, a missing title,
    a chapter that does not start after the previous one, or, with the video's
    ``duration`` (seconds), one that starts after the end of the video."""
    issues = _Issues()
    if isinstance(data, bytes):
        if not data.removeprefix(BOM).strip():
            return []
        lines = _decode(data, issues)
        issues.raise_if_any()
    else:
        lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(line.strip() for line in lines):
        return []
    if lines[0].startswith("WEBVTT"):
        captions = _parse_webvtt(lines, issues)
        starts = [
            (cue.line, cue.start_ms, _plain(cue.text.replace("\n", " "))) for cue in captions.cues
        ]
    else:
        starts = _chapter_lines(lines, issues)
    limit = None if duration is None else round(duration * 1000)
    chapters = []
    previous = None
    for line, start, title in starts:
        if previous is not None and start <= previous:
            issues.add(
                line,
                _("ce chapitre ne commence pas après le précédent (%(previous)s).")
                % {"previous": format_timestamp(previous)},
            )
        if limit is not None:
            _check_duration(line, start, start, limit, issues, chapter=True)
        previous = start
        chapters.append(Chapter(start / 1000, title))
    if not chapters and not issues.errors:
        issues.add(None, _("le fichier ne contient aucun chapitre."))
    issues.raise_if_any()
    return chapters


def _chapter_lines(lines: list[str], issues: _Issues) -> list[tuple[int, int, str]]:
    starts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _CHAPTER_LINE.match(line.strip())
        token, title = match.group(1), (match.group(2) or "").strip()
        start = _timestamp(token, _CHAPTER_TIMESTAMP)
        if start is None:
            issues.add(number, _invalid_timestamp(token, _("HH:MM:SS ou MM:SS, puis le titre")))
            continue
        if not title:
            issues.add(
                number,
                _("le chapitre commençant à %(time)s n'a pas de titre.")
                % {"time": format_timestamp(start)},
            )
            continue
        starts.append((number, start, title))
    return starts


def chapters_to_webvtt(chapters: list[Chapter], duration: float) -> str:
    """The WebVTT chapters track (``<track kind="chapters">``) of ``chapters``, each cue
    ending where the next chapter starts, the last at the end of the video
    (``duration``, seconds)."""
    ends = [chapter.start_seconds for chapter in chapters[1:]] + [duration]
    cues = tuple(
        Cue(
            round(chapter.start_seconds * 1000),
            round(end * 1000),
            html.escape(chapter.title, quote=False),
        )
        for chapter, end in zip(chapters, ends, strict=True)
    )
    return to_webvtt(Captions("WEBVTT", cues))
