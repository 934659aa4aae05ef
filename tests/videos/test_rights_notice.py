"""Rights over time: a video's owners are told, once per date, that its rights expire
within ``VIDEO_RIGHTS_NOTICE_DAYS`` days (or have expired)."""

from __future__ import annotations

import datetime
from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from wagtail.rich_text import RichText

import pytest

from cms.workflows import roles
from tests.factories import NewsPageFactory
from tests.factories.videos import VideoFactory
from tests.videos.test_editorial import add_captions
from videos.models import ProcessingStatus, Video
from videos.rights import long_date, notify_expiring, owners

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 12)


@pytest.fixture(autouse=True)
def window(settings):
    settings.VIDEO_RIGHTS_NOTICE_DAYS = 30
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example.gouv.fr"


@pytest.fixture
def people(site):
    """Users of Santé (the videos' ministry) and of Armées, with e-mail addresses but
    for ``silent``; ``gone`` is inactive; ``uploader`` is of the Rédaction."""
    own = roles.roles_for_ministry(site["pages"]["own_section"].ministry)
    other = roles.roles_for_ministry(site["pages"]["other_section"].ministry)
    groups = {
        "contributor": own.contributors,
        "validator": own.validators,
        "community": own.community_managers,
        "gone": own.contributors,
        "silent": own.contributors,
        "outsider": other.contributors,
        "uploader": None,
    }
    users = {}
    for name, group in groups.items():
        user = get_user_model().objects.create_user(
            username=f"u-{name}",
            password="x",
            email="" if name == "silent" else f"{name}@example.gouv.fr",
            first_name=name.capitalize(),
            is_active=name != "gone",
        )
        if group is not None:
            user.groups.add(group)
        users[name] = user
    # The validator is also a contributor: told once.
    users["validator"].groups.add(own.contributors)
    return users


@pytest.fixture
def video(site, people):
    return VideoFactory(
        title="Conseil des ministres",
        ministry=site["pages"]["own_section"].ministry,
        uploaded_by=people["uploader"],
        rights_holder="Agence Image",
        rights_expire_on=TODAY + datetime.timedelta(days=30),
    )


def told() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


OWNERS = sorted(f"{name}@example.gouv.fr" for name in ("contributor", "validator", "uploader"))


def test_the_owners_are_the_uploader_and_the_ministry_s_editors(video, people):
    assert [user.username for user in owners(video)] == [
        "u-contributor",
        "u-uploader",
        "u-validator",
    ]


@pytest.mark.parametrize(
    ("days", "sent"),
    [(30, True), (31, False), (1, True), (0, True), (-400, True)],
)
def test_the_window(video, days, sent):
    video.rights_expire_on = TODAY + datetime.timedelta(days=days)
    video.save()
    assert notify_expiring(TODAY) == (1 if sent else 0)
    assert told() == (OWNERS if sent else [])
    video.refresh_from_db()
    assert video.rights_notice_sent_for == (video.rights_expire_on if sent else None)


def test_rights_that_never_expire_are_not_announced(video):
    video.rights_expire_on = None
    video.save()
    assert notify_expiring(TODAY) == 0
    assert mail.outbox == []


def test_sent_once_then_again_when_the_date_changes(video):
    assert notify_expiring(TODAY) == 1
    assert notify_expiring(TODAY) == 0
    assert notify_expiring(TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 3
    # The rights are extended, then cut short again: a new notice for the new date.
    Video.objects.filter(pk=video.pk).update(rights_expire_on=TODAY + datetime.timedelta(days=10))
    assert notify_expiring(TODAY) == 1
    assert len(mail.outbox) == 6
    assert "le 22\u00a0novembre 2026" in mail.outbox[-1].body


def test_the_setting_sets_the_window(settings, video):
    settings.VIDEO_RIGHTS_NOTICE_DAYS = 29
    assert notify_expiring(TODAY) == 0
    settings.VIDEO_RIGHTS_NOTICE_DAYS = 30
    assert notify_expiring(TODAY) == 1


def test_the_mail_in_french(site, video, people):
    # Publishable, so that a page may show it (the editorial line).
    video.status, video.transcript = ProcessingStatus.READY, "Bonjour."
    video.save()
    add_captions(video)
    live = NewsPageFactory(parent=site["pages"]["news_index"], title="Le compte rendu")
    live.body = [
        ("paragraph", RichText("<p>Texte.</p>")),
        ("video", {"video": video, "caption": ""}),
    ]
    live.save_revision().publish()
    draft = NewsPageFactory(parent=site["pages"]["news_index"], title="Brouillon secret")
    draft.live = False
    draft.body = [("video", {"video": video, "caption": ""})]
    draft.save()

    notify_expiring(TODAY)
    message = next(m for m in mail.outbox if m.to == ["contributor@example.gouv.fr"])
    assert message.subject == (
        "Fin des droits le 12\u00a0décembre 2026 : la vidéo « Conseil des ministres »"
    )
    assert message.from_email == "gouvernail@sig.gouv.fr"
    body = message.body
    assert body.startswith("Bonjour Contributor,\n")
    assert (
        "Les droits de la vidéo « Conseil des ministres » (Santé) expirent le "
        "12\u00a0décembre 2026, dans 30 jours : ce jour-là, elle sera retirée des contenus "
        "publiés qui la montrent." in body
    )
    assert "Titulaire des droits : Agence Image" in body
    assert f"- Le compte rendu : {live.get_full_url()}" in body
    assert "Et 1 contenu non publié l'utilise." in body
    assert "Brouillon secret" not in body
    assert f"https://cms.example.gouv.fr/admin/videotheque/edit/{video.pk}/" in body
    assert f"https://cms.example.gouv.fr/admin/videotheque/usage/{video.pk}/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://cms.example.gouv.fr/admin/videotheque/edit/{video.pk}/"' in html
    assert "Le compte rendu" in html and "Brouillon secret" not in html


def test_the_mail_of_expired_rights(video):
    Video.objects.filter(pk=video.pk).update(rights_expire_on=datetime.date(2026, 11, 1))
    notify_expiring(TODAY)
    message = mail.outbox[0]
    assert message.subject == (
        "Droits expirés : la vidéo « Conseil des ministres » (1er\u00a0novembre 2026)"
    )
    assert "ont expiré le 1er\u00a0novembre 2026 : elle ne peut plus être publiée" in message.body
    assert "Aucun contenu ne l'utilise aujourd'hui." in message.body


def test_a_video_nobody_can_be_told_about_is_recorded(site):
    video = VideoFactory(ministry=site["pages"]["own_section"].ministry, rights_expire_on=TODAY)
    assert notify_expiring(TODAY) == 1
    assert mail.outbox == []
    video.refresh_from_db()
    assert video.rights_notice_sent_for == TODAY


def test_long_date():
    assert long_date(datetime.date(2026, 12, 12)) == "12\u00a0décembre 2026"
    assert long_date(datetime.date(2027, 1, 1)) == "1er\u00a0janvier 2027"


class TestCommand:
    @pytest.fixture(autouse=True)
    def today(self, monkeypatch):
        from videos import rights

        monkeypatch.setattr(rights, "paris_date", lambda moment: TODAY)

    def test_dry_run_says_who_would_be_told(self, video):
        out = StringIO()
        call_command("notify_video_rights", "--dry-run", stdout=out)
        assert out.getvalue().splitlines() == [
            "«\u00a0Conseil des ministres\u00a0» (fin des droits le 12\u00a0décembre 2026)\u00a0: "
            "u-contributor <contributor@example.gouv.fr>, u-uploader <uploader@example.gouv.fr>, "
            "u-validator <validator@example.gouv.fr>",
            "Vidéos à annoncer\u00a0: 1 (simulation\u00a0: rien n'est envoyé).",
        ]
        assert mail.outbox == []
        video.refresh_from_db()
        assert video.rights_notice_sent_for is None

    def test_sends(self, video):
        out = StringIO()
        call_command("notify_video_rights", stdout=out)
        assert out.getvalue() == "Vidéos annoncées\u00a0: 1.\n"
        assert told() == OWNERS
        out = StringIO()
        call_command("notify_video_rights", stdout=out)
        assert out.getvalue() == "Vidéos annoncées\u00a0: 0.\n"


def test_the_daily_job_is_registered():
    from cms import jobs
    from videos import tasks  # noqa: F401 (Procrastinate's autodiscovery imports it)

    periodic = {
        task.periodic_id: task for task in jobs.app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["notify_video_rights"].task.name == "videos.notify_rights"
    assert periodic["notify_video_rights"].cron == "15 6 * * *"
