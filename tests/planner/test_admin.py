"""The "Réseaux sociaux" admin: a ministry's community managers write the posts of their
ministry's items, without any right on the pages, and never see another ministry's; the
item's "Réseaux sociaux" tab; the roles."""

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission, Revision

import pytest

from cms.workflows import roles
from news.social import Network, SocialPost

pytestmark = pytest.mark.django_db

DENIED = "Désolé, vous n&#x27;avez pas les autorisations pour accéder à cette zone."


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    """The messages' texts (without their buttons)."""
    return [str(message).strip().split("\n")[0] for message in get_messages(response.wsgi_request)]


@pytest.fixture
def cm(site, django_user_model):
    """A community manager of the "own" ministry (Santé)."""
    user = django_user_model.objects.create_user(username="cm", password="x")
    user.groups.add(site["own_roles"].community_managers)
    return user


def form_data(page, **fields) -> dict:
    return {
        "news_page": page.pk,
        "network": Network.X,
        "planned_at": "",
        "text": "Le ministère annonce une campagne de vaccination.",
        "hashtags": "#Santé",
        "image": "",
        "image_alt": "",
        **fields,
    }


def test_setup_roles_gives_each_ministry_its_community_managers(site):
    group = site["own_roles"].community_managers
    assert group.name == "Santé – réseaux sociaux"
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_socialpost", "change_socialpost", "delete_socialpost"} <= codenames
    assert not codenames & {"add_page", "change_page", "publish_page"}
    page_permissions = GroupPagePermission.objects.filter(group=group)
    assert {p.permission.codename for p in page_permissions} == {"view_page"}
    assert {p.page_id for p in page_permissions} == {site["pages"]["own_section"].pk}
    social = Permission.objects.filter(group__name=roles.SOCIAL_MEDIA)
    assert social.filter(codename="change_socialpost").exists()


def test_a_community_manager_adds_a_post_without_a_page_revision(site, cm):
    page = site["pages"]["own_draft"]
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    client = logged_in(cm)
    add_url = reverse("social_posts:add")
    form = client.get(add_url, {"news_page": page.pk})
    assert form.status_code == 200
    assert f'value="{page.pk}"' in form.content.decode()
    assert "gv-social-length" in form.content.decode()
    response = client.post(add_url, form_data(page))
    assert response.status_code == 302
    assert messages_of(response) == [f"Publication X de « {page.draft_title} » enregistrée."]
    post = SocialPost.objects.get()
    assert (post.news_page_id, post.hashtags) == (page.pk, "#Santé")
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    edit = client.post(
        reverse("social_posts:edit", args=[post.pk]),
        form_data(page, text="Nouveau texte", network=Network.MASTODON),
    )
    assert edit.status_code == 302
    assert messages_of(edit)[-1] == f"Publication Mastodon de « {page.draft_title} » enregistrée."
    post.refresh_from_db()
    assert (post.text, post.network) == ("Nouveau texte", "mastodon")


def test_a_too_long_post_is_refused_in_french(site, cm):
    page = site["pages"]["own_draft"]
    response = logged_in(cm).post(reverse("social_posts:add"), form_data(page, text="a" * 300))
    assert response.status_code == 200
    assert "Trop long pour X : 307 caractères, mots-dièse compris, pour 280 au plus." in (
        response.content.decode()
    )
    assert not SocialPost.objects.exists()


def test_a_community_manager_cannot_publish_nor_edit_the_page(site, cm):
    page = site["pages"]["own_draft"]
    client = logged_in(cm)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 302
    assert messages_of(response) == [DENIED]
    publish = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": "Publié par erreur", "action-publish": "action-publish"},
    )
    assert publish.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.title != "Publié par erreur"


def test_another_ministrys_items_and_posts_do_not_exist_for_them(site, cm):
    other = site["pages"]["other_draft"]
    other_post = SocialPost.objects.create(
        news_page=other, network=Network.X, text="Annonce secrète des Armées"
    )
    own_post = SocialPost.objects.create(
        news_page=site["pages"]["own_draft"], network=Network.X, text="Annonce de la Santé"
    )
    client = logged_in(cm)
    listing = client.get(reverse("social_posts:index"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert site["pages"]["own_draft"].draft_title in body
    assert other.draft_title not in body
    for view in ("edit", "delete", "history", "usage"):
        response = client.get(reverse(f"social_posts:{view}", args=[other_post.pk]))
        assert response.status_code == 404, view
        assert other.draft_title not in response.content.decode()
        assert client.get(reverse(f"social_posts:{view}", args=[own_post.pk])).status_code == 200
    refused = client.post(reverse("social_posts:add"), form_data(other))
    assert refused.status_code == 200
    assert other.draft_title not in refused.content.decode()
    assert not SocialPost.objects.filter(news_page=other).exclude(pk=other_post.pk).exists()
    created = client.get(reverse("social_posts:add"), {"news_page": other.pk})
    assert f'value="{other.pk}"' not in created.content.decode()


def test_the_sig_social_media_managers_write_every_items_posts(site):
    user = site["users"]["social"]
    other = site["pages"]["other_draft"]
    response = logged_in(user).post(reverse("social_posts:add"), form_data(other))
    assert response.status_code == 302
    assert SocialPost.objects.get().news_page_id == other.pk


@pytest.mark.parametrize("role", ["contributor", "validator", "editor"])
def test_roles_without_the_permission_have_no_access(site, role):
    response = logged_in(site["users"][role]).get(reverse("social_posts:index"))
    assert response.status_code == 302
    assert messages_of(response) == [DENIED]


def test_the_news_editor_has_a_social_media_tab(site):
    page = site["pages"]["own_draft"]
    SocialPost.objects.create(news_page=page, network=Network.BLUESKY, text="Sur Bluesky")
    response = logged_in(site["users"]["chief"]).get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Réseaux sociaux" in body
    assert "Sur Bluesky" in body and "11 / 300" in body


def test_the_listing_reads_in_a_few_queries(site, cm, django_assert_max_num_queries):
    page = site["pages"]["own_draft"]
    for network in (Network.X, Network.BLUESKY, Network.MASTODON, Network.LINKEDIN):
        SocialPost.objects.create(news_page=page, network=network, text="Texte")
    client = logged_in(cm)
    client.get(reverse("social_posts:index"))  # warms the user's caches
    with django_assert_max_num_queries(15):  # 14 measured, whatever the number of posts
        response = client.get(reverse("social_posts:index"))
    assert response.status_code == 200
    assert response.content.decode().count(page.draft_title) >= 4
