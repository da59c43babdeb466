"""Event, relation and control writers.

Formats: ``csv`` (ACLED columns then frontlines' own), ``jsonl`` (the event contract of
``records.event_contract`` plus ``article_url``), ``geojson`` (a FeatureCollection of Point
features), ``parquet`` (pyarrow). CSV, JSONL and GeoJSON stream event by event; Parquet is
written in row groups of ``PARQUET_BATCH`` events.
"""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO

from frontlines.export.acled import CSV_COLUMNS, acled_row
from frontlines.records import ControlFact, Event, Relation, event_contract

Format = Literal["csv", "jsonl", "geojson", "parquet"]
Output = TextIO | BinaryIO | str | os.PathLike[str]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "geojson", "parquet")
PARQUET_BATCH = 5000

RELATION_KEYS = ("actor_a", "actor_b", "relation", "first_seen", "last_seen", "weight", "evidence",
                 "until", "past", "sources")
CONTROL_KEYS = ("location", "latitude", "longitude", "actor", "status", "since", "until", "evidence",
                "sources", "corroborated_on")
EVIDENCE_KEYS = ("article_id", "url", "start", "end", "text")


@dataclass
class ExportResult:
    written: int = 0
    skipped: int = 0  # GeoJSON: events without coordinates


def write_events(events: Iterable[Event], fmt: Format, out: Output) -> ExportResult:
    """Write ``events`` as ``fmt`` to ``out`` (an open text/binary stream or a path)."""
    if fmt == "parquet":
        return _write_parquet(events, out)
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "geojson": _write_geojson}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with _text_output(out) as f:
        return writer(events, f)


def write_relations(relations: Iterable[Relation], out: Output) -> int:
    """JSONL, one ``relation_contract`` per line; returns the number of lines."""
    return _write_lines((relation_contract(r) for r in relations), out)


def write_control(facts: Iterable[ControlFact], out: Output) -> int:
    """JSONL, one ``control_contract`` per line; returns the number of lines."""
    return _write_lines((control_contract(f) for f in facts), out)


# ---------------------------------------------------------------- contracts


def event_line(event: Event) -> dict[str, Any]:
    """The JSONL/GeoJSON event: ``records.event_contract`` plus ``article_url``."""
    line = event_contract(event)
    line["article_url"] = getattr(event, "article_url", None)
    return line


def evidence_contract(item: dict[str, Any]) -> dict[str, Any]:
    """``{"article_id", "url", "start", "end", "text"}`` plus ``event_id`` when known."""
    out = {k: item.get(k) for k in EVIDENCE_KEYS}
    if item.get("event_id") is not None:
        out["event_id"] = item["event_id"]
    return out


def relation_contract(r: Relation) -> dict[str, Any]:
    """The foundation's keys, then (issue 4) ``until`` (the date a later opposite stance ended
    this period), ``past`` (known only as held before ``until``) and ``sources`` (articles)."""
    return {
        "actor_a": r.actor_a, "actor_b": r.actor_b, "relation": r.relation,
        "first_seen": r.first_seen, "last_seen": r.last_seen, "weight": r.weight,
        "evidence": [evidence_contract(e) for e in r.evidence],
        "until": r.until, "past": r.past, "sources": r.sources,
    }


def control_contract(f: ControlFact) -> dict[str, Any]:
    """The foundation's keys, then (issue 4) ``sources`` (articles) and ``corroborated_on`` (the
    date a claimed holding was confirmed by another report)."""
    return {
        "location": f.location, "latitude": f.latitude, "longitude": f.longitude,
        "actor": f.actor, "status": f.status, "since": f.since, "until": f.until,
        "evidence": [evidence_contract(e) for e in f.evidence],
        "sources": f.sources, "corroborated_on": f.corroborated_on,
    }


# ---------------------------------------------------------------- formats


def _write_csv(events: Iterable[Event], f: TextIO) -> ExportResult:
    writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    result = ExportResult()
    for event in events:
        row = acled_row(event)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        result.written += 1
    return result


def _write_jsonl(events: Iterable[Event], f: TextIO) -> ExportResult:
    result = ExportResult()
    for event in events:
        f.write(_dumps(event_line(event)) + "\n")
        result.written += 1
    return result


def _write_geojson(events: Iterable[Event], f: TextIO) -> ExportResult:
    # Written piece by piece so that a large export never sits in memory as one object.
    result = ExportResult()
    f.write('{"type": "FeatureCollection", "features": [\n')
    for event in events:
        if event.latitude is None or event.longitude is None:
            result.skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": event.event_id,
            "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
            "properties": event_line(event),
        }
        f.write((",\n" if result.written else "") + _dumps(feature))
        result.written += 1
    f.write("\n]}\n")
    return result


def _parquet_schema() -> Any:
    import pyarrow as pa

    string, int64, float64 = pa.string(), pa.int64(), pa.float64()
    types = {
        "event_date": pa.date32(), "year": int64, "time_precision": int64, "inter1": int64,
        "inter2": int64, "interaction": int64, "iso": int64, "latitude": float64,
        "longitude": float64, "geo_precision": int64, "fatalities": int64, "timestamp": int64,
        "confidence": float64,
        "evidence": pa.list_(
            pa.struct([("start", int64), ("end", int64), ("text", string)])
        ),
    }
    return pa.schema([(name, types.get(name, string)) for name in CSV_COLUMNS])


def _parquet_row(event: Event) -> dict[str, Any]:
    row = acled_row(event)
    row["event_date"] = _iso_date(event.event_date)
    row["evidence"] = [{"start": e.start, "end": e.end, "text": e.text} for e in event.evidence]
    return row


def _write_parquet(events: Iterable[Event], out: Output) -> ExportResult:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    result = ExportResult()
    where = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    with pq.ParquetWriter(where, schema) as writer:
        for batch in _batches((_parquet_row(e) for e in events), PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            result.written += len(batch)
    return result


# ---------------------------------------------------------------- helpers


def _write_lines(lines: Iterable[dict[str, Any]], out: Output) -> int:
    n = 0
    with _text_output(out) as f:
        for line in lines:
            f.write(_dumps(line) + "\n")
            n += 1
    return n


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _is_binary(stream: IO[Any]) -> bool:
    return isinstance(stream, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(stream, "mode", "")


@contextmanager
def _text_output(out: Output) -> Iterator[TextIO]:
    """A text stream for ``out``: a path is opened (and closed), a binary stream wrapped (and
    left open), a text stream used as it is."""
    if isinstance(out, (str, os.PathLike)):
        with Path(out).open("w", encoding="utf-8", newline="") as f:
            yield f
        return
    if _is_binary(out):
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()  # the caller owns the binary stream
        return
    yield out  # type: ignore[misc]
