"""Planner fixtures: API tokens, and a calendar of scheduled, embargoed, live and draft
items with their social-media posts, in a window starting now."""

from __future__ import annotations

import datetime

from django.utils import timezone

import pytest

from cms.apitokens.models import APIToken
from news.social import Network, SocialPost
from tests.factories import (
    MinistryFactory,
    MinistryNewsPageFactory,
    MinistryPageFactory,
    NewsPageFactory,
)

PLANNER_SCOPE = "planner:read"


def days(count: float) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def make_token(owner, *, scopes=(PLANNER_SCOPE,), ministries=(), expires_in=None):
    """A token of ``owner`` (valid 30 days by default) and its secret (the only time the
    secret is known)."""
    expires_in = days(30) if expires_in is None else expires_in
    token = APIToken(
        name="Outil de planification",
        owner=owner,
        scopes=list(scopes),
        expires_at=timezone.now() + expires_in,
    )
    secret = token.set_new_secret()
    token.save()
    token.ministries.set(ministries)
    return token, secret


def schedule(page, *, at, embargo=False):
    """Schedule ``page`` (a draft) through Wagtail for ``at``; returns the page."""
    if embargo:
        page.embargo_until = at
    page.go_live_at = at
    page.save_revision().publish()
    return page


def post(page, network=Network.X, *, at, text="Bientôt en ligne.", **fields) -> SocialPost:
    return SocialPost.objects.create(
        news_page=page, network=network, text=text, planned_at=at, **fields
    )


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user(username="planificateur", password="x")


@pytest.fixture
def token(owner):
    return make_token(owner)


@pytest.fixture
def calendar(news_index, ministry_index):
    """Now, the window's end (a week), and the items and posts of the fixture."""
    now = timezone.now()
    health = MinistryPageFactory(
        parent=ministry_index, ministry=MinistryFactory(name="Ministère de la Santé")
    )
    defence = MinistryPageFactory(
        parent=ministry_index, ministry=MinistryFactory(name="Ministère des Armées")
    )
    scheduled = schedule(
        NewsPageFactory(parent=news_index, title="Communiqué programmé", live=False),
        at=now + days(2),
    )
    embargoed = schedule(
        NewsPageFactory(parent=news_index, title="Communiqué sous embargo", live=False),
        at=now + days(3),
        embargo=True,
    )
    # A draft saved after scheduling: the planner shows what is scheduled, not this.
    draft_version = embargoed.get_latest_revision_as_object()
    draft_version.title = "Titre du brouillon non relu"
    draft_version.save_revision()
    live = NewsPageFactory(parent=news_index, title="Actualité déjà en ligne")
    draft = NewsPageFactory(parent=news_index, title="Brouillon jamais programmé", live=False)
    health_item = schedule(
        MinistryNewsPageFactory(parent=health, title="Annonce de la Santé", live=False),
        at=now + days(1),
    )
    defence_item = schedule(
        MinistryNewsPageFactory(parent=defence, title="Annonce des Armées", live=False),
        at=now + days(1),
    )
    later = schedule(
        NewsPageFactory(parent=news_index, title="Dans deux mois", live=False),
        at=now + days(60),
    )
    posts = {
        "embargoed_x": post(embargoed, at=now + days(3) + datetime.timedelta(hours=1)),
        "embargoed_linkedin": post(
            embargoed, Network.LINKEDIN, at=now + days(4), text="Le texte LinkedIn."
        ),
        "live_bluesky": post(live, Network.BLUESKY, at=now + days(1), hashtags="#Santé"),
        "draft_x": post(draft, at=now + days(2), text="Texte d'un brouillon"),
        "health_x": post(health_item, at=now + days(2)),
        "defence_x": post(defence_item, at=now + days(2), text="Secret des Armées"),
        "later_x": post(later, at=now + days(61)),
    }
    return {
        "now": now,
        "end": now + days(7),
        "scheduled": scheduled,
        "embargoed": embargoed,
        "live": live,
        "draft": draft,
        "health": health_item,
        "defence": defence_item,
        "later": later,
        "posts": posts,
    }
