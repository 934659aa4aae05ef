"""The embed page of a video in Chromium, framed by another site: the player, its sources
and tracks, the transcript's DSFR accordion, and axe-core (pinned in ``package.json``,
installed by ``bin/setup``'s ``npm ci``) finds no serious or critical violation.

The video's document is written straight into the store, its poster a ``data:`` image
(the video files themselves are another part's view, not needed to check the page).
Screenshots ``01-lecteur.png``, ``02-transcription.png`` and ``03-dans-un-cadre.png`` go to
``test-output/browser/test_the_embed_page_is_accessible_and_framable/``; the player is also
saved as ``/tmp/embed.png``.
"""

import base64
import io
import json
from pathlib import Path

from django.conf import settings

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import browser_tests_required
from tests.browser.test_moderation_flow import shoot
from tests.delivery.video_support import stored_video

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]

#: axe-core's impacts that fail the test.
BLOCKING = {"serious", "critical"}
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> str:
    if not AXE.exists():
        reason = f"{AXE} is missing: run bin/setup (npm ci installs axe-core)"
        if browser_tests_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return AXE.read_text()


def run_axe_script(page, script: str) -> None:
    """Load axe-core into ``page`` through the DevTools protocol: the page's CSP refuses
    inline scripts (``add_script_tag``), rightly."""
    page.evaluate(script)
    assert page.evaluate("typeof axe.run") == "function"


def poster_data_url() -> str:
    """A 1600×900 JPEG (a blue gradient) as a ``data:`` URL."""
    image = Image.linear_gradient("L").resize((1600, 900)).convert("RGB")
    image = Image.merge(
        "RGB", (image.getchannel(0).point(lambda v: v // 4),) * 2 + (image.getchannel(0),)
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_the_embed_page_is_accessible_and_framable(
    browser, live_server, new_session, screenshots, settings
):
    settings.X_FRAME_OPTIONS = "DENY"
    script = axe_script()
    document = stored_video(
        12,
        title="Conférence de presse du Premier ministre",
        duration=754.2,
        captions=(("fr", "Français", "captions"), ("en", "English", "subtitles")),
        transcript="Mesdames et messieurs, bonjour.\n\nJe vous remercie d'être venus.",
        base=live_server.url,
    )
    body = json.loads(document.body)
    body["poster"]["renditions"]["large"]["url"] = poster_data_url()
    document.body = json.dumps(body, ensure_ascii=False)
    document.save()

    page = new_session()
    page.set_viewport_size({"width": 800, "height": 700})
    response = page.goto("/embed/videos/12/")
    assert response.status == 200
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Conférence de presse du Premier ministre"
    )
    video = page.locator("video")
    expect(video).to_have_attribute("preload", "metadata")
    assert video.evaluate("v => v.controls")
    sources = page.locator("video source")
    expect(sources).to_have_count(3)
    assert [s.get_attribute("src")[len(live_server.url) :] for s in sources.all()] == [
        f"/media/videos/renditions/v12-{height}.mp4" for height in (1080, 720, 360)
    ]
    assert all(s.get_attribute("type") == "video/mp4" for s in sources.all())
    tracks = page.locator("video track")
    expect(tracks).to_have_count(2)
    assert [
        (t.get_attribute("kind"), t.get_attribute("srclang"), t.get_attribute("label"))
        for t in tracks.all()
    ] == [("captions", "fr", "Français"), ("subtitles", "en", "English")]
    # The browser read them as text tracks, the French one shown by default.
    assert video.evaluate("v => [...v.textTracks].map(t => [t.language, t.kind])") == [
        ["fr", "captions"],
        ["en", "subtitles"],
    ]
    assert page.locator("track[default]").get_attribute("srclang") == "fr"
    # DSFR's style sheets and script loaded under the page's CSP.
    expect(page.locator("html")).to_have_attribute("data-fr-js", "true")
    page.wait_for_function("document.querySelector('video').poster.startsWith('data:')")
    shoot(page, screenshots, "01-lecteur")
    page.screenshot(path="/tmp/embed.png", full_page=True, animations="disabled")  # noqa: S108

    run_axe_script(page, script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert blocking == [], blocking

    # The transcript opens under the player.
    button = page.get_by_role("button", name="Transcription")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_text("Je vous remercie d'être venus.")).to_be_visible()
    shoot(page, screenshots, "02-transcription")

    # Framed by a page, answered by the browser's router (on the live server's origin:
    # Chromium's local network checks refuse a frame of localhost in another origin's
    # page; X-Frame-Options DENY, Django's default, would refuse this one too).
    framing = new_session()
    partner = live_server.url + "/partenaire/"
    framing.route(
        partner,
        lambda route: route.fulfill(
            content_type="text/html; charset=utf-8",
            body='<!DOCTYPE html><html lang="fr"><title>Site partenaire</title><body>'
            f'<iframe src="{live_server.url}/embed/videos/12/" title="Vidéo : Conférence" '
            'width="640" height="560"></iframe></body></html>',
        ),
    )
    framing.goto(partner)
    frame = framing.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(
        "Conférence de presse du Premier ministre"
    )
    shoot(framing, screenshots, "03-dans-un-cadre")


def test_a_gone_video_page_is_accessible(browser, live_server, new_session):
    script = axe_script()
    stored_video(13, state="gone")
    page = new_session()
    response = page.goto("/embed/videos/13/")
    assert response.status == 410
    expect(page.get_by_text("Cette vidéo n'est plus disponible.")).to_be_visible()
    run_axe_script(page, script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in BLOCKING] == []
