"""Synonyms and best bets as the search reads them: ``search.curation.services``."""

from __future__ import annotations

import pytest

from search.curation import services, text
from search.curation.models import BestBet, BestBetTarget, SynonymGroup, SynonymTerm

pytestmark = pytest.mark.django_db


def group(*terms: str, locale: str = "fr") -> SynonymGroup:
    return SynonymGroup.objects.create(terms="\n".join(terms), locale=locale)


def best_bet(query: str, *keys: str, locale: str = "fr") -> BestBet:
    """A best bet of ``keys``, in this order (``sort_order`` set as the admin sets it)."""
    bet = BestBet(query=query, locale=locale)
    for position, key in enumerate(keys):
        bet.targets.add(BestBetTarget(document_key=key, sort_order=position))
    bet.save()
    return bet


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Revenu de Solidarite Active", "revenu de solidarite active"),
        ("  revenu de solidarité   active ! ", "revenu de solidarite active"),
        ("REVENU DE SOLIDARITÉ ACTIVE", "revenu de solidarite active"),
        # A decomposed "é" (e + combining accent) is the same letter.
        ("se\u0301curite\u0301", "securite"),
        ("l'RSA", "l rsa"),
        ("Île-de-France", "ile de france"),
        ("Œuvre", "œuvre"),
        ("«\u00a0—\u00a0»", ""),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(typed, normalised):
    assert text.normalise(typed) == normalised


def test_saving_a_group_stores_its_terms_normalised_in_order():
    saved = group("RSA", "", "  Revenu de solidarité active ", "rsa")
    rows = list(SynonymTerm.objects.filter(group=saved).values_list("text", "normalised"))
    # The blank line is skipped; "rsa" repeats "RSA" and is kept once.
    assert rows == [("RSA", "rsa"), ("Revenu de solidarité active", "revenu de solidarite active")]
    saved.terms = "RSA\nminima sociaux"
    saved.save()
    assert list(SynonymTerm.objects.filter(group=saved).values_list("normalised", flat=True)) == [
        "rsa",
        "minima sociaux",
    ]


def test_expansions_replace_the_term_as_typed_and_keep_the_rest():
    group("RSA", "revenu de solidarité active")
    assert services.expansions('montant du "RSA" 2026') == (
        'montant du "revenu de solidarité active" 2026',
    )
    assert services.expansions("Revenu de Solidarite Active jeunes") == ("RSA jeunes",)


@pytest.mark.parametrize("query", ["RSAX", "montant rsax", "ARSA", "rs a", "revenu de solidarité"])
def test_expansions_match_whole_words_only(query):
    group("RSA", "revenu de solidarité active")
    assert services.expansions(query) == ()


def test_expansions_of_a_query_without_synonyms_or_words_are_empty(django_assert_num_queries):
    group("RSA", "revenu de solidarité active")
    with django_assert_num_queries(0):
        assert services.expansions("") == ()
        assert services.expansions(" ?! ") == ()
    with django_assert_num_queries(1):
        assert services.expansions("prime d'activité") == ()


def test_expansions_of_several_groups_one_replacement_first_then_both(django_assert_num_queries):
    group("RSA", "revenu de solidarité active")
    group("CAF", "caisse d'allocations familiales", "allocations familiales")
    with django_assert_num_queries(1):
        found = services.expansions("RSA CAF")
    assert found == (
        "revenu de solidarité active CAF",
        "RSA caisse d'allocations familiales",
        "RSA allocations familiales",
        "revenu de solidarité active caisse d'allocations familiales",
        "revenu de solidarité active allocations familiales",
    )


def test_the_longest_term_wins_where_terms_overlap():
    group("caisse d'allocations familiales", "CAF")
    group("allocations familiales", "AF")
    assert services.expansions("caisse d'allocations familiales") == ("CAF",)
    assert services.expansions("allocations familiales") == ("AF",)


def test_expansions_are_bounded():
    group("RSA", *(f"variante {number}" for number in range(30)))
    found = services.expansions("RSA")
    assert len(found) == services.MAX_ALTERNATIVES == 10
    assert found[:2] == ("variante 0", "variante 1")
    assert len(set(found)) == len(found)


def test_expansions_of_a_long_query_stay_bounded():
    for number in range(20):
        group(f"sigle{number}", f"développé {number}", f"autre {number}")
    query = " ".join(f"sigle{number}" for number in range(20))
    found = services.expansions(query)
    assert len(found) == services.MAX_ALTERNATIVES
    assert found[0] == query.replace("sigle0", "développé 0", 1)


def test_a_group_of_one_term_expands_nothing():
    # The admin refuses it; a group made in a shell or a migration may still hold one.
    group("RSA")
    group("CAF", "caisse d'allocations familiales")
    assert services.expansions("RSA CAF") == ("RSA caisse d'allocations familiales",)


def test_expansions_follow_the_locale():
    group("RSA", "revenu de solidarité active")
    group("PM", "Prime Minister", locale="en")
    assert services.expansions("RSA", locale="en") == ()
    assert services.expansions("PM", locale="fr") == ()
    assert services.expansions("pm speech", locale="en") == ("Prime Minister speech",)


def test_a_deleted_group_expands_no_more():
    saved = group("RSA", "revenu de solidarité active")
    saved.delete()
    assert services.expansions("RSA") == ()


def test_promoted_keys_in_the_editors_order(django_assert_num_queries):
    best_bet("Prime d'activité", "page:3", "video:1", "page:2")
    best_bet("prime", "page:9")
    with django_assert_num_queries(1):
        assert services.promoted("prime d’ACTIVITE") == ("page:3", "video:1", "page:2")
    # The whole query, not a part of it.
    assert services.promoted("montant de la prime d'activité") == ()
    assert services.promoted("prime") == ("page:9",)


def test_promoted_follow_the_locale():
    best_bet("budget", "page:1")
    best_bet("budget", "page:5", locale="en")
    assert services.promoted("Budget") == ("page:1",)
    assert services.promoted("Budget", locale="en") == ("page:5",)
    assert services.promoted("budget", locale="de") == ()


def test_promoted_of_a_query_without_words_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services.promoted(" ... ") == ()
