"""``seed_demo``: create whatever demo content is missing, step by step, in one transaction.

Idempotent: every object is looked up by its natural key (label, slug and locale, title,
slug under its parent, username) and only created when missing, so a second run creates
nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction
from django.utils.text import slugify

from wagtail.users.models import UserProfile

from cms.demo.content import (
    ACCOUNTS,
    DEMO_MINISTRY_SLUG,
    GOVERNMENTS,
    LECORNU_START,
    MINISTRIES,
    MINISTRY_SPECS,
    PEOPLE,
    TOPICS,
    AccountSpec,
)
from cms.demo.media import (
    draw_logo,
    draw_portrait,
    get_or_create_image,
    seed_documents,
    seed_illustrations,
)
from cms.demo.pages import Library, seed_pages
from cms.demo.summary import DemoAccount, DemoContentError, DemoSummary, StepCallback
from cms.demo.videos import seed_videos
from cms.media.models import CustomImage
from cms.organisations.models import (
    Government,
    Ministry,
    MinistryFormerName,
    MinistryPredecessor,
    Person,
    Topic,
)
from cms.workflows.roles import setup_roles
from cms.workflows.setup import setup_workflows
from home.models import HomePage

#: Development only (``DEBUG``): each account's initial password is this prefix + username.
DEV_PASSWORD_PREFIX = "gouvernail-"  # noqa: S105 - documented throwaway dev password


def seed_demo(*, on_step: StepCallback | None = None) -> DemoSummary:
    """Create whatever demo content is missing, in one transaction."""
    summary = DemoSummary()

    def step(name: str) -> None:
        if on_step is not None:
            on_step(name, getattr(summary, name))

    with transaction.atomic():
        home = HomePage.objects.filter(locale__language_code="fr").first()
        if home is None:
            raise DemoContentError(
                "La page d'accueil française est introuvable : lancez d'abord "
                "« python manage.py migrate »."
            )
        _seed_governments(summary)
        step("governments")
        illustrations = seed_illustrations(summary)
        ministries = _seed_ministries(home, summary)
        step("ministries")
        topics = _seed_topics(home, summary)
        step("topics")
        _seed_people(ministries, summary)
        step("people")
        step("images")
        documents = seed_documents(summary)
        step("documents")
        videos = seed_videos(ministries[DEMO_MINISTRY_SLUG], summary)
        step("videos")
        # The role groups are made by setup_roles: count them there.
        groups_before = Group.objects.count()
        setup_roles()
        setup_workflows()
        users = _seed_accounts(summary)
        summary.groups += Group.objects.count() - groups_before
        step("groups")
        step("users")
        seed_pages(
            home,
            Library(
                images=illustrations,
                documents=documents,
                topics=topics,
                ministries=ministries,
                videos=videos,
            ),
            users,
            summary,
        )
        step("pages")
        step("featured_items")
    return summary


def _seed_governments(summary: DemoSummary) -> None:
    existing = set(
        Government.objects.filter(label__in=[spec.label for spec in GOVERNMENTS]).values_list(
            "label", flat=True
        )
    )
    for spec in GOVERNMENTS:
        if spec.label in existing:
            continue
        government = Government(
            label=spec.label,
            prime_minister=spec.prime_minister,
            prime_minister_title=spec.prime_minister_title,
            start_date=spec.start_date,
            end_date=spec.end_date,
        )
        government.full_clean()
        government.save()
        summary.governments += 1


def _seed_ministries(home: HomePage, summary: DemoSummary) -> dict[str, Ministry]:
    ministries = {
        ministry.slug: ministry
        for ministry in Ministry.objects.filter(locale=home.locale, slug__in=MINISTRY_SPECS)
    }
    for spec in MINISTRIES:
        if spec.slug in ministries:
            continue
        former_names = [
            MinistryFormerName(
                name=spec.former_name,
                short_name=spec.short_name,
                acronym=spec.acronym,
                used_until=LECORNU_START,
            )
        ]
        ministry = Ministry(
            locale=home.locale,
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            acronym=spec.acronym,
            start_date=spec.start_date,
            end_date=spec.end_date,
            logo=get_or_create_image(
                title=f"Bloc marque – {spec.short_name}",
                description=f"Bloc marque : République française – {spec.name}",
                filename=f"bloc-marque-{spec.slug}.png",
                render=lambda spec=spec: draw_logo(spec.name),
                licence=CustomImage.Licence.ALL_RIGHTS_RESERVED,
                summary=summary,
            ),
            former_names=former_names if spec.former_name else [],
            predecessor_links=[
                MinistryPredecessor(predecessor=ministries[slug]) for slug in spec.predecessors
            ],
        )
        ministry.full_clean()
        ministry.save()
        ministries[spec.slug] = ministry
        summary.ministries += 1
    return ministries


def _seed_topics(home: HomePage, summary: DemoSummary) -> dict[str, Topic]:
    topics = {
        topic.slug: topic
        for topic in Topic.objects.filter(
            locale=home.locale, slug__in=[spec.slug for spec in TOPICS]
        )
    }
    for spec in TOPICS:
        if spec.slug in topics:
            continue
        topic = Topic(
            locale=home.locale,
            slug=spec.slug,
            name=spec.name,
            description=spec.description,
            parent=topics[spec.parent] if spec.parent else None,
        )
        topic.full_clean()
        topic.save()
        topics[spec.slug] = topic
        summary.topics += 1
    return topics


def of_name(name: str) -> str:
    """The word "de" before ``name``, elided before a vowel: "d'Annie Genevard", "de Jean Dupont"."""
    return f"d'{name}" if name[:1].lower() in "aeiouyàâéèêîô" else f"de {name}"


def _seed_people(ministries: dict[str, Ministry], summary: DemoSummary) -> None:
    existing = set(
        Person.objects.filter(name__in=[spec.name for spec in PEOPLE]).values_list(
            "name", flat=True
        )
    )
    for spec in PEOPLE:
        if spec.name in existing:
            continue
        person = Person(
            name=spec.name,
            role=spec.role,
            title=spec.title,
            ministry=ministries.get(spec.ministry),
            portrait=get_or_create_image(
                title=f"Portrait {of_name(spec.name)}",
                description=f"Portrait {of_name(spec.name)}, {spec.title[0].lower()}{spec.title[1:]}",
                filename=f"portrait-{slugify(spec.name)}.jpg",
                render=lambda spec=spec: draw_portrait(spec.name),
                licence=CustomImage.Licence.ETALAB_2,
                summary=summary,
            ),
        )
        person.full_clean()
        person.save()
        summary.people += 1


def _seed_accounts(summary: DemoSummary) -> dict[str, AbstractUser]:
    """One user per role, in the role groups (``setup_roles`` gives their permissions).

    Passwords are only set in development (``DEBUG``); otherwise they are unusable.
    """
    groups = {}
    for name in [spec.group for spec in ACCOUNTS if spec.group]:
        groups[name] = Group.objects.get_or_create(name=name)[0]
    user_model = get_user_model()
    users = {
        user.username: user
        for user in user_model.objects.filter(username__in=[spec.username for spec in ACCOUNTS])
    }
    accounts = []
    for spec in ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            user = _create_user(user_model, spec)
            if spec.group:
                user.groups.add(groups[spec.group])
            users[spec.username] = user
            summary.users += 1
        shown = settings.DEBUG and user.has_usable_password()
        accounts.append(
            DemoAccount(
                spec.role,
                spec.username,
                DEV_PASSWORD_PREFIX + spec.username if shown else None,
                ministry=spec.ministry,
            )
        )
    summary.accounts = tuple(accounts)
    return users


def _create_user(user_model: type[AbstractUser], spec: AccountSpec) -> AbstractUser:
    password = DEV_PASSWORD_PREFIX + spec.username if settings.DEBUG else None
    create = (
        user_model.objects.create_superuser if spec.superuser else user_model.objects.create_user
    )
    user = create(
        username=spec.username,
        email=f"{spec.username}@gouvernail.example",
        password=password,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])
    return user
