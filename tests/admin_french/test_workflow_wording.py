"""Workflow e-mails and messages say, in French, who did what and when the item goes live."""

import datetime
import html
import re

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.workflows import setup
from news.models import NewsPage
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))  # 30 November: winter time


@pytest.fixture
def newsroom(site):
    setup.setup_workflows()
    users = site["users"]
    for role, first, last in [("editor", "Camille", "Martin"), ("chief", "Dominique", "Bernard")]:
        users[role].first_name, users[role].last_name = first, last
        users[role].email = f"{role}@sig.gouv.fr"
        users[role].save()
    return site


def submit(client, user, index, **fields):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])
    data = news_form_data(
        "submit", title="Plan pour l'emploi", slug="plan-emploi", chapo="Le plan.", **fields
    )
    assert client.post(url, data).status_code == 302
    return NewsPage.objects.get(slug="plan-emploi")


def act(client, user, page, action, comment=""):
    client.force_login(user)
    state = NewsPage.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def mail_to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def flash(response):
    """The visible text of the last message shown after the action."""
    messages = list(get_messages(response.wsgi_request))
    return [html.unescape(re.sub(r"<[^>]+>", "", str(messages[-1]))).strip()]


def test_reviewers_are_told_who_submitted(client, newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, newsroom["users"]["editor"], newsroom["pages"]["news_index"])
    message = mail_to("chief@sig.gouv.fr")
    assert message.subject == "À valider\u00a0: «\u00a0Plan pour l'emploi\u00a0»"
    assert message.body.startswith("Bonjour Dominique,")
    assert "Camille Martin vous soumet «\u00a0Plan pour l'emploi\u00a0»" in message.body
    assert "(actualité gouvernementale)" in message.body


def test_changes_requested_name_the_reviewer_and_the_comment(
    client, newsroom, django_capture_on_commit_callbacks
):
    users = newsroom["users"]
    page = submit(client, users["editor"], newsroom["pages"]["news_index"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, users["chief"], page, "reject", "Citez le ministre.")
    assert response.status_code == 302
    assert flash(response) == [
        "Modifications demandées pour «\u00a0Plan pour l'emploi\u00a0»\u00a0: l'auteur est prévenu."
    ]
    message = mail_to("editor@sig.gouv.fr")
    assert message.body.startswith("Bonjour Camille,")
    assert "Dominique Bernard" in message.body
    assert "Commentaire\u00a0: «\u00a0Citez le ministre.\u00a0»" in message.body


def test_approval_says_it_is_published(client, newsroom, django_capture_on_commit_callbacks):
    users = newsroom["users"]
    page = submit(client, users["editor"], newsroom["pages"]["news_index"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, users["chief"], page, "approve")
    assert response.status_code == 302
    assert flash(response) == [
        "Validation enregistrée, publication effectuée\u00a0: «\u00a0Plan pour l'emploi\u00a0»."
    ]
    message = mail_to("editor@sig.gouv.fr")
    assert message.body.startswith("Bonjour Camille,")
    page.refresh_from_db()
    published = timezone.localtime(page.last_published_at).strftime("%d/%m/%Y à %H:%M")
    assert f"En ligne depuis le {published}." in message.body
    assert "mise à jour" not in message.body


def test_approval_of_a_scheduled_item_says_when_it_goes_live(
    client, newsroom, django_capture_on_commit_callbacks
):
    users = newsroom["users"]
    go_live = datetime.datetime(2026, 11, 30, 7, 50, tzinfo=PARIS)
    if go_live <= timezone.now():
        go_live = go_live.replace(year=timezone.now().year + 1)
    page = submit(
        client,
        users["editor"],
        newsroom["pages"]["news_index"],
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, users["chief"], page, "approve")
    expected = f"Mise en ligne programmée le {go_live:%d/%m/%Y} à 07:50."
    assert flash(response) == [
        f"Validation enregistrée\u00a0: «\u00a0Plan pour l'emploi\u00a0». {expected}"
    ]
    assert expected in mail_to("editor@sig.gouv.fr").body
    assert not NewsPage.objects.get(pk=page.pk).live
