"""Analyst corrections: validating them and applying them on top of coded event values.

A correction is a row of the ``corrections`` table (``CorrectionRow``) kept with who, when and
why. Event corrections (target "event") are applied whenever the store writes an event's
values, so a re-code recomputes the coded values and then lays the analyst's on top again:

- action "set": ``field`` := ``value`` (active corrections in time order, the last one wins);
- action "false" / "restore": the event's ``status`` becomes "false" / "active";
- "merge" / "split" move mentions between events and change no field here.

Actor alias fixes (target "actor", action "alias") and place fixes (target "place", action
"place") are not applied to events: ``coding_overrides`` turns them into the
``CodingOverrides`` the coder takes, so that later coding reads those names the analyst's way.

Everything here is a pure function of its arguments (the store does the reading and writing).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from frontlines.knowledge.taxonomy import Taxonomy, load_taxonomy
from frontlines.records import AliasFix, CodingOverrides, PlaceFix

ACTIVE = "active"
FALSE = "false"

# Event fields an analyst may set, by the kind of value each takes.
FIELD_KINDS: dict[str, str] = {
    "event_date": "date", "time_precision": "precision", "event_type": "event_type",
    "sub_event_type": "sub_event_type", "actor1": "required_text", "assoc_actor_1": "text",
    "inter1": "inter", "actor2": "text", "assoc_actor_2": "text", "inter2": "inter",
    "interaction": "interaction", "civilian_targeting": "civilian_targeting", "country": "text",
    "admin1": "text", "admin2": "text", "location": "text", "latitude": "latitude",
    "longitude": "longitude", "geo_precision": "precision", "fatalities": "count",
    "notes": "notes", "confidence": "confidence",
}
EVENT_ACTIONS = frozenset({"set", FALSE, "restore", "merge", "split"})
_EMPTY = ("", "none", "null")


class CorrectionError(ValueError):
    """A correction that cannot be kept: unknown field, bad value, unknown event or actor.
    Nothing is stored when it is raised; the message says what to fix."""


class CorrectionLike(Protocol):
    """What ``apply_corrections`` reads: a ``CorrectionRow`` or a ``Correction`` record."""

    id: int | None
    target: str
    target_id: str
    action: str
    field: str | None
    value: Any
    at: datetime
    active: bool


@dataclass
class Correction:
    """One analyst correction as the API returns it (a ``CorrectionRow`` without the ORM)."""

    id: int
    target: str  # event | actor | place
    target_id: str  # event id, canonical actor name, or the place name as written
    action: str  # set | false | restore | merge | split | alias | place
    field: str | None
    value: Any
    author: str
    reason: str
    at: datetime
    active: bool = True

    def describe(self) -> str:
        """One line for listings: what was changed, on what."""
        if self.action == "set":
            return f"{self.target_id}: {self.field} := {self.value!r}"
        if self.action == "alias":
            return f"{(self.value or {}).get('alias')!r} names {self.target_id!r}"
        if self.action == "place":
            v = self.value or {}
            return f"{self.target_id!r} is at {v.get('latitude')}, {v.get('longitude')}"
        if self.action == "withdraw":
            return f"withdraws correction {self.target_id}"
        return f"{self.target_id}: {self.action} {self.value if self.value is not None else ''}".rstrip()


# ---------------------------------------------------------------- validation


def parse_field_value(field: str, value: Any, current: Mapping[str, Any] | None = None,
                      taxonomy: Taxonomy | None = None) -> Any:
    """The value to store for an analyst's ``field`` := ``value`` (JSON-able: dates as
    YYYY-MM-DD), or ``CorrectionError``. ``current``: the event's values now (a sub-event type
    is checked against the taxonomy, an event type against the current sub-event type)."""
    kind = FIELD_KINDS.get(field)
    if kind is None:
        raise CorrectionError(f"{field!r} is not an event field; correctable: {', '.join(FIELD_KINDS)}")
    text = value.strip() if isinstance(value, str) else value
    empty = text is None or (isinstance(text, str) and text.lower() in _EMPTY)
    if kind in ("text", "inter", "interaction", "civilian_targeting") and empty:
        return None  # "no actor2", "no inter2": a field ACLED leaves blank
    if empty and kind != "notes":
        raise CorrectionError(f"{field} cannot be empty")
    parse = _PARSERS[kind]
    return parse(field, "" if empty else text, current or {}, taxonomy)


def _parse_date(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise CorrectionError(f"{field} must be a date YYYY-MM-DD, not {value!r}") from None


def _int_in(field: str, value: Any, low: int, high: int, what: str) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise CorrectionError(f"{field} must be {what}, not {value!r}") from None
    if not low <= number <= high:
        raise CorrectionError(f"{field} must be {what}, not {number}")
    return number


def _float_in(field: str, value: Any, low: float, high: float) -> float:
    try:
        number = float(str(value))
    except ValueError:
        raise CorrectionError(f"{field} must be a number between {low} and {high}, not {value!r}") from None
    if math.isnan(number) or not low <= number <= high:
        raise CorrectionError(f"{field} must be a number between {low} and {high}, not {value!r}")
    return number


def _parse_precision(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> int:
    return _int_in(field, value, 1, 3, "an ACLED precision code 1-3")


def _parse_inter(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> int:
    return _int_in(field, value, 1, 8, "an ACLED inter code 1-8")


def _parse_interaction(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> int:
    number = _int_in(field, value, 10, 88, "an ACLED interaction code (10-88)")
    first, second = divmod(number, 10)
    if not 1 <= first <= 8 or second > 8 or (second and second < first):
        raise CorrectionError(f"{field} {number} is not an ACLED interaction code (inter codes, lower first)")
    return number


def _parse_count(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> int:
    return _int_in(field, value, 0, 10**7, "a whole number of deaths (0 or more)")


def _parse_latitude(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> float:
    return _float_in(field, value, -90.0, 90.0)


def _parse_longitude(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> float:
    return _float_in(field, value, -180.0, 180.0)


def _parse_confidence(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> float:
    return _float_in(field, value, 0.0, 1.0)


def _parse_text(field: str, value: Any, _cur: Mapping[str, Any], _t: Taxonomy | None) -> str:
    if not isinstance(value, str):
        raise CorrectionError(f"{field} must be text, not {value!r}")
    return value


def _parse_civilian_targeting(field: str, value: Any, _cur: Mapping[str, Any], t: Taxonomy | None) -> str:
    from frontlines.knowledge.taxonomy import CIVILIAN_TARGETING

    if value != CIVILIAN_TARGETING:
        raise CorrectionError(f"{field} is {CIVILIAN_TARGETING!r} or empty, not {value!r}")
    return value


def _parse_sub_event_type(field: str, value: Any, _cur: Mapping[str, Any], t: Taxonomy | None) -> str:
    taxonomy = t or load_taxonomy()
    if value not in taxonomy.sub_event_types:
        raise CorrectionError(f"{value!r} is not an ACLED sub-event type; one of: "
                              f"{', '.join(taxonomy.sub_event_types)}")
    return value


def _parse_event_type(field: str, value: Any, cur: Mapping[str, Any], t: Taxonomy | None) -> str:
    """The event type follows the sub-event type (ACLED's pairs), so it is never set alone."""
    taxonomy = t or load_taxonomy()
    if value not in taxonomy.event_types:
        raise CorrectionError(f"{value!r} is not an ACLED event type; one of: {', '.join(taxonomy.event_types)}")
    sub = cur.get("sub_event_type")
    if sub is not None and sub in taxonomy.event_types[value]:
        return value
    raise CorrectionError(
        f"event_type {value!r} does not go with sub_event_type {sub!r}: set sub_event_type instead "
        f"(one of {', '.join(taxonomy.event_types[value])}); event_type follows it")


_PARSERS = {
    "date": _parse_date, "precision": _parse_precision, "inter": _parse_inter,
    "interaction": _parse_interaction, "count": _parse_count, "latitude": _parse_latitude,
    "longitude": _parse_longitude, "confidence": _parse_confidence, "text": _parse_text,
    "required_text": _parse_text, "notes": _parse_text, "event_type": _parse_event_type,
    "sub_event_type": _parse_sub_event_type, "civilian_targeting": _parse_civilian_targeting,
}


def check_actor_alias(alias: str, actor: str) -> tuple[str, str]:
    """Trimmed (alias, canonical actor); ``CorrectionError`` when either is empty or they are
    the same words (an alias of itself would change nothing)."""
    alias, actor = alias.strip(), actor.strip()
    if not alias or not actor:
        raise CorrectionError("an alias fix needs the alias and the canonical actor name")
    if alias == actor:
        raise CorrectionError(f"{alias!r} is already the actor's own name")
    return alias, actor


def place_value(name: str, latitude: Any, longitude: Any, country: str | None = None,
                admin1: str | None = None, precision: Any = 1) -> tuple[str, dict[str, Any]]:
    """(name, stored value) of a place fix: the surface name and where it is; checked."""
    name = name.strip()
    if not name:
        raise CorrectionError("a place fix needs the place's name as the text writes it")
    value = {
        "latitude": _parse_latitude("latitude", latitude, {}, None),
        "longitude": _parse_longitude("longitude", longitude, {}, None),
        "country": (country or "").strip() or None, "admin1": (admin1 or "").strip() or None,
        "geo_precision": _parse_precision("precision", precision, {}, None),
    }
    return name, value


# ---------------------------------------------------------------- applying


def in_order(corrections: Iterable[CorrectionLike]) -> list[CorrectionLike]:
    """Active corrections, oldest first (ties by id: the order they were made)."""
    return sorted((c for c in corrections if c.active), key=lambda c: (_naive(c.at), c.id or 0))


def apply_corrections(values: Mapping[str, Any], corrections: Iterable[CorrectionLike],
                      taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """``values`` (an event's coded or reconciled fields) with its active event corrections
    laid on top in time order, the last one winning; ``status`` is "false" after a "false"
    correction not followed by a "restore", else "active".

    A corrected sub-event type brings its event type; corrected inter codes bring the
    interaction (unless it was corrected itself); either brings civilian targeting. A value
    keeps the type of the field it replaces (``event_date`` stays a ``date`` if it was one).
    """
    out = dict(values)
    out["status"] = ACTIVE
    corrected: set[str] = set()
    for c in in_order(corrections):
        if c.target != "event":
            continue
        if c.action == FALSE:
            out["status"] = FALSE
        elif c.action == "restore":
            out["status"] = ACTIVE
        elif c.action == "set" and c.field in FIELD_KINDS:
            out[c.field] = _typed_like(values.get(c.field), c.field, c.value)
            corrected.add(c.field)
    return _derive(out, corrected, taxonomy)


def _typed_like(old: Any, field: str, value: Any) -> Any:
    if field == "event_date" and isinstance(old, date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _derive(values: dict[str, Any], corrected: set[str], taxonomy: Taxonomy | None) -> dict[str, Any]:
    """Fields that follow the corrected ones by ACLED's rules."""
    if not corrected & {"sub_event_type", "inter1", "inter2"}:
        return values
    t = taxonomy or load_taxonomy()
    sub = values.get("sub_event_type")
    if "sub_event_type" in corrected and sub in t.sub_event_types:
        values["event_type"] = t.event_type_of(sub)
    if corrected & {"inter1", "inter2"} and "interaction" not in corrected:
        values["interaction"] = t.interaction(values.get("inter1"), values.get("inter2"))
    if "civilian_targeting" not in corrected and sub in t.sub_event_types:
        values["civilian_targeting"] = t.civilian_targeting(sub, values.get("inter2"))
    return values


def _naive(at: datetime) -> datetime:
    """SQLite returns times without their zone; everything is stored in UTC."""
    return at.replace(tzinfo=None) if at.tzinfo is not None else at


# ---------------------------------------------------------------- coding overrides


def coding_overrides(corrections: Iterable[CorrectionLike | Correction]) -> CodingOverrides:
    """The active alias and place fixes as the coder takes them; a later fix of the same alias
    or place name replaces an earlier one."""
    aliases: dict[str, AliasFix] = {}
    places: dict[str, PlaceFix] = {}
    for c in in_order(corrections):
        value = c.value or {}
        if c.target == "actor" and c.action == "alias":
            fix = AliasFix(alias=value["alias"], actor=c.target_id, inter=value.get("inter"),
                           kind=value.get("kind"))
            aliases[fix.alias.casefold()] = fix
        elif c.target == "place" and c.action == "place":
            fix = PlaceFix(name=c.target_id, latitude=value["latitude"], longitude=value["longitude"],
                           country=value.get("country"), admin1=value.get("admin1"),
                           geo_precision=value.get("geo_precision") or 1)
            places[fix.name.casefold()] = fix
    return CodingOverrides(aliases=list(aliases.values()), places=list(places.values()))


__all__ = [
    "FIELD_KINDS",
    "Correction",
    "CorrectionError",
    "apply_corrections",
    "check_actor_alias",
    "coding_overrides",
    "in_order",
    "parse_field_value",
    "place_value",
]
