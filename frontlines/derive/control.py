"""Territorial control over time, from territory events and control statements.

Observations are replayed in date order (undated ones cannot be placed in time and are
skipped); within one day, what speaks of the time before it comes first, then withdrawals, then
takings, then fighting:

- "Non-state actor overtakes territory", "Government regains territory", "Headquarters or base
  established", "Non-violent transfer of territory", and statements that an actor holds a place
  ("ISIS continues to hold territory in Anbar", "Al-Dana, an ISIS stronghold"): the actor holds
  the place from that date. The previous holder's fact ends (``until``) on that date; when nobody
  was known to hold it, a taking's actor2 (the side that lost it) is recorded as having held it
  until then. A repeat by the same holder adds evidence to its fact.
- A withdrawal ("government forces withdrew from Saraqib"): the coder codes it as a "Non-violent
  transfer of territory" with the leaving force as actor1; one whose evidence has a withdrawal
  word and no taking word (``knowledge/data/territory_cues.yaml``) ends actor1's holding instead
  of starting one. A ``past`` statement ("a former ISIS stronghold") ends the actor's holding the
  same way, or, when another actor holds the place, records it as the holder before that one.
- "Armed clash" at a held place, and statements that a place is contested: a "contested" fact
  for the holder on that day (``since == until``); several clashes that day share one fact.
- Claims: a holding whose only support is the actor's own claim (``claimed(event)``, by default
  the event's ``self_claimed``; a "claimed" statement) is "claimed" until another report confirms
  it: support that is not a claim, or support from a second article. It then becomes
  "controlled", with ``corroborated_on`` the date of the confirmation.

As of a day D (``control_as_of``) a holding holds from ``since`` (or an unknown date when
``since`` is None) until the day before ``until``; a contested fact on its days; a holding
corroborated after D reads "claimed". Places are keyed by name and coordinates (rounded to
~100 m). Output is sorted by place, then ``since``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from frontlines.derive.evidence import (
    distinct_articles,
    event_evidence,
    is_active,
    is_generic_actor,
    statement_evidence,
    statement_key,
)
from frontlines.geo.gazetteer import km
from frontlines.knowledge.territory import TerritoryCues, load_territory_cues
from frontlines.records import ControlFact, ControlStatement, ControlStatus, Event

TRANSFER = "Non-violent transfer of territory"
TAKEOVER_SUB_EVENT_TYPES = frozenset({
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Headquarters or base established",
    TRANSFER,
})
CONTEST_SUB_EVENT_TYPES = frozenset({"Armed clash"})

PlaceKey = tuple[str, float | None, float | None]
ClaimHook = Callable[[Event], bool]
WithdrawalHook = Callable[[Event], bool]
PlaceNamedHook = Callable[[Event], bool]
PlaceSpan = tuple[int, int, float, float]  # start, end, latitude, longitude of a place named in an article
NAMED_PLACE_KM = 30.0  # a place named in the sentence this near the event's point is the event's place
IsGeneric = Callable[[str], bool]
Action = Literal["before", "leave", "take", "contest"]
DAY_ORDER: dict[str, int] = {"before": 0, "leave": 1, "take": 2, "contest": 3}


def self_claimed(event: Event) -> bool:
    """The default ``ClaimHook``: the event rests on a party's own claim (its reports say so:
    ``self_claimed``, reconciled by the store over the event's reports) and on one source."""
    return bool(getattr(event, "self_claimed", False)) and getattr(event, "sources", 1) < 2


def withdrawal_reader(cues: TerritoryCues) -> WithdrawalHook:
    """A ``WithdrawalHook``: a transfer whose every evidence sentence tells of leaving."""

    def withdrew(event: Event) -> bool:
        texts = [ev.text for ev in event.evidence if ev.text]
        return (event.sub_event_type == TRANSFER and bool(texts)
                and all(cues.says_withdrawal(t) for t in texts))

    return withdrew


def place_named_reader(spans: dict[int, list[PlaceSpan]], cues: TerritoryCues) -> PlaceNamedHook:
    """``named(event)``: one of the event's evidence sentences names its place (a place mention of
    that article, within the sentence, near the event's point) or points back at one ("the town")."""

    def named(event: Event) -> bool:
        for ev in event_evidence(event):
            if cues.refers_to_a_place(ev["text"]):
                return True
            for start, end, lat, lon in spans.get(ev["article_id"], ()):
                if ev["start"] <= start and end <= ev["end"] and _near(event, lat, lon):
                    return True
        return False

    return named


def _near(event: Event, lat: float, lon: float) -> bool:
    if event.latitude is None or event.longitude is None:
        return False
    return km(event.latitude, event.longitude, lat, lon) <= NAMED_PLACE_KM


def place_key(location: str | None, latitude: float | None, longitude: float | None) -> PlaceKey:
    def r(x: float | None) -> float | None:
        return round(x, 3) if x is not None else None

    return (location or "", r(latitude), r(longitude))


@dataclass
class ControlObservation:
    """One event or statement saying something about who holds a place on a date."""

    location: str
    latitude: float | None
    longitude: float | None
    actor: str | None  # None: a clash, which contests whoever holds the place
    action: Action
    date: str
    claimed: bool
    key: str  # event id or statement key: one item supports a fact once
    evidence: list[dict[str, Any]]
    loser: str | None = None  # a taking's actor2

    @property
    def place(self) -> PlaceKey:
        return place_key(self.location, self.latitude, self.longitude)


def event_observations(
    events: Iterable[Event], claimed: ClaimHook, withdrew: WithdrawalHook, is_generic: IsGeneric,
    named: PlaceNamedHook | None = None,
) -> Iterator[ControlObservation]:
    for n, event in enumerate(events):
        if not (event.event_date and event.location and is_active(event)):
            continue
        action = _event_action(event, withdrew, is_generic)
        if action is None:
            continue
        if action in ("take", "leave") and named is not None and not named(event):
            continue  # the place came from the article, not from the sentence that tells of it
        yield ControlObservation(
            location=event.location, latitude=event.latitude, longitude=event.longitude,
            actor=None if action == "contest" else event.actor1, action=action,
            date=event.event_date, claimed=claimed(event), key=event.event_id or f"#{n}",
            evidence=event_evidence(event),
            loser=event.actor2 if event.actor2 and not is_generic(event.actor2) else None,
        )


def _event_action(event: Event, withdrew: WithdrawalHook, is_generic: IsGeneric) -> Action | None:
    if event.sub_event_type in CONTEST_SUB_EVENT_TYPES:
        return "contest"
    if event.sub_event_type not in TAKEOVER_SUB_EVENT_TYPES:
        return None
    if not event.actor1 or is_generic(event.actor1):
        return None  # no known party took or left the place
    return "leave" if withdrew(event) else "take"


def statement_observations(
    statements: Iterable[ControlStatement], is_generic: IsGeneric
) -> Iterator[ControlObservation]:
    for s in statements:
        if not (s.date and s.location) or is_generic(s.actor):
            continue
        action: Action = "before" if s.past else "contest" if s.status == "contested" else "take"
        yield ControlObservation(
            location=s.location, latitude=s.latitude, longitude=s.longitude, actor=s.actor,
            action=action, date=s.date, claimed=s.status == "claimed", key=statement_key(s),
            evidence=statement_evidence(s),
        )


@dataclass
class _Fact:
    fact: ControlFact
    keys: set[str] = field(default_factory=set)

    def support(self, o: ControlObservation) -> None:
        if o.key in self.keys:
            return
        self.keys.add(o.key)
        self.fact.evidence.extend(o.evidence)
        if self.fact.status == "claimed" and self._confirms(o):
            self.fact.status = "controlled"
            self.fact.corroborated_on = o.date

    def _confirms(self, o: ControlObservation) -> bool:
        """Another report that is not the holder's own claim, or a second article."""
        return (not o.claimed and o.action == "take") or distinct_articles(self.fact.evidence) >= 2


class _ControlBook:
    """Facts per place while observations are replayed in date order."""

    def __init__(self) -> None:
        self.facts: list[_Fact] = []
        self.holder: dict[PlaceKey, _Fact] = {}
        self.contested: dict[tuple[PlaceKey, str], _Fact] = {}

    def _new(self, o: ControlObservation, actor: str, status: ControlStatus,
             since: str | None, until: str | None = None) -> _Fact:
        fact = _Fact(ControlFact(
            location=o.location, latitude=o.latitude, longitude=o.longitude, actor=actor,
            status=status, since=since, until=until, evidence=[],
        ))
        fact.support(o)
        self.facts.append(fact)
        return fact

    def apply(self, o: ControlObservation) -> None:
        {"before": self.before, "leave": self.leave, "take": self.take,
         "contest": self.contest}[o.action](o)

    def take(self, o: ControlObservation) -> None:
        assert o.actor is not None
        current = self.holder.get(o.place)
        if current is not None and current.fact.actor == o.actor:
            current.support(o)
            return
        if current is not None:
            current.fact.until = o.date
        elif o.loser and o.loser != o.actor:
            self._new(o, o.loser, "controlled", since=None, until=o.date)  # who lost it held it
        self.holder[o.place] = self._new(o, o.actor, "claimed" if o.claimed else "controlled",
                                         since=o.date)

    def leave(self, o: ControlObservation) -> None:
        """The actor left the place on ``o.date`` (withdrawal)."""
        assert o.actor is not None
        current = self.holder.get(o.place)
        if current is not None and current.fact.actor == o.actor:
            current.support(o)
            current.fact.until = o.date
            del self.holder[o.place]
        elif current is None:
            self._new(o, o.actor, "controlled", since=None, until=o.date)
        # else another actor holds the place: leaving it says nothing the holding does not

    def before(self, o: ControlObservation) -> None:
        """The actor held the place before ``o.date`` and no longer does ("a former stronghold")."""
        assert o.actor is not None
        current = self.holder.get(o.place)
        if current is None or current.fact.actor == o.actor:
            self.leave(o)
            return
        self._new(o, o.actor, "claimed" if o.claimed else "controlled", since=None,
                  until=current.fact.since or o.date)

    def contest(self, o: ControlObservation) -> None:
        current = self.holder.get(o.place)
        actor = current.fact.actor if current is not None else o.actor
        if actor is None:
            return  # a clash where nobody is known to hold the place contests nothing
        day = (o.place, o.date)
        if day in self.contested:
            self.contested[day].support(o)
            return
        self.contested[day] = self._new(o, actor, "contested", since=o.date, until=o.date)

    def results(self) -> list[ControlFact]:
        for f in self.facts:
            f.fact.sources = distinct_articles(f.fact.evidence)
        return sorted((f.fact for f in self.facts), key=_sort_key)


def derive_control(
    events: Iterable[Event],
    claimed: ClaimHook = self_claimed,
    *,
    statements: Iterable[ControlStatement] = (),
    withdrew: WithdrawalHook | None = None,
    is_generic: IsGeneric = is_generic_actor,
    named: PlaceNamedHook | None = None,
) -> list[ControlFact]:
    """Control facts from ``events`` and ``statements``; ``claimed(event)`` marks takings that
    rest on the taker's own claim, ``withdrew(event)`` withdrawals (default: the territory cues);
    with ``named`` (``place_named_reader``), takings and withdrawals whose sentences do not name
    their place are left out."""
    withdrew = withdrew or withdrawal_reader(load_territory_cues())
    observations = [
        *event_observations(events, claimed, withdrew, is_generic, named),
        *statement_observations(statements, is_generic),
    ]
    observations.sort(key=lambda o: (o.date, DAY_ORDER[o.action], o.key))
    book = _ControlBook()
    for o in observations:
        book.apply(o)
    return book.results()


def holds_on(fact: ControlFact, day: str) -> bool:
    """True when ``fact`` holds on ``day`` (YYYY-MM-DD); see the module notes."""
    if fact.status == "contested":
        return (fact.since or "") <= day <= (fact.until or fact.since or "")
    if fact.until is not None and day >= fact.until:
        return False
    return fact.since is None or fact.since <= day


def control_as_of(facts: Iterable[ControlFact], day: str) -> list[ControlFact]:
    """Who held which place on ``day``, with the status it had then (claimed until corroborated)."""
    out = []
    for f in facts:
        if not holds_on(f, day):
            continue
        if f.corroborated_on is not None and day < f.corroborated_on:
            f = replace(f, status="claimed")
        out.append(f)
    return out


def _sort_key(f: ControlFact) -> tuple[Any, ...]:
    return (f.location, f.latitude or 0.0, f.longitude or 0.0, f.since or "",
            f.status == "contested")
