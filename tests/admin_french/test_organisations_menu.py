"""Chief editors manage governments, ministries, topics and people from the admin menu."""

import json

from django.urls import reverse

import pytest

from cms.organisations.models import Government, Ministry, Person, Topic
from tests.factories import GovernmentFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

MODELS = ["government", "ministry", "topic", "person"]


def menu_urls(client):
    """The URLs of the admin menu (sidebar), submenus included."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.index('id="wagtail-sidebar-props"')
    props = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.dumps(json.loads(props))


@pytest.mark.parametrize("model", MODELS)
def test_chief_editors_list_add_and_edit_organisations(client, site, model):
    client.force_login(site["users"]["chief"])
    GovernmentFactory()
    TopicFactory()
    PersonFactory()
    instance = {"government": Government, "ministry": Ministry, "topic": Topic, "person": Person}[
        model
    ].objects.first()
    prefix = f"wagtailsnippets_organisations_{model}"
    assert client.get(reverse(f"{prefix}:list")).status_code == 200
    assert client.get(reverse(f"{prefix}:add")).status_code == 200
    assert client.get(reverse(f"{prefix}:edit", args=[instance.pk])).status_code == 200
    assert reverse(f"{prefix}:list") in menu_urls(client)


def test_chief_editors_create_a_topic(client, site):
    client.force_login(site["users"]["chief"])
    response = client.post(
        reverse("wagtailsnippets_organisations_topic:add"),
        {"name": "Ruralité", "slug": "ruralite", "description": "", "locale": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert Topic.objects.filter(slug="ruralite").exists()


@pytest.mark.parametrize("role", ["editor", "contributor", "social", "crisis"])
def test_other_roles_read_organisations_but_do_not_manage_them(client, site, role):
    """Every role views the organisations (they file news items under them, docs/permissions.md);
    only the chief editors add, change or delete them."""
    client.force_login(site["users"][role])
    topic = TopicFactory(name="Ruralité")
    listing = client.get(reverse("wagtailsnippets_organisations_topic:list"))
    assert listing.status_code == 200
    assert "Ruralité" in listing.content.decode()
    assert reverse("wagtailsnippets_organisations_topic:add") not in listing.content.decode()
    for url in (
        reverse("wagtailsnippets_organisations_topic:add"),
        reverse("wagtailsnippets_organisations_topic:edit", args=[topic.pk]),
        reverse("wagtailsnippets_organisations_topic:delete", args=[topic.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
    assert Topic.objects.filter(pk=topic.pk, name="Ruralité").exists()
