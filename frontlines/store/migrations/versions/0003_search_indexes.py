"""Serving: full-text search over articles and the indexes the HTTP API's queries need.

SQLite: an FTS5 index ``articles_fts`` over the articles' title and text (external content:
the text is stored once, in ``articles``), kept in step by triggers on ``articles`` so that
every writer (the store, a bulk load, a cascade delete) updates it; existing articles are
indexed by a rebuild. Other databases search with a plain case-insensitive match instead
(``frontlines.web.queries``), so they get no FTS table.

SQLite also gets ``event_day_counts`` and ``event_day_type_counts``: events and fatalities per
day, event type, (country,) status, kept by triggers on ``events`` (any writer, merges and corrections included), so that
the timeline of the whole store reads one row per day and type instead of every event. Other
databases aggregate the events themselves.

Indexes: events listed newest first (``event_date, id``; per actor: ``actor1/2, event_date, id``), the timeline's per-day counts
(``event_date, event_type, status, fatalities`` covers them without touching the rows), the bounding-box
filter (``longitude, latitude``, covering the status and the order by date) and the admin1 / sub-event type filters.

A later migration that rebuilds ``events`` or ``articles`` in batch mode (copy, drop, rename)
drops these triggers with the old table and must run this module's statements again;
``tests/test_web_api.py`` checks that the head schema has them.

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

# Events and fatalities per day, kept by triggers on ``events`` so that the timeline of a whole
# store reads thousands of rows, not millions: ``event_day_counts`` per (day, event type,
# country, status) answers a country filter, ``event_day_type_counts`` per (day, event type,
# status) the unfiltered timeline with four times fewer rows. Country NULL is stored as ''
# (NULLs never collide in a primary key, so the upsert would miss them).
DAY_COUNTS = {
    "event_day_counts": ("day", "event_type", "country", "status"),
    "event_day_type_counts": ("day", "event_type", "status"),
}
_SOURCE = {"day": "event_date", "event_type": "event_type", "country": "COALESCE({row}.country, '')",
           "status": "status"}


def _values(key: tuple[str, ...], row: str) -> list[str]:
    return [_SOURCE[k].format(row=row) if "{" in _SOURCE[k] else f"{row}.{_SOURCE[k]}" for k in key]


def _add(table: str, key: tuple[str, ...], row: str) -> str:
    return (f"INSERT INTO {table}({', '.join(key)}, events, fatalities) "
            f"SELECT {', '.join(_values(key, row))}, 1, {row}.fatalities "
            f"WHERE {row}.event_date IS NOT NULL "
            f"ON CONFLICT({', '.join(key)}) DO UPDATE SET events = events + 1, "
            "fatalities = fatalities + excluded.fatalities;")


def _remove(table: str, key: tuple[str, ...], row: str) -> str:
    match = " AND ".join(f"{k} = {v}" for k, v in zip(key, _values(key, row)))
    return (f"UPDATE {table} SET events = events - 1, fatalities = fatalities - {row}.fatalities "
            f"WHERE {match}; DELETE FROM {table} WHERE {match} AND events <= 0;")


def _day_count_statements(table: str, key: tuple[str, ...]) -> tuple[str, ...]:
    columns = ", ".join(f"{k} {'DATE' if k == 'day' else 'TEXT'} NOT NULL" for k in key)
    grouped = ", ".join(_values(key, "events"))
    return (
        f"CREATE TABLE {table} ({columns}, events INTEGER NOT NULL, fatalities INTEGER NOT NULL, "
        f"PRIMARY KEY ({', '.join(key)})) WITHOUT ROWID",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON events BEGIN {_add(table, key, 'new')} END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON events BEGIN {_remove(table, key, 'old')} END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF event_date, event_type, country, status, "
        f"fatalities ON events BEGIN {_remove(table, key, 'old')} {_add(table, key, 'new')} END",
        f"INSERT INTO {table}({', '.join(key)}, events, fatalities) SELECT {grouped}, COUNT(*), "
        f"SUM(fatalities) FROM events WHERE event_date IS NOT NULL GROUP BY {grouped}",
    )


DAY_COUNT_STATEMENTS = tuple(
    statement for table, key in DAY_COUNTS.items() for statement in _day_count_statements(table, key))

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
        triggers = ["articles_fts_insert", "articles_fts_delete", "articles_fts_update"]
        triggers += [f"{table}_{when}" for table in DAY_COUNTS for when in ("insert", "delete", "update")]
        for trigger in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for table in (FTS_TABLE, *DAY_COUNTS):
            op.execute(f"DROP TABLE IF EXISTS {table}")
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
