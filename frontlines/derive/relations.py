"""Actor relations over time, from coded events and from relation statements.

Observations
------------
- Battles and Explosions/Remote violence: every actor on one side (actor1 and its associated
  actors) against every actor on the other side -> "hostile" on the event date.
- An actor and its associated actors on the same side -> "ally" (not for Protests/Riots, where
  association means marching together, not fighting together).
- Violence against civilians gives no hostile edge (civilians are not a party).
- ``affiliations(actor)`` (from the actor dictionary) -> "member_of" actor -> parent.
- ``RelationStatement``s ("fought alongside", "a branch of", "had previously clashed") -> their
  relation on their date; ``past`` statements speak of the time before their date.

Generic actors (civilians, protesters, rioters, "Unidentified ...") never get edges. "ally" and
"hostile" are undirected and kept with the two names in sorted order; "member_of" /
"affiliated_with" point from member to parent. Events an analyst marked false are left out.

Periods (how a pair's relation is read over time)
-------------------------------------------------
"ally" and "hostile" are the two opposite stances of one pair; "member_of" and
"affiliated_with" each have their own timeline with no opposite. A pair's observations are read
in date order, day by day (``periods.build_periods``):

- an observation of the stance already holding supports that period (weight, evidence,
  ``last_seen``);
- an observation of the opposite stance ends the holding period on its date (``until``,
  exclusive) and starts a new one (``first_seen``);
- a ``past`` observation on date D says the stance held before D and is not said to hold any
  more: it is read before the day's other observations, and a period whose latest support is a
  past statement ends on that statement's date. With nothing known before, it makes a period of
  unknown start (``past=True``, ``first_seen`` None); when the other stance is already holding,
  it is an earlier episode, ending when the holding period began ("fought alongside the FSA,
  despite previous clashes between the two groups");
- when one day has both stances, the one with more support that day holds at the end of it; a
  tie keeps the stance already holding, else "hostile" (an observed fight is the harder fact). The
  outvoted stance's support of that day is kept in a period that ends on that same day.

A period then holds from ``first_seen`` until ``until`` (open-ended: still holding as far as the
reports know); a ``past`` period holds on every day before ``until``. ``relations_as_of(rels, D)``
keeps the periods holding on D: the pair's stance on D is the one most recently observed on or
before D.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from frontlines.derive.evidence import (
    event_evidence,
    is_active,
    is_generic_actor,
    split_actors,
    statement_evidence,
    statement_key,
)
from frontlines.derive.periods import Observation, build_periods
from frontlines.records import Event, Relation, RelationStatement

HOSTILE_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
ALLY_EVENT_TYPES = frozenset({
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
})
UNDIRECTED = frozenset({"ally", "hostile"})

Affiliations = Callable[[str], Iterable[str]]
IsGeneric = Callable[[str], bool]


def sides(
    event: Event, is_generic: IsGeneric = is_generic_actor
) -> tuple[list[str], list[str]]:
    """(actor1 + assoc_actor_1, actor2 + assoc_actor_2) without generic actors, main first."""

    def side(main: str | None, assoc: str | None) -> list[str]:
        names = ([main] if main else []) + split_actors(assoc)
        return [n for n in dict.fromkeys(names) if not is_generic(n)]

    return side(event.actor1, event.assoc_actor_1), side(event.actor2, event.assoc_actor_2)


def observation(a: str, b: str, kind: str, date: str | None, key: str,
                evidence: list[dict[str, Any]], past: bool = False) -> Observation | None:
    """An observation with undirected pairs in sorted order; None for an actor with itself."""
    if a == b:
        return None
    if kind in UNDIRECTED:
        a, b = sorted((a, b))
    return Observation(a, b, kind, date, key, evidence, past)  # type: ignore[arg-type]


def event_observations(
    events: Iterable[Event],
    affiliations: Affiliations | None = None,
    is_generic: IsGeneric = is_generic_actor,
) -> Iterator[Observation]:
    """Hostile, ally and member_of observations each event supports."""
    parents: dict[str, list[str]] = {}  # affiliations looked up once per actor

    for n, event in enumerate(events):
        if not is_active(event):
            continue
        key = event.event_id or f"#{n}"
        evidence = event_evidence(event)
        found: list[Observation | None] = []
        side1, side2 = sides(event, is_generic)
        if event.event_type in HOSTILE_EVENT_TYPES:
            found += [observation(a, b, "hostile", event.event_date, key, evidence)
                      for a in side1 for b in side2]
        if event.event_type in ALLY_EVENT_TYPES:
            for members, main in ((side1, event.actor1), (side2, event.actor2)):
                # the named main actor with each associated actor; ``sides`` put it first
                if members and members[0] == main:
                    found += [observation(main, other, "ally", event.event_date, key, evidence)
                              for other in members[1:]]
        if affiliations is not None:
            for actor in side1 + side2:
                if actor not in parents:
                    parents[actor] = list(affiliations(actor))
                found += [observation(actor, parent, "member_of", event.event_date, key, evidence)
                          for parent in parents[actor]]
        yield from (o for o in found if o is not None)


def statement_observations(
    statements: Iterable[RelationStatement], is_generic: IsGeneric = is_generic_actor
) -> Iterator[Observation]:
    """One observation per relation statement between two non-generic actors."""
    for s in statements:
        if is_generic(s.actor_a) or is_generic(s.actor_b):
            continue
        found = observation(s.actor_a, s.actor_b, s.relation, s.date, statement_key(s),
                            statement_evidence(s), s.past)
        if found is not None:
            yield found


def derive_relations(
    events: Iterable[Event],
    affiliations: Affiliations | None = None,
    *,
    statements: Iterable[RelationStatement] = (),
    is_generic: IsGeneric = is_generic_actor,
) -> list[Relation]:
    """Relation periods supported by ``events`` and ``statements``, sorted by pair, then time."""
    observations = [
        *event_observations(events, affiliations, is_generic),
        *statement_observations(statements, is_generic),
    ]
    return sorted(build_periods(observations), key=_sort_key)


def holds_on(relation: Relation, day: str) -> bool:
    """True when ``relation`` holds on ``day`` (YYYY-MM-DD); see the module notes."""
    if relation.until is not None and day >= relation.until:
        return False
    if relation.past:
        return True  # known to have held before ``until``, since an unknown date
    return relation.first_seen is not None and relation.first_seen <= day


def relations_as_of(relations: Iterable[Relation], day: str) -> list[Relation]:
    """The relation periods holding on ``day``: "who was allied with whom on 2014-01-09?"."""
    return [r for r in relations if holds_on(r, day)]


def strongest(relations: Iterable[Relation], kind: str, n: int = 10) -> list[tuple[str, str, float]]:
    """The ``n`` pairs with the most support for ``kind`` over all their periods of it:
    (actor_a, actor_b, weight), heaviest first (ties by name)."""
    totals: dict[tuple[str, str], float] = {}
    for r in relations:
        if r.relation == kind:
            totals[(r.actor_a, r.actor_b)] = totals.get((r.actor_a, r.actor_b), 0.0) + r.weight
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(a, b, w) for (a, b), w in ranked[:n]]


def _sort_key(r: Relation) -> tuple[Any, ...]:
    family = "stance" if r.relation in UNDIRECTED else r.relation
    start = r.first_seen or r.until or ""  # a past period sits before the period that ended it
    return (family != "stance", family, r.actor_a, r.actor_b, start, not r.past, r.until or "~")
