"""Admin screens of the news run a fixed number of queries, however many items they show.

Each budget is checked with a few items and with several times as many: a query per row
would break it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.workflows import roles
from news.models import NewsPage
from tests.factories import MinistryNewsPageFactory, MinistryPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 12]
#: Queries of ``revision.publish()`` of a live news item, index update included (it
#: runs after the commit without a job queue, as in these tests), and the publication
#: pipeline's read of the page row before the save (``url_path`` and ``live``: a move, a
#: slug change or going live re-renders the page's tree) or, with a job queue, its job.
PUBLISH_BUDGET = 58


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


def fill_listing(count, parent, factory):
    """``count`` live, draft, scheduled and embargoed items under ``parent``."""
    at = timezone.now() + datetime.timedelta(days=2)
    for number in range(count):
        factory(parent=parent)
        factory(parent=parent, live=False)
        schedule(factory(parent=parent, live=False), at + datetime.timedelta(hours=number))
        schedule(factory(parent=parent, live=False), at, embargo=True)


def per_row(queries, table: str) -> int:
    """How many queries read ``table`` first (a row's status, its buttons…)."""
    return sum(1 for query in queries if query["sql"].split(" FROM ")[1].startswith(table))


@pytest.mark.parametrize(
    "user_fixture, parent_fixture, factory",
    [
        ("admin_user", "news_index", NewsPageFactory),
        ("contributor", "ministry_section", MinistryNewsPageFactory),
    ],
)
def test_explorer_rows_load_no_scheduled_revision(
    user_fixture, parent_fixture, factory, client, request
):
    """The embargo of scheduled rows is read with the rows (no query per row at all:
    ``test_listing_queries_do_not_grow_with_rows``)."""
    parent = request.getfixturevalue(parent_fixture)
    fill_listing(12, parent, factory)
    client.force_login(request.getfixturevalue(user_fixture))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("sous embargo jusqu&#x27;au") == 12
    assert per_row(queries, '"wagtailcore_revision"') <= 1


def test_chooser_rows_load_no_revision_nor_workflow_state(client, admin_user, news_index):
    fill_listing(12, news_index, NewsPageFactory)
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_choose_page_child", args=[news_index.pk]))
    assert response.status_code == 200
    # Page 1 (25 rows) shows 6 of the 12 embargoed items, with their embargo.
    assert response.content.decode().count("sous embargo jusqu&#x27;au") == 6
    # Not one per row: 6 embargoed and 6 scheduled rows are on the page.
    assert per_row(queries, '"wagtailcore_revision"') <= 2
    assert per_row(queries, '"wagtailcore_workflowstate"') <= 2


@pytest.fixture
def chief_editor(db):
    roles.setup_roles()
    user = get_user_model().objects.create_user(username="chef", password="x")
    user.groups.add(Group.objects.get(name=roles.CHIEF_EDITORS))
    return user


def queries_for(client, url) -> list[str]:
    """The SQL of a GET of ``url`` (after a first one that warms the caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.parametrize(
    "user_fixture, parent_fixture, factory, url_name",
    [
        ("chief_editor", "news_index", NewsPageFactory, "wagtailadmin_explore"),
        ("admin_user", "news_index", NewsPageFactory, "wagtailadmin_explore"),
        ("contributor", "ministry_section", MinistryNewsPageFactory, "wagtailadmin_explore"),
        ("chief_editor", "news_index", NewsPageFactory, "wagtailadmin_choose_page_child"),
        (
            "contributor",
            "ministry_section",
            MinistryNewsPageFactory,
            "wagtailadmin_choose_page_child",
        ),
    ],
)
def test_listing_queries_do_not_grow_with_rows(
    user_fixture, parent_fixture, factory, url_name, client, request
):
    """The same queries for 3 rows as for 12: none is run once per row (row buttons of
    wagtail-localize, delete and move checks of a contributor, the chooser's parent link)."""
    parent = request.getfixturevalue(parent_fixture)
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(url_name, args=[parent.pk])
    factory(parent=parent)
    factory(parent=parent, live=False)
    schedule(factory(parent=parent, live=False), timezone.now() + datetime.timedelta(days=1))
    few = queries_for(client, url)
    fill_listing(2, parent, factory)
    factory(parent=parent)
    assert parent.get_children().count() == 12
    many = queries_for(client, url)
    assert len(many) == len(few), "\n".join(sorted(set(many) - set(few)))


def test_publishing_loads_the_revision_once(news_index, monkeypatch):
    """``revision.publish()`` of a live item: the revision is loaded once for the
    editorial line and Wagtail's action, and a live page asks no default locale."""
    page = NewsPageFactory(parent=news_index)
    page.title = "Nouveau titre"
    revision = page.save_revision()
    loads = []
    real = NewsPage.with_content_json
    monkeypatch.setattr(
        NewsPage, "with_content_json", lambda self, content: loads.append(1) or real(self, content)
    )
    with CaptureQueriesContext(connection) as queries:
        revision.publish()
    assert loads == [1]
    assert not [
        query for query in queries if 'WHERE "wagtailcore_locale"."language_code"' in query["sql"]
    ]
    assert NewsPage.objects.get(pk=page.pk).title == "Nouveau titre"
    assert len(queries) <= PUBLISH_BUDGET
