"""A ministry news item goes from a contributor's form to live, in the French admin, in Chromium.

The contributor writes and submits the item; the ministry's validator opens it from the
dashboard and clicks "Valider" in the editor's footer menu (Wagtail's edit view); a
Rédaction editor clicks "Approuver" in the dashboard's row menu (the workflow-action view),
which publishes it. Each step is checked on screen and in the database.

Screenshots, ``01-connexion.png`` to ``09-en-ligne.png`` (plus ``echec-<n>.png`` of every
open page if the test fails), go to
``test-output/browser/test_ministry_news_goes_live_after_both_reviews/`` at the repository
root; the end of pytest's report gives the folder.
"""

import re

from wagtail.models import PageLogEntry, WorkflowState

import pytest
from playwright.sync_api import Page, expect

from cms.workflows import setup
from news.models import MinistryNewsPage, NewsKind

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restored_after_flush"),
]

PASSWORD = "Mot-de-passe-du-test-2030"
TITLE = "Plan « Hôpital 2030 » : les premières mesures"
CHAPO = "Le ministère présente les premières mesures de son plan pour l'hôpital."


def shoot(page: Page, folder, name: str) -> None:
    page.screenshot(path=folder / f"{name}.png", full_page=True, animations="disabled")


def log_in(page: Page, username: str, folder=None) -> None:
    """Sign in through the French login form and wait for the dashboard."""
    page.goto("/admin/login/")
    expect(page.get_by_role("heading", name="S'identifier")).to_be_visible()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    if folder is not None:
        shoot(page, folder, "01-connexion")
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/")


def open_actions(page: Page, item) -> None:
    """Open the dropdown of the editor's footer action menu that holds ``item``."""
    page.locator("footer .w-dropdown", has=item).get_by_role(
        "button", name="Plus d'actions"
    ).click()
    expect(item).to_be_visible()


def awaiting_review(page: Page):
    """The dashboard's "En attente de votre vérification" row of the item."""
    panel = page.locator("#awaiting-review-section")
    expect(panel.get_by_role("heading")).to_have_text("En attente de votre vérification")
    return panel.get_by_role("row").filter(has_text=TITLE)


def current_task(item) -> str | None:
    state = MinistryNewsPage.objects.get(pk=item.pk).current_workflow_task_state
    return state.task.name if state else None


def test_ministry_news_goes_live_after_both_reviews(site, new_session, screenshots):
    setup.setup_workflows()
    users = site["users"]
    for role in ("contributor", "validator", "editor"):
        users[role].set_password(PASSWORD)
        users[role].save()
    section = site["pages"]["own_section"]

    # The contributor writes the item in their ministry's section and submits it.
    page = new_session()
    log_in(page, "contributor", folder=screenshots)
    page.goto(f"/admin/pages/add/news/ministrynewspage/{section.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Actualité ministérielle")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_kind").select_option(label="Communiqué de presse")
    page.locator("#id_chapo").fill(CHAPO)
    submit = page.locator('button[name="action-submit"]')
    open_actions(page, submit)
    expect(submit).to_have_text("Soumettre à Actualité ministérielle")
    shoot(page, screenshots, "02-formulaire-rempli")
    submit.click()
    expect(page.get_by_text(f"Page « {TITLE} » créée et soumise pour modération.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row.locator(".w-status")).to_have_text(
        re.compile(r":\s*en cours de modération\s*$", re.I)
    )
    shoot(page, screenshots, "03-apres-soumission")

    item = MinistryNewsPage.objects.get(title=TITLE)
    assert item.get_parent().pk == section.pk
    assert (item.kind, item.chapo, item.live) == (NewsKind.PRESS_RELEASE, CHAPO, False)
    assert item.owner == users["contributor"]
    # The editorial-line check passed on its own; the ministry's validators are up.
    assert current_task(item) == setup.MINISTRY_VALIDATION_TASK

    # The validator finds it on the dashboard, opens it and clicks "Valider".
    page = new_session()
    log_in(page, "validator")
    row = awaiting_review(page)
    expect(row).to_have_count(1)
    shoot(page, screenshots, "04-valideur-tableau-de-bord")
    row.get_by_role("link", name=TITLE).click()
    approve = page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    open_actions(page, approve)
    expect(approve).to_have_text("Valider")
    shoot(page, screenshots, "05-valideur-menu")
    approve.click()
    # The message says what happened (cms.wording), not "mise à jour".
    expect(
        page.get_by_text(
            re.compile(rf"Validation enregistrée\s*:\s*«\s*{re.escape(TITLE)}\s*» passe à l'étape")
        )
    ).to_be_visible()
    shoot(page, screenshots, "06-apres-validation")
    assert current_task(item) == setup.REDACTION_REVIEW_TASK
    task_id = MinistryNewsPage.objects.get(pk=item.pk).current_workflow_task_state.pk
    assert not MinistryNewsPage.objects.get(pk=item.pk).live

    # A Rédaction editor approves it from the dashboard's action menu: it goes live.
    page = new_session()
    log_in(page, "editor")
    row = awaiting_review(page)
    row.get_by_role("button", name="Actions").click()
    approve = row.get_by_role("button", name="Approuver", exact=True)
    expect(approve).to_be_visible()
    shoot(page, screenshots, "07-redaction-menu")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        approve.click()
    assert posted.value.url.endswith(f"/admin/pages/workflow/action/{item.pk}/approve/{task_id}/")
    expect(page.locator("#awaiting-review-section")).to_have_count(0)
    shoot(page, screenshots, "08-apres-approbation")

    page.goto(f"/admin/pages/{section.pk}/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row.locator(".w-status")).to_have_text(re.compile(r":\s*publiée\s*$", re.I))
    shoot(page, screenshots, "09-en-ligne")

    item = MinistryNewsPage.objects.get(pk=item.pk)
    workflow_state = WorkflowState.objects.get(object_id=str(item.pk))
    assert item.live and not item.has_unpublished_changes
    assert item.first_published_at is not None
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert item.live_revision == workflow_state.current_task_state.revision
    assert (item.title, item.kind, item.chapo) == (TITLE, NewsKind.PRESS_RELEASE, CHAPO)
    actions = set(PageLogEntry.objects.filter(page=item).values_list("action", "user__username"))
    assert {
        ("wagtail.workflow.start", "contributor"),
        ("wagtail.workflow.approve", "validator"),
        ("wagtail.workflow.approve", "editor"),
        ("wagtail.publish", "editor"),
    } <= actions
