"""The news plan: which news items to create, with their texts, dates and links.

Pure: the plan only depends on ``SEED`` and the content, never on the database or the
current date.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.utils.text import slugify

from cms.demo.content import (
    FRENCH_MONTHS,
    GOVERNMENT_VOICE,
    MINISTRY_SPECS,
    MINISTRY_SUBJECTS,
    MINISTRY_VOICE,
    NATIONAL_SUBJECTS,
    SEED,
    TEMPLATES,
    Subject,
    Voice,
)
from cms.organisations.models import PARIS
from news.models import NewsKind

FIRST_NEWS_DAY = datetime.date(2025, 1, 8)
LAST_NEWS_DAY = datetime.date(2026, 11, 12)
#: The first Conseil des ministres reported; one report every ten weeks from there.
FIRST_COUNCIL_DAY = datetime.date(2025, 1, 8)
COUNCIL_REPORTS = 10
#: How many national items of each kind (besides the council reports).
NATIONAL_KIND_COUNTS = {
    NewsKind.NEWS: 20,
    NewsKind.PRESS_RELEASE: 14,
    NewsKind.SPEECH: 8,
    NewsKind.PRESS_KIT: 10,
}
MINISTRY_KINDS = (NewsKind.NEWS, NewsKind.PRESS_RELEASE, NewsKind.PRESS_KIT)
#: Kinds that can carry a published major change.
UPDATABLE_KINDS = (NewsKind.NEWS, NewsKind.PRESS_RELEASE, NewsKind.PRESS_KIT)
NATIONAL_DRAFTS = 2
MINISTRY_DRAFTS = 1
FEATURED_COUNT = 4


@dataclass(frozen=True)
class NewsItem:
    """A planned news item; ``section`` is the ministry slug of a ministry news item."""

    slug: str
    title: str
    kind: str
    chapo: str
    subjects: tuple[Subject, ...]
    published_at: datetime.datetime
    body_seed: int
    template: int = 0
    section: str = ""
    draft: bool = False
    related: tuple[str, ...] = ()
    change_note: str = ""


def french_date(day: datetime.date) -> str:
    """For example "1er octobre 2025", "14 janvier 2026"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def plan_news() -> list[NewsItem]:
    """Every news item to create, national first, each group in publication order.

    Pure: the plan only depends on ``SEED`` and the constants, never on the database.
    """
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    national = sorted(
        _plan_national(rng) + _plan_council_reports(rng), key=lambda item: item.published_at
    )
    ministry = sorted(_plan_ministry_news(rng), key=lambda item: item.published_at)
    return _finalise(national, NATIONAL_DRAFTS) + _finalise(ministry, MINISTRY_DRAFTS)


def featured_slugs(plan: Sequence[NewsItem]) -> list[str]:
    """The latest published national items (council reports aside), newest first."""
    candidates = [
        item
        for item in plan
        if not item.section and not item.draft and item.kind != NewsKind.COUNCIL_REPORT
    ]
    return [item.slug for item in reversed(candidates[-FEATURED_COUNT:])]


def _plan_national(rng: random.Random) -> list[NewsItem]:
    """Government news of every kind but council reports, on distinct subject and title."""
    items = []
    for kind, count in NATIONAL_KIND_COUNTS.items():
        combinations = [
            (subject, template)
            for subject in NATIONAL_SUBJECTS
            for template in range(len(TEMPLATES[kind]))
        ]
        for subject, template in rng.sample(combinations, count):
            items.append((subject, kind, template))
    rng.shuffle(items)
    moments = _spread(rng, len(items), FIRST_NEWS_DAY, LAST_NEWS_DAY)
    return [
        _item(rng, subject, kind, template, moment, GOVERNMENT_VOICE)
        for (subject, kind, template), moment in zip(items, moments, strict=True)
    ]


def _plan_council_reports(rng: random.Random) -> list[NewsItem]:
    """One report every ten weeks, each on three subjects."""
    items = []
    for index in range(COUNCIL_REPORTS):
        day = FIRST_COUNCIL_DAY + datetime.timedelta(weeks=10 * index)
        subjects = tuple(rng.sample(NATIONAL_SUBJECTS, 3))
        title = f"Compte rendu du Conseil des ministres du {french_date(day)}"
        chapo = (
            f"Le Conseil des ministres s'est réuni ce mercredi {french_date(day)} au palais de "
            f"l'Élysée. Les ministres ont notamment fait le point sur {subjects[0].phrase} "
            f"et sur {subjects[1].phrase}."
        )
        items.append(
            NewsItem(
                slug=slugify(title),
                title=title,
                kind=NewsKind.COUNCIL_REPORT,
                chapo=chapo,
                subjects=subjects,
                published_at=datetime.datetime.combine(day, datetime.time(14, 30), tzinfo=PARIS),
                body_seed=rng.getrandbits(32),
            )
        )
    return items


def _plan_ministry_news(rng: random.Random) -> list[NewsItem]:
    """Two items per ministry subject, published after the ministry was created."""
    items = []
    for subject in MINISTRY_SUBJECTS:
        first_day = max(
            FIRST_NEWS_DAY, MINISTRY_SPECS[subject.section].start_date + datetime.timedelta(days=1)
        )
        kinds = rng.sample(MINISTRY_KINDS, 2)
        moments = _spread(rng, len(kinds), first_day, LAST_NEWS_DAY)
        for kind, moment in zip(kinds, moments, strict=True):
            template = rng.randrange(len(TEMPLATES[kind]))
            item = _item(rng, subject, kind, template, moment, MINISTRY_VOICE)
            items.append(replace(item, section=subject.section))
    return items


def _item(
    rng: random.Random,
    subject: Subject,
    kind: str,
    template: int,
    moment: datetime.datetime,
    voice: Voice,
) -> NewsItem:
    values = {
        "headline": subject.headline,
        "phrase": subject.phrase,
        "goal": subject.goal,
        "audience": subject.audience,
        "voice": voice.inside,
        "Voice": voice.start,
        "of": voice.of,
    }
    title, chapo = (text.format(**values) for text in TEMPLATES[kind][template])
    return NewsItem(
        slug=slugify(title),
        title=title,
        kind=kind,
        chapo=chapo,
        subjects=(subject,),
        template=template,
        published_at=moment,
        body_seed=rng.getrandbits(32),
    )


def _spread(
    rng: random.Random, count: int, first: datetime.date, last: datetime.date
) -> list[datetime.datetime]:
    """``count`` working-day moments, one in each equal slice of [first, last]."""
    step = (last - first).days / count
    moments = []
    for index in range(count):
        day = first + datetime.timedelta(days=int(step * index + rng.uniform(0, step)))
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
        at = datetime.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
        moments.append(datetime.datetime.combine(day, at, tzinfo=PARIS))
    return moments


def _finalise(items: list[NewsItem], drafts: int) -> list[NewsItem]:
    """Mark the latest items as drafts, link related items and pick the major changes."""
    candidates = [item.slug for item in items if item.kind != NewsKind.COUNCIL_REPORT]
    draft_slugs = set(candidates[-drafts:])
    finalised: list[NewsItem] = []
    updated_subjects: set[str] = set()
    for item in items:
        draft = item.slug in draft_slugs
        keys = {subject.key for subject in item.subjects}
        related = [
            earlier.slug
            for earlier in finalised
            if not earlier.draft
            and earlier.section == item.section
            and keys & {subject.key for subject in earlier.subjects}
        ]
        subject = item.subjects[0]
        change_note = ""
        if (
            not draft
            and subject.update_note
            and item.kind in UPDATABLE_KINDS
            and subject.key not in updated_subjects
        ):
            change_note = subject.update_note
            updated_subjects.add(subject.key)
        finalised.append(
            replace(
                item, draft=draft, related=tuple(reversed(related[-2:])), change_note=change_note
            )
        )
    return finalised


def ministries_on(slugs: Sequence[str], day: datetime.date) -> list[str]:
    """The ministries in office on a day, by slug.

    A ministry created later is replaced by its predecessors, or left out if it has none.
    """
    result: list[str] = []
    for slug in slugs:
        spec = MINISTRY_SPECS[slug]
        for candidate in spec.predecessors if day < spec.start_date else (slug,):
            candidate_spec = MINISTRY_SPECS[candidate]
            in_office = candidate_spec.start_date <= day and (
                candidate_spec.end_date is None or day < candidate_spec.end_date
            )
            if in_office and candidate not in result:
                result.append(candidate)
    return result
