"""Editors' tools of the public search: synonyms and best bets.

Editors manage, in the admin (menu "Recherche"), groups of equivalent terms
(:class:`~search.curation.models.SynonymGroup`: "RSA", "revenu de solidarité active") and
best bets (:class:`~search.curation.models.BestBet`: the public items shown first for a
query). :func:`~search.curation.services.expansions` and
:func:`~search.curation.services.promoted` turn a query's text into the
``SearchQuery.alternatives`` and ``SearchQuery.promoted`` every backend uses.
"""
