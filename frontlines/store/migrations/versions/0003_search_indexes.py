"""Serving: full-text search over articles and the indexes the HTTP API's queries need.

SQLite: an FTS5 index ``articles_fts`` over the articles' title and text (external content:
the text is stored once, in ``articles``), kept in step by triggers on ``articles`` so that
every writer (the store, a bulk load, a cascade delete) updates it; existing articles are
indexed by a rebuild. Other databases search with a plain case-insensitive match instead
(``frontlines.web.queries``), so they get no FTS table.

SQLite also gets ``event_day_counts``: events and fatalities per day, event type, country and
status, kept by triggers on ``events`` (any writer, merges and corrections included), so that
the timeline of the whole store reads one row per day and type instead of every event. Other
databases aggregate the events themselves.

Indexes: events listed newest first (``event_date, id``; per actor: ``actor1/2, event_date, id``), the timeline's per-day counts
(``event_date, event_type, status, fatalities`` covers them without touching the rows), the bounding-box
filter (``longitude, latitude``, covering the status and the order by date) and the admin1 / sub-event type filters.

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

# Events and fatalities per (day, event type, country, status), kept by triggers on ``events``
# so that the timeline of a whole store reads thousands of rows, not millions. Country NULL is
# stored as '' (NULLs never collide in a primary key, so the upsert would miss them).
DAY_COUNTS = "event_day_counts"
_KEY = "day, event_type, country, status"


def _add(row: str) -> str:
    return (f"INSERT INTO {DAY_COUNTS}({_KEY}, events, fatalities) SELECT {row}.event_date, "
            f"{row}.event_type, COALESCE({row}.country, ''), {row}.status, 1, {row}.fatalities "
            f"WHERE {row}.event_date IS NOT NULL "
            f"ON CONFLICT({_KEY}) DO UPDATE SET events = events + 1, "
            "fatalities = fatalities + excluded.fatalities;")


def _remove(row: str) -> str:
    key = (f"day = {row}.event_date AND event_type = {row}.event_type "
           f"AND country = COALESCE({row}.country, '') AND status = {row}.status")
    return (f"UPDATE {DAY_COUNTS} SET events = events - 1, fatalities = fatalities - {row}.fatalities "
            f"WHERE {key}; DELETE FROM {DAY_COUNTS} WHERE {key} AND events <= 0;")


DAY_COUNT_STATEMENTS = (
    f"""CREATE TABLE {DAY_COUNTS} (
        day DATE NOT NULL, event_type TEXT NOT NULL, country TEXT NOT NULL, status TEXT NOT NULL,
        events INTEGER NOT NULL, fatalities INTEGER NOT NULL,
        PRIMARY KEY ({_KEY})) WITHOUT ROWID""",
    f"CREATE TRIGGER event_day_counts_insert AFTER INSERT ON events BEGIN {_add('new')} END",
    f"CREATE TRIGGER event_day_counts_delete AFTER DELETE ON events BEGIN {_remove('old')} END",
    f"""CREATE TRIGGER event_day_counts_update
        AFTER UPDATE OF event_date, event_type, country, status, fatalities ON events
        BEGIN {_remove('old')} {_add('new')} END""",
    f"""INSERT INTO {DAY_COUNTS}({_KEY}, events, fatalities)
        SELECT event_date, event_type, COALESCE(country, ''), status, COUNT(*), SUM(fatalities)
        FROM events WHERE event_date IS NOT NULL GROUP BY event_date, event_type, COALESCE(country, ''), status""",
)

INDEXES = {
    "ix_events_event_date_id": ("events", ["event_date", "id"]),
    "ix_events_timeline": ("events", ["event_date", "event_type", "status", "fatalities"]),
    "ix_events_lon_lat": ("events", ["longitude", "latitude", "status", "event_date", "id"]),
    "ix_events_admin1": ("events", ["admin1"]),
    "ix_events_actor1_date": ("events", ["actor1", "event_date", "id"]),
    "ix_events_actor2_date": ("events", ["actor2", "event_date", "id"]),
    "ix_events_sub_event_type": ("events", ["sub_event_type"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    if op.get_context().dialect.name == "sqlite":
        for statement in FTS_STATEMENTS + DAY_COUNT_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update",
                        "event_day_counts_insert", "event_day_counts_delete", "event_day_counts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        op.execute(f"DROP TABLE IF EXISTS {DAY_COUNTS}")
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
