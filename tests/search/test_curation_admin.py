"""The admin of synonyms and best bets: French checks of bad inputs, targets chosen among
public items only, a target unpublished later, and who may manage them."""

from __future__ import annotations

import datetime
import html
import json
import uuid

from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from cms.delivery.models import Document, Kind, State
from cms.workflows import roles
from search.curation import admin, services
from search.curation.forms import SynonymGroupForm
from search.curation.models import BestBet, SynonymGroup
from tests.admin_french.checker import french_mistakes
from tests.search.test_curation import best_bet

pytestmark = pytest.mark.django_db

SYNONYMS = "/admin/recherche/synonymes/"
BEST_BETS = "/admin/recherche/meilleurs-resultats/"
CHOOSER = "/admin/recherche/contenus-publics/"
NOW = timezone.now()


def item(key: str, title: str, *, kind=Kind.NEWS, locale="fr", state=State.PUBLIC, days=1):
    """A document of the delivery store, published ``days`` ago."""
    published_at = NOW - datetime.timedelta(days=days)
    summary = json.dumps({"title": title, "locale": locale}, ensure_ascii=False)
    return Document.objects.create(
        key=key,
        kind=kind,
        public_id=key.split(":")[1],
        locale=locale,
        state=state,
        body=summary,
        summary=summary,
        etag=uuid.uuid4().hex,
        published_at=published_at,
        modified_at=NOW,
    )


@pytest.fixture
def store(db):
    return {
        "prime": item("page:1", "La prime d'activité en 2026", days=3),
        "video": item("video:7", "La prime d'activité expliquée", kind=Kind.VIDEO, days=2),
        "english": item("page:2", "The activity bonus", locale="en"),
        "withdrawn": item("page:3", "Article retiré", state=State.WITHDRAWN),
        "gone": item("page:4", "Article supprimé", state=State.GONE),
        "ministry": item("ministry:9", "Ministère du Travail", kind=Kind.MINISTRY),
    }


@pytest.fixture
def chief(site):
    client = Client()
    client.force_login(site["users"]["chief"])
    return client


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def synonyms_form(terms: str, locale: str = "fr") -> dict:
    return {"terms": terms, "locale": locale, "note": ""}


def best_bet_form(query: str, keys: list[str], locale: str = "fr", initial: int = 0) -> dict:
    return nested_form_data(
        {
            "query": query,
            "locale": locale,
            "note": "",
            "targets": inline_formset([{"document_key": key} for key in keys], initial=initial),
        }
    )


# Synonyms


def test_a_chief_editor_adds_edits_and_deletes_a_synonym_group(chief):
    response = chief.post(SYNONYMS + "new/", synonyms_form("RSA\nRevenu de solidarité active"))
    assert response.status_code == 302
    group = SynonymGroup.objects.get()
    assert services.expansions("montant RSA") == ("montant Revenu de solidarité active",)
    listing = text_of(chief.get(SYNONYMS))
    assert "RSA · Revenu de solidarité active" in listing

    response = chief.post(
        f"{SYNONYMS}edit/{group.pk}/", synonyms_form("RSA\nrevenu de solidarité active\nR.S.A.")
    )
    assert response.status_code == 302
    assert services.expansions("RSA") == ("revenu de solidarité active", "R.S.A.")

    response = chief.post(f"{SYNONYMS}delete/{group.pk}/")
    assert response.status_code == 302
    assert SynonymGroup.objects.count() == 0
    assert services.expansions("RSA") == ()


@pytest.mark.parametrize(
    ("terms", "error"),
    [
        ("", "Champ requis."),
        ("RSA", "Indiquez au moins deux termes différents, un par ligne."),
        ("RSA\n\n   \n", "Indiquez au moins deux termes différents, un par ligne."),
        ("RSA\n« — »", "«\u00a0« — »\u00a0» ne contient ni lettre ni chiffre."),
        (
            "RSA\nrevenu de solidarité active\nR-S-A\nrsa",
            "«\u00a0RSA\u00a0» et «\u00a0rsa\u00a0» sont le même terme (majuscules et accents "
            "sont indifférents).",
        ),
        (
            "CAF\ncaisse nationale des allocations familiales de France",
            "«\u00a0caisse nationale des allocations familiales de France\u00a0» compte plus "
            "de 6\u00a0mots.",
        ),
        ("CAF\n" + "a" * 101, f"«\u00a0{'a' * 101}\u00a0» dépasse 100\u00a0caractères."),
        (
            "Revenu de Solidarite Active\nminima sociaux",
            "«\u00a0Revenu de Solidarite Active\u00a0» figure déjà dans un autre groupe en "
            "français\u00a0: «\u00a0RSA · revenu de solidarité active\u00a0».",
        ),
    ],
)
def test_bad_synonym_groups_are_refused_in_french(chief, terms, error):
    SynonymGroup.objects.create(terms="RSA\nrevenu de solidarité active")
    response = chief.post(SYNONYMS + "new/", synonyms_form(terms))
    assert response.status_code == 200
    assert error in text_of(response)
    assert SynonymGroup.objects.count() == 1


def test_a_term_may_be_in_a_group_of_each_language(chief):
    SynonymGroup.objects.create(terms="PM\nPremier ministre")
    response = chief.post(SYNONYMS + "new/", synonyms_form("PM\nPrime Minister", "en"))
    assert response.status_code == 302
    assert services.expansions("PM", "en") == ("Prime Minister",)
    assert services.expansions("PM", "fr") == ("Premier ministre",)


def test_editing_a_group_keeps_its_own_terms(chief):
    group = SynonymGroup.objects.create(terms="RSA\nrevenu de solidarité active")
    response = chief.post(
        f"{SYNONYMS}edit/{group.pk}/", synonyms_form("rsa\nRevenu de solidarité active")
    )
    assert response.status_code == 302


# Best bets


def test_a_chief_editor_adds_a_best_bet_with_ordered_public_items(chief, store):
    response = chief.post(
        BEST_BETS + "new/", best_bet_form("Prime d'activité", ["video:7", "page:1"])
    )
    assert response.status_code == 302
    assert services.promoted("prime d'activite") == ("video:7", "page:1")
    listing = text_of(chief.get(BEST_BETS))
    assert "La prime d'activité expliquée — " in listing
    assert "La prime d'activité en 2026 — " in listing
    edit = text_of(chief.get(f"{BEST_BETS}edit/{BestBet.objects.get().pk}/"))
    assert 'value="video:7"' in edit
    assert "La prime d'activité expliquée — " in edit


def chooser_html(client, query: str = "") -> str:
    response = client.get(CHOOSER + query)
    assert response.status_code == 200
    return html.unescape(json.loads(response.content)["html"])


def test_the_chooser_lists_public_news_items_and_videos_only(chief, store):
    page = chooser_html(chief)
    for shown in (
        "La prime d'activité en 2026",
        "La prime d'activité expliquée",
        "The activity bonus",
    ):
        assert shown in page
    for hidden in ("Article retiré", "Article supprimé", "Ministère du Travail"):
        assert hidden not in page
    # Newest first.
    assert page.index("The activity bonus") < page.index("La prime d'activité en 2026")


TITLES = ["La prime d'activité en 2026", "La prime d'activité expliquée", "The activity bonus"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?q=expliquée", [TITLES[1]]),
        ("?q=PRIME", TITLES[:2]),
        ("?q=retiré", []),
        ("?locale=en", [TITLES[2]]),
        ("?q=prime&locale=en", []),
        # An unknown language: the filters are ignored, without an error.
        ("?q=prime&locale=xx", TITLES),
    ],
)
def test_the_chooser_searches_titles_and_filters_by_language(chief, store, query, shown):
    page = chooser_html(chief, query)
    assert [title for title in TITLES if title in page] == shown


def test_choosing_gives_the_key_of_a_public_item_only(chief, store):
    response = chief.get(f"{CHOOSER}chosen/{store['video'].pk}/")
    assert response.status_code == 200
    result = json.loads(response.content)["result"]
    assert result["id"] == "video:7"
    assert result["title"].startswith("La prime d'activité expliquée — ")
    for hidden in ("withdrawn", "gone", "ministry"):
        response = chief.get(f"{CHOOSER}chosen/{store[hidden].pk}/")
        assert response.status_code == 404
        assert store[hidden].key not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "keys", "error"),
    [
        ("", ["page:1"], "Champ requis."),
        ("« ! »", ["page:1"], "La recherche doit contenir au moins un mot."),
        (
            "BUDGET",
            ["page:1"],
            "Un meilleur résultat existe déjà pour cette recherche en français\u00a0: «\u00a0Budget\u00a0».",
        ),
        ("prime", [], "Choisissez au moins un contenu à mettre en avant."),
        ("prime", [""], "Choisissez un contenu."),
        ("prime", ["page:3"], "Ce contenu n'est pas une actualité ou une vidéo publiée."),
        ("prime", ["page:4"], "Ce contenu n'est pas une actualité ou une vidéo publiée."),
        ("prime", ["ministry:9"], "Ce contenu n'est pas une actualité ou une vidéo publiée."),
        ("prime", ["page:99"], "Ce contenu n'est pas une actualité ou une vidéo publiée."),
        (
            "prime",
            ["page:1", "video:7", "page:1"],
            "«\u00a0La prime d'activité en 2026 — ",
        ),
        (
            "prime",
            ["page:2"],
            "«\u00a0The activity bonus — ",
        ),
        ("prime", ["page:1"] * 6, "Mettez en avant 5\u00a0contenus au plus."),
    ],
)
def test_bad_best_bets_are_refused_in_french(chief, store, query, keys, error):
    BestBet.objects.create(query="Budget")
    response = chief.post(BEST_BETS + "new/", best_bet_form(query, keys))
    assert response.status_code == 200
    assert error in text_of(response)
    assert BestBet.objects.count() == 1


def test_the_duplicate_and_language_errors_read_in_full(chief, store):
    response = chief.post(BEST_BETS + "new/", best_bet_form("prime", ["page:1", "page:1"]))
    page = text_of(response)
    assert "» est choisi deux fois." in page
    response = chief.post(BEST_BETS + "new/", best_bet_form("prime", ["page:2"]))
    assert "» n'est pas en français, la langue de la recherche." in text_of(response)


def test_a_target_unpublished_later_is_shown_as_such_and_names_nothing(chief, store):
    bet = best_bet("prime d'activité", "page:1", "video:7")
    Document.objects.filter(key="page:1").update(state=State.WITHDRAWN)

    for url in (BEST_BETS, f"{BEST_BETS}edit/{bet.pk}/"):
        page = text_of(chief.get(url))
        assert "Contenu non publié (page:1)" in page
        assert "La prime d'activité en 2026" not in page
        assert "La prime d'activité expliquée" in page
    # The backends check what is public: the key stays in the editors' order.
    assert services.promoted("prime d'activité") == ("page:1", "video:7")
    # The best bet can still be saved as it is, or without the unpublished item.
    targets = list(bet.targets.order_by("sort_order"))
    data = best_bet_form("prime d'activité", ["page:1", "video:7"], initial=2)
    data |= {"targets-0-id": str(targets[0].pk), "targets-1-id": str(targets[1].pk)}
    assert chief.post(f"{BEST_BETS}edit/{bet.pk}/", data).status_code == 302
    data["targets-0-DELETE"] = "1"
    assert chief.post(f"{BEST_BETS}edit/{bet.pk}/", data).status_code == 302
    assert services.promoted("prime d'activité") == ("video:7",)


def test_deleting_a_best_bet(chief, store):
    bet = best_bet("prime", "page:1")
    assert chief.post(f"{BEST_BETS}delete/{bet.pk}/").status_code == 302
    assert services.promoted("prime") == ()


# Two editors saving the same term or query at once


@pytest.fixture
def rival(monkeypatch):
    """``rival(save)``: another editor's ``save()``, committed after the next request's
    form passed its checks and before it is saved (the window the unique constraints
    guard); once."""

    def arm(save):
        pending = [save]
        for view_class in (admin.CurationCreateView, admin.CurationEditView):
            checked = view_class.is_valid

            def is_valid(self, form, checked=checked):
                valid = checked(self, form)
                while pending:
                    pending.pop()()
                return valid

            monkeypatch.setattr(view_class, "is_valid", is_valid)

    return arm


TAKEN_TERM = (
    "«\u00a0RSA\u00a0» figure déjà dans un autre groupe en français\u00a0: «\u00a0rsa · "
    "revenu minimum\u00a0»."
)


def test_a_term_saved_meanwhile_by_another_editor_is_refused_in_french(chief, rival):
    rival(lambda: SynonymGroup.objects.create(terms="rsa\nrevenu minimum"))
    response = chief.post(SYNONYMS + "new/", synonyms_form("RSA\nrevenu de solidarité active"))
    assert response.status_code == 200
    page = text_of(response)
    assert "le formulaire contient des erreurs." in page
    assert TAKEN_TERM in page
    assert "RSA\nrevenu de solidarité active</textarea>" in page  # what was typed, kept
    # The other editor's group, whole; nothing of the refused one.
    assert SynonymGroup.objects.get().terms == "rsa\nrevenu minimum"
    assert services.expansions("RSA") == ("revenu minimum",)
    # Saved again without the taken term, the group is created.
    response = chief.post(SYNONYMS + "new/", synonyms_form("RMI\nrevenu minimum d'insertion"))
    assert response.status_code == 302
    assert services.expansions("RMI") == ("revenu minimum d'insertion",)


def test_an_edit_losing_the_race_keeps_the_group_as_it_was(chief, rival):
    group = SynonymGroup.objects.create(terms="CAF\ncaisse d'allocations familiales")
    rival(lambda: SynonymGroup.objects.create(terms="rsa\nrevenu minimum"))
    response = chief.post(
        f"{SYNONYMS}edit/{group.pk}/", synonyms_form("CAF\ncaisse d'allocations familiales\nRSA")
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "le formulaire contient des erreurs." in page
    assert TAKEN_TERM in page
    group.refresh_from_db()
    assert group.terms == "CAF\ncaisse d'allocations familiales"
    assert services.expansions("CAF") == ("caisse d'allocations familiales",)
    assert services.expansions("RSA") == ("revenu minimum",)


def test_a_best_bet_saved_meanwhile_by_another_editor_is_refused_in_french(chief, store, rival):
    rival(lambda: best_bet("PRIME D'ACTIVITE", "video:7"))
    response = chief.post(BEST_BETS + "new/", best_bet_form("Prime d'activité", ["page:1"]))
    assert response.status_code == 200
    page = text_of(response)
    assert (
        "Un meilleur résultat existe déjà pour cette recherche en français\u00a0: "
        "«\u00a0PRIME D'ACTIVITE\u00a0»." in page
    )
    assert 'value="Prime d\'activité"' in page  # what was typed, kept
    assert 'value="page:1"' in page
    assert list(BestBet.objects.values_list("query", flat=True)) == ["PRIME D'ACTIVITE"]
    assert services.promoted("prime d'activité") == ("video:7",)


def test_a_best_bet_edit_losing_the_race_keeps_it_as_it_was(chief, store, rival):
    bet = best_bet("budget", "page:1")
    (target,) = bet.targets.all()
    rival(lambda: best_bet("Prime", "video:7"))
    data = best_bet_form("prime", ["page:1", "video:7"], initial=1)
    data["targets-0-id"] = str(target.pk)
    response = chief.post(f"{BEST_BETS}edit/{bet.pk}/", data)
    assert response.status_code == 200
    assert (
        "Un meilleur résultat existe déjà pour cette recherche en français\u00a0: "
        "«\u00a0Prime\u00a0»." in text_of(response)
    )
    assert services.promoted("budget") == ("page:1",)
    assert services.promoted("prime") == ("video:7",)


def test_another_integrity_error_is_not_taken_for_a_race(chief, rival, monkeypatch):
    """Only a conflict the form's checks find again is answered with the form: any other
    refusal of the database stays an error, never hidden."""
    rival(lambda: SynonymGroup.objects.create(terms="rsa\nrevenu minimum"))
    monkeypatch.setattr(SynonymGroupForm, "add_conflict_errors", lambda form: False)
    with pytest.raises(IntegrityError):
        chief.post(SYNONYMS + "new/", synonyms_form("RSA\nrevenu de solidarité active"))


# Wording


def test_the_screens_read_as_french(chief, store):
    SynonymGroup.objects.create(terms="RSA\nrevenu de solidarité active")
    bet = best_bet("prime", "page:1")
    group = SynonymGroup.objects.get()
    for url in (
        SYNONYMS,
        SYNONYMS + "new/",
        f"{SYNONYMS}edit/{group.pk}/",
        f"{SYNONYMS}history/{group.pk}/",
        f"{SYNONYMS}delete/{group.pk}/",
        BEST_BETS,
        BEST_BETS + "new/",
        f"{BEST_BETS}edit/{bet.pk}/",
        f"{BEST_BETS}delete/{bet.pk}/",
    ):
        response = chief.get(url)
        assert response.status_code == 200, url
        assert french_mistakes(response.content.decode()) == [], url
    assert french_mistakes(chooser_html(chief)) == []


# Permissions

ROLES = ["editor", "crisis", "social", "contributor", "validator"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        SYNONYMS,
        SYNONYMS + "new/",
        SYNONYMS + "edit/{group}/",
        SYNONYMS + "delete/{group}/",
        SYNONYMS + "history/{group}/",
        SYNONYMS + "usage/{group}/",
        SYNONYMS + "results/",
        BEST_BETS,
        BEST_BETS + "new/",
        BEST_BETS + "edit/{bet}/",
        BEST_BETS + "delete/{bet}/",
        BEST_BETS + "history/{bet}/",
        BEST_BETS + "usage/{bet}/",
        CHOOSER,
        CHOOSER + "results/",
        CHOOSER + "chosen/{document}/",
    ],
)
def test_only_chief_editors_manage_them(site, store, role, path):
    group = SynonymGroup.objects.create(terms="RSA\nrevenu de solidarité active")
    bet = best_bet("prime secrète", "page:1")
    url = path.format(group=group.pk, bet=bet.pk, document=store["prime"].pk)
    client = Client()
    client.force_login(site["users"][role])
    for response in (client.get(url), client.post(url, synonyms_form("RSA\nautre"))):
        assert response.status_code == 403
        body = text_of(response)
        assert "Seuls les rédacteurs en chef de la Rédaction gèrent les synonymes" in body
        assert "solidarité" not in body
        assert "secrète" not in body
        assert "La prime d'activité" not in body
    assert SynonymGroup.objects.get().terms == "RSA\nrevenu de solidarité active"
    assert BestBet.objects.count() == 1


@pytest.mark.parametrize(("role", "shown"), [("chief", True), *((role, False) for role in ROLES)])
def test_the_menu_shows_search_tools_to_chief_editors_only(site, role, shown):
    client = Client()
    client.force_login(site["users"][role])
    page = text_of(client.get("/admin/"))
    assert (SYNONYMS in page) is shown
    assert (BEST_BETS in page) is shown


def test_setup_roles_gives_the_permissions_to_chief_editors_only(site):
    codenames = {
        f"{action}_{model}"
        for model in ("synonymgroup", "bestbet")
        for action in ("add", "change", "delete", "view")
    }
    for name in (roles.CHIEF_EDITORS, roles.EDITORS, roles.CRISIS_CELL, roles.SOCIAL_MEDIA):
        granted = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="search_curation")
            .values_list("codename", flat=True)
        )
        assert granted == (codenames if name == roles.CHIEF_EDITORS else set()), name


def test_an_administrator_manages_them(admin_client):
    assert admin_client.get(SYNONYMS).status_code == 200
    assert admin_client.get(BEST_BETS + "new/").status_code == 200


def test_reordering_the_items_changes_the_order_promoted(chief, store):
    bet = best_bet("prime", "page:1", "video:7")
    first, second = bet.targets.order_by("sort_order")
    data = nested_form_data(
        {
            "query": "prime",
            "locale": "fr",
            "note": "",
            "targets": inline_formset(
                [
                    {"id": str(first.pk), "document_key": "page:1", "ORDER": "2"},
                    {"id": str(second.pk), "document_key": "video:7", "ORDER": "1"},
                ],
                initial=2,
            ),
        }
    )
    assert chief.post(f"{BEST_BETS}edit/{bet.pk}/", data).status_code == 302
    assert services.promoted("prime") == ("video:7", "page:1")
