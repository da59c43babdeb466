"""PostgreSQL full-text search over the articles: a GIN index on the title and text's
``tsvector``, which ``frontlines.web.queries`` matches with ``plainto_tsquery``.

The index is on an expression (no column to keep in step, so every writer, bulk loads and
``frontlines db copy`` included, is indexed by PostgreSQL itself). The query must spell the
expression exactly as here to use the index: ``frontlines.store.models.PG_SEARCH_VECTOR`` is the
same text (a migration keeps its own copy, as history must not change with the code), and
``tests/test_web_api.py`` checks that PostgreSQL's plan for the search uses this index. The
'simple' configuration lowercases and splits words without
stemming or stop words, like SQLite's FTS5 table of migration 0003, so a search finds the same
articles on both databases. SQLite is left as it is (it searches with FTS5).

Revision ID: 0004_pg_search
Revises: 0003_search
Create Date: 2026-11-25

"""
from typing import Sequence, Union

from alembic import op

revision: str = "0004_pg_search"
down_revision: Union[str, Sequence[str], None] = "0003_search"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SEARCH_CONFIG = "simple"
# '<' and '>' become spaces: PostgreSQL's parser drops whatever looks like an HTML tag, and
# the words of a pasted '<img onerror=...>' must be as findable as they are in SQLite's FTS5.
SEARCH_VECTOR = (f"to_tsvector('{SEARCH_CONFIG}', "
                 "translate(coalesce(title, '') || ' ' || text, '<>', '  '))")
SEARCH_INDEX = "ix_articles_search"


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {SEARCH_INDEX} ON articles USING gin (({SEARCH_VECTOR}))")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
