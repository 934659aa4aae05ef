"""A chief editor manages the search's synonyms and best bets in the French admin, in
Chromium: a group of one term is refused with its reason, a valid one saved; a best bet
of two public items saved in their order; one item withdrawn later is listed as « non
publié ».

Screenshots ``01-menu.png`` to ``07-contenu-non-publie.png`` go to
``test-output/browser/test_a_chief_editor_manages_synonyms_and_best_bets/``.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.delivery.models import Document, Kind, State
from cms.workflows import roles
from search.curation import services
from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]


def stored(key: str, title: str, kind: str, days: int) -> None:
    summary = json.dumps({"title": title}, ensure_ascii=False)
    now = timezone.now()
    Document.objects.create(
        key=key,
        kind=kind,
        public_id=key.split(":")[1],
        locale="fr",
        body=summary,
        summary=summary,
        etag=uuid.uuid4().hex,
        published_at=now - datetime.timedelta(days=days),
        modified_at=now,
    )


def test_a_chief_editor_manages_synonyms_and_best_bets(new_session, screenshots):
    roles.setup_roles()
    chief = get_user_model().objects.create_user("chef", password=PASSWORD)
    chief.groups.add(Group.objects.get(name=roles.CHIEF_EDITORS))
    stored("page:1", "La prime d'activité en 2026", Kind.NEWS, 3)
    stored("video:7", "La prime d'activité expliquée en deux minutes", Kind.VIDEO, 1)

    page = new_session()
    log_in(page, "chef")
    page.get_by_role("button", name="Recherche", exact=True).click()
    expect(page.get_by_role("link", name="Meilleurs résultats")).to_be_visible()
    shoot(page, screenshots, "01-menu")

    page.get_by_role("link", name="Synonymes").click()
    page.get_by_role("link", name="Ajouter").first.click()
    page.locator("#id_terms").fill("RSA")
    page.get_by_role("button", name="Créer").click()
    expect(page.get_by_text("Indiquez au moins deux termes différents")).to_be_visible()
    shoot(page, screenshots, "02-un-seul-terme-refuse")
    page.locator("#id_terms").fill("RSA\nRevenu de solidarité active")
    page.get_by_role("button", name="Créer").click()
    page.wait_for_url("**/admin/recherche/synonymes/")
    expect(page.get_by_role("link", name="RSA · Revenu de solidarité active")).to_be_visible()
    shoot(page, screenshots, "03-synonymes")
    assert services.expansions("rsa") == ("Revenu de solidarité active",)

    page.get_by_role("button", name="Recherche", exact=True).click()
    page.get_by_role("link", name="Meilleurs résultats").click()
    page.get_by_role("link", name="Ajouter").first.click()
    page.locator("#id_query").fill("Prime d'activité")
    add = page.get_by_role("button", name="contenu mis en avant")
    add.click()
    page.get_by_role("button", name="Choisir un contenu").last.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_placeholder("Un mot du titre").fill("expliquée")
    expect(modal.get_by_role("link", name="La prime d'activité en 2026")).to_have_count(0)
    shoot(page, screenshots, "04-choix-du-contenu")
    modal.get_by_role("link", name="La prime d'activité expliquée en deux minutes").click()
    expect(page.locator("#id_targets-0-document_key")).to_have_value("video:7")
    add.click()
    page.get_by_role("button", name="Choisir un contenu").last.click()
    page.locator(".modal-dialog").get_by_role("link", name="La prime d'activité en 2026").click()
    expect(page.locator("#id_targets-1-document_key")).to_have_value("page:1")
    shoot(page, screenshots, "05-meilleur-resultat")
    page.get_by_role("button", name="Créer").click()
    page.wait_for_url("**/admin/recherche/meilleurs-resultats/")
    expect(page.get_by_role("cell", name="La prime d'activité expliquée")).to_be_visible()
    shoot(page, screenshots, "06-meilleurs-resultats")
    assert services.promoted("prime d'activite") == ("video:7", "page:1")

    Document.objects.filter(key="page:1").update(state=State.WITHDRAWN)
    page.reload()
    expect(page.get_by_text("Contenu non publié (page:1)")).to_be_visible()
    expect(page.get_by_text("La prime d'activité en 2026")).to_have_count(0)
    page.get_by_role("link", name="Prime d'activité").click()
    expect(page.locator("#id_targets-1-document_key")).to_have_value("page:1")
    expect(page.get_by_text("Contenu non publié (page:1)")).to_be_visible()
    shoot(page, screenshots, "07-contenu-non-publie")
