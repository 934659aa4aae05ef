"""Factories for tests only; runtime code never imports them."""

from tests.factories.media import DocumentFactory, ImageFactory, image_file, pdf_bytes
from tests.factories.organisations import (
    GovernmentFactory,
    MinistryFactory,
    PersonFactory,
    TopicFactory,
)
from tests.factories.pages import (
    MinistryIndexPageFactory,
    MinistryNewsPageFactory,
    MinistryPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)

__all__ = [
    "DocumentFactory",
    "GovernmentFactory",
    "ImageFactory",
    "MinistryFactory",
    "MinistryIndexPageFactory",
    "MinistryNewsPageFactory",
    "MinistryPageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "PersonFactory",
    "TopicFactory",
    "image_file",
    "pdf_bytes",
]
