"""The actor dictionary: ACLED-named actors, their aliases, and per-country state forces.

Everything here is data loaded from YAML under ``knowledge/data``:

- ``actors*.yaml``  named actors (one entry each: name, inter, country, kind, aliases, ...)
- ``countries.yaml`` one row per country: ACLED spelling, ISO2, demonyms, state-force periods
- ``actors_terms.yaml`` English words for forces and generic groups, and the generic
  categories ("Protesters ({country})", ...) with their inter codes

``load_actor_dictionary()`` validates the data and fails with a message that names the file
and the entry, so an analyst editing the YAML sees what to fix.
"""
from __future__ import annotations

from functools import lru_cache
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from frontlines.records import Actor, AliasFix

DATA_DIR = Path(__file__).parent / "data"

KINDS = frozenset({
    "state", "rebel", "political_militia", "identity_militia", "rioters", "protesters",
    "civilians", "external", "unidentified", "political", "associated",
})
ACTOR_KEYS = frozenset({
    "name", "inter", "country", "operates_in", "kind", "aliases", "affiliations",
    "valid_from", "valid_to", "note", "local_name",
})
COUNTRY_KEYS = frozenset({
    "name", "iso2", "demonyms", "the", "since", "periods", "police_periods",
    "military_aliases", "police_aliases", "generic", "note", "aliases",
})
PERIOD_KEYS = frozenset({"label", "from", "to"})
FORCE_KINDS = ("military", "police")


class ActorDataError(ValueError):
    """The actor data files are malformed; the message says where and why."""


# ---------------------------------------------------------------- normalisation

_APOSTROPHES = "\u2019\u2018`\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
# Tokens that reporting adds or drops freely: "the Islamic Front", "Al-Nusra" / "Nusra".
_DROPPABLE = frozenset({"al", "el", "the"})


def strip_diacritics(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)  # a pure function of the string, called for every token of every sentence
def norm_tokens(text: str) -> tuple[str, ...]:
    """Lower-case word tokens with diacritics, hyphens, apostrophes, "al-"/"the" removed.

    "Jabhat Al-Nusra" and "jabhat al nusra" and "Jabhat Nusra" all give ("jabhat", "nusra").
    """
    t = strip_diacritics(text)
    for ch in _APOSTROPHES:
        t = t.replace(ch, "'")
    for ch in _DASHES:
        t = t.replace(ch, "-")
    t = t.lower()
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[^\w]+", " ", t)
    return tuple(w for w in t.split() if w and w not in _DROPPABLE)


def norm_key(text: str) -> str:
    return " ".join(norm_tokens(text))


def is_acronym(alias: str) -> bool:
    """ALL-CAPS short aliases ("IS", "SDF", "PDF") only match when written in capitals."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6 and " " not in alias.strip()


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Period:
    """A span of time with the ACLED range label that holds in it, e.g. "(2014-2021)"."""

    label: str  # "2014-2021" (no parentheses)
    start: date | None = None
    end: date | None = None  # exclusive

    def covers(self, when: date | None) -> bool:
        if when is None:
            return True
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Country:
    name: str  # ACLED spelling
    iso2: str | None
    demonyms: tuple[str, ...] = ()
    the: bool = False  # "Military Forces of the United States"
    periods: tuple[Period, ...] = ()  # military (and police unless police_periods)
    police_periods: tuple[Period, ...] = ()
    military_aliases: tuple[str, ...] = ()
    police_aliases: tuple[str, ...] = ()
    generic_overrides: tuple[tuple[str, str, date | None, date | None], ...] = ()  # (category, name, from, to)
    aliases: tuple[str, ...] = ()  # other names of the country ("Burma", "DRC")

    @property
    def of_name(self) -> str:
        return f"the {self.name}" if self.the else self.name


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary entry: the canonical actor plus where and when its aliases apply."""

    actor: Actor
    scope: frozenset[str]  # countries where the aliases resolve first; empty = anywhere
    valid_from: date | None = None
    valid_to: date | None = None  # exclusive
    source: str = ""
    local_name: str = ""  # pattern for a local unit named after its place: "People's Defense Force - {place}"

    def valid(self, when: date | None) -> bool:
        return Period("", self.valid_from, self.valid_to).covers(when)


@dataclass(frozen=True)
class GenericCategory:
    """A per-country category such as "Protesters ({country})"."""

    category: str
    pattern: str
    inter: int | None
    kind: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Terms:
    """English words the tagger needs: force nouns by kind, qualifiers, member nouns."""

    force_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    state_qualifiers: tuple[str, ...] = ()
    nonstate_qualifiers: tuple[str, ...] = ()
    member_nouns: tuple[str, ...] = ()
    unknown_group_heads: dict[str, int] = field(default_factory=dict)
    protest_verbs: tuple[str, ...] = ()
    mob_terms: tuple[str, ...] = ()
    not_actors: tuple[str, ...] = ()  # sources / institutions: claimed, never emitted
    qualified_only: tuple[str, ...] = ()  # force nouns that need a qualifier ("Russian jets")
    protest_lemmas: tuple[str, ...] = ()  # verbs whose subject protests
    protest_nouns: tuple[str, ...] = ()  # objects that make the verb's subject protest ("held a sit-in")
    riot_lemmas: tuple[str, ...] = ()  # violent verbs that make a crowd of civilians rioters
    force_units: dict[str, str] = field(default_factory=dict)  # "air force" -> "Air Force"
    identity_militia_heads: dict[str, str] = field(default_factory=dict)  # "clan militia" -> name pattern
    counter_protest_cues: tuple[str, ...] = ()  # "counter-demonstration": the other side are protesters too
    gang_countries: tuple[str, ...] = ()  # where ACLED names unidentified armed men "Unidentified Gang"
    gang_cues: tuple[str, ...] = ()  # ... when the report hints at gangs ("drive-by", "cartel")
    police_cues: tuple[str, ...] = ()  # police named in a violent demonstration -> actor2
    ethnic_groups: tuple[str, ...] = ()  # peoples whose militias are "X Ethnic Militia", never communal
    militia_adjectives: tuple[str, ...] = ()  # "Islamist militia" -> "Islamist Militia (Mozambique)"
    air_force_theatres: dict[str, tuple[str, ...]] = field(default_factory=dict)  # state -> where its air strikes are its Air Force's


# ---------------------------------------------------------------- the dictionary


@dataclass
class ActorDictionary:
    entries: list[ActorEntry]
    country_table: dict[str, Country]
    categories: dict[str, GenericCategory]
    terms: Terms
    _by_alias: dict[str, list[ActorEntry]] = field(default_factory=dict, repr=False)
    _by_demonym: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            for alias in (e.actor.name, *e.actor.aliases):
                key = norm_key(alias)
                if key:
                    bucket = self._by_alias.setdefault(key, [])
                    if e not in bucket:
                        bucket.append(e)
        for c in self.country_table.values():
            for word in (*c.demonyms, c.name, *c.aliases):
                self._by_demonym.setdefault(norm_key(word), c.name)

    def with_aliases(self, fixes: Iterable[AliasFix]) -> ActorDictionary:
        """A new dictionary in which each analyst fix's alias names its actor, and only that
        actor (the analyst's reading beats the data's); this dictionary is left unchanged. A
        fix naming an actor the dictionary lacks adds it, with the fix's inter and kind."""
        fixes = list(fixes)
        if not fixes:
            return self
        entries = list(self.entries)
        owners: dict[str, str] = {}  # alias key -> canonical name (year ranges stripped)
        for fix in fixes:
            key, owner = norm_key(fix.alias), _strip_ranges(fix.actor)
            if not key:
                raise ActorDataError(f"alias fix {fix.alias!r}: nothing left once normalised")
            hits = [i for i, e in enumerate(entries) if _strip_ranges(e.actor.name) == owner]
            for i in hits:
                e = entries[i]
                entries[i] = replace(e, actor=replace(e.actor, aliases=(*e.actor.aliases, fix.alias)))
            if not hits:
                entries.append(_analyst_entry(fix))
            owners[key] = owner
        out = ActorDictionary(entries=entries, country_table=self.country_table,
                              categories=self.categories, terms=self.terms)
        for key, owner in owners.items():
            out._by_alias[key] = [e for e in out._by_alias[key] if _strip_ranges(e.actor.name) == owner]
        return out

    # ---- look-ups

    def lookup(self, alias: str, country: str | None = None, when: date | None = None) -> Actor | None:
        """The actor an alias names in a country at a date, or None.

        Preference: entries valid at ``when`` over those that are not; entries scoped to
        ``country`` over global ones over those of other countries.
        """
        candidates = self._by_alias.get(norm_key(alias), [])
        best = self.best_entry(candidates, country, when)
        return self.materialise(best, when) if best else None

    def materialise(self, entry: ActorEntry, when: date | None) -> Actor:
        """The entry's actor with "{range}" in its name filled for the date."""
        a = entry.actor
        if "{range}" not in a.name:
            return a
        c = self.country_table.get(a.country or "")
        label = _period_label(c.periods, when) if c else ""
        return replace(a, name=a.name.replace("{range}", label) if label else a.name.replace(" ({range})", ""))

    def affiliations_of(self, name: str) -> tuple[str, ...]:
        """Parent groups (member_of / branch of) of a canonical actor name, "()" if unknown.
        Year ranges are ignored: "Military Forces of Iraq (2020-) Popular Mobilization Forces"."""
        key = _strip_ranges(name)
        out: list[str] = []
        for e in self.entries:
            if _strip_ranges(e.actor.name) == key:
                out += [a for a in e.actor.affiliations if a not in out]
        return tuple(out)

    def local_name(self, name: str, place: str) -> str | None:
        """The ACLED name of a local unit of a named actor ("Myaing PDF" -> "People's Defense
        Force - Myaing"), or None when the actor has no local units."""
        pattern = next((e.local_name for e in self.entries if e.actor.name == name and e.local_name), "")
        return pattern.format(place=place) if pattern else None

    def entries_for(self, alias_key: str) -> list[ActorEntry]:
        return self._by_alias.get(alias_key, [])

    def alias_keys(self) -> Iterable[tuple[str, list[ActorEntry]]]:
        return self._by_alias.items()

    def best_entry(self, candidates: list[ActorEntry], country: str | None, when: date | None) -> ActorEntry | None:
        """The entry an alias should resolve to (see ``lookup``); None if there are none."""
        if not candidates:
            return None

        def rank(e: ActorEntry) -> tuple[int, int]:
            if country and country in e.scope:
                place = 0
            elif not e.scope:
                place = 1
            else:
                place = 2
            return (0 if e.valid(when) else 1, place)

        ranked = sorted(enumerate(candidates), key=lambda ie: (*rank(ie[1]), ie[0]))
        return ranked[0][1]

    def state_forces(self, country: str, kind: str = "military", when: date | None = None) -> Actor:
        """"Military Forces of Syria (2000-)" / "Police Forces of ..." for a date."""
        if kind not in FORCE_KINDS:
            raise ValueError(f"state force kind must be one of {FORCE_KINDS}, not {kind!r}")
        c = self.country(country)
        periods = (c.police_periods or c.periods) if kind == "police" else c.periods
        label = _period_label(periods, when)
        word = "Military" if kind == "military" else "Police"
        name = f"{word} Forces of {c.of_name}" + (f" ({label})" if label else "")
        aliases = c.military_aliases if kind == "military" else c.police_aliases
        return Actor(name=name, inter=1, country=c.name, kind="state", aliases=aliases)

    def government(self, country: str, when: date | None = None) -> Actor:
        c = self.country(country)
        label = _period_label(c.periods, when)
        return Actor(name=f"Government of {c.of_name}" + (f" ({label})" if label else ""), inter=1,
                     country=c.name, kind="state")

    def generic(self, category: str, country: str | None, when: date | None = None) -> Actor:
        """A per-country category actor, e.g. ``generic("Protesters", "Iraq")`` ->
        "Protesters (Iraq)". Country-specific overrides in countries.yaml win (Syria's generic
        rebels are "Opposition Rebels (Syria)" in some periods)."""
        cat = self.categories.get(category)
        if cat is None:
            raise KeyError(f"unknown generic category {category!r}; known: {sorted(self.categories)}")
        cname = self.country(country).name if country and country in self.country_table else country
        if cname:
            for ov_cat, ov_name, start, end in self.country_table[cname].generic_overrides if cname in self.country_table else ():
                if ov_cat == category and Period("", start, end).covers(when):
                    known = self.lookup(ov_name, cname, when)
                    if known is not None and known.name == ov_name:
                        return known
                    return Actor(name=ov_name, inter=cat.inter, country=cname, kind=cat.kind)
        name = cat.pattern.format(country=cname or "International")
        return Actor(name=name, inter=cat.inter, country=cname, kind=cat.kind)

    def is_generic(self, name: str) -> bool:
        """True for a category actor ("Opposition Rebels (Syria)", "Civilians (Mali)"), which a
        named group on the same side should displace as the main actor."""
        if any(name == ov_name for c in self.country_table.values() for _, ov_name, _, _ in c.generic_overrides):
            return True
        return any(name.startswith(cat.pattern.split("{country}")[0]) and name.endswith(")")
                   for cat in self.categories.values())

    def demonym_country(self, word: str) -> str | None:
        """"Syrian" -> "Syria"; also country names and their aliases; else None."""
        return self._by_demonym.get(norm_key(word))

    def country(self, name: str) -> Country:
        c = self.country_table.get(name) or self.country_table.get(self._by_demonym.get(norm_key(name), ""))
        if c is None:
            raise KeyError(f"unknown country {name!r}")
        return c

    def countries(self) -> list[str]:
        return list(self.country_table)


_RANGE = re.compile(r"\s*\((?:\{range\}|\d{4}-(?:\d{4})?)\)")


def _strip_ranges(name: str) -> str:
    """"Military Forces of Syria (2000-)" -> "Military Forces of Syria"."""
    return _RANGE.sub("", name).strip()


def _period_label(periods: tuple[Period, ...], when: date | None) -> str:
    if not periods:
        return ""
    if when is None:
        return periods[-1].label  # the current one
    for p in periods:
        if p.covers(when):
            return p.label
    # Before the first period: the earliest label is the best guess.
    return periods[0].label


# ---------------------------------------------------------------- loading


def load_actor_dictionary(paths: Iterable[Path | str] | None = None) -> ActorDictionary:
    """Load and validate the actor data. ``paths``: YAML files or folders; default: the
    packaged ``knowledge/data`` (``countries.yaml``, ``actors_terms.yaml``, ``actors*.yaml``).
    A file is recognised by its top-level key: ``countries``, ``terms``/``categories``, ``actors``."""
    files = _data_files(paths)
    countries: dict[str, Country] = {}
    categories: dict[str, GenericCategory] = {}
    terms = Terms()
    raw_actors: list[tuple[str, dict[str, Any]]] = []
    for f in files:
        doc = _read_yaml(f)
        unknown = set(doc) - {"countries", "actors", "terms", "categories"}
        if unknown:
            raise ActorDataError(f"{f}: unknown top-level keys {sorted(unknown)}")
        for row in doc.get("countries") or []:
            c = _parse_country(row, f)
            if c.name in countries:
                raise ActorDataError(f"{f}: country {c.name!r} listed twice")
            countries[c.name] = c
        for row in doc.get("categories") or []:
            cat = _parse_category(row, f)
            categories[cat.category] = cat
        if doc.get("terms"):
            terms = _parse_terms(doc["terms"], f)
        for row in doc.get("actors") or []:
            raw_actors.append((str(f), row))
    entries = [_parse_actor(row, src, countries) for src, row in raw_actors]
    _check_duplicate_names(entries)
    entries += _state_force_entries(countries.values())
    _check_alias_conflicts(entries)
    return ActorDictionary(entries=entries, country_table=countries, categories=categories, terms=terms)


def _data_files(paths: Iterable[Path | str] | None) -> list[Path]:
    if paths is None:
        paths = [DATA_DIR]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("countries*.yaml")) + sorted(p.glob("actors*.yaml"))
        elif p.exists():
            out.append(p)
        else:
            raise ActorDataError(f"{p}: no such actor data file")
    return out


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ActorDataError(f"{path}: not valid YAML: {exc}") from exc
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise ActorDataError(f"{path}: expected a mapping at top level, got {type(doc).__name__}")
    return doc


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, int):  # a bare year
        return date(value, 1, 1)
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ActorDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ActorDataError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _parse_periods(rows: Any, where: str) -> tuple[Period, ...]:
    if rows is None:
        return ()
    if not isinstance(rows, list):
        raise ActorDataError(f"{where}: periods must be a list")
    out = []
    for r in rows:
        if not isinstance(r, dict) or "label" not in r:
            raise ActorDataError(f"{where}: each period needs a label, got {r!r}")
        bad = set(r) - PERIOD_KEYS
        if bad:
            raise ActorDataError(f"{where}: unknown period keys {sorted(bad)}")
        out.append(Period(str(r["label"]), _as_date(r.get("from"), where), _as_date(r.get("to"), where)))
    return tuple(out)


def _parse_country(row: Any, f: Path) -> Country:
    if not isinstance(row, dict) or "name" not in row:
        raise ActorDataError(f"{f}: country rows need a name, got {row!r}")
    where = f"{f}: country {row['name']!r}"
    bad = set(row) - COUNTRY_KEYS
    if bad:
        raise ActorDataError(f"{where}: unknown keys {sorted(bad)} (allowed: {sorted(COUNTRY_KEYS)})")
    periods = _parse_periods(row.get("periods"), where)
    if not periods and row.get("since") is not None:
        periods = (Period(f"{row['since']}-"),)
    overrides = []
    for g in row.get("generic") or []:
        if not isinstance(g, dict) or not {"category", "name"} <= set(g):
            raise ActorDataError(f"{where}: generic overrides need category and name, got {g!r}")
        overrides.append((str(g["category"]), str(g["name"]), _as_date(g.get("from"), where), _as_date(g.get("to"), where)))
    return Country(
        name=str(row["name"]),
        iso2=row.get("iso2"),
        demonyms=_str_list(row.get("demonyms"), where),
        the=bool(row.get("the", False)),
        periods=periods,
        police_periods=_parse_periods(row.get("police_periods"), where),
        military_aliases=_str_list(row.get("military_aliases"), where),
        police_aliases=_str_list(row.get("police_aliases"), where),
        generic_overrides=tuple(overrides),
        aliases=_str_list(row.get("aliases"), where),
    )


def _parse_category(row: Any, f: Path) -> GenericCategory:
    if not isinstance(row, dict) or not {"category", "pattern", "kind"} <= set(row):
        raise ActorDataError(f"{f}: categories need category, pattern, kind: {row!r}")
    where = f"{f}: category {row['category']!r}"
    bad = set(row) - {"category", "pattern", "inter", "kind", "terms"}
    if bad:
        raise ActorDataError(f"{where}: unknown keys {sorted(bad)}")
    inter = _check_inter(row.get("inter"), where, row["kind"])
    if "{country}" not in row["pattern"]:
        raise ActorDataError(f"{where}: pattern must contain {{country}}")
    return GenericCategory(str(row["category"]), str(row["pattern"]), inter, str(row["kind"]),
                           _str_list(row.get("terms"), where))


def _parse_terms(doc: Any, f: Path) -> Terms:
    where = f"{f}: terms"
    if not isinstance(doc, dict):
        raise ActorDataError(f"{where}: must be a mapping")
    allowed = {"force_nouns", "state_qualifiers", "nonstate_qualifiers", "member_nouns",
               "unknown_group_heads", "protest_verbs", "mob_terms", "not_actors", "qualified_only",
               "protest_lemmas", "protest_nouns", "riot_lemmas", "force_units", "identity_militia_heads",
               "counter_protest_cues", "gang_countries", "gang_cues", "police_cues", "ethnic_groups", "militia_adjectives",
               "air_force_theatres"}
    bad = set(doc) - allowed
    if bad:
        raise ActorDataError(f"{where}: unknown keys {sorted(bad)}")
    forces = {k: _str_list(v, f"{where}.force_nouns.{k}") for k, v in (doc.get("force_nouns") or {}).items()}
    if set(forces) - set(FORCE_KINDS):
        raise ActorDataError(f"{where}.force_nouns: kinds must be {FORCE_KINDS}")
    heads = {}
    for k, v in (doc.get("unknown_group_heads") or {}).items():
        heads[str(k).lower()] = _check_inter(v, f"{where}.unknown_group_heads.{k}", "rebel")
    return Terms(
        force_nouns=forces,
        state_qualifiers=_str_list(doc.get("state_qualifiers"), where),
        nonstate_qualifiers=_str_list(doc.get("nonstate_qualifiers"), where),
        member_nouns=_str_list(doc.get("member_nouns"), where),
        unknown_group_heads=heads,
        protest_verbs=_str_list(doc.get("protest_verbs"), where),
        mob_terms=_str_list(doc.get("mob_terms"), where),
        not_actors=_str_list(doc.get("not_actors"), where),
        qualified_only=_str_list(doc.get("qualified_only"), where),
        protest_lemmas=_str_list(doc.get("protest_lemmas"), where),
        protest_nouns=_str_list(doc.get("protest_nouns"), where),
        riot_lemmas=_str_list(doc.get("riot_lemmas"), where),
        force_units={str(k).lower(): str(v) for k, v in (doc.get("force_units") or {}).items()},
        identity_militia_heads=_patterns(doc.get("identity_militia_heads"), f"{where}.identity_militia_heads"),
        counter_protest_cues=_str_list(doc.get("counter_protest_cues"), where),
        gang_countries=_str_list(doc.get("gang_countries"), where),
        gang_cues=_str_list(doc.get("gang_cues"), where),
        police_cues=_str_list(doc.get("police_cues"), where),
        ethnic_groups=_str_list(doc.get("ethnic_groups"), where),
        militia_adjectives=_str_list(doc.get("militia_adjectives"), where),
        air_force_theatres={str(k): _str_list(v, f"{where}.air_force_theatres.{k}")
                            for k, v in (doc.get("air_force_theatres") or {}).items()},
    )


def _patterns(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ActorDataError(f"{where}: must be a mapping of head noun -> name pattern")
    out = {}
    for k, v in value.items():
        if "{name}" not in str(v):
            raise ActorDataError(f"{where}.{k}: pattern must contain {{name}}")
        out[str(k).lower()] = str(v)
    return out


def _check_inter(value: Any, where: str, kind: str) -> int | None:
    if value is None and kind in ("associated", "political"):
        return None  # associated-actor categories ("Labour Group") take the inter of their role
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 8:
        raise ActorDataError(f"{where}: inter must be an ACLED inter code 1-8, got {value!r}")
    return value


def _parse_actor(row: Any, src: str, countries: dict[str, Country]) -> ActorEntry:
    if not isinstance(row, dict) or "name" not in row:
        raise ActorDataError(f"{src}: every actor needs a name, got {row!r}")
    where = f"{src}: actor {row['name']!r}"
    bad = set(row) - ACTOR_KEYS
    if bad:
        raise ActorDataError(f"{where}: unknown keys {sorted(bad)} (allowed: {sorted(ACTOR_KEYS)})")
    kind = row.get("kind")
    if kind not in KINDS:
        raise ActorDataError(f"{where}: kind must be one of {sorted(KINDS)}, got {kind!r}")
    inter = _check_inter(row.get("inter"), where, kind)
    country = row.get("country")
    scope = set(_str_list(row.get("operates_in"), where))
    if country:
        scope.add(country)
    unknown_c = {c for c in scope if c not in countries} if countries else set()
    if unknown_c:
        raise ActorDataError(f"{where}: unknown countries {sorted(unknown_c)} (not in countries.yaml)")
    actor = Actor(
        name=str(row["name"]), inter=inter, country=country, kind=kind,
        affiliations=_str_list(row.get("affiliations"), where),
        aliases=_str_list(row.get("aliases"), where),
    )
    start, end = _as_date(row.get("valid_from"), where), _as_date(row.get("valid_to"), where)
    if start and end and end <= start:
        raise ActorDataError(f"{where}: valid_to {end} is not after valid_from {start}")
    local = str(row.get("local_name") or "")
    if local and "{place}" not in local:
        raise ActorDataError(f"{where}: local_name must contain {{place}}, got {local!r}")
    return ActorEntry(actor=actor, scope=frozenset(scope), valid_from=start, valid_to=end, source=src,
                      local_name=local)


def _analyst_entry(fix: AliasFix) -> ActorEntry:
    """A dictionary entry for an actor an analyst named that the data files lack."""
    where = f"alias fix {fix.alias!r} -> {fix.actor!r}"
    if fix.inter is None and fix.kind is None:
        raise ActorDataError(f"{where}: {fix.actor!r} is not in the actor dictionary; check its "
                             "spelling, or give the new actor's ACLED inter code to add it")
    if fix.kind not in KINDS:
        raise ActorDataError(f"{where}: kind must be one of {sorted(KINDS)}, got {fix.kind!r}")
    inter = _check_inter(fix.inter, where, fix.kind)
    actor = Actor(name=fix.actor, inter=inter, kind=fix.kind, aliases=(fix.alias,))
    return ActorEntry(actor=actor, scope=frozenset(), source="analyst correction")


def _state_force_entries(countries: Iterable[Country]) -> list[ActorEntry]:
    """Each country's military and police as dictionary entries, so their names and
    aliases ("Tatmadaw", "FARDC") resolve like any other actor, scoped to the country."""
    out = []
    for c in countries:
        for word, aliases in (("Military", c.military_aliases), ("Police", c.police_aliases)):
            plain = f"{word} Forces of {c.of_name}"
            actor = Actor(name=f"{plain} ({{range}})", inter=1, country=c.name, kind="state",
                          aliases=(plain, *aliases))
            out.append(ActorEntry(actor=actor, scope=frozenset({c.name}), source="countries.yaml"))
    return out


def _check_duplicate_names(entries: list[ActorEntry]) -> None:
    """A name may have several entries (scoped to different countries or periods) only
    when they describe the same actor."""
    seen: dict[str, ActorEntry] = {}
    for e in entries:
        first = seen.get(e.actor.name)
        if first and (first.actor.inter, first.actor.kind) != (e.actor.inter, e.actor.kind):
            raise ActorDataError(
                f"{e.source}: actor {e.actor.name!r} defined twice with different inter/kind "
                f"(also in {first.source})")
        seen.setdefault(e.actor.name, e)


def _overlaps(a: ActorEntry, b: ActorEntry) -> bool:
    scope = (not a.scope and not b.scope) or bool(a.scope & b.scope)
    time = (a.valid_to is None or b.valid_from is None or b.valid_from < a.valid_to) and (
        b.valid_to is None or a.valid_from is None or a.valid_from < b.valid_to)
    return scope and time


def _check_alias_conflicts(entries: list[ActorEntry]) -> None:
    """Two actors may share an alias only in different countries or different periods;
    otherwise a lookup could not choose between them."""
    by_key: dict[str, list[tuple[str, ActorEntry]]] = {}
    for e in entries:
        for alias in {*e.actor.aliases, e.actor.name}:
            key = norm_key(alias)
            if not key:
                raise ActorDataError(f"{e.source}: actor {e.actor.name!r}: alias {alias!r} is empty once normalised")
            by_key.setdefault(key, []).append((alias, e))
    for key, hits in by_key.items():
        for i, (alias_a, a) in enumerate(hits):
            for alias_b, b in hits[i + 1:]:
                if a.actor.name != b.actor.name and _overlaps(a, b):
                    where = ", ".join(sorted(a.scope & b.scope)) or "global scope"
                    raise ActorDataError(
                        f"{b.source}: alias {alias_b!r} of {b.actor.name!r} also names {a.actor.name!r} "
                        f"({alias_a!r}) in {where} over the same period; scope one of them by country "
                        f"(country/operates_in) or by valid_from/valid_to")


__all__ = [
    "ActorDictionary", "ActorDataError", "ActorEntry", "Country", "GenericCategory", "Period",
    "Terms", "load_actor_dictionary", "norm_key", "norm_tokens", "is_acronym",
]
