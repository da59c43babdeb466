"""One event, many reports: when coded mentions are the same event, and what the event then says.

Pure functions over the coder's event contract (``records.event_contract`` dicts, as stored in
``event_mentions.values``); the rules are data (``knowledge/data/merge.yaml``). The store calls
``compatible`` to find the event a new mention belongs to and ``reconcile`` to recompute an
event's fields from all its mentions.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from frontlines.geo.gazetteer import km
from frontlines.knowledge.taxonomy import Taxonomy, load_taxonomy

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "merge.yaml"
FATALITY_RULES = ("lowest_reported", "lowest", "highest")

# Fields that travel together when the event takes one mention's place, date or actors.
PLACE_FIELDS = ("country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision")
DATE_FIELDS = ("event_date", "time_precision")
ACTOR_FIELDS = (
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting",
)
# The event values the store keeps per event (``EventRow`` columns), in contract order.
VALUE_FIELDS = (
    "event_date", "time_precision", "event_type", "sub_event_type", *ACTOR_FIELDS,
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "notes", "confidence",
)


class MergeRulesError(ValueError):
    """merge.yaml names an unknown sub-event type or misses a precision."""


@dataclass(frozen=True)
class MergeRules:
    family_of: Mapping[str, str]  # sub_event_type -> family name (unlisted: itself)
    date_window_days: Mapping[int, int]  # time_precision -> allowance in days
    distance_km: Mapping[int, float]  # geo_precision -> tolerance
    wildcard_actor_prefixes: tuple[str, ...]
    fatalities: str
    vague_time_precision: int  # dates this coarse merge only with one another
    precedence: tuple[str, ...]  # taxonomy precedence: breaks sub-type ties
    generic_actor_prefixes: tuple[str, ...] = ()  # categories of people, not parties
    unattributed_max_geo_precision: int = 1  # see ``attributions_agree``

    def family(self, sub_event_type: str | None) -> str:
        return self.family_of.get(sub_event_type or "", sub_event_type or "")


@dataclass(frozen=True)
class Mention:
    """One article's coding of an event, as the store keeps it."""

    id: str
    article_id: int
    values: Mapping[str, Any]  # the event contract (VALUE_FIELDS + "evidence")
    self_claimed: bool = False


def load_merge_rules(path: str | Path | None = None, taxonomy: Taxonomy | None = None) -> MergeRules:
    """Read and check merge.yaml against the ACLED taxonomy."""
    raw = yaml.safe_load(Path(path or DEFAULT_RULES).read_text(encoding="utf-8"))
    taxonomy = taxonomy or load_taxonomy()
    family_of: dict[str, str] = {}
    for name, subs in (raw.get("families") or {}).items():
        for sub in subs:
            if sub not in taxonomy.sub_event_types:
                raise MergeRulesError(f"family {name}: unknown sub_event_type {sub!r}")
            if sub in family_of:
                raise MergeRulesError(f"{sub!r} is in two families")
            family_of[sub] = str(name)
    rules = MergeRules(
        family_of=family_of,
        date_window_days={int(k): int(v) for k, v in raw["date_window_days"].items()},
        distance_km={int(k): float(v) for k, v in raw["distance_km"].items()},
        wildcard_actor_prefixes=tuple(raw.get("wildcard_actor_prefixes") or ()),
        fatalities=str(raw.get("fatalities", "lowest_reported")),
        vague_time_precision=int(raw.get("vague_time_precision", 3)),
        precedence=taxonomy.precedence,
        generic_actor_prefixes=tuple(raw.get("generic_actor_prefixes") or ()),
        unattributed_max_geo_precision=int(raw.get("unattributed_max_geo_precision", 1)),
    )
    _check_rules(rules)
    return rules


def _check_rules(rules: MergeRules) -> None:
    for table, name in ((rules.date_window_days, "date_window_days"), (rules.distance_km, "distance_km")):
        if set(table) != {1, 2, 3}:
            raise MergeRulesError(f"{name} needs precisions 1, 2 and 3, got {sorted(table)}")
        if any(v < 0 for v in table.values()):
            raise MergeRulesError(f"{name}: negative allowance")
    if rules.vague_time_precision not in (1, 2, 3, 4):  # 4: no date is too vague to merge
        raise MergeRulesError(f"vague_time_precision must be 1-4, got {rules.vague_time_precision}")
    if rules.unattributed_max_geo_precision not in (0, 1, 2, 3):  # 0: never merge them
        raise MergeRulesError("unattributed_max_geo_precision must be 0-3, got "
                              f"{rules.unattributed_max_geo_precision}")
    if rules.fatalities not in FATALITY_RULES:
        raise MergeRulesError(f"fatalities must be one of {FATALITY_RULES}, got {rules.fatalities!r}")


# ---------------------------------------------------------------- same event?


def compatible(a: Mapping[str, Any], b: Mapping[str, Any], rules: MergeRules) -> bool:
    """True when event values ``a`` and ``b`` may be one event: same type family, compatible
    actors, the same place within its precision, dates within the window of their precision."""
    return (
        rules.family(a.get("sub_event_type")) == rules.family(b.get("sub_event_type"))
        and same_window(a, b, rules)
        and same_place(a, b, rules)
        and actors_compatible(a, b, rules)
        and attributions_agree(a, b, rules)
    )


def date_gap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int | None:
    da, db = _as_date(a.get("event_date")), _as_date(b.get("event_date"))
    return None if da is None or db is None else abs((da - db).days)


def same_window(a: Mapping[str, Any], b: Mapping[str, Any], rules: MergeRules) -> bool:
    gap = date_gap(a, b)
    if gap is None:  # an undated report cannot be placed in anyone's window
        return a.get("event_date") is None and b.get("event_date") is None
    precisions = [_precision(v.get("time_precision")) for v in (a, b)]
    if len({p >= rules.vague_time_precision for p in precisions}) == 2:
        return False  # a month-dated report is not the report of a dated event
    # the vaguer date's allowance covers the other: "in March" (the 15th, precision 3) holds any
    # day of March; adding both allowances would let one report drift to the next month
    allowance = max(rules.date_window_days.get(_precision(v.get("time_precision")), 0) for v in (a, b))
    return gap <= allowance


def place_distance(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return None
    return km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])


def same_place(a: Mapping[str, Any], b: Mapping[str, Any], rules: MergeRules) -> bool:
    if a.get("country") != b.get("country"):
        return False
    distance = place_distance(a, b)
    if distance is None:  # without coordinates only the same name (or none at all) is the same place
        return a.get("location") == b.get("location")
    coarser = max(_precision(a.get("geo_precision")), _precision(b.get("geo_precision")))
    if coarser > 1 and a.get("admin1") and b.get("admin1"):
        # a district or province is the same place only within its own province, however near
        # the other province's centroid or town lies
        return a["admin1"] == b["admin1"] and (coarser == 3 or distance <= rules.distance_km[coarser])
    return distance <= rules.distance_km[coarser]


def named_actors(values: Mapping[str, Any], rules: MergeRules) -> set[str]:
    """Every actor a report names (main and associated), wildcards ("Unidentified ...") left out."""
    names = [values.get("actor1"), values.get("actor2")]
    names += _split(values.get("assoc_actor_1")) + _split(values.get("assoc_actor_2"))
    return {n for n in names if n and not n.startswith(rules.wildcard_actor_prefixes)}


def actors_compatible(a: Mapping[str, Any], b: Mapping[str, Any], rules: MergeRules) -> bool:
    """One report's actors all appear in the other's (in either order): a report naming only the
    victims, or an unidentified attacker, fits a fuller one; two different groups do not."""
    na, nb = named_actors(a, rules), named_actors(b, rules)
    return na <= nb or nb <= na


def specific_actors(values: Mapping[str, Any], rules: MergeRules) -> set[str]:
    """The parties a report names: no wildcards, no categories of people ("Civilians (Syria)")."""
    return {n for n in named_actors(values, rules) if not n.startswith(rules.generic_actor_prefixes)}


def attributions_agree(a: Mapping[str, Any], b: Mapping[str, Any], rules: MergeRules) -> bool:
    """Two reports that share no party (one or both name nobody in particular) are one event only
    when they tell the same sub-event type at a precise place: an unattributed "shelling" fits
    anything of its family nearby that day, and a country-wide death toll fits every battle."""
    if specific_actors(a, rules) & specific_actors(b, rules):
        return True
    precisions = [v.get("geo_precision") or 3 for v in (a, b)]
    return (a.get("sub_event_type") == b.get("sub_event_type")
            and max(precisions) <= rules.unattributed_max_geo_precision)


def shares_evidence(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """True when two codings of ONE article rest on overlapping text: the coder split that
    sentence into distinct events on purpose, so they never merge automatically."""
    spans_a = [(e["start"], e["end"]) for e in a.get("evidence") or ()]
    spans_b = [(e["start"], e["end"]) for e in b.get("evidence") or ()]
    return any(s1 < e2 and s2 < e1 for s1, e1 in spans_a for s2, e2 in spans_b)


def match_score(mention: Mapping[str, Any], event: Mapping[str, Any], rules: MergeRules) -> tuple:
    """Sort key (lower is better) among compatible events: the same sub-type first, then the
    nearest date, the nearest place and the most actors in common."""
    distance = place_distance(mention, event)
    return (
        mention.get("sub_event_type") != event.get("sub_event_type"),
        date_gap(mention, event) or 0,
        distance if distance is not None else 0.0,
        -len(named_actors(mention, rules) & named_actors(event, rules)),
    )


# ---------------------------------------------------------------- reconciled fields


def reconcile(mentions: Sequence[Mention], rules: MergeRules) -> dict[str, Any]:
    """The merged event's values from all its mentions (in stored order: first = oldest).

    Sub-type by majority (ties: the taxonomy's precedence); place and date from the most precise
    report; actors from the report naming the most of them (plus the associated actors the
    others add on the same side); fatalities by the rule in merge.yaml; the highest confidence.
    """
    if not mentions:
        raise ValueError("an event needs at least one mention")
    values = [m.values for m in mentions]
    out: dict[str, Any] = {k: values[0].get(k) for k in VALUE_FIELDS}
    sub = majority_sub_event_type(values, rules)
    out["sub_event_type"] = sub
    out["event_type"] = next(v["event_type"] for v in values if v.get("sub_event_type") == sub)
    out.update(_pick(most_precise_place(values), PLACE_FIELDS))
    out.update(_pick(most_precise_date(values), DATE_FIELDS))
    out.update(merged_actors(values, rules))
    out["fatalities"] = reconcile_fatalities([v.get("fatalities") for v in values], rules.fatalities)
    out["confidence"] = max(float(v.get("confidence") or 0.0) for v in values)
    out["notes"] = richest(values, rules).get("notes") or ""
    return out


def reconcile_self_claimed(mentions: Sequence[Mention]) -> bool:
    """Self-claimed only when every report is a party's own claim: one independent report
    corroborates it."""
    return bool(mentions) and all(m.self_claimed for m in mentions)


def reconcile_fatalities(figures: Sequence[int | None], rule: str = "lowest_reported") -> int:
    counted = [int(f) for f in figures if f is not None]
    if not counted:
        return 0
    if rule == "highest":
        return max(counted)
    if rule == "lowest":
        return min(counted)
    reported = [f for f in counted if f > 0]
    return min(reported) if reported else 0


def majority_sub_event_type(values: Sequence[Mapping[str, Any]], rules: MergeRules) -> str:
    votes = Counter(v["sub_event_type"] for v in values)
    top = max(votes.values())
    tied = [s for s, n in votes.items() if n == top]
    ranked = [s for s in tied if s in rules.precedence]
    if len(tied) == 1 or not ranked:
        return tied[0]
    return min(ranked, key=rules.precedence.index)


def most_precise_place(values: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The report with the finest geo_precision that has coordinates (ties: the most common
    place among them, then the oldest report)."""
    located = [v for v in values if v.get("latitude") is not None] or list(values)
    best = min(_precision(v.get("geo_precision")) for v in located)
    finest = [v for v in located if _precision(v.get("geo_precision")) == best]
    counts = Counter(v.get("location") for v in finest)
    return max(finest, key=lambda v: counts[v.get("location")])  # max keeps the first of a tie


def most_precise_date(values: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    dated = [v for v in values if v.get("event_date")] or list(values)
    best = min(_precision(v.get("time_precision")) for v in dated)
    finest = [v for v in dated if _precision(v.get("time_precision")) == best]
    counts = Counter(v.get("event_date") for v in finest)
    return max(finest, key=lambda v: counts[v.get("event_date")])


def richest(values: Sequence[Mapping[str, Any]], rules: MergeRules) -> Mapping[str, Any]:
    """The report naming the most actors (ties: the most confident, then the oldest)."""
    return max(values, key=lambda v: (len(named_actors(v, rules)), float(v.get("confidence") or 0)))


def merged_actors(values: Sequence[Mapping[str, Any]], rules: MergeRules) -> dict[str, Any]:
    """Actor fields of the richest report; associated actors of the others join the side whose
    main actor they share (a report may tell the sides in the other order)."""
    base = richest(values, rules)
    out = dict(_pick(base, ACTOR_FIELDS))
    sides = {1: _split(out["assoc_actor_1"]), 2: _split(out["assoc_actor_2"])}
    main = {1: out["actor1"], 2: out["actor2"]}
    for v in values:
        for side in (1, 2):
            own = v.get(f"actor{side}")
            target = next((k for k in (1, 2) if own and main[k] == own), None)
            if target is None:
                continue
            for name in _split(v.get(f"assoc_actor_{side}")):
                if name not in sides[target] and name not in main.values():
                    sides[target].append(name)
    out["assoc_actor_1"] = "; ".join(sides[1]) or None
    out["assoc_actor_2"] = "; ".join(sides[2]) or None
    return out


# ---------------------------------------------------------------- helpers


def _pick(values: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {k: values.get(k) for k in keys}


def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def _precision(value: Any) -> int:
    """ACLED precisions are 1-3; a missing one counts as the coarsest."""
    try:
        return min(3, max(1, int(value)))
    except (TypeError, ValueError):
        return 3


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
