"""Renditions in the public JSON, made when an item is approved or scheduled, so that
going live only looks them up.

Images are real (Pillow); jobs run after the commit (``django_capture_on_commit_callbacks``),
or are read from the job queue (``job_queue``: Procrastinate's table on PostgreSQL).
"""

import datetime

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from cms.delivery.models import Document
from cms.media.models import CustomRendition
from cms.media.renditions import RENDITIONS, rendition_name, stored_renditions
from cms.publishing import content
from cms.workflows import setup
from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.factories.media import DocumentFactory, ImageFactory, image_file
from tests.scheduling.conftest import job_queue  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def jobs_after_commit(settings, request):
    """The pipeline's jobs run in this process after the commit (as on SQLite), also on
    PostgreSQL, where they would otherwise wait for a worker; tests of the queue itself
    ask for ``job_queue``."""
    if "job_queue" not in request.fixturenames:
        settings.JOBS_BACKEND = "none"


def photo(name="photo.jpg", size=(2400, 1600)):
    return ImageFactory(
        file=image_file(name, size, "JPEG"), description="Le ministre", credit="SIG"
    )


def image_block(image, **values):
    return (
        "image",
        {
            "image": image,
            "decorative": False,
            "alt_text": "",
            "caption": "",
            "credit": "",
            **values,
        },
    )


def test_images_and_attachments_in_the_public_json(
    client, news_index, django_capture_on_commit_callbacks
):
    hero, inline = photo("hero.jpg"), photo("petite.jpg", (600, 400))
    document = DocumentFactory(
        title="Dossier",
        accessible=True,
        file=ContentFile(b"%PDF-1.4 " + b"x" * 1990, "dossier.pdf"),
    )
    page = NewsPageFactory(
        parent=news_index,
        live=False,
        hero_image=hero,
        body=[image_block(inline, alt_text="Une carte", caption="Carte", credit="IGN")],
    )
    page.attachments.create(document=document, title="")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    detail = client.get(f"/api/v1/news/{page.pk}/").json()
    image = detail["image"]
    assert image["alt"] == "Le ministre"
    assert image["credit"] == "SIG"
    sizes = {name: (r["width"], r["height"]) for name, r in image["renditions"].items()}
    assert sizes == {
        "small": (480, 320),
        "medium": (960, 640),
        "large": (1600, 1066),
        "social": (1200, 630),
    }
    for name, rendition in image["renditions"].items():
        assert rendition["url"].startswith("http://localhost:8000/media/renditions/")
        assert rendition["url"].endswith(".jpg" if name == "social" else ".webp")
        assert "hero" not in rendition["url"]
    assert "original_images" not in str(detail)
    assert client.get("/api/v1/news/").json()["results"][0]["image"] == image

    block = detail["body"][0]["value"]
    assert block["image"]["alt"] == "Une carte"
    assert block["image"]["credit"] == "IGN"
    assert block["caption"] == "Carte"
    # A small original is never enlarged.
    assert block["image"]["renditions"]["large"]["width"] == 600

    assert detail["attachments"] == [
        {
            "id": document.pk,
            "title": "Dossier",
            "url": f"http://localhost:8000/documents/{document.pk}/dossier.pdf",
            "file_type": "pdf",
            "type_label": "Document PDF",
            "size": 1999,
            "accessible": True,
        }
    ]
    stored = Document.objects.get(key=f"page:{page.pk}")
    assert len(stored.files.all()) == 2 * len(RENDITIONS) + 1


def test_an_image_whose_licence_expired_is_not_shown(db):
    image = photo()
    image.licence_expires_at = timezone.localdate()
    files = []
    assert content.image(image, files) is None
    assert files == []


def test_the_first_licence_to_expire_in_the_body_dates_the_next_rendering(
    news_index, django_capture_on_commit_callbacks
):
    """An image of the body, not only the hero image, leaves the item when its licence
    ends: the stored document is rendered again at the first such instant (Paris)."""
    soon, later = photo("bientot.jpg"), photo("plus-tard.jpg")
    today = timezone.localdate()
    soon.licence_expires_at = today + datetime.timedelta(days=3)
    later.licence_expires_at = today + datetime.timedelta(days=9)
    soon.save()
    later.save()
    page = NewsPageFactory(
        parent=news_index, live=False, hero_image=later, body=[image_block(soon)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    stored = Document.objects.get(key=f"page:{page.pk}")
    expected = datetime.datetime.combine(
        soon.licence_expires_at, datetime.time.min, tzinfo=content.PARIS
    )
    assert stored.refresh_at == expected


def test_scheduling_makes_the_renditions(news_index, django_capture_on_commit_callbacks):
    hero, inline = photo("hero.jpg"), photo("corps.jpg")
    expired = photo("agence.jpg")
    expired.licence_expires_at = timezone.localdate() - datetime.timedelta(days=1)
    expired.save()
    page = NewsPageFactory(
        parent=news_index,
        live=False,
        hero_image=hero,
        body=[image_block(inline), image_block(expired)],
    )
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert not NewsPage.objects.get(pk=page.pk).live
    assert not Document.objects.filter(key=f"page:{page.pk}").exists()
    for image, count in ((hero, len(RENDITIONS)), (inline, len(RENDITIONS)), (expired, 0)):
        specs = set(
            CustomRendition.objects.filter(image=image).values_list("filter_spec", flat=True)
        )
        assert len(specs) == count
        assert specs <= set(RENDITIONS.values())


def test_going_live_only_looks_renditions_up(db, django_assert_max_num_queries):
    """With the renditions made ahead, the renderer makes none: one query, no new row."""
    image = photo()
    content.image(image, [])  # as the approval's job did
    made = set(CustomRendition.objects.values_list("pk", "file"))
    cache.clear()  # the cache would answer without a query: count the database's
    fresh = type(image).objects.get(pk=image.pk)
    files = []
    with django_assert_max_num_queries(1):
        shown = content.image(fresh, files)
    assert set(CustomRendition.objects.values_list("pk", "file")) == made
    assert sorted(files) == sorted(name for _, name in made)
    assert shown["renditions"]["social"]["width"] == 1200


def test_missing_renditions_are_made_by_the_renderer(db):
    image = photo()
    assert not CustomRendition.objects.exists()
    shown = content.image(image, [])
    assert CustomRendition.objects.filter(image=image).count() == len(RENDITIONS)
    assert set(shown["renditions"]) == set(RENDITIONS)


@pytest.mark.parametrize("approval", ["scheduled", "ministry validation"])
def test_approval_and_scheduling_defer_a_media_job(site, job_queue, approval):  # noqa: F811
    setup.setup_workflows()
    users, pages = site["users"], site["pages"]
    page = pages["own_draft"]
    page.hero_image = photo()
    if approval == "scheduled":
        page.go_live_at = timezone.now() + datetime.timedelta(days=1)
        revision = page.save_revision()
        revision.publish()
    else:
        revision = page.save_revision()
        page.get_workflow().start(page, users["contributor"])
        task_state = NewsPage.objects.get(pk=page.pk).current_workflow_task_state
        task_state.approve(user=users["validator"])
        revision = task_state.revision
    media = [job for job in job_queue.every_waiting() if job["queue_name"] == "media"]
    assert media == [
        {
            "task_name": "publishing.make_renditions",
            "args": {"revision": revision.pk},
            "scheduled_at": None,
            "queue_name": "media",
        }
    ]


def test_a_rendition_stored_by_another_process_wins(db):
    """Wagtail's bulk insert skips a rendition another worker stored meanwhile, and
    returns its own, unsaved one: the stored row is shown, the other file deleted."""
    image = photo()
    spec = RENDITIONS["small"]
    theirs = image.get_rendition(spec)  # stored by the other process
    storage = theirs.file.storage
    name = storage.save(rendition_name("small.webp"), ContentFile(b"RIFF-webp"))
    ours = CustomRendition(  # unsaved, as Wagtail returns it
        image=image,
        filter_spec=spec,
        focal_point_key=theirs.focal_point_key,
        file=name,
        width=theirs.width,
        height=theirs.height,
    )
    assert ours.pk is None and ours.file.name != theirs.file.name
    assert storage.exists(ours.file.name)

    stored = stored_renditions(image, {spec: ours})
    assert stored[spec].pk == theirs.pk
    assert stored[spec].file.name == theirs.file.name
    assert not storage.exists(name)
    cached = CustomRendition.cache_backend.get(theirs.get_cache_key())
    assert cached.file.name == theirs.file.name
