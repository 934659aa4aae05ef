"""The social posts' and API tokens' admin screens read as French (tests/admin_french)."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.apitokens.models import APIToken
from news.social import Network, SocialPost
from tests.admin_french.checker import french_mistakes

pytestmark = pytest.mark.django_db


def test_the_screens_read_as_french(site, admin_user):
    item = site["pages"]["own_draft"]
    post = SocialPost.objects.create(news_page=item, network=Network.X, text="Bientôt.")
    token = APIToken(name="Outil", owner=admin_user, scopes=["planner:read"])
    token.expires_at = timezone.now() + datetime.timedelta(days=1)
    token.set_new_secret()
    token.save()
    client = Client()
    client.force_login(admin_user)
    screens = [
        reverse("social_posts:index"),
        reverse("social_posts:add") + f"?news_page={item.pk}",
        reverse("social_posts:edit", args=[post.pk]),
        reverse("social_posts:delete", args=[post.pk]),
        reverse("social_posts:history", args=[post.pk]),
        reverse("apitokens:index"),
        reverse("apitokens:add"),
        reverse("apitokens:edit", args=[token.pk]),
        reverse("apitokens:revoke", args=[token.pk]),
        reverse("wagtailadmin_pages:edit", args=[item.pk]),
    ]
    problems = {}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        mistakes = french_mistakes(response.content.decode())
        if mistakes:
            problems[url] = mistakes
    assert problems == {}
