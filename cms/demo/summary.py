"""What a ``seed_demo`` run reports: the counters, the demo accounts and its errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class DemoContentError(Exception):
    """The demo content cannot be created (for example, no French home page)."""


@dataclass(frozen=True)
class DemoAccount:
    """A demo account; ``password`` is only known in development (``DEBUG``);
    ``ministry`` is the ministry of a ministry role, empty for the others."""

    role: str
    username: str
    password: str | None
    ministry: str = ""


@dataclass
class DemoSummary:
    """How many objects of each kind a run created, and the demo accounts."""

    governments: int = 0
    ministries: int = 0
    topics: int = 0
    people: int = 0
    images: int = 0
    documents: int = 0
    videos: int = 0
    groups: int = 0
    users: int = 0
    pages: int = 0
    featured_items: int = 0
    accounts: tuple[DemoAccount, ...] = ()

    @property
    def created(self) -> int:
        return (
            self.governments
            + self.ministries
            + self.topics
            + self.people
            + self.images
            + self.documents
            + self.videos
            + self.groups
            + self.users
            + self.pages
            + self.featured_items
        )


#: Called after each step with the name of the ``DemoSummary`` counter and its value.
StepCallback = Callable[[str, int], None]
