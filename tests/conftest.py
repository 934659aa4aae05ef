from wagtail.models import Locale

import pytest

from home.models import HomePage
from tests.factories import (
    MinistryIndexPageFactory,
    MinistryPageFactory,
    NewsIndexPageFactory,
)


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
