"""Only the Rédaction may choose "Compte rendu du Conseil des ministres"."""

from django.urls import reverse

import pytest

from news.forms import REDACTION_ONLY_KINDS
from news.models import MinistryNewsPage, NewsKind, NewsPage
from tests.forms import news_form_data

pytestmark = pytest.mark.django_db

COUNCIL = NewsKind.COUNCIL_REPORT.value
REFUSAL = "Seule la Rédaction peut publier un compte rendu du Conseil des ministres."


def add_url(parent, model):
    return reverse("wagtailadmin_pages:add", args=["news", model, parent.pk])


def test_the_rule_names_the_council_report():
    assert REDACTION_ONLY_KINDS == (COUNCIL,)


@pytest.mark.parametrize("role", ["contributor", "validator"])
def test_a_ministry_may_not_choose_the_council_report(client, site, role):
    client.force_login(site["users"][role])
    section = site["pages"]["own_section"]
    url = add_url(section, "ministrynewspage")
    form = client.get(url)
    assert form.status_code == 200
    assert f'value="{COUNCIL}"' not in form.content.decode()
    assert 'value="discours"' in form.content.decode()

    response = client.post(url, news_form_data(title="Conseil", slug="conseil", kind=COUNCIL))
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [REFUSAL]
    assert REFUSAL in response.content.decode()
    assert not MinistryNewsPage.objects.filter(title="Conseil").exists()


def test_a_ministry_may_choose_other_kinds(client, site):
    client.force_login(site["users"]["contributor"])
    section = site["pages"]["own_section"]
    response = client.post(
        add_url(section, "ministrynewspage"),
        news_form_data(title="Discours", slug="discours", kind="discours"),
    )
    assert response.status_code == 302
    assert MinistryNewsPage.objects.get(title="Discours").kind == "discours"


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_the_redaction_may_choose_the_council_report(client, site, role):
    client.force_login(site["users"][role])
    url = add_url(site["pages"]["news_index"], "newspage")
    assert f'value="{COUNCIL}"' in client.get(url).content.decode()
    response = client.post(url, news_form_data(title="Conseil", slug="conseil", kind=COUNCIL))
    assert response.status_code == 302
    assert NewsPage.objects.get(title="Conseil").kind == COUNCIL
