"""Roles as groups: created once per ministry, renamed, retired; the permission matrix."""

import datetime

from django.contrib.auth.models import Group

from wagtail.models import Collection, GroupPagePermission, Locale

import pytest

from cms.workflows import roles
from cms.workflows.models import MinistryRoles
from home.models import HomePage
from tests.conftest import make_site, rolled_back_once
from tests.factories import MinistryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The ``site`` fixture built once for the module, in a transaction rolled back after
    its last test (each test runs in a savepoint of its own)."""
    yield from rolled_back_once(
        django_db_blocker, lambda: make_site(HomePage.objects.get(locale__language_code="fr"))
    )


class TestMinistryGroups:
    def test_groups_and_collection_follow_the_ministry(self):
        ministry = MinistryFactory(short_name="Culture")
        entry = MinistryRoles.objects.get(ministry_key=ministry.translation_key)
        assert entry.contributors.name == "Culture – contributeurs"
        assert entry.validators.name == "Culture – valideurs"
        assert entry.collection.name == "Ministère – Culture"

    def test_created_once_per_ministry_not_per_translation(self, english):
        ministry = MinistryFactory(short_name="Culture")
        translation = ministry.copy_for_translation(english)
        translation.short_name = "Culture (EN)"
        translation.save()
        assert MinistryRoles.objects.count() == 1
        # Contributors, validators, community managers.
        assert Group.objects.filter(name__startswith="Culture").count() == 3

    def test_rename_renames_the_groups(self):
        ministry = MinistryFactory(short_name="Travail")
        ministry.short_name = "Travail et Emploi"
        ministry.save()
        entry = MinistryRoles.objects.get()
        assert entry.contributors.name == "Travail et Emploi – contributeurs"
        assert entry.community_managers.name == "Travail et Emploi – réseaux sociaux"
        assert entry.collection.name == "Ministère – Travail et Emploi"
        assert not Group.objects.filter(name="Travail – contributeurs").exists()

    def test_ending_a_ministry_retires_its_groups(self, ministry_index):
        from tests.factories import MinistryPageFactory

        section = MinistryPageFactory(
            parent=ministry_index, ministry=MinistryFactory(short_name="Ville")
        )
        entry = MinistryRoles.objects.get()
        assert GroupPagePermission.objects.filter(group=entry.contributors, page=section).exists()
        ministry = section.ministry
        ministry.end_date = datetime.date(2020, 1, 1)
        ministry.start_date = datetime.date(2019, 1, 1)
        ministry.save()
        entry.refresh_from_db()
        assert entry.retired_at is not None
        assert entry.contributors.name == "Ville – contributeurs (ministère supprimé)"
        assert entry.community_managers.name == "Ville – réseaux sociaux (ministère supprimé)"
        assert not GroupPagePermission.objects.filter(group=entry.contributors).exists()
        assert not GroupPagePermission.objects.filter(group=entry.community_managers).exists()
        assert not entry.community_managers.permissions.filter(codename="add_socialpost").exists()

    def test_setup_roles_is_idempotent(self, home):
        MinistryFactory()
        roles.setup_roles()
        counts = (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Collection.objects.count(),
        )
        summary = roles.setup_roles()
        assert summary.groups_created == []
        assert (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Collection.objects.count(),
        ) == counts

    def test_section_permissions_cover_every_translation_of_the_section(
        self, ministry_index, english
    ):
        from tests.factories import MinistryPageFactory
        from tests.factories.pages import translate_section

        section = MinistryPageFactory(parent=ministry_index)
        translated = translate_section(section, english)
        entry = MinistryRoles.objects.get()
        assert set(
            GroupPagePermission.objects.filter(group=entry.contributors).values_list(
                "page", flat=True
            )
        ) == {section.pk, translated.pk}
        assert translated.locale == Locale.objects.get(language_code="en")


# role, page, (can edit, can publish)
MATRIX = [
    ("editor", "government_draft", True, False),
    ("editor", "government_live", True, False),
    ("editor", "own_draft", True, False),
    ("chief", "government_draft", True, True),
    ("chief", "other_live", True, True),
    ("contributor", "own_draft", True, False),
    ("contributor", "own_live", True, False),
    ("contributor", "other_draft", False, False),
    ("contributor", "other_live", False, False),
    ("contributor", "government_draft", False, False),
    ("contributor", "government_live", False, False),
    ("validator", "own_draft", True, False),
    ("validator", "other_draft", False, False),
    ("validator", "government_live", False, False),
    ("crisis", "government_live", False, False),
    ("crisis", "own_draft", False, False),
    ("social", "government_live", False, False),
    ("social", "own_draft", False, False),
]


@pytest.mark.parametrize(("role", "page", "can_edit", "can_publish"), MATRIX)
def test_page_permission_matrix(site, role, page, can_edit, can_publish):
    tester = site["pages"][page].permissions_for_user(site["users"][role])
    assert tester.can_edit() is can_edit
    assert tester.can_publish() is can_publish
    assert tester.can_unpublish() is (can_publish and site["pages"][page].live)
    # Wagtail: editing rights allow deleting drafts; only chief editors delete live items.
    assert tester.can_delete() is (role == "chief" or (can_edit and not site["pages"][page].live))


@pytest.mark.parametrize(
    ("role", "section", "can_add"),
    [
        ("contributor", "own_section", True),
        ("contributor", "other_section", False),
        ("validator", "own_section", True),
        ("validator", "other_section", False),
        ("contributor", "news_index", False),
        ("editor", "news_index", True),
        ("editor", "other_section", True),
        ("crisis", "news_index", False),
        ("social", "own_section", False),
    ],
)
def test_who_may_write_where(site, role, section, can_add):
    tester = site["pages"][section].permissions_for_user(site["users"][role])
    assert tester.can_add_subpage() is can_add


@pytest.mark.parametrize(
    ("role", "collection", "action", "allowed"),
    [
        ("contributor", "own", "add", True),
        ("contributor", "own", "choose", True),
        ("contributor", "other", "choose", False),
        ("contributor", "other", "add", False),
        ("contributor", "shared", "choose", True),
        ("contributor", "shared", "add", False),
        ("editor", "other", "add", True),
        ("editor", "shared", "choose", True),
        ("social", "own", "choose", False),
        ("social", "shared", "choose", True),
    ],
)
def test_collection_permission_matrix(site, role, collection, action, allowed):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    other = roles.roles_for_ministry(site["pages"]["other_section"].ministry).collection
    collections = {
        "own": site["own_roles"].collection,
        "other": other,
        "shared": roles.shared_collection(),
    }
    permitted = policy.collections_user_has_permission_for(site["users"][role], action)
    assert (collections[collection] in permitted) is allowed
