"""The editorial line's rules, each on its own, then all together; checking never writes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest

from cms.editorial.models import EditorialSettings
from cms.editorial.rules import RULES, applies_to, check_page
from home.models import HomePage
from news.models import (
    CHAPO_MAX_LENGTH,
    MinistryNewsPage,
    NewsPage,
    NewsPageAttachment,
    NewsPageRelatedPage,
)
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def news(**fields):
    """An unsaved, valid news item; ``body`` is a list of (block type, raw value)."""
    body = fields.pop("body", [])
    attachments = fields.pop("attachments", [])
    related = fields.pop("related", [])
    data = {"title": "Le Gouvernement présente son plan", "kind": "communique", "chapo": "Chapô."}
    page = NewsPage(**{**data, **fields})
    page.body = [{"type": kind, "value": value} for kind, value in body]
    page.attachments = [NewsPageAttachment(document=document) for document in attachments]
    page.related_links = [NewsPageRelatedPage(related_page=target) for target in related]
    return page


def image_block(image, decorative=False, alt_text=""):
    return (
        "image",
        {
            "image": image.pk,
            "decorative": decorative,
            "alt_text": alt_text,
            "caption": "",
            "credit": "",
        },
    )


def rich(html):
    return ("paragraph", html)


def accordion(answer_html):
    return ("accordion", {"title": "", "items": [{"title": "Question", "body": answer_html}]})


def call_to_action(page):
    return ("call_to_action", {"label": "En savoir plus", "page": page.pk, "url": ""})


def page_link(page):
    return f'<p>Voir <a linktype="page" id="{page.pk}">le dossier</a>.</p>'


def findings(page, code):
    report = check_page(page)
    return [f.message for f in report.errors + report.warnings if f.code == code]


def test_rules_are_registered_in_order_with_french_labels():
    assert [(r.code, r.blocking) for r in RULES] == [
        ("chapo", True),
        ("title-length", True),
        ("image-alt", True),
        ("document-accessibility", True),
        ("forbidden-term", True),
        ("kind", True),
        ("link-not-live", True),
        ("link-scheduled", False),
        ("video-publishable", True),
    ]
    assert str(RULES[0].label) == "Chapô présent et court"
    # The features' rules.
    assert {r.check.__module__ for r in RULES} == {"news.editorial", "videos.editorial"}


def test_the_line_checks_the_page_models_news_registers():
    assert applies_to(news())
    assert applies_to(MinistryNewsPage(title="Actualité ministérielle"))
    assert not applies_to(HomePage(title="Accueil"))


@pytest.mark.parametrize(
    ("chapo", "expected"),
    [
        ("Un chapô.", []),
        ("x" * CHAPO_MAX_LENGTH, []),
        ("", ["Le chapô est vide."]),
        ("   \n", ["Le chapô est vide."]),
        (
            "x" * (CHAPO_MAX_LENGTH + 1),
            [f"Le chapô compte 301 caractères, pour {CHAPO_MAX_LENGTH} au plus."],
        ),
    ],
)
def test_chapo(chapo, expected):
    assert findings(news(chapo=chapo), "chapo") == expected


@pytest.mark.parametrize(
    ("title", "limit", "failing"),
    [
        ("x" * 110, None, False),
        ("x" * 111, None, True),
        ("x" * 51, 50, True),
        ("x" * 50, 50, False),
    ],
)
def test_title_length(title, limit, failing):
    if limit:
        EditorialSettings.objects.create(
            site=Site.objects.get(is_default_site=True), title_max_length=limit
        )
    messages = findings(news(title=title), "title-length")
    expected = (
        f"Le titre compte {len(title)} caractères, pour {limit or 110} au plus "
        "(il est repris sur les réseaux sociaux)."
    )
    assert messages == ([expected] if failing else [])


@pytest.mark.parametrize(
    ("hero_alt", "block", "failing"),
    [
        ("Le Premier ministre", None, False),
        ("", None, True),
        (None, {"description": "Une carte"}, False),
        (None, {"description": ""}, True),
        (None, {"description": "", "decorative": True}, False),
        (None, {"description": "", "alt_text": "La carte des régions"}, False),
        (None, {"description": "", "alt_text": "   "}, True),
    ],
)
def test_image_alt(hero_alt, block, failing):
    page = news()
    if hero_alt is not None:
        page.hero_image = ImageFactory(title="Portrait", description=hero_alt)
    if block is not None:
        image = ImageFactory(title="Carte", description=block.pop("description"))
        page.body = [dict(zip(("type", "value"), image_block(image, **block), strict=True))]
    messages = findings(page, "image-alt")
    assert len(messages) == int(failing)
    if failing and hero_alt is not None:
        assert messages == ["L'image principale « Portrait » n'a pas de texte alternatif."]
    elif failing:
        assert messages == [
            "L'image « Carte » (le corps du texte (bloc 1 « Image »)) n'a pas de texte "
            "alternatif et n'est pas marquée décorative."
        ]


@pytest.mark.parametrize("where", ["attachments", "body"])
@pytest.mark.parametrize(
    ("accessible", "contact", "failing"),
    [(True, "", False), (False, "accessibilite@gouv.fr", False), (False, "  ", True)],
)
def test_document_accessibility(where, accessible, contact, failing):
    document = DocumentFactory(
        title="Dossier", accessible=accessible, alternative_format_contact=contact
    )
    if where == "attachments":
        page = news(attachments=[document])
        place = "les pièces jointes"
    else:
        page = news(body=[("document", {"document": document.pk, "title": ""})])
        place = "le corps du texte (bloc 1 « Document à télécharger »)"
    expected = (
        f"Le document « Dossier » ({place}) n'est pas accessible et n'indique aucun "
        "contact pour obtenir un format alternatif."
    )
    assert findings(page, "document-accessibility") == ([expected] if failing else [])


@pytest.fixture
def forbidden_terms(db):
    return EditorialSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        forbidden_terms="Élysée\n\n  fake   news \nélysée\n",
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": "Réunion à l'ELYSEE ce matin"}, ["« Élysée » figure dans le titre"]),
        ({"title": "Un élyséen parle"}, []),
        ({"chapo": "Halte aux FAKE\nNEWS."}, ["« fake news » figure dans le chapô"]),
        ({"chapo": "Les fakenews"}, []),
        ({"chapo": "Les superfake news"}, []),
        (
            {"body": [("heading", {"text": "L’Élysée répond", "level": "h2"})]},
            ["« Élysée » figure dans le corps du texte (bloc 1 « Intertitre »)"],
        ),
        (
            {"body": [("quote", {"quote": "De la fake news.", "attribution": "X", "role": ""})]},
            ["« fake news » figure dans le corps du texte (bloc 1 « Citation »)"],
        ),
        (
            {"body": [rich("<p>Un <b>fake</b></p><p>news</p>")]},
            ["« fake news » figure dans le corps du texte (bloc 1 « Paragraphe »)"],
        ),
        (
            {"title": "Élysée", "body": [rich("<p>x</p>"), accordion("<p>À l'Élysée.</p>")]},
            ["« Élysée » figure dans le titre, le corps du texte (bloc 2 « Accordéon / FAQ »)"],
        ),
    ],
)
def test_forbidden_terms(forbidden_terms, fields, expected):
    messages = findings(news(**fields), "forbidden-term")
    assert messages == [f"Le terme interdit {fragment}." for fragment in expected]


def test_no_forbidden_terms_without_the_setting():
    assert findings(news(title="Réunion à l'Élysée"), "forbidden-term") == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("communique", []), ("", ["Le type de contenu n'est pas renseigné."])],
)
def test_kind(kind, expected):
    assert findings(news(kind=kind), "kind") == expected


class TestLinks:
    @pytest.fixture
    def soon(self):
        return timezone.now() + datetime.timedelta(days=1)

    def scheduled(self, news_index, moment, title="Dossier de presse"):
        target = NewsPageFactory(parent=news_index, title=title, live=False)
        target.go_live_at = moment
        target.save_revision().publish()
        target.refresh_from_db()
        assert not target.live
        assert target.scheduled_revision.approved_go_live_at == moment
        return target

    @pytest.mark.parametrize("how", ["paragraph", "accordion", "call_to_action", "related"])
    def test_link_to_a_draft_blocks(self, news_index, how):
        target = NewsPageFactory(parent=news_index, title="Brouillon", live=False)
        page = news(
            body={
                "paragraph": [rich(page_link(target))],
                "accordion": [accordion(page_link(target))],
                "call_to_action": [call_to_action(target)],
                "related": [],
            }[how],
            related=[target] if how == "related" else [],
        )
        report = check_page(page)
        assert [f.code for f in report.errors] == ["link-not-live"]
        assert report.errors[0].message.startswith("Le lien vers « Brouillon » (")
        assert report.errors[0].message.endswith(") ne fonctionnera pas : elle n'est pas publiée.")
        assert report.warnings == []

    def test_link_to_a_live_page_passes(self, news_index):
        target = NewsPageFactory(parent=news_index)
        report = check_page(news(body=[call_to_action(target)], related=[target]))
        assert report.errors == report.warnings == []

    def test_target_scheduled_before_the_embargo_only_warns(self, news_index, soon):
        target = self.scheduled(news_index, soon)
        page = news(related=[target], embargo_until=soon + datetime.timedelta(hours=1))
        report = check_page(page)
        assert report.errors == []
        assert not report.is_blocking
        assert [f.code for f in report.warnings] == ["link-scheduled"]
        date = timezone.localtime(soon).strftime("%d/%m/%Y à %H:%M")
        assert report.warnings[0].message == (
            "Le lien vers « Dossier de presse » (les contenus liés) mène à une page pas encore "
            f"en ligne, programmée le {date} : elle sera publiée avant ou en même temps que "
            "ce contenu."
        )

    def test_same_embargo_for_a_press_release_and_its_press_kit(self, news_index, soon):
        target = self.scheduled(news_index, soon)
        report = check_page(news(body=[rich(page_link(target))], go_live_at=soon))
        assert not report.is_blocking
        assert len(report.warnings) == 1

    @pytest.mark.parametrize("own_delay", [None, datetime.timedelta(hours=-1)])
    def test_target_scheduled_after_this_item_blocks(self, news_index, soon, own_delay):
        target = self.scheduled(news_index, soon)
        page = news(related=[target], embargo_until=soon + own_delay if own_delay else None)
        report = check_page(page)
        assert [f.code for f in report.errors] == ["link-not-live"]
        date = timezone.localtime(soon).strftime("%d/%m/%Y à %H:%M")
        assert report.errors[0].message == (
            "Le lien vers « Dossier de presse » (les contenus liés) ne fonctionnera pas : "
            f"sa mise en ligne est programmée le {date}, après celle de ce contenu."
        )
        assert report.warnings == []

    def test_link_to_itself_and_to_a_deleted_page(self, news_index):
        page = NewsPageFactory(parent=news_index, live=False)
        page.body = [
            {"type": "paragraph", "value": page_link(page)},
            {"type": "paragraph", "value": '<p><a linktype="page" id="999999">x</a></p>'},
        ]
        assert findings(page, "link-not-live") == [
            "Le lien vers une page supprimée (n° 999999) (le corps du texte (bloc 2 "
            "« Paragraphe »)) ne fonctionnera pas : elle n'est pas publiée."
        ]


def test_every_failure_is_listed_at_once(news_index):
    EditorialSettings.objects.create(
        site=Site.objects.get(is_default_site=True), forbidden_terms="interdit"
    )
    draft = NewsPageFactory(parent=news_index, live=False)
    page = news(
        title="Un titre interdit " + "x" * 110,
        kind="",
        chapo="",
        hero_image=ImageFactory(description=""),
        attachments=[DocumentFactory()],
        related=[draft],
    )
    report = check_page(page)
    assert report.is_blocking
    assert [f.code for f in report.errors] == [
        "chapo",
        "title-length",
        "image-alt",
        "document-accessibility",
        "forbidden-term",
        "kind",
        "link-not-live",
    ]


def test_a_valid_item_passes(news_index):
    target = NewsPageFactory(parent=news_index)
    page = news(
        hero_image=ImageFactory(),
        body=[
            rich(page_link(target)),
            image_block(ImageFactory(description=""), decorative=True),
            ("document", {"document": DocumentFactory(accessible=True).pk, "title": ""}),
        ],
        attachments=[DocumentFactory(alternative_format_contact="sig@pm.gouv.fr")],
    )
    report = check_page(page)
    assert report.errors == report.warnings == []
    assert not report.is_blocking


def test_checking_never_writes(news_index):
    page = NewsPageFactory(parent=news_index)
    page.chapo = page.kind = ""
    page.related_links = [NewsPageRelatedPage(related_page=NewsPageFactory(parent=news_index))]
    with CaptureQueriesContext(connection) as queries:
        report = check_page(page)
    assert report.is_blocking
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert not EditorialSettings.objects.exists()
    assert not NewsPage.objects.get(pk=page.pk).related_links.exists()
