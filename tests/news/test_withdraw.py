"""Withdraw with a public reason: who may, what is kept, bad input."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from cms.workflows import roles
from news import services
from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_news(news_index):
    page = NewsPageFactory(parent=news_index, title="Mesure remplacée")
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


@pytest.fixture
def chief(home):
    roles.setup_roles()
    user = get_user_model().objects.create_user(username="chef", password="x")
    user.groups.add(Group.objects.get(name=roles.CHIEF_EDITORS))
    return user


@pytest.fixture
def editor(home):
    roles.setup_roles()
    user = get_user_model().objects.create_user(username="redac", password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def test_chief_withdraws_with_a_public_reason(client, chief, live_news):
    client.force_login(chief)
    url = reverse("news_withdraw", args=[live_news.pk])
    page_html = client.get(url).content.decode()
    assert "Motif public du retrait" in page_html
    response = client.post(url, {"reason": "Cette mesure a été remplacée par le plan du 3 mars."})
    assert response.status_code == 302
    page = NewsPage.objects.get(pk=live_news.pk)
    assert not page.live
    assert page.withdrawn_at is not None
    assert page.withdrawal_reason == "Cette mesure a été remplacée par le plan du 3 mars."
    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", "user__username"))
    assert ("wagtail.unpublish", "chef") in actions
    assert (services.WITHDRAW_ACTION, "chef") in actions
    entry = PageLogEntry.objects.get(page=page, action=services.WITHDRAW_ACTION)
    assert entry.data["reason"].startswith("Cette mesure")


def test_reason_is_required_and_nothing_changes(client, chief, live_news):
    client.force_login(chief)
    response = client.post(reverse("news_withdraw", args=[live_news.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "Le motif du retrait est obligatoire" in response.content.decode()
    page = NewsPage.objects.get(pk=live_news.pk)
    assert page.live and page.withdrawn_at is None
    assert not PageLogEntry.objects.filter(page=page, action=services.WITHDRAW_ACTION).exists()


def test_editor_without_unpublish_right_is_refused(client, editor, live_news):
    client.force_login(editor)
    response = client.post(reverse("news_withdraw", args=[live_news.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    page = NewsPage.objects.get(pk=live_news.pk)
    assert page.live and page.withdrawn_at is None
    assert not PageLogEntry.objects.filter(
        page=page, action__in=["wagtail.unpublish", services.WITHDRAW_ACTION]
    ).exists()


def test_draft_cannot_be_withdrawn(client, chief, news_index):
    draft = NewsPageFactory(parent=news_index, live=False)
    client.force_login(chief)
    response = client.post(reverse("news_withdraw", args=[draft.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert NewsPage.objects.get(pk=draft.pk).withdrawn_at is None


def test_republishing_clears_the_withdrawal(chief, live_news):
    services.withdraw(live_news, reason="Erreur de chiffres", user=chief)
    page = NewsPage.objects.get(pk=live_news.pk)
    assert page.withdrawn_at is not None
    page.get_latest_revision().publish(user=chief)
    page = NewsPage.objects.get(pk=live_news.pk)
    assert page.live
    assert (page.withdrawn_at, page.withdrawal_reason) == (None, "")


def test_withdrawal_survives_later_draft_edits(chief, live_news):
    services.withdraw(live_news, reason="Remplacée", user=chief)
    draft = NewsPage.objects.get(pk=live_news.pk).get_latest_revision_as_object()
    assert draft.withdrawal_reason == "Remplacée"
    draft.title = "Nouveau titre"
    draft.save_revision(user=chief)
    assert NewsPage.objects.get(pk=live_news.pk).withdrawal_reason == "Remplacée"


def test_withdraw_button_shown_only_to_those_who_may(client, chief, editor, live_news):
    client.force_login(chief)
    assert (
        "Retirer (avec motif public)"
        in client.get(
            reverse("wagtailadmin_explore", args=[live_news.get_parent().pk])
        ).content.decode()
    )
    client.force_login(editor)
    assert (
        "Retirer (avec motif public)"
        not in client.get(
            reverse("wagtailadmin_explore", args=[live_news.get_parent().pk])
        ).content.decode()
    )


def test_withdrawal_cancels_a_scheduled_correction(client, chief, live_news):
    correction = live_news.get_latest_revision_as_object()
    correction.title = "Mesure corrigée"
    correction.go_live_at = timezone.now() + datetime.timedelta(hours=12)
    scheduled = correction.save_revision(user=chief)
    scheduled.publish(user=chief)
    assert NewsPage.objects.get(pk=live_news.pk).approved_schedule

    client.force_login(chief)
    listing = client.get(reverse("wagtailadmin_explore", args=[live_news.get_parent().pk]))
    assert "Retirer (avec motif public)" in listing.content.decode()
    url = reverse("news_withdraw", args=[live_news.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Une correction est programmée" in form.content.decode()

    response = client.post(url, {"reason": "Mesure abandonnée."})
    assert response.status_code == 302
    notices = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert notices == [
        "« Mesure remplacée » a été retiré ; le motif sera affiché publiquement.",
        "La correction programmée a été annulée.",
    ]
    page = NewsPage.objects.get(pk=live_news.pk)
    assert not page.live
    assert page.withdrawal_reason == "Mesure abandonnée."
    assert not page.approved_schedule
    scheduled.refresh_from_db()
    assert scheduled.approved_go_live_at is None
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.schedule.cancel", user=chief, revision=scheduled
    ).exists()
