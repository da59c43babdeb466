"""Collections of documents in one file: JSONL (one object a line) and CSV (one row each).

A bad line or row is one ``IngestFailure`` (origin ``file:LINENO``); the rest goes on.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..records import Article, IngestFailure
from .decode import binary_reason, looks_like_text
from .document import Extracted, parse_date, to_article
from .limits import IngestLimits

TEXT_COLUMNS = ("text", "notes", "content", "article_content", "body")
TITLE_COLUMNS = ("title", "headline")
DATE_COLUMNS = ("published", "date", "event_date", "publication_date")
SOURCE_COLUMNS = ("source", "outlet")
URL_COLUMNS = ("url", "link")
ID_COLUMNS = ("id", "doc_id", "event_id_cnty")
READ_CHUNK = 1 << 16

Result = Article | IngestFailure


# ---------------------------------------------------------------- JSONL


def read_jsonl(stream: BinaryIO, origin: str, limits: IngestLimits) -> Iterator[Result]:
    for number, line in capped_lines(stream, limits.max_bytes):
        where = f"{origin}:{number}"
        if line is None:
            yield IngestFailure(where, f"line too large: over {limits.max_bytes:,} bytes")
            continue
        if not line.strip():
            continue
        yield jsonl_record(line, where, limits)


def capped_lines(stream: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) pairs; bytes is None for a line longer than ``cap`` (skipped)."""
    number = 0
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while (rest := stream.readline(READ_CHUNK)) and not rest.endswith(b"\n"):
                pass  # discard the remainder of an oversized line
            yield number, None
            continue
        yield number, line


def jsonl_record(line: bytes, where: str, limits: IngestLimits) -> Result:
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return IngestFailure(where, f"line is not valid UTF-8 ({error.reason} at byte {error.start})")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return IngestFailure(where, f"invalid JSON: {error.msg} (column {error.colno})")
    if not isinstance(record, dict):
        return IngestFailure(where, f"expected a JSON object, got {type(record).__name__}")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return IngestFailure(where, 'missing or empty "text"')
    if not looks_like_text(body):
        return IngestFailure(where, '"text" is binary content (control characters)')
    return to_article(
        Extracted(
            body=[body.strip()],
            title=as_text(record.get("title")),
            source=as_text(record.get("source")),
            url=as_text(record.get("url")),
            published=parse_date(record.get("published") or record.get("date")),
            language=as_text(record.get("language")) or "en",
            doc_id=as_text(record.get("id")),
        ),
        where,
        limits,
    )


def as_text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


# ---------------------------------------------------------------- CSV


def read_csv(path: Path, limits: IngestLimits, delimiter: str | None = None) -> Iterator[Result]:
    origin = str(path)
    with path.open("rb") as raw:
        head = raw.read(8192)
    reason = binary_reason(head)
    if reason:
        yield IngestFailure(origin, reason)
        return
    encoding = csv_encoding(path)
    if encoding is None:
        yield IngestFailure(origin, "undecodable bytes (tried utf-8, cp1252)")
        return
    with path.open("r", encoding=encoding, newline="") as handle:
        yield from read_csv_rows(handle, origin, limits, delimiter)


def csv_encoding(path: Path) -> str | None:
    """utf-8-sig when the whole file is UTF-8, else cp1252 when it decodes cleanly."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as raw:
                while chunk := raw.read(READ_CHUNK):
                    if not looks_like_text(decoder.decode(chunk)):
                        break
                else:
                    decoder.decode(b"", final=True)
                    return encoding
        except UnicodeDecodeError:
            continue
    return None


def guess_delimiter(first_line: str) -> str:
    for candidate in (",", "\t", ";", "|"):
        if candidate in first_line:
            return candidate
    return ","


def read_csv_rows(
    handle: io.TextIOBase, origin: str, limits: IngestLimits, delimiter: str | None
) -> Iterator[Result]:
    first = handle.readline()
    handle.seek(0)
    reader = csv.reader(handle, delimiter=delimiter or guess_delimiter(first))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield IngestFailure(origin, "empty CSV: no header row")
        return
    columns = {name.strip().lstrip("\ufeff").lower(): i for i, name in enumerate(header)}
    text_column = first_column(columns, TEXT_COLUMNS)
    if text_column is None:
        yield IngestFailure(
            origin,
            f"no text column: expected one of {', '.join(TEXT_COLUMNS)}; found {', '.join(header)}",
        )
        return
    yield from csv_records(reader, columns, text_column, origin, limits)


def csv_records(reader, columns: dict[str, int], text_column: int, origin: str,
                limits: IngestLimits) -> Iterator[Result]:
    def cell(row: list[str], names: tuple[str, ...]) -> str | None:
        index = first_column(columns, names)
        return as_text(row[index]) if index is not None and index < len(row) else None

    while True:
        start = reader.line_num + 1
        where = f"{origin}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield IngestFailure(where, f"malformed CSV row: {error}")
            if reader.line_num < start:
                return  # the reader made no progress; stop rather than loop
            continue
        if not any(c.strip() for c in row):
            continue
        text = row[text_column].strip() if text_column < len(row) else ""
        if not text:
            yield IngestFailure(where, "empty text cell")
            continue
        if len(text.encode("utf-8")) > limits.max_bytes:
            yield IngestFailure(where, f"text too large: over {limits.max_bytes:,} bytes")
            continue
        yield to_article(
            Extracted(
                body=[text],
                title=cell(row, TITLE_COLUMNS),
                source=cell(row, SOURCE_COLUMNS),
                url=cell(row, URL_COLUMNS),
                published=parse_date(cell(row, DATE_COLUMNS)),
                doc_id=cell(row, ID_COLUMNS),
            ),
            where,
            limits,
        )


def first_column(columns: dict[str, int], names: tuple[str, ...]) -> int | None:
    return next((columns[n] for n in names if n in columns), None)
