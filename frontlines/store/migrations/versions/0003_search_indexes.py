"""Serving: full-text search over articles and the indexes the HTTP API's queries need.

SQLite: an FTS5 index ``articles_fts`` over the articles' title and text (external content:
the text is stored once, in ``articles``), kept in step by triggers on ``articles`` so that
every writer (the store, a bulk load, a cascade delete) updates it; existing articles are
indexed by a rebuild. Other databases search with a plain case-insensitive match instead
(``frontlines.web.queries``), so they get no FTS table.

Indexes: events listed newest first (``event_date, id``), the timeline's per-day counts
(``event_date, event_type, status, fatalities`` covers them without touching the rows), the bounding-box
filter (``longitude, latitude``) and the admin1 / sub-event type filters.

Revision ID: 0003_search
Revises: 0002_mentions
Create Date: 2026-11-25

"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003_search"
down_revision: Union[str, Sequence[str], None] = "0002_mentions"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

FTS_TABLE = "articles_fts"

# The FTS5 'delete' command needs the old values, which external-content tables do not keep.
FTS_STATEMENTS = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

INDEXES = {
    "ix_events_event_date_id": ("events", ["event_date", "id"]),
    "ix_events_timeline": ("events", ["event_date", "event_type", "status", "fatalities"]),
    "ix_events_lon_lat": ("events", ["longitude", "latitude"]),
    "ix_events_admin1": ("events", ["admin1"]),
    "ix_events_sub_event_type": ("events", ["sub_event_type"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    if op.get_context().dialect.name == "sqlite":
        for statement in FTS_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
