"""Optional full GeoNames: download dump files and parse the GeoNames tab-separated format.

The packaged gazetteer covers places of 500+ inhabitants; users with internet access can
add a country file (``SY.zip``) or ``allCountries.zip`` for every village and hill:

    paths = download_geonames("~/geonames", files=("SY.zip", "admin1CodesASCII.txt"))
    gaz = Gazetteer.load(extra_dump_files=[p for p in paths if p.suffix in (".zip", ".txt")
                                           and p.name[:2].isupper()])

``fetch`` is injectable (tests pass a fake; nothing here touches the network by itself).
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from frontlines.records import Place

GEONAMES_URL = "https://download.geonames.org/export/dump/"

# Columns of the GeoNames "geoname" table (readme.txt of the dump).
COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
           "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
           "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
           "modification_date")
# Feature classes worth geocoding news with: A admin units, P populated places,
# L areas/regions, S spots (bases, airports, camps), T hills/mountains, H water (dams).
DEFAULT_CLASSES = frozenset("APLSTH")


def _default_fetch(url: str) -> bytes:
    import httpx

    resp = httpx.get(url, timeout=120.0, follow_redirects=True)
    resp.raise_for_status()
    return resp.content


def download_geonames(dest_dir: str | Path,
                      files: Sequence[str] = ("cities15000.zip", "admin1CodesASCII.txt",
                                              "admin2Codes.txt", "countryInfo.txt"),
                      base_url: str = GEONAMES_URL,
                      fetch: Callable[[str], bytes] = _default_fetch,
                      overwrite: bool = False) -> list[Path]:
    """Download GeoNames dump files into ``dest_dir``; returns their paths. Existing files are
    kept unless ``overwrite``."""
    dest = Path(dest_dir).expanduser()
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name in files:
        path = dest / name
        if overwrite or not path.exists():
            data = fetch(base_url.rstrip("/") + "/" + name)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        out.append(path)
    return out


def _open_text(path: Path) -> io.TextIOBase:
    """A dump file as text: plain .txt, or the .txt inside a GeoNames .zip."""
    if path.suffix == ".zip":
        zf = zipfile.ZipFile(path)
        inner = next(n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower())
        return io.TextIOWrapper(zf.open(inner), encoding="utf-8")
    return open(path, encoding="utf-8")


def read_admin_codes(path: str | Path) -> dict[str, str]:
    """admin1CodesASCII.txt / admin2Codes.txt -> {"SY.09": "Aleppo", ...} (ASCII names)."""
    out = {}
    with _open_text(Path(path)) as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) >= 3 and not line.startswith("#"):
                out[f[0]] = f[2] or f[1]
    return out


def _precision(feature_class: str, feature_code: str) -> int:
    if feature_code in ("ADM1", "ADM1H", "PCLI", "PCLD", "PCLIX", "PCLS", "PCLF", "PCL", "TERR"):
        return 3
    if feature_class == "A" or feature_class in "LT" or feature_code in ("ADM2", "RGN"):
        return 2
    return 1


def load_geonames_dump(path: str | Path, *, admin1_names: Mapping[str, str] | None = None,
                       admin2_names: Mapping[str, str] | None = None,
                       country_names: Mapping[str, str] | None = None,
                       feature_classes: frozenset[str] = DEFAULT_CLASSES,
                       min_population: int = 0) -> Iterator[Place]:
    """Parse a GeoNames dump (allCountries/XX/citiesN, .txt or .zip) into Places.

    admin1/admin2 are named through the given code tables (``read_admin_codes``) and fall back
    to the raw codes ("SY.09"); ``country`` uses ``country_names`` (ISO2 -> ACLED spelling)."""
    admin1_names = admin1_names or {}
    admin2_names = admin2_names or {}
    country_names = country_names or {}
    with _open_text(Path(path)) as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 15 or row[0].startswith("#"):
                continue
            rec = dict(zip(COLUMNS, row))
            fclass, fcode = rec["feature_class"], rec["feature_code"]
            if fclass not in feature_classes:
                continue
            pop = int(rec["population"] or 0)
            if pop < min_population and fclass == "P":
                continue
            cc = rec["country_code"] or None
            a1 = f"{cc}.{rec['admin1_code']}" if rec["admin1_code"] else None
            a2 = f"{a1}.{rec['admin2_code']}" if a1 and rec["admin2_code"] else None
            yield Place(
                name=rec["name"], latitude=float(rec["latitude"]), longitude=float(rec["longitude"]),
                country=country_names.get(cc or "", cc), country_code=cc,
                admin1=admin1_names.get(a1, a1) if a1 else None,
                admin2=admin2_names.get(a2, a2) if a2 else None,
                feature_code=fcode or None, geonameid=int(rec["geonameid"]), population=pop,
                geo_precision=_precision(fclass, fcode),
            )


def alternate_names(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """(geonameid, alternate names) from a dump: the gazetteer indexes them as well."""
    with _open_text(Path(path)) as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 4 and row[3]:
                yield int(row[0]), [a for a in row[3].split(",") if a]
