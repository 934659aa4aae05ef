"""Caption files (WebVTT, SRT converted), transcripts and chapters: videos/captions.py."""

import pytest

from videos.captions import (
    MAX_ISSUES,
    MAX_SIZE,
    CaptionError,
    Captions,
    Chapter,
    Cue,
    chapters_to_webvtt,
    format_timestamp,
    parse,
    parse_chapters,
    to_webvtt,
    transcript,
)

NBSP = "\u00a0"

GOOD_VTT = """\ufeffWEBVTT - Conférence de presse
Language: fr

NOTE Relu par la cellule accessibilité
le 3 mars.

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:04.000 align:start line:90%
<v Élisabeth>Bonjour à tous,
et bienvenue.

00:04.500 --> 00:00:06.250
<i>[Applaudissements]</i>

00:00:05.000 --> 00:00:09.000
<v Paul>Le budget &amp; l'emploi.
"""

NORMALISED_VTT = """WEBVTT - Conférence de presse
Language: fr

intro
00:00:01.000 --> 00:00:04.000 align:start line:90%
<v Élisabeth>Bonjour à tous,
et bienvenue.

00:00:04.500 --> 00:00:06.250
<i>[Applaudissements]</i>

00:00:05.000 --> 00:00:09.000
<v Paul>Le budget &amp; l'emploi.
"""


def errors_of(data: bytes, filename="sous-titres.vtt", **kwargs) -> list[str]:
    with pytest.raises(CaptionError) as raised:
        parse(data, filename, **kwargs)
    return raised.value.messages


def test_good_webvtt():
    captions = parse(GOOD_VTT.replace("\n", "\r\n").encode(), "fr.vtt")
    assert captions.header == "WEBVTT - Conférence de presse\nLanguage: fr"
    assert captions.cues == (
        Cue(
            1000,
            4000,
            "<v Élisabeth>Bonjour à tous,\net bienvenue.",
            identifier="intro",
            settings="align:start line:90%",
            line=11,
        ),
        Cue(4500, 6250, "<i>[Applaudissements]</i>", line=15),
        Cue(5000, 9000, "<v Paul>Le budget &amp; l'emploi.", line=18),  # overlaps: allowed
    )
    assert to_webvtt(captions) == NORMALISED_VTT


def test_normalised_output_reads_back_the_same():
    captions = parse(GOOD_VTT.encode(), "fr.vtt")
    again = parse(to_webvtt(captions).encode(), "fr.vtt")
    assert to_webvtt(again) == to_webvtt(captions)
    assert [(c.start_ms, c.end_ms, c.text) for c in again.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in captions.cues
    ]


def test_cues_without_blank_lines_between_them_are_read_as_browsers_do():
    data = b"WEBVTT\n00:00:01.000 --> 00:00:02.000\nUn\n00:00:02.000 --> 00:00:03.000\nDeux\n"
    captions = parse(data, "fr.vtt")
    assert [(c.start_ms, c.text, c.line) for c in captions.cues] == [
        (1000, "Un", 2),
        (2000, "Deux", 4),
    ]


SRT = (
    "1\r\n"
    "00:00:01,000 --> 00:00:02,500\r\n"
    '<i>Bonjour</i> & <font color="#ffff00">bienvenue</font> <3\r\n'
    "\r\n"
    "2\r\n"
    "00:00:03,000 --> 00:00:05,000 X1:10 X2:100 Y1:10 Y2:50\r\n"
    "{\\an8}Deuxième ligne\r\n"
    "sur deux lignes\r\n"
    "\r\n"
)


def test_good_srt_is_converted():
    captions = parse(SRT.encode(), "fr.srt")
    assert to_webvtt(captions) == (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.500\n"
        "<i>Bonjour</i> &amp; bienvenue &lt;3\n\n"
        "00:00:03.000 --> 00:00:05.000\n"
        "Deuxième ligne\nsur deux lignes\n"
    )
    assert [cue.line for cue in captions.cues] == [2, 6]  # the timing lines


def test_srt_in_windows_1252_names_the_encoding_and_the_line():
    data = SRT.encode("cp1252")
    assert errors_of(data, "fr.srt") == [
        f"Ligne{NBSP}7{NBSP}: le fichier n'est pas encodé en UTF-8 (probablement en "
        f"Windows-1252 ou ISO-8859-1){NBSP}; enregistrez-le en UTF-8."
    ]


def vtt(*cues: str) -> bytes:
    return ("WEBVTT\n\n" + "\n\n".join(cues) + "\n").encode()


def line(number: int, message: str) -> str:
    return f"Ligne{NBSP}{number}{NBSP}: {message}"


@pytest.mark.parametrize(
    ("data", "filename", "duration", "expected"),
    [
        pytest.param(
            vtt("00:01:02.5 --> 00:01:04.000\nTexte"),
            "fr.vtt",
            None,
            [
                line(
                    3,
                    f"horodatage invalide «{NBSP}00:01:02.5{NBSP}» (format attendu{NBSP}: HH:MM:SS.mmm).",
                )
            ],
            id="short milliseconds",
        ),
        pytest.param(
            vtt("00:00:01,000 --> 00:00:02.000\nTexte"),
            "fr.vtt",
            None,
            [
                line(
                    3,
                    f"horodatage invalide «{NBSP}00:00:01,000{NBSP}» (format attendu{NBSP}: HH:MM:SS.mmm).",
                )
            ],
            id="SRT comma in WebVTT",
        ),
        pytest.param(
            vtt("00:00:01.000 --> 00:61:00.000\nTexte"),
            "fr.vtt",
            None,
            [
                line(
                    3,
                    f"horodatage invalide «{NBSP}00:61:00.000{NBSP}» (format attendu{NBSP}: HH:MM:SS.mmm).",
                )
            ],
            id="61 minutes",
        ),
        pytest.param(
            vtt("00:00:01.000 -->\nTexte"),
            "fr.vtt",
            None,
            [line(3, f"horodatage manquant (format attendu{NBSP}: HH:MM:SS.mmm).")],
            id="no end",
        ),
        pytest.param(
            vtt("00:00:05.000 --> 00:00:04.000\nTexte"),
            "fr.vtt",
            None,
            [line(3, "la fin (00:00:04.000) n'est pas après le début (00:00:05.000).")],
            id="end before start",
        ),
        pytest.param(
            vtt("00:00:05.000 --> 00:00:05.000\nTexte"),
            "fr.vtt",
            None,
            [line(3, "la fin (00:00:05.000) n'est pas après le début (00:00:05.000).")],
            id="end at start",
        ),
        pytest.param(
            vtt(
                "00:00:05.000 --> 00:00:06.000\nUn",
                "00:00:04.000 --> 00:00:07.000\nDeux",
            ),
            "fr.vtt",
            None,
            [
                line(
                    6,
                    f"ce sous-titre commence (00:00:04.000) avant le précédent (00:00:05.000, "
                    f"ligne{NBSP}3){NBSP}: les sous-titres doivent suivre l'ordre de leurs débuts.",
                )
            ],
            id="start before the previous one",
        ),
        pytest.param(
            b"00:00:01.000 --> 00:00:02.000\nTexte\n",
            "fr.vtt",
            None,
            [
                line(
                    1,
                    f"le fichier doit commencer par «{NBSP}WEBVTT{NBSP}» (un fichier SubRip "
                    "doit porter l'extension .srt).",
                )
            ],
            id="no WEBVTT header",
        ),
        pytest.param(
            b"WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nTexte\n",
            "fr.vtt",
            None,
            [
                line(
                    1,
                    f"le fichier doit commencer par «{NBSP}WEBVTT{NBSP}» (un fichier SubRip "
                    "doit porter l'extension .srt).",
                )
            ],
            id="WEBVTTX",
        ),
        pytest.param(b"", "fr.vtt", None, ["Le fichier est vide."], id="empty"),
        pytest.param(b" \r\n\r\n", "fr.vtt", None, ["Le fichier est vide."], id="blank"),
        pytest.param(
            b"WEBVTT\n\nNOTE rien\n",
            "fr.vtt",
            None,
            ["Le fichier ne contient aucun sous-titre."],
            id="no cue",
        ),
        pytest.param(
            vtt("00:00:01.000 --> 00:00:02.000"),
            "fr.vtt",
            None,
            [line(3, "ce sous-titre n'a pas de texte.")],
            id="no text",
        ),
        pytest.param(
            vtt("identifiant\n00:00:01.000 -> 00:00:02.000\nTexte"),
            "fr.vtt",
            None,
            [
                line(
                    3,
                    f"bloc sans horodatage «{NBSP}début --> fin{NBSP}» (par exemple "
                    f"«{NBSP}00:00:01.000 --> 00:00:04.000{NBSP}»).",
                )
            ],
            id="one-dash arrow",
        ),
        pytest.param(
            vtt(
                "00:00:01.000 --> 00:00:02.000\nUn", "00:00:02.000 --> 00:00:03\u00e9\nDeux"
            ).replace("\u00e9".encode(), b"\xe9"),
            "fr.vtt",
            None,
            [
                line(
                    6,
                    "le fichier n'est pas encodé en UTF-8 (probablement en Windows-1252 ou "
                    f"ISO-8859-1){NBSP}; enregistrez-le en UTF-8.",
                )
            ],
            id="Latin-1 byte",
        ),
        pytest.param(
            vtt("00:00:01.000 --> 00:00:02.000\nUn", "00:00:02.000 --> 00:00:03.000\nDe\x00ux"),
            "fr.vtt",
            None,
            [
                line(
                    7,
                    f"le fichier contient un octet nul (caractère NUL){NBSP}: ce n'est pas un fichier texte.",
                )
            ],
            id="NUL byte",
        ),
        pytest.param(
            "WEBVTT\n".encode("utf-16"),
            "fr.vtt",
            None,
            [f"Le fichier est encodé en UTF-16{NBSP}; enregistrez-le en UTF-8."],
            id="UTF-16",
        ),
        pytest.param(
            b"WEBVTT\n\n" + b"x" * MAX_SIZE,
            "fr.vtt",
            None,
            [f"Le fichier pèse 2,1{NBSP}Mo{NBSP}; 2{NBSP}Mo au plus."],
            id="too large",
        ),
        pytest.param(
            vtt("00:00:01.000 --> 00:00:02.000\nUn", "00:00:09.000 --> 00:00:12.000\nDeux"),
            "fr.vtt",
            10.0,
            [
                line(
                    6,
                    "ce sous-titre finit à 00:00:12.000, après la fin de la vidéo (00:00:10.000).",
                )
            ],
            id="ends after the video",
        ),
        pytest.param(
            vtt("00:00:10.000 --> 00:00:10.500\nUn"),
            "fr.vtt",
            10.0,
            [
                line(
                    3,
                    "ce sous-titre commence à 00:00:10.000, après la fin de la vidéo (00:00:10.000).",
                )
            ],
            id="starts at the end of the video",
        ),
        pytest.param(
            b"1\n00:00:01.000 --> 00:00:02.000\nTexte\n",
            "fr.srt",
            None,
            [],
            id="SRT with dots: accepted",
        ),
        pytest.param(
            b"1\n00:00:01 --> 00:00:02,000\nTexte\n",
            "fr.srt",
            None,
            [
                line(
                    2,
                    f"horodatage invalide «{NBSP}00:00:01{NBSP}» (format attendu{NBSP}: HH:MM:SS,mmm).",
                )
            ],
            id="SRT without milliseconds",
        ),
        pytest.param(
            b"1\n00:00:01,000 - 00:00:02,000\nTexte\n",
            "fr.srt",
            None,
            [
                line(
                    1,
                    f"bloc sans horodatage «{NBSP}début --> fin{NBSP}» (par exemple "
                    f"«{NBSP}00:00:01,000 --> 00:00:04,000{NBSP}»).",
                )
            ],
            id="SRT without arrow",
        ),
        pytest.param(
            b"WEBVTT\n",
            "fr.txt",
            None,
            [
                f"Le fichier «{NBSP}fr.txt{NBSP}» n'est ni un fichier WebVTT (.vtt) ni un "
                "fichier SubRip (.srt)."
            ],
            id="extension",
        ),
    ],
)
def test_bad_input(data, filename, duration, expected):
    if not expected:
        assert parse(data, filename, duration).cues
        return
    assert errors_of(data, filename, duration=duration) == expected


def test_every_problem_is_listed_with_its_line():
    data = vtt(
        "00:00:01.000 --> 00:00:02.000\nBon",
        "00:00:03.0 --> 00:00:04.000\nHorodatage court",
        "00:00:06.000 --> 00:00:05.000\nÀ l'envers",
        "00:00:02.000 --> 00:00:03.000\nEn retard",
        "00:00:07.000 --> 00:00:08.000",
    )
    assert errors_of(data, duration=7.5) == [
        line(
            6, f"horodatage invalide «{NBSP}00:00:03.0{NBSP}» (format attendu{NBSP}: HH:MM:SS.mmm)."
        ),
        line(9, "la fin (00:00:05.000) n'est pas après le début (00:00:06.000)."),
        line(
            12,
            f"ce sous-titre commence (00:00:02.000) avant le précédent (00:00:06.000, "
            f"ligne{NBSP}9){NBSP}: les sous-titres doivent suivre l'ordre de leurs débuts.",
        ),
        line(15, "ce sous-titre n'a pas de texte."),
    ]


def test_a_thousand_problems_are_cut_short():
    data = vtt(*[f"00:00:0{i % 10}.5 --> 00:00:09.000\nX" for i in range(1000)])
    messages = errors_of(data)
    assert len(messages) == MAX_ISSUES + 1
    assert messages[-1] == f"… et {1000 - MAX_ISSUES} autres erreurs."


def test_a_byte_order_mark_is_accepted():
    assert parse(b"\xef\xbb\xbf" + vtt("00:00:01.000 --> 00:00:02.000\nUn"), "fr.vtt").cues


def test_error_is_a_value_error_with_every_message():
    with pytest.raises(ValueError, match="Ligne") as raised:
        parse(vtt("00:00:02.000 --> 00:00:01.000\nUn"), "fr.vtt")
    assert raised.value.errors[0].line == 3


# -- Transcript -----------------------------------------------------------------------------


def cues(*items) -> Captions:
    return Captions("WEBVTT", tuple(Cue(start, end, text) for start, end, text in items))


@pytest.mark.parametrize(
    ("captions", "expected"),
    [
        pytest.param(
            cues(
                (0, 2000, "<v Élisabeth Borne>Bonjour à tous,"),
                (2000, 4000, "<v Élisabeth Borne><i>et</i> bienvenue."),
                (4000, 6000, "<v.journaliste Paul>Une question&nbsp;?"),
                (6000, 8000, "<v Élisabeth Borne>Je vous écoute."),
            ),
            f"Élisabeth Borne{NBSP}: Bonjour à tous, et bienvenue.\n\n"
            f"Paul{NBSP}: Une question\u00a0?\n\n"
            f"Élisabeth Borne{NBSP}: Je vous écoute.",
            id="speakers",
        ),
        pytest.param(
            cues(
                (0, 2000, "Nous parlons"),
                (2000, 4000, "Nous parlons\ndu budget"),
                (4000, 6000, "du budget\nde l'État."),
                (6000, 8000, "de l'État."),
            ),
            "Nous parlons du budget de l'État.",
            id="roll-up",
        ),
        pytest.param(
            cues((0, 2000, "Merci."), (2000, 3000, "Merci.")),
            "Merci.",
            id="repeated cue",
        ),
        pytest.param(
            cues((0, 2000, "Première phrase."), (5000, 6000, "Après un silence.")),
            "Première phrase.\n\nAprès un silence.",
            id="silence",
        ),
        pytest.param(
            cues((0, 2000, "Première phrase,"), (3500, 4000, "suite.")),
            "Première phrase, suite.",
            id="short pause",
        ),
        pytest.param(
            cues((0, 2000, "- Vous venez ?\n- Oui."), (2000, 3000, "[Musique]")),
            "Vous venez ?\n\nOui. [Musique]",
            id="dialogue dashes",
        ),
        pytest.param(
            cues((0, 2000, "<c.jaune>Texte</c> <00:00:01.000>minuté &lt;3 &amp; plus")),
            "Texte minuté <3 & plus",
            id="tags and entities",
        ),
        pytest.param(Captions("WEBVTT", ()), "", id="empty"),
    ],
)
def test_transcript(captions, expected):
    assert transcript(captions) == expected


def test_transcript_of_a_parsed_file():
    assert transcript(parse(GOOD_VTT.encode(), "fr.vtt")) == (
        f"Élisabeth{NBSP}: Bonjour à tous, et bienvenue. [Applaudissements]\n\n"
        f"Paul{NBSP}: Le budget & l'emploi."
    )


# -- Chapters -------------------------------------------------------------------------------


def test_chapters_typed_by_an_editor():
    text = "0:00 Introduction\r\n\r\n01:30 - Le budget\n1:02:03.500 Questions & réponses\n"
    assert parse_chapters(text, duration=4000) == [
        Chapter(0.0, "Introduction"),
        Chapter(90.0, "Le budget"),
        Chapter(3723.5, "Questions & réponses"),
    ]


def test_chapters_track():
    data = vtt(
        "00:00:00.000 --> 00:01:30.000\nIntroduction",
        "chap-2\n00:01:30.000 --> 00:02:00.000\nLe <b>budget</b> &amp; l'emploi",
    )
    assert parse_chapters(data) == [
        Chapter(0.0, "Introduction"),
        Chapter(90.0, "Le budget & l'emploi"),
    ]


@pytest.mark.parametrize("blank", ["", "\n \n", b"", b"\xef\xbb\xbf\r\n"])
def test_no_chapters(blank):
    assert parse_chapters(blank) == []


@pytest.mark.parametrize(
    ("data", "duration", "expected"),
    [
        pytest.param(
            "0:00 Intro\n1:3 Suite",
            None,
            [
                line(
                    2,
                    f"horodatage invalide «{NBSP}1:3{NBSP}» (format attendu{NBSP}: HH:MM:SS ou "
                    "MM:SS, puis le titre).",
                )
            ],
            id="invalid time",
        ),
        pytest.param(
            "Introduction\n0:10 Suite",
            None,
            [
                line(
                    1,
                    f"horodatage invalide «{NBSP}Introduction{NBSP}» (format attendu{NBSP}: "
                    "HH:MM:SS ou MM:SS, puis le titre).",
                )
            ],
            id="no time",
        ),
        pytest.param(
            "0:00 Intro\n0:10\n0:20 -  ",
            None,
            [
                line(2, "le chapitre commençant à 00:00:10.000 n'a pas de titre."),
                line(3, "le chapitre commençant à 00:00:20.000 n'a pas de titre."),
            ],
            id="no title",
        ),
        pytest.param(
            "0:00 Intro\n0:30 Suite\n0:30 Doublon\n0:10 Avant",
            None,
            [
                line(3, "ce chapitre ne commence pas après le précédent (00:00:30.000)."),
                line(4, "ce chapitre ne commence pas après le précédent (00:00:30.000)."),
            ],
            id="order",
        ),
        pytest.param(
            "0:00 Intro\n2:00 Fin",
            90.0,
            [
                line(
                    2,
                    "ce chapitre commence à 00:02:00.000, après la fin de la vidéo (00:01:30.000).",
                )
            ],
            id="after the video",
        ),
        pytest.param(
            "0:00 Intro\n0:10 Suite".encode("utf-16"),
            None,
            [f"Le fichier est encodé en UTF-16{NBSP}; enregistrez-le en UTF-8."],
            id="UTF-16 file",
        ),
        pytest.param(
            "0:00 Intro\n0:10 Défense".encode("cp1252"),
            None,
            [
                line(
                    2,
                    "le fichier n'est pas encodé en UTF-8 (probablement en Windows-1252 ou "
                    f"ISO-8859-1){NBSP}; enregistrez-le en UTF-8.",
                )
            ],
            id="Windows-1252 file",
        ),
        pytest.param(
            vtt("00:00:10.000 --> 00:00:20.000\nUn", "00:00:05.000 --> 00:00:30.000\nDeux"),
            None,
            [
                line(6, "ce chapitre ne commence pas après le précédent (00:00:10.000)."),
            ],
            id="WebVTT track out of order",
        ),
        pytest.param(
            b"WEBVTT\n\n", None, ["Le fichier ne contient aucun chapitre."], id="empty track"
        ),
    ],
)
def test_bad_chapters(data, duration, expected):
    with pytest.raises(CaptionError) as raised:
        parse_chapters(data, duration=duration)
    assert raised.value.messages == expected


def test_chapters_served_as_a_webvtt_track():
    chapters = parse_chapters("0:00 Introduction\n1:30 Questions & <réponses>")
    assert chapters_to_webvtt(chapters, duration=125.25) == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:01:30.000\nIntroduction\n\n"
        "00:01:30.000 --> 00:02:05.250\nQuestions &amp; &lt;réponses&gt;\n"
    )
    assert parse_chapters(chapters_to_webvtt(chapters, 125.25)) == chapters


@pytest.mark.parametrize(
    ("milliseconds", "text"),
    [(0, "00:00:00.000"), (62_500, "00:01:02.500"), (360_000_001, "100:00:00.001")],
)
def test_format_timestamp(milliseconds, text):
    assert format_timestamp(milliseconds) == text
