"""The isolation filter of ministry users reads the few unpublished pages through an index."""

from django.db import connection

import pytest

pytestmark = pytest.mark.django_db


def test_unpublished_pages_are_indexed():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert "workflows_page_unpublished" in constraints
    assert constraints["workflows_page_unpublished"]["columns"] == ["id"]
