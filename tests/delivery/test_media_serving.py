"""Media follow publication: files are served to the public only while a served document
of the delivery store shows them, whatever the session; editors get them in the admin.

Items are published, scheduled and unpublished through Wagtail; the pipeline's jobs run
after the commit (``django_capture_on_commit_callbacks(execute=True)``).
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Collection

import pytest

from cms.delivery.models import Document, PublicFile
from cms.media.models import CustomImage
from cms.media.renditions import renditions_of
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.factories.media import DocumentFactory, ImageFactory, image_file

SECRET_BYTES = b"%PDF-1.4 ZX-ANNEXE-CONFIDENTIELLE\n%%EOF\n"


@pytest.fixture(autouse=True)
def jobs_after_commit(settings, request):
    """The pipeline's jobs run in this process after the commit (as on SQLite), also on
    PostgreSQL, where they would otherwise wait for a worker; tests of the queue itself
    ask for ``job_queue``."""
    if "job_queue" not in request.fixturenames:
        settings.JOBS_BACKEND = "none"


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id, which a rolled-back test gives again."""
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run ``action()`` in a transaction whose on-commit jobs then run."""

    def commit(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result

    return commit


@pytest.fixture
def item(news_index):
    """A draft news item with an attachment and a hero image (2000×1200 pixels)."""
    document = DocumentFactory(
        title="Annexe", accessible=True, file=ContentFile(SECRET_BYTES, name="annexe-budget.pdf")
    )
    image = ImageFactory(file=image_file("matignon.jpg", (2000, 1200), "JPEG"))
    page = NewsPageFactory(parent=news_index, live=False, hero_image=image)
    page.attachments.create(document=document, title="Annexe budgétaire")
    page.save_revision()
    return page


def document_path(document):
    return f"/documents/{document.pk}/{document.filename}"


def rendition_paths(image):
    return [f"/media/{r.file.name}" for r in renditions_of(image).values()]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def clients(client, admin_client):
    """The public, anonymous and with a superuser's session cookie (who sees everything
    in the admin): the public URLs must answer both the same."""
    return {"anonymous": client, "editor": admin_client}


def assert_refused(clients, path):
    for who, client in clients.items():
        response = client.get(path)
        assert response.status_code == 404, (who, path)
        assert SECRET_BYTES not in response.content, who
        assert "Vary" not in response or "Cookie" not in response["Vary"], who


def assert_served(clients, path, content_type):
    for who, client in clients.items():
        response = client.get(path)
        assert response.status_code == 200, (who, path)
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "public" in response["Cache-Control"]
        assert "Vary" not in response or "Cookie" not in response["Vary"], who
        assert "Content-Encoding" not in response
        data = body(response)
        assert data
        if content_type == "application/pdf":
            assert data == SECRET_BYTES


def test_document_and_renditions_follow_the_item(clients, commit, item):
    document = item.attachments.get().document
    image = item.hero_image
    # Renditions made ahead (as at approval) exist, but a draft shows none of them.
    paths = rendition_paths(image)
    assert_refused(clients, document_path(document))
    for path in paths:
        assert_refused(clients, path)

    commit(lambda: item.get_latest_revision().publish())
    detail = clients["anonymous"].get(f"/api/v1/news/{item.pk}/").json()
    assert detail["attachments"][0]["url"].endswith(document_path(document))
    shown = [r["url"] for r in detail["image"]["renditions"].values()]
    assert sorted(url.split("/media/", 1)[1] for url in shown) == sorted(
        path.removeprefix("/media/") for path in paths
    )
    assert_served(clients, document_path(document), "application/pdf")
    for path in paths:
        assert_served(clients, path, "image/jpeg" if path.endswith(".jpg") else "image/webp")

    item.refresh_from_db()
    commit(item.unpublish)
    assert not PublicFile.objects.exists()
    assert_refused(clients, document_path(document))
    for path in paths:
        assert_refused(clients, path)


def _scheduled(page, **fields):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    for name in ("go_live_at", *fields):
        setattr(page, name, tomorrow)
    page.save_revision().publish()


def _published_then(change):
    def state(page):
        page.save_revision().publish()
        page.refresh_from_db()
        change(page)

    return state


def _restricted(page):
    page.view_restrictions.create(restriction_type="login")
    page.save_revision().publish()


def _under_unpublished_index(page):
    hidden = NewsIndexPageFactory(parent=page.get_parent().get_parent(), live=False, slug="cachee")
    page.move(hidden, pos="last-child")
    page.refresh_from_db()
    page.save_revision().publish()


def _store_expired(page):
    """Public, then its expiry instant passes before any job renders it again: reads
    honour the stored ``expires_at``."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    Document.objects.filter(key=f"page:{page.pk}").update(expires_at=past)


#: What happens after the commit (and its jobs) to reach a state.
AFTER_COMMIT = {"expired in the store": _store_expired}

#: Item states whose files no public URL serves, whatever the session.
HIDDEN_STATES = {
    "draft": lambda page: page.save_revision(),
    "scheduled": _scheduled,
    "embargoed": lambda page: _scheduled(page, embargo_until=True),
    "view-restricted": _restricted,
    "under an unpublished index": _under_unpublished_index,
    "unpublished": _published_then(lambda page: page.unpublish()),
    "expired in the store": lambda page: page.save_revision().publish(),
    "licence expired": _published_then(
        lambda page: CustomImage.objects.filter(pk=page.hero_image_id).update(
            licence_expires_at=timezone.localdate()
        )
    ),
}


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_no_file_of_a_hidden_item_is_served(clients, commit, item, state):
    paths = rendition_paths(item.hero_image)  # made ahead, as at an approval
    commit(lambda: HIDDEN_STATES[state](item))
    AFTER_COMMIT.get(state, lambda page: None)(item)
    if state != "licence expired":
        assert_refused(clients, document_path(item.attachments.get().document))
    for path in paths:
        assert_refused(clients, path)


def test_a_wrong_file_name_is_refused(clients, commit, item):
    commit(lambda: item.get_latest_revision().publish())
    document = item.attachments.get().document
    assert_refused(clients, f"/documents/{document.pk}/autre-nom.pdf")


def test_originals_have_no_public_url(clients, commit, item):
    commit(lambda: item.get_latest_revision().publish())
    original = item.hero_image.file.name
    document = item.attachments.get().document.file.name
    for name in (original, document):
        for who, client in clients.items():
            assert client.get(f"/media/{name}").status_code == 404, who


def test_x_accel_redirect_hands_the_file_to_the_web_server(client, commit, item, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_media/"
    commit(lambda: item.get_latest_revision().publish())
    document = item.attachments.get().document
    response = client.get(document_path(document))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response.get("Content-Length", "0") == "0"  # not the file's: the server's
    rendition = renditions_of(item.hero_image)["small"]
    response = client.get(f"/media/{rendition.file.name}")
    assert response["X-Accel-Redirect"] == f"/_media/{rendition.file.name}"
    # Refused files are never handed over.
    other = DocumentFactory()
    response = client.get(document_path(other))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_without_prefix_django_streams_the_file(client, commit, item, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = ""
    commit(lambda: item.get_latest_revision().publish())
    response = client.get(document_path(item.attachments.get().document))
    assert "X-Accel-Redirect" not in response
    assert body(response) == SECRET_BYTES


def test_rendition_names_are_random(db):
    image = ImageFactory(file=image_file("ministre-en-visite.png", (800, 600)))
    names = [r.file.name for r in renditions_of(image).values()]
    for name in names:
        assert re.fullmatch(r"renditions/[A-Za-z0-9_-]{22}\.(webp|jpg)", name), name
        assert "ministre" not in name
    assert len(set(names)) == len(names)


# -- The admin: files to those who may see their collection ------------------------------


@pytest.fixture
def private_image(db):
    """An image in a collection only its owners may see."""
    collection = Collection.get_first_root_node().add_child(name="Privée")
    return ImageFactory(collection=collection)


def test_admin_thumbnails_and_originals_for_who_may_see_them(client, admin_client, private_image):
    thumbnail = private_image.get_rendition("max-165x165")
    for url in (thumbnail.url, private_image.file.url):
        assert url.startswith("/admin/media/")
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert body(response)
        assert client.get(url).status_code == 302  # to the login page

    outsider = get_user_model().objects.create_user("outsider", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    for url in (thumbnail.url, private_image.file.url):
        response = client.get(url)
        assert response.status_code == 404
        assert private_image.title.encode() not in response.content


def test_admin_document_link(admin_client, db):
    document = DocumentFactory(file=ContentFile(SECRET_BYTES, name="note.pdf"))
    assert document.url == f"/admin/media/{document.file.name}"
    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert body(response) == SECRET_BYTES
    assert admin_client.get("/admin/media/documents/inconnu.pdf").status_code == 404
