"""seed_bench writes a valid tree of news items in bulk, and refuses to run twice."""

import io

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Page, ReferenceIndex, Revision

import pytest

from cms.demo.bench import SLUG_PREFIX
from news.models import MinistryNewsPage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(home):
    out = io.StringIO()
    call_command("seed_bench", "--items", "50", stdout=out)
    return out.getvalue()


def test_tree_is_valid(seeded):
    assert all(problems == [] for problems in Page.find_problems())
    news = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX)
    assert news.count() == 50
    for page in news:
        assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"


def test_counts_per_kind_and_state(seeded):
    items = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX)
    ministry = MinistryNewsPage.objects.filter(slug__startswith=SLUG_PREFIX)
    assert items.count() - ministry.count() == 30
    assert ministry.count() == 20
    assert ministry.values("ministry").distinct().count() == 7
    assert items.filter(live=False, go_live_at__isnull=True).count() == 2
    assert items.filter(live=False, go_live_at__isnull=False).count() == 2
    assert items.filter(embargo_until__isnull=False).count() == 1
    assert items.filter(live=True, expire_at__isnull=False).count() == 1
    assert (
        "Banc d'essai : 50 actualités créées" in seeded
        and "(30 gouvernementales, 20 ministérielles ; 2 brouillons, 2 programmées dont "
        "1 sous embargo, 1 à dépublier)."
        in seeded
    )


def test_one_revision_each(seeded):
    items = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX)
    for page in items:
        revisions = Revision.page_revisions.filter(object_id=str(page.pk))
        assert list(revisions.values_list("pk", flat=True)) == [page.latest_revision_id]
        assert page.live_revision_id == (page.latest_revision_id if page.live else None)
        version = page.latest_revision.as_object()
        assert (version.title, version.slug, version.chapo) == (page.title, page.slug, page.chapo)
    scheduled = items.filter(live=False, go_live_at__isnull=False)
    assert all(page.latest_revision.approved_go_live_at == page.go_live_at for page in scheduled)


def test_items_are_editable_in_the_admin(seeded, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    government = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX).exclude(
        pk__in=MinistryNewsPage.objects.values("pk")
    )
    for page in (government.first(), MinistryNewsPage.objects.first()):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        assert escape(page.title) in response.content.decode()


def test_refuses_to_run_twice(seeded):
    with pytest.raises(CommandError) as refusal:
        call_command("seed_bench", "--items", "50", stdout=io.StringIO())
    assert str(refusal.value) == (
        "La base contient déjà 50 actualités du banc d'essai : rien n'a été créé. "
        "Utilisez une base neuve pour recommencer."
    )
    assert NewsPage.objects.filter(slug__startswith=SLUG_PREFIX).count() == 50


def test_items_are_in_the_reference_index(seeded):
    """The pipeline finds an item's dependents through Wagtail's reference index."""
    item = MinistryNewsPage.objects.filter(slug__startswith=SLUG_PREFIX).first()
    referring = {
        reference.object_id for reference in ReferenceIndex.get_references_to(item.ministry)
    }
    assert str(item.pk) in referring
