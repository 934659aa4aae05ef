"""A community manager writes an item's X post in Chromium: the length counter follows the
typing, the network and the hashtags; the item's editor lists the post in its "Réseaux
sociaux" tab.

Screenshots go to ``test-output/browser/test_the_counter_follows_the_typing_and_the_tab_lists_the_post/``.
"""

import re

import pytest
from playwright.sync_api import expect

from cms.apitokens.models import APIToken, digest
from news.social import SocialPost
from tests.browser.test_moderation_flow import PASSWORD, log_in, shoot

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]


def test_the_counter_follows_the_typing_and_the_tab_lists_the_post(
    site, new_session, screenshots, django_user_model
):
    item = site["pages"]["own_draft"]
    manager = django_user_model.objects.create_user(username="cm", password=PASSWORD)
    manager.groups.add(site["own_roles"].community_managers)
    chief = site["users"]["chief"]
    chief.set_password(PASSWORD)
    chief.save()

    page = new_session()
    log_in(page, "cm")
    page.goto(f"/admin/social-posts/new/?news_page={item.pk}")
    counter = page.locator("[data-gv-social-length-output]")
    expect(counter).to_have_text("Choisissez un réseau pour connaître la longueur permise.")
    page.locator("#id_network").select_option("x")
    page.locator("#id_text").fill("Le ministère lance sa campagne de vaccination.")
    expect(counter).to_have_text("46 / 280 caractères pour X, mots-dièse compris")
    page.locator("#id_hashtags").fill("#Santé #Vaccination")
    expect(counter).to_have_text("66 / 280 caractères pour X, mots-dièse compris")
    page.locator("#id_text").fill("a" * 270)
    expect(counter).to_have_text("290 / 280 caractères : 10 de trop pour X")
    expect(page.locator("#id_text")).to_have_attribute("aria-invalid", "true")
    shoot(page, screenshots, "01-compteur-depasse")
    page.locator("#id_text").fill("Le ministère lance sa campagne de vaccination.")
    shoot(page, screenshots, "02-compteur")
    page.get_by_role("button", name="Créer").click()
    expect(page.locator(".messages")).to_contain_text("Publication X de")
    assert SocialPost.objects.get().hashtags == "#Santé #Vaccination"

    editor = new_session()
    log_in(editor, "chief")
    editor.goto(f"/admin/pages/{item.pk}/edit/")
    editor.get_by_role("tab", name="Réseaux sociaux").click()
    panel = editor.get_by_role("tabpanel", name="Réseaux sociaux")
    expect(panel).to_contain_text("Le ministère lance sa campagne de vaccination.")
    expect(panel).to_contain_text("66 / 280")
    shoot(editor, screenshots, "03-onglet-reseaux-sociaux")


def test_an_api_token_is_created_and_its_secret_shown_once(
    site, new_session, screenshots, django_user_model
):
    django_user_model.objects.create_superuser(username="admin", password=PASSWORD)
    page = new_session()
    log_in(page, "admin")
    page.goto("/admin/api-tokens/new/")
    page.locator("#id_name").fill("Outil de planification du SIG")
    page.get_by_label("Planificateur des réseaux sociaux (lecture)").check()
    shoot(page, screenshots, "04-jeton-formulaire")
    page.get_by_role("button", name="Créer").click()
    secret = page.locator("[data-api-token-secret]")
    expect(secret).to_have_value(re.compile(r"^gvt_"))
    shoot(page, screenshots, "05-jeton-cree")
    assert APIToken.objects.get().key_hash == digest(secret.input_value())
    value = secret.input_value()
    page.goto("/admin/api-tokens/")
    expect(page.locator("main")).to_contain_text("Outil de planification du SIG")
    assert value not in page.content()
    shoot(page, screenshots, "06-jetons")
