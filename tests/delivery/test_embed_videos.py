"""/embed/videos/<id>/: the embed page of a public video (``cms.delivery.embed``), read
from its ``Kind.VIDEO`` document: the player, its sources and tracks, the transcript,
the page's language, its headers (framable by anyone, strict CSP, caching), and the
404 and 410 pages."""

import datetime

from django.utils import timezone

import lxml.html
import pytest

from cms.delivery import embed
from cms.delivery.models import Document, State
from tests.delivery.video_support import stored_video

pytestmark = pytest.mark.django_db

URL = "/embed/videos/{}/"


def page(response):
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return lxml.html.fromstring(response.content)


def test_the_player_page(client):
    stored_video(
        4,
        captions=(("fr", "Français", "captions"), ("en", "English", "subtitles")),
        duration=3723.4,
    )
    response = client.get(URL.format(4))
    assert response.status_code == 200
    html = page(response)
    assert html.get("lang") == "fr"
    assert html.findtext(".//title") == "Vidéo 4 — info.gouv.fr"
    assert html.findtext(".//h1") == "Vidéo 4"
    (video,) = html.findall(".//video")
    assert video.get("controls") is not None and video.get("preload") == "metadata"
    assert video.get("poster") == "http://localhost:8000/media/renditions/poster-4.large.webp"
    assert (video.get("width"), video.get("height")) == ("1920", "1080")
    sources = list(video.iter("source"))  # libxml2 nests void elements it does not know
    assert [(s.get("src").rsplit("-", 1)[1], s.get("type")) for s in sources] == [
        ("1080.mp4", "video/mp4"),
        ("720.mp4", "video/mp4"),
        ("360.mp4", "video/mp4"),
    ]
    assert [s.get("media") for s in sources] == ["(min-width: 960px)", "(min-width: 640px)", None]
    tracks = [
        (t.get("kind"), t.get("srclang"), t.get("label"), t.get("default"))
        for t in video.iter("track")
    ]
    assert tracks == [("captions", "fr", "Français", ""), ("subtitles", "en", "English", None)]
    assert next(video.iter("track")).get("src").endswith("/v4-fr-captions.vtt")
    # The transcript, in a DSFR accordion right after the player.
    body = response.content.decode()
    after = body[body.index("</video>") + len("</video>") :].lstrip()
    assert after.startswith('<section class="fr-accordion gv-embed__transcript">')
    accordion = html.find(".//section")
    assert "fr-accordion" in accordion.get("class")
    assert accordion.findtext(".//button") == "Transcription"
    button = accordion.find(".//button")
    assert button.get("aria-controls") == "transcription"
    assert [p.text for p in accordion.findall(".//p")] == [
        "Bonjour.",
        "Ceci est la transcription.",
    ]
    text = html.text_content()
    assert "Durée\u00a0: 1\u00a0h\u00a002\u00a0min\u00a003\u00a0s" in text
    assert html.find(".//time").get("datetime") == "PT1H2M3S"
    assert "Crédits\u00a0: Réalisation : SIG" in text
    assert "Licence Ouverte / Etalab 2.0" in text
    assert "© Service d'information du Gouvernement" in text
    assert "Ministère de la Santé" in text


def test_headers_allow_framing_and_nothing_else(client, settings):
    settings.X_FRAME_OPTIONS = "DENY"
    stored_video(4)
    response = client.get(URL.format(4))
    assert "X-Frame-Options" not in response
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["frame-ancestors"] == "*"
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["object-src"] == policy["base-uri"] == policy["form-action"] == "'none'"
    # The files come from the media base URL, another origin than the test client's.
    assert policy["media-src"] == "'self' http://localhost:8000"
    assert policy["img-src"] == "'self' data: http://localhost:8000"
    assert page(response).find(".//video").get("crossorigin") == "anonymous"
    assert response["Surrogate-Key"] == "api video:4"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert client.get(URL.format(4), headers={"If-None-Match": response["ETag"]}).status_code == 304
    # An admin page keeps its X-Frame-Options: only the embed view is exempt.
    assert client.get("/admin/login/")["X-Frame-Options"] == "DENY"


def test_files_of_the_page_own_origin_need_no_cors(client):
    stored_video(4, base="http://testserver")
    response = client.get(URL.format(4))
    assert page(response).find(".//video").get("crossorigin") is None
    assert "media-src 'self';" in response["Content-Security-Policy"]


def test_an_english_video_speaks_english(client):
    stored_video(
        5,
        language="en",
        captions=(("fr", "Français", "captions"), ("en", "English", "captions")),
    )
    html = page(client.get(URL.format(5)))
    assert html.get("lang") == "en"
    defaults = [t.get("srclang") for t in html.iter("track") if t.get("default") is not None]
    assert defaults == ["en"]
    assert html.find(".//button").text == "Transcript"
    assert "Duration: " in html.text_content()


def test_without_captions_of_its_language_french_is_the_default(client):
    stored_video(5, language="en", captions=(("fr", "Français", "subtitles"),))
    html = page(client.get(URL.format(5)))
    assert [t.get("default") for t in html.iter("track")] == [""]


def test_a_video_without_transcript_poster_or_files(client):
    stored_video(6, transcript="", poster=False, renditions=(), captions=(), duration=None)
    response = client.get(URL.format(6))
    assert response.status_code == 200
    html = page(response)
    assert html.find(".//video").get("poster") is None
    assert html.find(".//source") is None and html.find(".//track") is None
    assert html.find(".//*[@class='fr-accordion gv-embed__transcript']") is None
    assert "Durée" not in html.text_content()


@pytest.mark.parametrize(
    "state, expired, status, message",
    [
        (State.GONE, False, 410, "Cette vidéo n'est plus disponible."),
        (State.PUBLIC, True, 410, "Cette vidéo n'est plus disponible."),
        (None, False, 404, "Cette vidéo n'existe pas ou n'a jamais été publiée."),
    ],
)
def test_unavailable_videos(client, settings, state, expired, status, message):
    settings.X_FRAME_OPTIONS = "DENY"
    if state is not None:
        now = timezone.now()
        stored_video(
            7,
            title="Vidéo retirée",
            state=state,
            expires_at=now - datetime.timedelta(seconds=1) if expired else None,
        )
    response = client.get(URL.format(7))
    assert response.status_code == status
    html = page(response)
    assert html.get("lang") == "fr"
    assert html.findtext(".//p[@class='fr-callout__text']") == message
    assert "Vidéo retirée" not in response.content.decode()
    assert html.find(".//video") is None
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_a_news_item_has_no_embed_page(client):
    from tests.delivery.api_support import stored

    stored(8, timezone.now())
    assert client.get(URL.format(8)).status_code == 404


def test_only_get_and_head(client):
    stored_video(4)
    assert client.head(URL.format(4)).status_code == 200
    assert client.post(URL.format(4)).status_code == 405


def test_the_page_reads_one_row(client, django_assert_max_num_queries):
    stored_video(4)
    with django_assert_max_num_queries(1):
        assert client.get(URL.format(4)).status_code == 200


def test_a_rewritten_video_shows_at_once(client):
    stored_video(4)
    assert "Vidéo 4" in client.get(URL.format(4)).content.decode()
    document = Document.objects.get(key="video:4")
    document.body = document.body.replace("Vidéo 4", "Nouveau titre")
    document.save()
    assert "Nouveau titre" in client.get(URL.format(4)).content.decode()


@pytest.mark.parametrize(
    "seconds, text, iso",
    [
        (None, "", ""),
        (0.4, "0\u00a0s", "PT0S"),
        (45, "45\u00a0s", "PT45S"),
        (61.5, "1\u00a0min\u00a002\u00a0s", "PT1M2S"),
        (3600, "1\u00a0h\u00a000\u00a0min\u00a000\u00a0s", "PT1H0S"),
    ],
)
def test_durations(seconds, text, iso):
    assert embed.duration_text(seconds) == text
    assert embed.iso_duration(seconds) == iso
