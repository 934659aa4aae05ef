"""PostgreSQL only: French full-text analysis and its indexes (docs/search.md).

- the ``unaccent`` and ``pg_trgm`` extensions;
- the ``french_unaccent`` text search configuration: a copy of ``french`` whose words
  with letters outside ASCII go through ``unaccent`` before ``french_stem`` (the stock
  ``french`` configuration keeps accents: "securite" would miss "sécurité");
- ``search_entry.vector``, a generated ``tsvector`` (title weight A, chapô B, body C),
  with a GIN index;
- a trigram GIN index on ``title_folded``, for words typed with a typo.

Other databases (SQLite) keep the ``*_terms`` columns instead: nothing to do here.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    """
    ALTER TABLE search_entry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french_unaccent'::regconfig, title), 'A')
        || setweight(to_tsvector('french_unaccent'::regconfig, chapo), 'B')
        || setweight(to_tsvector('french_unaccent'::regconfig, body), 'C')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)",
    "CREATE INDEX search_entry_title_trgm ON search_entry USING gin (title_folded gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
