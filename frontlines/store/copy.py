"""Copy a whole store from one database to another (typically a laptop's SQLite file into a
team's PostgreSQL server) without loss: every table of the schema, row for row, with the same
ids, so foreign keys, event ids and correction targets stay valid.

Both ends are migrated to the newest schema first (what every ``Store.open`` does anyway), the
target must hold no rows, and the copy is one transaction on the target: it lands whole or not
at all. Tables go parents first (the metadata's foreign-key order); PostgreSQL's id sequences are
then moved past the copied ids so the next insert does not collide with them. Tables kept by
triggers (SQLite's FTS5 and per-day counts) are not copied: the target's own triggers or indexes
rebuild them from the rows.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, DateTime, Engine, Table, func, insert, select, text
from sqlalchemy.engine import Connection

from frontlines.store.migrate import migrate
from frontlines.store.models import Base

DEFAULT_BATCH = 1000


class CopyError(RuntimeError):
    """The copy cannot start (the target already holds data); nothing was written."""


@dataclass
class CopyReport:
    """Rows copied per table, in the order they were copied."""

    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def store_tables() -> list[Table]:
    """The store's tables, parents before the tables whose foreign keys point at them."""
    return list(Base.metadata.sorted_tables)


def copy_store(source: Engine, target: Engine, *, batch_size: int = DEFAULT_BATCH) -> CopyReport:
    """Copy every row of the store at ``source`` into the empty store at ``target``."""
    migrate(source)
    migrate(target)
    report = CopyReport()
    with target.begin() as dst:
        _refuse_filled(dst)
        with source.connect() as src:
            for table in store_tables():
                report.rows[table.name] = _copy_table(src, dst, table, batch_size)
        if target.dialect.name == "postgresql":
            _reset_sequences(dst)
    return report


def _refuse_filled(dst: Connection) -> None:
    filled = [t.name for t in store_tables() if dst.scalar(select(func.count()).select_from(t))]
    if filled:
        raise CopyError(f"the target store already holds rows (tables: {', '.join(filled)}); "
                        "copy into an empty database")


def table_rows(conn: Connection, table: Table, batch_size: int = DEFAULT_BATCH) -> Iterator[dict[str, Any]]:
    """Every row of ``table`` in primary-key order, as plain values (datetimes in UTC)."""
    order = list(table.primary_key.columns)
    result = conn.execution_options(yield_per=batch_size).execute(select(table).order_by(*order))
    zoned = [c.name for c in table.columns if _zoned(c)]
    for row in result.mappings():
        values = dict(row)
        for name in zoned:
            values[name] = _in_utc(values[name])
        yield values


def _copy_table(src: Connection, dst: Connection, table: Table, batch_size: int) -> int:
    copied, batch = 0, []
    for values in table_rows(src, table, batch_size):
        batch.append(values)
        if len(batch) >= batch_size:
            copied += _insert(dst, table, batch)
            batch = []
    return copied + (_insert(dst, table, batch) if batch else 0)


def _insert(dst: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    dst.execute(insert(table), rows)
    return len(rows)


def _zoned(column: Column[Any]) -> bool:
    return isinstance(column.type, DateTime) and bool(column.type.timezone)


def _in_utc(value: datetime | None) -> datetime | None:
    """SQLite hands zoned datetimes back without their zone; the store writes them in UTC, and
    PostgreSQL would read a naive one in the server's time zone instead."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def _reset_sequences(dst: Connection) -> None:
    """Move each integer id's sequence past the largest copied id (rows were inserted with
    their ids, so the sequences never advanced)."""
    for table in store_tables():
        for column in table.primary_key.columns:
            if not (column.autoincrement is True or column.autoincrement == "auto") or \
                    column.type.python_type is not int:
                continue
            dst.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({column.name}), 1), MAX({column.name}) IS NOT NULL) FROM {table.name}"
            ), {"table": table.name, "column": column.name})
