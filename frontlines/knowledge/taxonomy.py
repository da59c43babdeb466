"""ACLED's event taxonomy as data (``data/taxonomy.yaml``), loaded and validated.

The taxonomy answers: which event_type a sub_event_type belongs to, which sub-type wins when
several tactics describe one incident (precedence), how inter codes combine into an
interaction code, and when an event is "Civilian targeting".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_TAXONOMY = DATA_DIR / "taxonomy.yaml"

CIVILIAN_TARGETING = "Civilian targeting"
CIVILIANS_INTER = 7


class TaxonomyError(ValueError):
    """The taxonomy file is inconsistent (unknown names, duplicates, gaps)."""


@dataclass(frozen=True)
class Taxonomy:
    event_types: dict[str, tuple[str, ...]]
    inter_codes: dict[int, str]
    kind_inter: dict[str, int]
    precedence: tuple[str, ...]
    civilian_targeting_types: frozenset[str] = field(default_factory=frozenset)

    # ---- lookups

    @property
    def sub_event_types(self) -> tuple[str, ...]:
        return tuple(s for subs in self.event_types.values() for s in subs)

    def event_type_of(self, sub_event_type: str) -> str:
        for event_type, subs in self.event_types.items():
            if sub_event_type in subs:
                return event_type
        raise KeyError(f"unknown sub_event_type: {sub_event_type!r}")

    def rank(self, sub_event_type: str) -> int:
        """Lower rank = higher precedence."""
        return self.precedence.index(sub_event_type)

    def strongest(self, sub_event_types: list[str] | tuple[str, ...]) -> str:
        """The sub-event type that wins when these tactics describe one incident."""
        return min(sub_event_types, key=self.rank)

    def inter_for_kind(self, kind: str | None) -> int | None:
        return self.kind_inter.get(kind or "")

    @staticmethod
    def interaction(inter1: int | None, inter2: int | None) -> int | None:
        """ACLED interaction: both inter codes, lower first (17, 12); a lone actor -> inter*10."""
        codes = sorted(c for c in (inter1, inter2) if c)
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0] * 10
        return codes[0] * 10 + codes[1]

    def civilian_targeting(self, sub_event_type: str, inter2: int | None) -> str | None:
        if inter2 == CIVILIANS_INTER and sub_event_type in self.civilian_targeting_types:
            return CIVILIAN_TARGETING
        return None


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    raw = yaml.safe_load(Path(path or DEFAULT_TAXONOMY).read_text(encoding="utf-8"))
    taxonomy = Taxonomy(
        event_types={str(k): tuple(v) for k, v in raw["event_types"].items()},
        inter_codes={int(k): str(v) for k, v in raw["inter_codes"].items()},
        kind_inter={str(k): int(v) for k, v in (raw.get("kind_inter") or {}).items()},
        precedence=tuple(raw["precedence"]),
        civilian_targeting_types=frozenset(raw.get("civilian_targeting_types") or ()),
    )
    validate_taxonomy(taxonomy)
    return taxonomy


def validate_taxonomy(t: Taxonomy) -> None:
    subs = t.sub_event_types
    dupes = {s for s in subs if subs.count(s) > 1}
    if dupes:
        raise TaxonomyError(f"sub_event_types listed twice: {sorted(dupes)}")
    if set(t.precedence) != set(subs) or len(t.precedence) != len(subs):
        missing = set(subs) - set(t.precedence)
        extra = set(t.precedence) - set(subs)
        raise TaxonomyError(f"precedence must rank every sub_event_type once (missing {sorted(missing)}, unknown {sorted(extra)})")
    unknown = t.civilian_targeting_types - set(subs)
    if unknown:
        raise TaxonomyError(f"civilian_targeting_types not in taxonomy: {sorted(unknown)}")
    if sorted(t.inter_codes) != list(range(1, 9)):
        raise TaxonomyError("inter_codes must be exactly 1..8")
    bad = {k: v for k, v in t.kind_inter.items() if v not in t.inter_codes}
    if bad:
        raise TaxonomyError(f"kind_inter maps to unknown inter codes: {bad}")


__all__ = ["Taxonomy", "TaxonomyError", "load_taxonomy", "validate_taxonomy", "CIVILIAN_TARGETING"]
