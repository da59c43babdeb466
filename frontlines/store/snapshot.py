"""A store's content as comparable data: what two runs must agree on, without what they may not.

Two stores hold *the same result* when they hold the same articles, events, mentions, reports,
statements, places and actors. They may differ in what the database makes up as it goes:
integer surrogate ids (a PostgreSQL sequence skips the values of a rolled-back or killed
transaction; another engine numbers rows in another order), the time rows were written, and row
order. `snapshot` drops those: each table becomes a sorted list of rows, integer references
to articles and places are replaced by the article's key (content hash, URL) and the place's
(name, latitude, longitude), and timestamps are left out. Used by the crash-safety and
distributed-ingest tests and by ``bench/bench_ingest.py`` to compare runs.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from frontlines.store.models import (
    ActorRow,
    ArticlePlaceRow,
    ArticleRow,
    EventMentionRow,
    EventReportRow,
    EventRow,
    PlaceRow,
    StatementRow,
)

# Written by the database or the clock, not by coding: never compared.
VOLATILE_COLUMNS = frozenset({"id", "ingested_at", "coded_at", "created_at", "updated_at"})
# Tables whose own id is the stable key that other tables and users refer to (event ids).
KEEP_ID = frozenset({"events", "event_mentions"})
TABLES = (ArticleRow, PlaceRow, ActorRow, EventRow, EventMentionRow, EventReportRow, StatementRow,
          ArticlePlaceRow)

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(engine: Engine) -> Snapshot:
    """Every coding table of the store at ``engine`` as sorted rows of comparable values."""
    with Session(engine) as s:
        articles = {row.id: (row.content_hash, row.url_key) for row in s.scalars(select(ArticleRow))}
        places = {row.id: (row.name, row.latitude, row.longitude) for row in s.scalars(select(PlaceRow))}
        return {model.__tablename__: _table_rows(s, model, articles, places) for model in TABLES}


def counts(shot: Snapshot) -> dict[str, int]:
    return {table: len(rows) for table, rows in shot.items()}


def differences(a: Snapshot, b: Snapshot, limit: int = 3) -> list[str]:
    """What differs between two snapshots, table by table (a few rows each): for messages."""
    out = []
    for table in sorted(set(a) | set(b)):
        left, right = set(a.get(table, [])), set(b.get(table, []))
        if left != right:
            only_a, only_b = sorted(left - right, key=repr)[:limit], sorted(right - left, key=repr)[:limit]
            out.append(f"{table}: {len(a.get(table, []))} vs {len(b.get(table, []))} rows; "
                       f"only in the first {only_a}; only in the second {only_b}")
    return out


def _table_rows(s: Session, model: Any, articles: dict[int, tuple], places: dict[int, tuple]) -> list[tuple]:
    table = model.__table__
    keep_id = table.name in KEEP_ID
    columns = [c for c in table.columns if keep_id and c.name == "id" or c.name not in VOLATILE_COLUMNS]
    rows = []
    for values in s.execute(select(*columns)):
        row = []
        for column, value in zip(columns, values):
            if column.name == "article_id":
                value = articles.get(value, value)
            elif column.name == "place_id":
                value = places.get(value, value)
            row.append((column.name, _comparable(value)))
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def _comparable(value: Any) -> Any:
    """JSON columns (dicts, lists) as canonical text so rows hash and sort."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


__all__ = ["Snapshot", "snapshot", "counts", "differences"]
