"""Hand-run benchmark: what synonyms and best bets cost a search. SQLite or PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gv_bench .venv/bin/python \\
        bench/search_curation.py [--groups 5000] [--runs 500]

Fills, inside a transaction rolled back at the end (the database is left as it was;
migrated first), ``--groups`` synonym groups of three terms (an acronym, a three-word
expansion, a two-word variant) and as many best bets of three items, then times
``expansions()`` and ``promoted()`` (p50 and p99, ms, and SQL queries per call) on: a
word with no synonym, an acronym, a query of 200 characters holding five acronyms, and
a query with a best bet.
"""

# ruff: noqa: T201, S311 (a hand-run script: it prints its figures; random words)

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=500)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    os.environ["DEBUG"] = "false"  # no query log while timing
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from search.curation import services, text
    from search.curation.models import BestBet, BestBetTarget, SynonymGroup, SynonymTerm

    call_command("migrate", verbosity=0)
    random.seed(1)
    with transaction.atomic():
        # In bulk (the groups' ``save`` would write the same rows, one group at a time).
        groups = SynonymGroup.objects.bulk_create(
            SynonymGroup(terms=f"SIG{n}\nservice information numero {n}\nservice {n}")
            for n in range(options.groups)
        )
        SynonymTerm.objects.bulk_create(
            SynonymTerm(
                group=group,
                locale=group.locale,
                position=position,
                text=term,
                normalised=text.normalise(term),
            )
            for group in groups
            for position, term in enumerate(group.term_list())
        )
        bets = BestBet.objects.bulk_create(
            BestBet(query=f"demarche {n}", normalised_query=f"demarche {n}")
            for n in range(options.groups)
        )
        BestBetTarget.objects.bulk_create(
            BestBetTarget(best_bet=bet, document_key=f"page:{n * 3 + target}", sort_order=target)
            for n, bet in enumerate(bets)
            for target in range(3)
        )
        if connection.vendor == "postgresql":  # statistics, as autovacuum keeps them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_curation_synonymterm, search_curation_bestbet")
        long_query = " ".join(
            [f"SIG{random.randrange(options.groups)}" for _ in range(5)]
            + ["montant des aides et conditions d'attribution pour les familles"] * 2
        )[:200]
        cases = [
            ("expansions", "one word, no synonym", "vaccination"),
            ("expansions", "an acronym", "SIG42"),
            ("expansions", "200 characters, 5 acronyms", long_query),
            ("promoted", "a best bet", "Démarche 42"),
            ("promoted", "no best bet", "vaccination"),
        ]
        print(f"{connection.vendor}, {options.groups} groups and best bets, {options.runs} runs")
        for function, name, query in cases:
            call = getattr(services, function)
            samples = []
            for _ in range(options.runs):
                start = time.perf_counter()
                call(query)
                samples.append((time.perf_counter() - start) * 1000)
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                found = call(query)
            p50, p99 = percentiles(samples)
            print(
                f"{function:<10} {name:<28} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
                f"{len(queries)} query  {len(found)} found"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
