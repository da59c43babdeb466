"""Relation periods from dated observations: the timeline rules of ``derive.relations``.

Each pair (two actors and a family: the ally/hostile stance, or member_of, or affiliated_with)
is replayed day by day; the rules are documented in ``frontlines.derive.relations``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from frontlines.derive.evidence import distinct_articles
from frontlines.records import Relation, RelationKind

STANCES = frozenset({"ally", "hostile"})
TIE_STANCE = "hostile"  # a day with as much support for both stances ends hostile


@dataclass(frozen=True)
class Observation:
    """One event or statement supporting a relation between two actors on a date."""

    actor_a: str
    actor_b: str
    relation: RelationKind
    date: str | None
    key: str  # the event id or statement key: one item supports a period once
    evidence: list[dict[str, Any]]
    past: bool = False  # held before ``date``, not said to hold any more

    @property
    def pair(self) -> tuple[str, str, str]:
        family = "stance" if self.relation in STANCES else self.relation
        return (self.actor_a, self.actor_b, family)


@dataclass
class _Period:
    actor_a: str
    actor_b: str
    relation: RelationKind
    first_seen: str | None = None
    last_seen: str | None = None
    until: str | None = None
    past_end: str | None = None  # date of the latest support when that support is a past statement
    keys: set[str] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def support(self, o: Observation) -> None:
        if o.key in self.keys:
            return  # one event supports a period once, however many names repeat
        self.keys.add(o.key)
        self.evidence.extend(o.evidence)
        if o.past:
            self.past_end = max(self.past_end or "", o.date or "") or None
            return
        self.past_end = None
        if o.date:
            self.first_seen = o.date if self.first_seen is None else min(self.first_seen, o.date)
            self.last_seen = o.date if self.last_seen is None else max(self.last_seen, o.date)

    def close(self, day: str | None) -> None:
        """End the period on ``day``, or earlier when its latest support already ended it."""
        self.until = self.past_end or day

    def relation_record(self) -> Relation:
        return Relation(
            actor_a=self.actor_a, actor_b=self.actor_b, relation=self.relation,
            first_seen=self.first_seen, last_seen=self.last_seen, weight=float(len(self.keys)),
            evidence=self.evidence, until=self.until, past=self.first_seen is None and self.until is not None,
            sources=distinct_articles(self.evidence),
        )


class _Timeline:
    """The periods of one pair, built while its observations are replayed in date order."""

    def __init__(self, actor_a: str, actor_b: str) -> None:
        self.actor_a, self.actor_b = actor_a, actor_b
        self.periods: list[_Period] = []
        self.open: _Period | None = None

    def _start(self, relation: RelationKind, first: Observation) -> _Period:
        period = _Period(self.actor_a, self.actor_b, relation)
        period.support(first)
        self.periods.append(period)
        return period

    def day(self, observations: list[Observation]) -> None:
        for o in observations:
            if o.past:
                self._past(o)
        current = [o for o in observations if not o.past]
        if not current:
            return
        kinds = Counter(o.relation for o in current)
        winner = max(kinds, key=lambda k: (kinds[k], self._holding(k), k == TIE_STANCE))
        outvoted = [o for o in current if o.relation != winner]
        if outvoted:
            self._outvoted(outvoted)
        for o in current:
            if o.relation == winner:
                self._now(o)

    def _holding(self, relation: str) -> bool:
        return self.open is not None and self.open.relation == relation and self.open.past_end is None

    def _past(self, o: Observation) -> None:
        if self.open is not None and self.open.relation == o.relation:
            self.open.support(o)
        elif self._holding_other(o.relation):
            self._earlier_episode(o)
        else:  # nothing holds: a stance of unknown start that ended on o's date
            if self.open is not None:
                self.open.close(o.date)
            self.open = self._start(o.relation, o)

    def _holding_other(self, relation: str) -> bool:
        return self.open is not None and self.open.relation != relation and self.open.past_end is None

    def _earlier_episode(self, o: Observation) -> None:
        """A past statement of the other stance while one holds: the stance before it."""
        holding = self.open
        assert holding is not None
        earlier = next((p for p in reversed(self.periods)
                        if p.relation == o.relation and p is not holding), None)
        if earlier is None:
            earlier = _Period(self.actor_a, self.actor_b, o.relation)
            self.periods.append(earlier)  # output is sorted by time: the place in the list is free
        earlier.support(o)
        earlier.past_end = None  # it ended when the holding stance began, not on o's date
        earlier.until = earlier.until or holding.first_seen or o.date

    def _outvoted(self, observations: list[Observation]) -> None:
        """Support for the stance that does not hold at the end of its day (one stance: the
        pair's families other than ally/hostile have a single relation)."""
        first = observations[0]
        if self._holding(first.relation):
            assert self.open is not None
            period = self.open  # the winner of the day will close it
        else:
            period = self._start(first.relation, first)
            period.until = first.date
        for o in observations:
            period.support(o)

    def _now(self, o: Observation) -> None:
        if self._holding(o.relation):
            assert self.open is not None
            self.open.support(o)
            return
        if self.open is not None:
            self.open.close(o.date)
        self.open = self._start(o.relation, o)

    def undated(self, o: Observation) -> None:
        """Support with no date: the pair's latest period of that relation, else its own."""
        period = next((p for p in reversed(self.periods) if p.relation == o.relation), None)
        if period is None:
            period = self._start(o.relation, o)
        else:
            period.support(o)

    def finish(self) -> list[Relation]:
        if self.open is not None and self.open.until is None:
            self.open.until = self.open.past_end
        return [p.relation_record() for p in self.periods]


def build_periods(observations: Iterable[Observation]) -> list[Relation]:
    """The relation periods of every pair the observations speak of."""
    by_pair: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        by_pair[o.pair].append(o)
    out: list[Relation] = []
    for (a, b, _family), items in by_pair.items():
        timeline = _Timeline(a, b)
        dated = sorted((o for o in items if o.date), key=lambda o: o.date or "")
        for _day, group in groupby(dated, key=lambda o: o.date):
            timeline.day(list(group))
        for o in items:
            if not o.date:
                timeline.undated(o)
        out.extend(timeline.finish())
    return out
