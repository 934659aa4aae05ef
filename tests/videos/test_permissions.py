"""Who may use and who may edit a video, in every admin path (docs/videos.md).

The matrix requests each admin view of each video, and each of its stored files (the
admin's file view, ``/admin/media/videos/…``), as each role and asserts the exact status;
a video a role may not use never shows its title: not in the body, not in the flash
messages, not after following a redirect. Its public files (``/media/videos/…``) are
in ``test_serving.py``: they depend on the store, never on the role.
"""

from __future__ import annotations

import json

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from cms.workflows import roles
from tests.videos.conftest import HIDDEN, TITLES, logged_in
from tests.videos.files import add_files, stored_bytes
from videos import permissions
from videos.models import Sharing, Video

pytestmark = pytest.mark.django_db

ALL = frozenset(TITLES)
ARMEES = frozenset(name for name in TITLES if name.startswith("other_"))
#: The videos each role may use (see, choose) and edit.
USABLE = {
    "superuser": ALL,
    "editor": ALL,
    "chief": ALL,
    "contributor": {"own_private", "other_shared_own", "other_interministerial"},
    "validator": {"own_private", "other_shared_own", "other_interministerial"},
    "community": {"own_private", "other_shared_own", "other_interministerial"},
    "outsider": ARMEES,
    "third": {"other_shared_third", "other_interministerial"},
    "social": set(),
    "crisis": set(),
}
EDITABLE = {
    "superuser": ALL,
    "editor": ALL,
    "chief": ALL,
    "contributor": {"own_private"},
    "validator": {"own_private"},
    "community": set(),
    "outsider": ARMEES,
    "third": set(),
    "social": set(),
    "crisis": set(),
}
ROLES = list(USABLE)
#: Wagtail's refusal: a redirect to the dashboard, with a message that names nothing.
REFUSED = 302
#: Per-video views: (URL name, whether the role must be able to edit, not only use).
OBJECT_VIEWS = {
    "edit": ("videos:edit", True),
    "delete": ("videos:delete", True),
    "history": ("videos:history", True),
    "inspect": ("videos:inspect", False),
    "usage": ("videos:usage", False),
    "chosen": ("video_chooser:chosen", False),
}


def _body(response) -> str:
    """The text of a response; a modal's JSON (the chooser's) with its characters
    unescaped."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode()


def _shown(client, response) -> str:
    """Everything the response shows: body, messages, and the page a redirect leads to."""
    parts = [_body(response), *map(str, get_messages(response.wsgi_request))]
    if response.status_code == 302:
        parts += [response["Location"], client.get(response["Location"]).content.decode()]
    return "\n".join(parts)


def _expected_status(role: str, video: str, needs_edit: bool) -> int:
    if video not in USABLE[role]:
        return 404
    if needs_edit and video not in EDITABLE[role]:
        return REFUSED
    return 200


@pytest.mark.parametrize("video", list(TITLES))
@pytest.mark.parametrize("view", list(OBJECT_VIEWS))
@pytest.mark.parametrize("role", ROLES)
def test_video_views(video_world, role, view, video):
    url_name, needs_edit = OBJECT_VIEWS[view]
    client = logged_in(video_world["users"][role])
    target = video_world["videos"][video]
    response = client.get(reverse(url_name, args=[target.pk]))
    expected = _expected_status(role, video, needs_edit)
    assert response.status_code == expected
    shown = _shown(client, response)
    if expected != 200:
        assert TITLES[video] not in shown
    if expected == REFUSED:
        assert response["Location"] == reverse("wagtailadmin_home")
        assert "pas les autorisations pour accéder à cette zone" in shown


#: The stored files of a video the admin's file view serves (``/admin/media/<name>``).
FILE_KINDS = ("original", "rendition", "caption")


@pytest.fixture(scope="module")
def world_files(video_world, django_db_blocker):
    """The storage names of each world video's files, by video and kind (made in the
    world's transaction, rolled back with it)."""
    with django_db_blocker.unblock():
        return {name: add_files(video) for name, video in video_world["videos"].items()}


@pytest.mark.parametrize("video", list(TITLES))
@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_video_files(video_world, world_files, role, kind, video):
    """Whoever may use a video gets its files in the admin; anyone else a 404 that does not
    say whether the file exists (the body of an unknown name's)."""
    client = logged_in(video_world["users"][role])
    response = client.get(f"/admin/media/{world_files[video][kind]}")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if video in USABLE[role]:
        assert response.status_code == 200
        assert data == stored_bytes(kind)
    else:
        assert response.status_code == 404
        assert data == client.get("/admin/media/videos/originals/inconnu.mp4").content
        assert TITLES[video].encode() not in data
        assert stored_bytes(kind) not in data


@pytest.mark.parametrize(
    "url_name",
    [
        "videos:index",
        "videos:index_results",
        "video_chooser:choose",
        "video_chooser:choose_results",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_listings_and_chooser_show_usable_videos_only(video_world, role, url_name):
    client = logged_in(video_world["users"][role])
    response = client.get(reverse(url_name))
    is_listing = url_name.startswith("videos:")
    if is_listing and not USABLE[role]:
        # No video permission at all: no library (nor its menu item).
        assert response.status_code == REFUSED
        return
    assert response.status_code == 200
    body = _body(response)
    for name, title in TITLES.items():
        assert (title in body) == (name in USABLE[role]), (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_search_and_filters_never_reach_hidden_videos(video_world, role):
    """Searching for a hidden title, or filtering on its ministry, finds nothing hidden."""
    client = logged_in(video_world["users"][role])
    other = video_world["ministries"]["other"]
    for params in ({"q": HIDDEN}, {"ministry": other.pk}, {"sharing": Sharing.SHARED}):
        for url_name in ("videos:index_results", "video_chooser:choose_results"):
            response = client.get(reverse(url_name), params)
            if response.status_code == REFUSED:
                continue
            body = _body(response)
            for name, title in TITLES.items():
                if name not in USABLE[role]:
                    assert title not in body, (url_name, params)


@pytest.mark.parametrize("role", ROLES)
def test_menu_item(video_world, role):
    client = logged_in(video_world["users"][role])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("videos:index") in body) == bool(USABLE[role])


@pytest.mark.parametrize("role", ROLES)
def test_policy_querysets_match_the_matrix(video_world, role):
    user = video_world["users"][role]
    names = {video.pk: name for name, video in video_world["videos"].items()}
    usable = {names[pk] for pk in permissions.usable_videos(user).values_list("pk", flat=True)}
    editable = {names[pk] for pk in permissions.editable_videos(user).values_list("pk", flat=True)}
    assert usable == set(USABLE[role])
    assert editable == set(EDITABLE[role])
    for name, video in video_world["videos"].items():
        assert permissions.may_use(user, video) == (name in USABLE[role])
        assert permissions.may_edit(user, video) == (name in EDITABLE[role])


@pytest.mark.parametrize("video", list(TITLES))
def test_users_with_permission_for_instance(video_world, video):
    """The users the policy names for a video are those the matrix says (notifications)."""
    target = video_world["videos"][video]
    users = video_world["users"]
    by_pk = {user.pk: role for role, user in users.items()}
    editors = permissions.policy.users_with_permission_for_instance("change", target)
    choosers = permissions.policy.users_with_permission_for_instance("choose", target)
    assert {by_pk[pk] for pk in editors.values_list("pk", flat=True)} == {
        role for role in ROLES if video in EDITABLE[role]
    }
    assert {by_pk[pk] for pk in choosers.values_list("pk", flat=True)} == {
        role for role in ROLES if video in USABLE[role]
    }


def test_post_to_edit_a_video_of_another_ministry_changes_nothing(video_world):
    client = logged_in(video_world["users"]["contributor"])
    for name in ("other_private", "other_shared_own"):
        video = video_world["videos"][name]
        response = client.post(reverse("videos:edit", args=[video.pk]), {"title": "Piraté"})
        assert response.status_code == (404 if name == "other_private" else REFUSED)
        response = client.post(reverse("videos:delete", args=[video.pk]))
        assert response.status_code == (404 if name == "other_private" else REFUSED)
        video.refresh_from_db()
        assert video.title == TITLES[name]


def test_retired_ministry_loses_its_videos(video_world):
    """A ministry that ended: its people keep no right on its videos after setup_roles."""
    own = video_world["ministries"]["own"]
    own.end_date = own.start_date or own.__class__._meta.get_field("end_date").to_python(
        "2020-01-02"
    )
    own.save()
    roles.sync_ministry_roles(own)
    user = video_world["users"]["contributor"]
    user = type(user).objects.get(pk=user.pk)  # fresh permission caches
    assert not permissions.usable_videos(user).exists()
    assert not permissions.policy.user_has_permission(user, "add")


def test_sharing_with_a_translated_ministry_reaches_its_people(video_world, english):
    """Shares name the ministry identity: its translation's people are the same groups."""
    own = video_world["ministries"]["own"]
    own_english = own.copy_for_translation(english)
    own_english.save()
    video = video_world["videos"]["other_shared_own"]
    user = video_world["users"]["contributor"]
    user = type(user).objects.get(pk=user.pk)
    assert permissions.may_use(user, video)
    assert Video.objects.get(pk=video.pk).shares.get().ministry.translation_key == (
        own_english.translation_key
    )
