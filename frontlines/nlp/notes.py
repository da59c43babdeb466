"""ACLED-style one-sentence notes: "On 9 January 2014, Opposition Rebels (Syria) clashed with
Islamic State (Syria) in Aleppo (Aleppo). 0 fatalities." Phrases per sub-event type live in
``knowledge/data/event_notes.yaml``."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from frontlines.records import Event

NOTES_FILE = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "event_notes.yaml"


@lru_cache(maxsize=4)
def load_note_phrases(path: Path = NOTES_FILE) -> dict[str, dict[str, str]]:
    """Read-only phrase table (cached: it is immutable data, not state)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def date_phrase(iso: str | None, time_precision: int) -> str:
    if not iso:
        return "On an unknown date"
    d = date.fromisoformat(iso[:10])
    day = f"{d.day} {d.strftime('%B')} {d.year}"
    if time_precision == 3:
        return f"In {d.strftime('%B')} {d.year}"
    if time_precision == 2:
        return f"Around {day}"
    return f"On {day}"


def place_phrase(e: Event) -> str:
    if not e.location:
        return f" in {e.country}" if e.country else ""
    admins = [a for a in (e.admin2, e.admin1) if a]
    inside = f" ({', '.join(admins)})" if admins else ""
    return f" in {e.location}{inside}"


def write_notes(e: Event, phrases: dict[str, dict[str, str]] | None = None) -> str:
    table = phrases or load_note_phrases()
    entry = table.get(e.sub_event_type, {"with_a2": "was involved in an incident with {a2}", "alone": "was involved in an incident"})
    who = e.actor1 or "Unidentified actors"
    if e.assoc_actor_1:
        who += f" (with {e.assoc_actor_1})"
    a2 = e.actor2
    if a2 and e.assoc_actor_2:
        a2 += f" (with {e.assoc_actor_2})"
    verb = entry["with_a2"].format(a2=a2) if a2 else entry["alone"]
    n = e.fatalities
    tally = f"{n} fatalit{'y' if n == 1 else 'ies'}."
    return f"{date_phrase(e.event_date, e.time_precision)}, {who} {verb}{place_phrase(e)}. {tally}"


__all__ = ["write_notes", "date_phrase", "place_phrase", "load_note_phrases"]
