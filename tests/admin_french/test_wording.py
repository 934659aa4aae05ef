"""The admin reads as French written for its users, on the screens they meet.

Each screen is rendered, with demo-like content, as the chief editor and as a ministry
contributor and searched for the marks of a word-for-word translation (checker.PATTERNS).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.models import PageLogEntry, Revision

import pytest

from news.models import NewsPage, NewsPageAttachment, NewsPageMinistry, NewsPageTopic
from tests.admin_french.checker import french_mistakes
from tests.factories import DocumentFactory, ImageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(site):
    """The ``site`` fixture made demo-like: a government news item published 400 days ago
    with topics, ministries and an attachment, edited just now; images and documents; no
    crisis alert, so that the empty listing is rendered."""
    chief = site["users"]["chief"]
    news = site["pages"]["government_live"]
    long_ago = timezone.now() - datetime.timedelta(days=400)
    revision = news.save_revision(user=chief)
    revision.publish(user=chief)
    Revision.objects.filter(pk=revision.pk).update(created_at=long_ago)
    NewsPage.objects.filter(pk=news.pk).update(
        latest_revision_created_at=long_ago, last_published_at=long_ago
    )
    NewsPageTopic.objects.create(page=news, topic=TopicFactory())
    NewsPageMinistry.objects.create(page=news, ministry=site["pages"]["own_section"].ministry)
    NewsPageAttachment.objects.create(page=news, document=DocumentFactory())
    ImageFactory(title="Portrait d'Annie Genevard")
    PageLogEntry.objects.log_action(news, "wagtail.edit", user=chief)
    return site


def chief_screens(site):
    index, news = site["pages"]["news_index"], site["pages"]["government_live"]
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:edit", args=[news.pk]),
        reverse("wagtailadmin_pages:history", args=[news.pk]),
        reverse("wagtailadmin_pages:usage", args=[news.pk]),
        reverse("wagtailadmin_pages:delete", args=[news.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[news.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk]),
        reverse("wagtailsnippets_crisis_crisisalert:list"),
        reverse("wagtailsnippets_crisis_crisisalert:add"),
        reverse("wagtailsnippets_organisations_government:list"),
        reverse("wagtailsnippets_organisations_ministry:list"),
        reverse("wagtailsnippets_organisations_topic:list"),
        reverse("wagtailsnippets_organisations_topic:add"),
        reverse("wagtailsnippets_organisations_person:list"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:locked_pages"),
    ]


def contributor_screens(site):
    section, news = site["pages"]["own_section"], site["pages"]["own_live"]
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[section.pk]),
        reverse("wagtailadmin_pages:edit", args=[news.pk]),
        reverse("wagtailadmin_pages:history", args=[news.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "ministrynewspage", section.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
    ]


@pytest.mark.parametrize("role", ["chief", "contributor"])
def test_main_screens_read_as_french(newsroom, client, role):
    client.force_login(newsroom["users"][role])
    screens = chief_screens(newsroom) if role == "chief" else contributor_screens(newsroom)
    problems = {}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        mistakes = french_mistakes(response.content.decode())
        if mistakes:
            problems[url] = mistakes
    assert problems == {}


def test_login_page_reads_as_french(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert french_mistakes(response.content.decode()) == []


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (datetime.timedelta(seconds=20), "à l'instant"),
        (datetime.timedelta(days=400), "il y a 1\xa0an"),
        (datetime.timedelta(days=800), "il y a 2\xa0ans"),
    ],
)
def test_time_since_in_french(delta, expected):
    assert timesince_simple(timezone.now() - delta) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ajouter un(e) thématique",
        "Nouvel(le) : Image",
        "Ce(tte) page est modifiable",
        "Verrouillez le/la",
        "Référencé(e) 1 fois",
        "Status actuel",
        "6 Pages crées",
        "Il n'y a pas de alertes de crise",
        "Il y a 1 année",
        "Il y a 0 minute",
        "Modification de Actualité",
        "Nouveau: Actualité ministérielle",
    ],
)
def test_checker_finds_each_known_mistake(text):
    assert french_mistakes(f"<p>{text}</p>") != []


def test_checker_reads_attributes_and_skips_scripts():
    assert french_mistakes('<a title="Ajouter un(e) ministère">+</a>') != []
    assert french_mistakes("<script>var a = {x: 1};</script><p>Heure : 07:50</p>") == []
