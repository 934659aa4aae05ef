"""The DSFR preview of a draft, in Chromium: axe finds no serious or critical violation.

A Rédaction editor signs in and opens "Voir le brouillon" of an article with everything
info.gouv.fr shows (history notice, hero image and credit, blocks, attachment, change
note), then the editor's preview panel. axe-core (axe-playwright-python) checks the
preview page. Screenshots ``01-apercu-dsfr.png`` and ``02-panneau-apercu.png`` go to
``test-output/browser/test_the_dsfr_preview_is_accessible/``.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot
from tests.previews.conftest import make_article

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]

#: axe-core's impacts that fail the test.
BLOCKING = {"serious", "critical"}


def test_the_dsfr_preview_is_accessible(site, new_session, screenshots):
    article = make_article(site)
    editor = site["users"]["editor"]
    editor.set_password(PASSWORD)
    editor.save()
    page = new_session()
    log_in(page, "editor")

    response = page.goto(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan hiver")
    expect(page.get_by_text("Ce contenu a été publié sous le gouvernement")).to_be_visible()
    images = page.locator("main img")
    expect(images).to_have_count(2)
    for image in images.all():  # loaded through the editors' URLs
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shoot(page, screenshots, "01-apercu-dsfr")

    results = Axe().run(page)
    blocking = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert blocking == []

    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    frame = page.frame_locator("iframe#w-preview-iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Plan hiver")
    shoot(page, screenshots, "02-panneau-apercu")
