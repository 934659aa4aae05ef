"""Helpers of the public API tests: filling the store through the real pipeline, or
directly (many rows, for pagination and query budgets), and checking responses against
the generated OpenAPI schema."""

from __future__ import annotations

import datetime
import json
import uuid

from django.test import Client
from django.utils import timezone

from openapi_schema_validator import OAS31Validator

from cms.delivery.models import Document, Facet, Kind, State
from cms.publishing import pipeline

PROBLEM = "application/problem+json"


def publish(page):
    """Publish ``page`` through Wagtail, then run its pipeline job (as the worker would
    after the commit); returns the page as stored."""
    page.save_revision().publish()
    page.refresh_from_db()
    pipeline.run("page", page.pk)
    return page


def stored(
    number: int,
    published_at: datetime.datetime,
    *,
    locale: str = "fr",
    news_kind: str = "actualite",
    ministries: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    government: str = "",
    state: str = State.PUBLIC,
    expires_at: datetime.datetime | None = None,
    path: str | None = None,
    base_url: str = "http://localhost:3000",
) -> Document:
    """A news document written straight into the store (public id ``number``), its URL
    on the front end ``base_url``."""
    path = path if path is not None else f"/actualites/item-{number}/"
    summary = {
        "id": number,
        "path": path,
        "url": base_url + path,
        "type": "news",
        "kind": news_kind,
        "locale": locale,
        "title": f"Item {number}",
        "chapo": "Chapô.",
        "published_at": published_at.isoformat(),
        "updated_at": published_at.isoformat(),
        "image": None,
        "ministries": [],
        "topics": [],
    }
    body = json.dumps(
        summary
        | {
            "body": [],
            "attachments": [],
            "related": [],
            "government": None,
            "history_notice": "",
            "change_history": [],
            "withdrawn": None,
            "translations": [],
            "seo": {"title": summary["title"], "description": ""},
        }
    )
    document = Document.objects.create(
        key=f"page:{number}",
        kind=Kind.NEWS,
        public_id=str(number),
        locale=locale,
        state=state,
        path=path,
        url=base_url + path,
        body=body,
        summary=json.dumps(summary),
        etag=uuid.uuid4().hex,
        published_at=published_at,
        updated_at=published_at,
        modified_at=timezone.now(),
        expires_at=expires_at,
        news_kind=news_kind,
        government=government,
    )
    Facet.objects.bulk_create(
        [Facet(document=document, name="ministry", value=m) for m in ministries]
        + [Facet(document=document, name="topic", value=t) for t in topics]
    )
    return document


def anonymous_bytes(path: str) -> bytes:
    """The body an anonymous client gets for ``path``."""
    return Client().get(path).content


_SPEC: dict | None = None


def spec() -> dict:
    """The OpenAPI document served at /api/schema/ (JSON), loaded once."""
    global _SPEC
    if _SPEC is None:
        response = Client().get("/api/schema/?format=json")
        assert response.status_code == 200
        _SPEC = json.loads(response.content)
    return _SPEC


def assert_matches_schema(response, template: str, method: str = "get") -> None:
    """Validate ``response`` (status, content type, body) against the schema of the
    operation ``template`` (a path of the schema, e.g. ``/api/v1/news/{id}/``)."""
    document = spec()
    responses = document["paths"][template][method]["responses"]
    declared = responses.get(str(response.status_code))
    assert declared is not None, f"{response.status_code} not declared for {template}"
    if response.status_code == 304:
        assert "content" not in declared and response.content == b""
        return
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in declared["content"], (content_type, list(declared["content"]))
    schema = declared["content"][content_type]["schema"]
    for header in declared.get("headers", {}):
        assert response.has_header(header), header
    if content_type == "application/xml" or content_type.endswith("+xml"):
        assert response.content.startswith(b"<?xml")
        return
    root = {**schema, "components": document["components"]}
    OAS31Validator(root).validate(json.loads(response.content))
