"""Incident logs as data (``data/incident_logs.yaml``): monitors that publish one line per
incident ("August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria"). The line names no
act; the log says what kind of incident each of its lines is. `find_log_lines` finds such
lines in a text, for the event stage to code.

`load_incident_logs()` validates the file and names the log at fault, so an analyst editing
it sees what to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from frontlines.knowledge.taxonomy import Taxonomy

DEFAULT_INCIDENT_LOGS = Path(__file__).parent / "data" / "incident_logs.yaml"
# a log line starts a line, a paragraph or a digest's ";"-joined item, and ends before the next
LINE_START = r"(?:(?<=^)|(?<=[;\n]))[ \t]*"
LINE_REST = r"[^;\n]*"
DEFAULT_STRENGTH = 0.7  # as an event trigger's: how surely a line means an incident of its type


class IncidentLogError(ValueError):
    pass


@dataclass(frozen=True)
class IncidentLog:
    id: str
    source: str
    header: str
    type: str
    actors: dict[str, str] = field(default_factory=dict)  # code prefix -> perpetrator alias
    target: str | None = None
    strength: float = DEFAULT_STRENGTH
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", re.compile(LINE_START + f"(?:{self.header})" + LINE_REST, re.M))

    def perpetrator(self, prefix: str | None) -> str | None:
        return self.actors.get(prefix or "")


@dataclass(frozen=True)
class LogLine:
    """One incident line of a log in a text: its characters and its code."""

    start: int
    end: int
    code: str
    code_at: int  # where the code is: the place named after it is the incident's
    prefix: str | None
    log: IncidentLog


def find_log_lines(text: str, logs: Iterable[IncidentLog]) -> list[LogLine]:
    """Every log line of the text, in order (one line per incident)."""
    found: list[LogLine] = []
    for log in logs:
        for m in log.pattern.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1].isspace():
                end -= 1
            found.append(LogLine(m.start(), end, m.group("code"), m.start("code"), m.groupdict().get("prefix"), log))
    return sorted(found, key=lambda line: line.start)


def load_incident_logs(path: str | Path | None = None, taxonomy: Taxonomy | None = None) -> tuple[IncidentLog, ...]:
    raw = yaml.safe_load(Path(path or DEFAULT_INCIDENT_LOGS).read_text(encoding="utf-8")) or {}
    rows = raw.get("logs")
    if not isinstance(rows, list):
        raise IncidentLogError("incident logs: 'logs' must be a list")
    logs = tuple(_parse_log(row, i) for i, row in enumerate(rows))
    ids = [log.id for log in logs]
    if len(set(ids)) != len(ids):
        raise IncidentLogError(f"incident logs: an id is used twice in {ids}")
    if taxonomy is not None:
        for log in logs:
            if log.type not in taxonomy.sub_event_types:
                raise IncidentLogError(f"incident log {log.id!r}: unknown sub_event_type {log.type!r}")
    return logs


def _parse_log(row: Any, i: int) -> IncidentLog:
    if not isinstance(row, dict):
        raise IncidentLogError(f"incident log #{i + 1}: expected a mapping")
    where = f"incident log {row.get('id', f'#{i + 1}')!r}"
    for key in ("id", "source", "header", "type"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise IncidentLogError(f"{where}: {key!r} must be non-empty text")
    try:
        groups = re.compile(row["header"]).groupindex
    except re.error as e:
        raise IncidentLogError(f"{where}: 'header' is no regular expression ({e})") from None
    if "code" not in groups:
        raise IncidentLogError(f"{where}: 'header' needs a group named 'code'")
    actors = row.get("actors") or {}
    if not isinstance(actors, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in actors.items()):
        raise IncidentLogError(f"{where}: 'actors' must map code prefixes to actor aliases")
    strength = row.get("strength", DEFAULT_STRENGTH)
    if not isinstance(strength, (int, float)) or not 0 < strength <= 1:
        raise IncidentLogError(f"{where}: 'strength' must be a number in (0, 1]")
    target = row.get("target")
    if target is not None and not isinstance(target, str):
        raise IncidentLogError(f"{where}: 'target' must be a generic category name")
    return IncidentLog(id=row["id"].strip(), source=row["source"].strip(), header=row["header"].strip(),
                       type=row["type"].strip(), actors=dict(actors), target=target, strength=float(strength))


__all__ = ["IncidentLog", "IncidentLogError", "LogLine", "find_log_lines", "load_incident_logs"]
