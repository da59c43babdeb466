"""Territory cues as data (``data/territory_cues.yaml``): which words say that a territory
event's actor left a place rather than took it. The derive stage reads them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_TERRITORY_CUES = Path(__file__).parent / "data" / "territory_cues.yaml"


class TerritoryCuesError(ValueError):
    """The cue file is missing a list or holds something other than phrases."""


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # longest first so that "pulled out" is tried before a shorter phrase sharing its start
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class TerritoryCues:
    withdrawal: tuple[str, ...]
    taking: tuple[str, ...]
    place_references: tuple[str, ...] = ()
    _withdrawal_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _taking_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _reference_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_withdrawal_re", _phrase_pattern(self.withdrawal))
        object.__setattr__(self, "_taking_re", _phrase_pattern(self.taking))
        object.__setattr__(self, "_reference_re",
                           _phrase_pattern(self.place_references) if self.place_references else None)

    def refers_to_a_place(self, text: str) -> bool:
        """True when ``text`` points back at a place named before ("the town", "the suburb")."""
        return self._reference_re is not None and bool(self._reference_re.search(text))

    def says_withdrawal(self, text: str) -> bool:
        """True when ``text`` tells of leaving a place and not of taking one."""
        return bool(self._withdrawal_re.search(text)) and not self._taking_re.search(text)


def load_territory_cues(path: str | Path | None = None) -> TerritoryCues:
    raw = yaml.safe_load(Path(path or DEFAULT_TERRITORY_CUES).read_text(encoding="utf-8")) or {}
    return TerritoryCues(
        withdrawal=_phrases(raw, "withdrawal"), taking=_phrases(raw, "taking"),
        place_references=_phrases(raw, "place_references"),
    )


def _phrases(raw: dict[str, object], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise TerritoryCuesError(f"territory cues: {key!r} must be a non-empty list of phrases")
    if not all(isinstance(p, str) and p.strip() for p in value):
        raise TerritoryCuesError(f"territory cues: {key!r} holds an empty or non-text phrase")
    return tuple(p.strip() for p in value)
