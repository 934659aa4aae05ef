"""The world of the video tests: three ministries with their roles, one user per role,
and a video in each sharing state.

Santé is the users' own ministry; Armées owns the videos shared or not; Culture is a
third ministry, for a video shared with it only. Titles of the videos a Santé user may not
use carry ``HIDDEN``; the module-scoped ``video_world`` is built once per test module, in
a transaction rolled back at its end (each test runs in its own savepoint).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from cms.workflows import roles
from home.models import HomePage
from tests.conftest import make_site, rolled_back_once
from tests.factories import MinistryFactory
from tests.factories.videos import VideoFactory
from videos.models import Sharing, VideoShare

HIDDEN = "ZX-VIDEO"
TITLES = {
    "own_private": "Vaccination en pharmacie",
    "other_private": f"Exercice naval {HIDDEN}-privée",
    "other_shared_own": "Défilé du 14 juillet",
    "other_shared_third": f"Patrimoine militaire {HIDDEN}-culture",
    "other_interministerial": "Hommage national",
}


def build_video_world() -> dict:
    """Sections, roles and users of ``make_site``, plus the community manager of Santé, a
    contributor of Armées and of Culture, a superuser, and the videos of ``TITLES``."""
    site = make_site(HomePage.objects.get(locale__language_code="fr"))
    pages, users = site["pages"], site["users"]
    own = pages["own_section"].ministry
    other = pages["other_section"].ministry
    third = MinistryFactory(short_name="Culture")
    roles.setup_roles()
    user_model = get_user_model()
    extra = {
        "community": roles.roles_for_ministry(own).community_managers,
        "outsider": roles.roles_for_ministry(other).contributors,
        "third": roles.roles_for_ministry(third).contributors,
    }
    for role, group in extra.items():
        user = user_model.objects.create_user(username=role, password="x")
        user.groups.add(group)
        users[role] = user
    users["superuser"] = user_model.objects.create_superuser(username="root", password="x")
    videos = {
        "own_private": VideoFactory(title=TITLES["own_private"], ministry=own),
        "other_private": VideoFactory(title=TITLES["other_private"], ministry=other),
        "other_shared_own": VideoFactory(
            title=TITLES["other_shared_own"], ministry=other, sharing=Sharing.SHARED
        ),
        "other_shared_third": VideoFactory(
            title=TITLES["other_shared_third"], ministry=other, sharing=Sharing.SHARED
        ),
        "other_interministerial": VideoFactory(
            title=TITLES["other_interministerial"],
            ministry=other,
            sharing=Sharing.INTERMINISTERIAL,
        ),
    }
    VideoShare.objects.create(video=videos["other_shared_own"], ministry=own)
    VideoShare.objects.create(video=videos["other_shared_third"], ministry=third)
    return {
        "users": users,
        "videos": videos,
        "ministries": {"own": own, "other": other, "third": third},
        "groups": {group.name: group for group in Group.objects.all()},
    }


@pytest.fixture(scope="module")
def video_world(django_db_setup, django_db_blocker):
    """``build_video_world()``, once for the module, rolled back after its last test."""
    yield from rolled_back_once(django_db_blocker, build_video_world)


def logged_in(user) -> Client:
    """A client of its own (no messages left over from another user's requests)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def processing_inline(monkeypatch):
    """Without a job queue, a saved video is processed in a background thread
    (``videos.tasks.in_background``), whose own database connection would not see a
    test's uncommitted rows: here it runs in the test's thread, when the commit's
    callbacks run (``tests/videos/test_processing_job.py`` checks the thread itself)."""
    from videos import tasks

    monkeypatch.setattr(tasks, "in_background", lambda function, *args: function(*args))


def edit_form_data(video, **overrides) -> dict:
    """The edit form of ``video`` as posted, unchanged but for ``overrides`` (``None``
    leaves a field out)."""
    data = {
        "title": video.title,
        "description": video.description,
        "ministry": video.ministry_id,
        "language": video.language,
        "recorded_on": "",
        "tags": "",
        "rights_holder": video.rights_holder,
        "credits": video.credits,
        "licence": video.licence,
        "rights_expire_on": "",
        "consent_document": "",
        "sharing": video.sharing,
        "transcript": video.transcript,
        "poster": "",
        "caption_tracks": inline_formset([]),
        "chapters": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data({key: value for key, value in data.items() if value is not None})
