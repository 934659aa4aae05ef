"""An administrator subscribes an endpoint to webhooks in the French admin, in Chromium:
a private address is refused with its reason, a valid one saved, its secret read, a test
message sent to a real local endpoint and its answer shown.

Screenshots ``01-menu.png`` to ``07-livraison.png`` go to
``test-output/browser/test_an_administrator_subscribes_an_endpoint/``.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from cms.webhooks.models import Subscription
from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot
from tests.webhooks.conftest import serve

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]


@pytest.fixture
def endpoint(settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    server = serve()
    yield server
    server.shutdown()
    server.server_close()


def test_an_administrator_subscribes_an_endpoint(new_session, screenshots, endpoint, settings):
    get_user_model().objects.create_superuser("admin", email="admin@sig.gouv.fr", password=PASSWORD)
    page = new_session()
    log_in(page, "admin")
    page.get_by_role("button", name="Paramètres").click()
    expect(page.get_by_role("link", name="Journal des webhooks")).to_be_visible()
    shoot(page, screenshots, "01-menu")
    page.get_by_role("link", name="Webhooks", exact=True).click()
    page.get_by_role("link", name="Ajouter").first.click()

    page.locator("#id_name").fill("Portail des préfectures")
    page.locator("#id_url").fill(endpoint.url)
    page.get_by_label("Publication", exact=True).check()
    page.get_by_label("Alerte de crise").check()
    page.locator("#id_owners").select_option(label="admin")
    page.get_by_role("button", name="Créer").click()
    expect(page.get_by_text("elle est refusée.")).to_be_visible()
    shoot(page, screenshots, "02-adresse-privee-refusee")
    assert not Subscription.objects.exists()

    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    page.get_by_role("button", name="Créer").click()
    page.wait_for_url("**/admin/webhooks/")
    shoot(page, screenshots, "03-liste")
    subscription = Subscription.objects.get()
    assert subscription.events == ["published", "crisis_alert"]

    page.get_by_role("link", name="Portail des préfectures").click()
    expect(page.get_by_text(subscription.secret)).to_be_visible()
    shoot(page, screenshots, "04-secret")

    page.goto("/admin/webhooks/")
    page.get_by_role("button", name="Plus d’options pour « Portail des préfectures »").click()
    page.get_by_role("link", name="Envoyer un événement de test").click()
    expect(
        page.get_by_text("Événement de test livré à « Portail des préfectures »")
    ).to_be_visible()
    shoot(page, screenshots, "05-test-livre")
    assert len(endpoint.requests) == 1

    page.get_by_role("button", name="Paramètres").click()
    page.get_by_role("link", name="Journal des webhooks").click()
    expect(page.get_by_role("cell", name="webhook.test", exact=True)).to_be_visible()
    # The log is read-only: nothing to add; a row opens on what was sent.
    expect(page.get_by_role("link", name=re.compile("^Ajouter"))).to_have_count(0)
    shoot(page, screenshots, "06-journal")
    page.locator("td.title a").first.click()
    expect(page.get_by_text('"type":"webhook.test"')).to_be_visible()
    expect(page.get_by_text("None", exact=True)).to_have_count(0)
    shoot(page, screenshots, "07-livraison")
