from django.contrib.auth import get_user_model
from django.db import connection, transaction

from wagtail.models import Locale

import pytest

from cms.i18n import compile_catalogues
from cms.workflows import roles
from home.models import HomePage
from tests.factories import (
    MinistryFactory,
    MinistryIndexPageFactory,
    MinistryNewsPageFactory,
    MinistryPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)


def pytest_configure(config):
    """The project's French catalogue must be compiled before any page renders."""
    compile_catalogues()


@pytest.fixture(autouse=True)
def fresh_listing_cache():
    """The public API keeps rendered listing pages per process, by generation: a test's
    generations are rolled back with its rows, and the next test's may repeat them."""
    from cms.delivery import rendered

    rendered.clear()
    yield
    rendered.clear()


@pytest.fixture(scope="session")
def restored_after_flush(django_db_setup, django_db_blocker):
    """Put the migrations' data back after a transactional test flushed it (for --reuse-db)."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def home(db):
    """The French home page created by the migrations."""
    return HomePage.objects.get(locale__language_code="fr")


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def ministry_index(home):
    return MinistryIndexPageFactory(parent=home)


@pytest.fixture
def ministry_section(ministry_index):
    return MinistryPageFactory(parent=ministry_index)


@pytest.fixture
def site(home):
    """Two ministry sections with a draft and a live item each, a government news item,
    and one user per role, with roles set up as in production."""
    return make_site(home)


def make_site(home: HomePage) -> dict:
    """The ``site`` fixture's content, for fixtures of a wider scope."""
    news_index = NewsIndexPageFactory(parent=home)
    ministry_index = MinistryIndexPageFactory(parent=home)
    own = MinistryPageFactory(parent=ministry_index, ministry=MinistryFactory(short_name="Santé"))
    other = MinistryPageFactory(
        parent=ministry_index, ministry=MinistryFactory(short_name="Armées")
    )
    pages = {
        "government_draft": NewsPageFactory(parent=news_index, live=False),
        "government_live": NewsPageFactory(parent=news_index),
        "own_draft": MinistryNewsPageFactory(parent=own, live=False),
        "own_live": MinistryNewsPageFactory(parent=own),
        "other_draft": MinistryNewsPageFactory(parent=other, live=False),
        "other_live": MinistryNewsPageFactory(parent=other),
        "own_section": own,
        "other_section": other,
        "news_index": news_index,
    }
    roles.setup_roles()
    own_roles = roles.roles_for_ministry(own.ministry)
    groups = {
        "editor": roles.EDITORS,
        "chief": roles.CHIEF_EDITORS,
        "crisis": roles.CRISIS_CELL,
        "social": roles.SOCIAL_MEDIA,
        "contributor": own_roles.contributors.name,
        "validator": own_roles.validators.name,
    }
    users = {}
    user_model = get_user_model()
    for role, group_name in groups.items():
        user = user_model.objects.create_user(username=role, password="x")
        user.groups.add(own_roles.contributors.__class__.objects.get(name=group_name))
        users[role] = user
    return {"pages": pages, "users": users, "own_roles": own_roles}


def rolled_back_once(django_db_blocker, build):
    """A module fixture's body (``yield from rolled_back_once(django_db_blocker, build)``):
    ``build()`` once, in a transaction rolled back after the module's last test; each
    test runs in a savepoint of its own."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
