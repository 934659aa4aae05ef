"""seed_demo builds a believable site, offline, and a second run changes nothing."""

import io

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import transaction

from wagtail.models import Page, Revision

import pytest

from cms.management.commands import seed_demo as seed_demo_command
from cms.media.models import CustomDocument, CustomImage
from cms.organisations.models import Government, Ministry, Person, Topic
from news.models import MinistryNewsPage, NewsKind, NewsPage
from videos.models import ProcessingStatus, Video

pytestmark = pytest.mark.django_db

COUNTED = [
    Page,
    Revision,
    CustomImage,
    CustomDocument,
    Ministry,
    Topic,
    Government,
    Person,
    Video,
    User,
    Group,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = io.StringIO(), io.StringIO()
        call_command("seed_demo", stdout=first)
        after_first = counts()
        call_command("seed_demo", stdout=second)
        yield {"first": first.getvalue(), "second": second.getvalue(), "after_first": after_first}
        transaction.set_rollback(True)


def test_second_run_creates_nothing(seeded):
    assert counts() == seeded["after_first"]


def test_governments_current_and_previous(seeded):
    assert Government.objects.filter(end_date__isnull=True).count() == 1
    assert Government.objects.filter(end_date__isnull=False).exists()
    for government in Government.objects.all():
        government.full_clean()
    assert Government.objects.get(label="Gouvernement Borne").led_by == (
        "de la Première ministre, Élisabeth Borne"
    )
    assert Government.objects.get(label="Gouvernement Attal").led_by == (
        "du Premier ministre, Gabriel Attal"
    )


def test_organisations_volume(seeded):
    assert Ministry.objects.count() >= 15
    assert Topic.objects.count() >= 12
    assert Ministry.objects.filter(former_names__isnull=False).exists()
    assert Ministry.objects.filter(predecessor_links__isnull=False).exists()


def test_news_volume_and_spread(seeded):
    live = NewsPage.objects.live()
    assert live.count() >= 60
    assert set(live.values_list("kind", flat=True)) == set(NewsKind.values)
    governments = {page.government.pk for page in live if page.government}
    assert len(governments) >= 2
    assert any(page.history_notice for page in live)
    sections = MinistryNewsPage.objects.live().values_list("ministry", flat=True).distinct()
    assert len(sections) >= 3


def test_images_are_generated_with_alt_text(seeded):
    images = CustomImage.objects.all()
    assert images.exists()
    assert all(image.description for image in images)


def test_the_demo_video_is_ready_and_shown_in_council_reports(seeded):
    video = Video.objects.get()
    assert video.status == ProcessingStatus.READY
    assert video.poster is not None
    assert list(video.renditions.values_list("height", flat=True)) == [360]
    assert video.publication_gaps() == []
    reports = NewsPage.objects.filter(kind=NewsKind.COUNCIL_REPORT)
    assert reports.exists()
    for page in reports:
        assert [block.value["video"] for block in page.body if block.block_type == "video"] == [
            video
        ]


def test_one_user_per_role(seeded):
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "redaction",
        "chef",
        "crise",
        "social",
        "contributeur",
        "valideur",
    } <= usernames
    assert User.objects.get(username="admin").is_superuser


def test_passwords_are_not_printed_outside_dev(seeded):
    # Tests run with DEBUG = False: users get no usable password and none is printed.
    assert "gouvernail-" not in seeded["first"]
    assert not User.objects.get(username="redaction").has_usable_password()


def test_accounts_name_role_and_ministry_once_and_the_admin_url_once(seeded):
    output = seeded["first"]
    rows = {line.split()[-1]: line.split() for line in output.splitlines() if line.startswith("  ")}
    assert rows["contributeur"] == ["Contributeur", "Santé", "contributeur"]
    assert rows["valideur"] == ["Valideur", "Santé", "valideur"]
    assert rows["chef"] == ["Rédacteur", "en", "chef", "chef"]
    assert "ministériel" not in output
    assert output.count("/admin/") == 1


def test_the_admin_url_is_the_one_served(settings):
    """bin/start points WAGTAILADMIN_BASE_URL at the port it serves; seed_demo prints it."""
    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8123"
    output = io.StringIO()
    seed_demo_command.Command(stdout=output).show_accounts(())
    assert "Administration : http://localhost:8123/admin/" in output.getvalue()
    assert "API publique : http://localhost:8123/api/v1/news/" in output.getvalue()
    start = (settings.BASE_DIR / "bin" / "start").read_text()
    assert 'port="${PORT:-8000}"' in start
    assert 'WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://localhost:${port}}"' in start
    assert 'runserver "0.0.0.0:${port}"' in start
    assert "/admin/" not in start.split("manage.py seed_demo", 1)[1]


def test_first_run_reports_every_kind_created_and_second_nothing(seeded):
    """The role groups come from setup_roles within the run: not "déjà présents"."""
    assert "déjà présent" not in seeded["first"]
    assert "Groupes : " in seeded["first"]
    for noun in seed_demo_command.NOUNS.values():
        assert f"  {noun.plural.capitalize()} : déjà présent" in seeded["second"]
