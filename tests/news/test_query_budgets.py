"""Admin screens of the news run a fixed number of queries, however many items they show.

Each budget is checked with a few items and with several times as many: a query per row
would break it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.workflows import roles
from tests.factories import MinistryNewsPageFactory, MinistryPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 12]


def schedule(page, at, *, embargo=False):
    if embargo:
        page.embargo_until = at
    page.go_live_at = at
    page.save_revision().publish()


def expiring(parent, factory, at):
    page = factory(parent=parent, live=False)
    page.expire_at = at
    page.save_revision().publish()


@pytest.fixture
def contributor(ministry_section):
    roles.setup_roles()
    user = get_user_model().objects.create_user(username="contributeur", password="x")
    user.groups.add(roles.roles_for_ministry(ministry_section.ministry).contributors)
    return user


def fill_planning(count, news_index, ministry_section, ministry_index, editor):
    """``count`` items of each kind of planning entry, government and ministry ones."""
    soon = timezone.now() + datetime.timedelta(days=2)
    other = MinistryPageFactory(parent=ministry_index)
    for number in range(count):
        at = soon + datetime.timedelta(hours=number)
        schedule(NewsPageFactory(parent=news_index, live=False), at, embargo=number % 2 == 0)
        for section in (ministry_section, other):
            schedule(MinistryNewsPageFactory(parent=section, live=False), at)
            expiring(section, MinistryNewsPageFactory, at)
        expiring(news_index, NewsPageFactory, at)
        in_review = MinistryNewsPageFactory(parent=ministry_section, live=False)
        in_review.go_live_at = at
        in_review.save_revision()
        in_review.get_workflow().start(in_review, editor)


@pytest.mark.parametrize("count", SIZES)
def test_planning(
    count,
    client,
    admin_user,
    contributor,
    news_index,
    ministry_section,
    ministry_index,
    django_assert_max_num_queries,
):
    fill_planning(count, news_index, ministry_section, ministry_index, admin_user)
    for user, rows in ((admin_user, 7 * count), (contributor, 3 * count)):
        client.force_login(user)
        with django_assert_max_num_queries(30):
            response = client.get(reverse("news_planning"))
        assert response.status_code == 200
        assert response.content.decode().count('<td><a href="/admin/pages/') == rows
