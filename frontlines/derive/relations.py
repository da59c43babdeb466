"""Actor relations from coded events (first derivation; a later issue deepens it).

- Battles and Explosions/Remote violence: every actor on one side (actor1 and its associated
  actors) against every actor on the other side -> "hostile".
- An actor and its associated actors on the same side -> "ally" (not for Protests/Riots, where
  association means marching together, not fighting together).
- Violence against civilians gives no hostile edge (civilians are not a party).
- ``affiliations(actor)`` (from the actor dictionary) -> "member_of" actor -> parent.

Generic actors (civilians, protesters, rioters, "Unidentified ...") never get edges. "ally" and
"hostile" are undirected and stored with the two names in sorted order; "member_of" points from
member to parent. ``weight`` counts supporting events.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from frontlines.derive.evidence import event_evidence, is_generic_actor, split_actors
from frontlines.records import Event, Relation

HOSTILE_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
ALLY_EVENT_TYPES = frozenset({
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
})
UNDIRECTED = frozenset({"ally", "hostile"})

Affiliations = Callable[[str], Iterable[str]]


@dataclass
class _Edge:
    first_seen: str | None = None
    last_seen: str | None = None
    event_ids: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def support(self, event: Event, key: str) -> None:
        if key in self.event_ids:
            return  # one event supports an edge once, however many names repeat
        self.event_ids.append(key)
        self.evidence.extend(event_evidence(event))
        d = event.event_date
        if d:
            self.first_seen = d if self.first_seen is None else min(self.first_seen, d)
            self.last_seen = d if self.last_seen is None else max(self.last_seen, d)


def sides(
    event: Event, is_generic: Callable[[str], bool] = is_generic_actor
) -> tuple[list[str], list[str]]:
    """(actor1 + assoc_actor_1, actor2 + assoc_actor_2) without generic actors, main first."""

    def side(main: str | None, assoc: str | None) -> list[str]:
        names = ([main] if main else []) + split_actors(assoc)
        return [n for n in dict.fromkeys(names) if not is_generic(n)]

    return side(event.actor1, event.assoc_actor_1), side(event.actor2, event.assoc_actor_2)


def derive_relations(
    events: Iterable[Event],
    affiliations: Affiliations | None = None,
    *,
    is_generic: Callable[[str], bool] = is_generic_actor,
) -> list[Relation]:
    """Relations supported by ``events``, sorted by (relation, actor_a, actor_b)."""
    edges: dict[tuple[str, str, str], _Edge] = {}
    parents: dict[str, list[str]] = {}  # affiliations looked up once per actor

    def add(a: str, b: str, kind: str, event: Event, key: str) -> None:
        if a == b:
            return
        if kind in UNDIRECTED:
            a, b = sorted((a, b))
        edges.setdefault((a, b, kind), _Edge()).support(event, key)

    for n, event in enumerate(events):
        key = event.event_id or f"#{n}"
        side1, side2 = sides(event, is_generic)
        if event.event_type in HOSTILE_EVENT_TYPES:
            for a in side1:
                for b in side2:
                    add(a, b, "hostile", event, key)
        if event.event_type in ALLY_EVENT_TYPES:
            for members in (side1, side2):
                # the named main actor with each associated actor; ``sides`` put it first
                main = event.actor1 if members is side1 else event.actor2
                if members and members[0] == main:
                    for other in members[1:]:
                        add(main, other, "ally", event, key)
        if affiliations is not None:
            for actor in side1 + side2:
                if actor not in parents:
                    parents[actor] = list(affiliations(actor))
                for parent in parents[actor]:
                    add(actor, parent, "member_of", event, key)

    return [
        Relation(
            actor_a=a, actor_b=b, relation=kind,  # type: ignore[arg-type]
            first_seen=e.first_seen, last_seen=e.last_seen, weight=float(len(e.event_ids)),
            evidence=e.evidence,
        )
        for (a, b, kind), e in sorted(edges.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
    ]
