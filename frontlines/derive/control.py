"""Territorial control from coded events (first derivation; a later issue deepens it).

Events are read in date order (undated events cannot be placed in time and are skipped):

- "Non-state actor overtakes territory", "Government regains territory", "Headquarters or base
  established", "Non-violent transfer of territory": actor1 holds the location from the event
  date ("controlled"; "claimed" when the ``claimed`` hook says the only source is the actor's own
  claim). The previous holder's open fact at that location ends (``until``) on that date. A
  repeat by the same holder adds evidence to its open fact.
- "Armed clash" at a location with a known holder: a "contested" fact for the holder on the
  clash date (``since == until``); several clashes that day share one fact.

Locations are keyed by name and coordinates (rounded to ~100 m). Output is sorted by place,
then ``since``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from frontlines.derive.evidence import event_evidence
from frontlines.records import ControlFact, Event

TAKEOVER_SUB_EVENT_TYPES = frozenset({
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Headquarters or base established",
    "Non-violent transfer of territory",
})
CONTEST_SUB_EVENT_TYPES = frozenset({"Armed clash"})

PlaceKey = tuple[str, float | None, float | None]
ClaimHook = Callable[[Event], bool]


def place_key(event: Event) -> PlaceKey:
    def r(x: float | None) -> float | None:
        return round(x, 3) if x is not None else None

    return (event.location or "", r(event.latitude), r(event.longitude))


class _ControlBook:
    """Open holdings per place while events are replayed in date order."""

    def __init__(self, claimed: ClaimHook | None) -> None:
        self.claimed = claimed
        self.facts: list[ControlFact] = []
        self.holder: dict[PlaceKey, ControlFact] = {}
        self.contested: dict[tuple[PlaceKey, str], ControlFact] = {}

    def _new(self, event: Event, actor: str, status: str, until: str | None = None) -> ControlFact:
        fact = ControlFact(
            location=event.location or "", latitude=event.latitude, longitude=event.longitude,
            actor=actor, status=status, since=event.event_date, until=until,  # type: ignore[arg-type]
            evidence=event_evidence(event),
        )
        self.facts.append(fact)
        return fact

    def take(self, event: Event) -> None:
        key, actor = place_key(event), event.actor1 or ""
        is_claim = bool(self.claimed and self.claimed(event))
        current = self.holder.get(key)
        if current is not None and current.actor == actor:
            current.evidence.extend(event_evidence(event))
            if current.status == "claimed" and not is_claim:
                current.status = "controlled"  # now confirmed by another source
            return
        if current is not None:
            current.until = event.event_date
        self.holder[key] = self._new(event, actor, "claimed" if is_claim else "controlled")

    def contest(self, event: Event) -> None:
        key = place_key(event)
        current = self.holder.get(key)
        if current is None or event.event_date is None:
            return  # nobody known to hold the place: nothing to contest
        day = (key, event.event_date)
        if day in self.contested:
            self.contested[day].evidence.extend(event_evidence(event))
            return
        self.contested[day] = self._new(event, current.actor, "contested", until=event.event_date)


def derive_control(
    events: Iterable[Event], claimed: ClaimHook | None = None
) -> list[ControlFact]:
    """Control facts from ``events``; ``claimed(event)`` marks self-claimed takeovers."""
    dated = [e for e in events if e.event_date and e.location]
    dated.sort(key=lambda e: (e.event_date or "", e.event_id or ""))
    book = _ControlBook(claimed)
    for event in dated:
        if event.sub_event_type in TAKEOVER_SUB_EVENT_TYPES and event.actor1:
            book.take(event)
        elif event.sub_event_type in CONTEST_SUB_EVENT_TYPES:
            book.contest(event)
    return sorted(book.facts, key=_sort_key)


def _sort_key(f: ControlFact) -> tuple[Any, ...]:
    return (f.location, f.latitude or 0.0, f.longitude or 0.0, f.since or "",
            f.status == "contested")
