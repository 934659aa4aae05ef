"""The planner's operations in /api/schema/, under their own security scheme."""

import pytest

from tests.delivery.api_support import PROBLEM, spec

pytestmark = pytest.mark.django_db


def test_the_planner_operations_require_the_bearer_token():
    document = spec()
    assert document["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["apiToken"]["description"],
    }
    operations = {
        "/api/planner/items": ("planner_items", "application/json"),
        "/api/planner/calendar.ics": ("planner_calendar", "text/calendar"),
    }
    for path, (operation_id, media_type) in operations.items():
        operation = document["paths"][path]["get"]
        assert operation["operationId"] == operation_id
        assert operation["security"] == [{"apiToken": []}]
        assert operation["tags"] == ["Planner"]
        assert list(operation["responses"]["200"]["content"]) == [media_type]
        for status in ("400", "401", "403"):
            assert list(operation["responses"][status]["content"]) == [PROBLEM], status
        query = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
        assert set(query) == {"start", "end"}
        assert all(p["required"] and p["schema"]["format"] == "date-time" for p in query.values())
