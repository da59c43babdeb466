"""Geoparsing metrics on toponym-resolution corpora (LGL, GeoVirus XML).

``geoparse_metrics`` computes exactly what the reference scorer's ``score_geoparse`` does
(``../shared/eval/score.py``): for each gold toponym with coordinates, the first predicted
place (with coordinates) whose span overlaps it counts as found, and as correct when within
161 km; precision is the share of predicted places that overlap some gold toponym.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from frontlines.geo.gazetteer import km
from frontlines.evaluate import metrics
from frontlines.evaluate.datasets import geoparse_articles
from frontlines.records import PlaceMention, place_contract

# The reference scorer rounds metrics to 4 places.
ROUND = 4


def _as_dict(p: Any) -> Mapping[str, Any]:
    return place_contract(p) if isinstance(p, PlaceMention) else p


def geoparse_metrics(gold_paths: Sequence[str | Path] | str,
                     coded: Mapping[str, Sequence[Any]]) -> dict[str, float | int]:
    """Metrics of ``coded`` ({article id: [place dicts or PlaceMention]}) against the gold, by the
    reference scorer's rules (`frontlines.evaluate.metrics.geoparse_metrics`)."""
    if isinstance(gold_paths, str):
        gold_paths = gold_paths.split(",")
    lines = {k: {"places": [_as_dict(p) for p in v or []]} for k, v in coded.items()}
    return metrics.geoparse_metrics(geoparse_articles([str(p) for p in gold_paths]), lines)


def tag_articles(paths: Sequence[str | Path], tagger: Any, nlp: Any,
                 limit: int | None = None) -> dict[str, list[PlaceMention]]:
    """Run the place tagger over each article's text: {article id: mentions}."""
    out: dict[str, list[PlaceMention]] = {}
    arts = geoparse_articles(paths)[: limit or None]
    for a, doc in zip(arts, nlp.pipe(a["text"] for a in arts)):
        out[a["id"]] = tagger.tag_doc(doc)
    return out


def run_geoparse_eval(paths: Sequence[str | Path], tagger: Any, nlp: Any,
                      limit: int | None = None) -> dict[str, float | int]:
    """Tag each article text and score it like the reference scorer."""
    coded = tag_articles(paths, tagger, nlp, limit)
    return geoparse_metrics(paths, coded)


def ucdp_headline_accuracy(csv_path: str | Path, gazetteer: Any, tagger: Any, nlp: Any,
                           radius_km: float = 25.0, limit: int | None = None) -> dict[str, float | int]:
    """Share of UCDP GED headlines whose best-resolved place lies within ``radius_km`` of the
    gold point (rows with where_prec 1-2). The "best" place is the most precise mention
    (smallest geo_precision), the first one on ties."""
    import csv

    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh)
                if (r.get("where_prec") or "").split(".")[0] in ("1", "2")
                and (r.get("source_headline") or "").strip()]
    rows = rows[: limit or None]
    hits = any_place = 0
    for r, doc in zip(rows, nlp.pipe(r["source_headline"] for r in rows)):
        ms = tagger.tag_doc(doc)
        if not ms:
            continue
        any_place += 1
        best = min(ms, key=lambda m: m.place.geo_precision)
        d = km(float(r["latitude"]), float(r["longitude"]), best.place.latitude, best.place.longitude)
        hits += d <= radius_km
    n = len(rows)
    return {f"acc@{int(radius_km)}km": round(hits / n, ROUND) if n else 0,
            "with_place": round(any_place / n, ROUND) if n else 0, "n": n}


def acled_notes_place_accuracy(csv_path: str | Path, tagger: Any, nlp: Any,
                               radius_km: float = 25.0, limit: int | None = None) -> dict[str, float | int]:
    """Places tagged in ACLED ``notes`` against the event's own location: the share of events
    with any tagged place within ``radius_km``, with the best (most precise, first) place
    within it, and whose best place's admin1 matches ACLED's (fuzzy, as the scorer does)."""
    import csv
    import difflib

    from frontlines.geo.text import light_key

    def same(a: str, b: str | None) -> bool:
        x, y = light_key(a), light_key(b or "")
        return x == y or (bool(x) and bool(y) and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8)

    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("notes") or "").strip()][: limit or None]
    anyhit = besthit = adm1 = 0
    for r, doc in zip(rows, nlp.pipe(r["notes"] for r in rows)):
        ms = tagger.tag_doc(doc)
        if not ms:
            continue
        lat, lon = float(r["latitude"]), float(r["longitude"])
        anyhit += min(km(lat, lon, m.place.latitude, m.place.longitude) for m in ms) <= radius_km
        best = min(ms, key=lambda m: m.place.geo_precision)
        besthit += km(lat, lon, best.place.latitude, best.place.longitude) <= radius_km
        adm1 += same(r.get("admin1") or "", best.place.admin1)
    n = len(rows)
    k = int(radius_km)
    return {f"any_place@{k}km": round(anyhit / n, ROUND) if n else 0,
            f"best_place@{k}km": round(besthit / n, ROUND) if n else 0,
            "best_admin1_match": round(adm1 / n, ROUND) if n else 0, "n": n}


def main(argv: Sequence[str] | None = None) -> None:
    """python -m frontlines.evaluate.geoparse [--ucdp CSV] [--acled CSV] [--limit N] XML ..."""
    import argparse
    import json

    from frontlines.geo.gazetteer import Gazetteer
    from frontlines.nlp.model import load_nlp
    from frontlines.nlp.places import PlaceTagger

    ap = argparse.ArgumentParser()
    ap.add_argument("xml", nargs="*")
    ap.add_argument("--ucdp")
    ap.add_argument("--acled", help="ACLED export CSV: places tagged in notes vs event location")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--demonyms", action="store_true",
                    help="output demonyms as country toponyms (LGL annotates them)")
    args = ap.parse_args(argv)
    from frontlines.nlp.places import PlaceTaggerConfig

    gaz = Gazetteer.load()
    nlp = load_nlp()
    tagger = PlaceTagger(gaz, PlaceTaggerConfig(demonyms_as_places=args.demonyms))
    for path in args.xml:
        print(Path(path).name, json.dumps(run_geoparse_eval([path], tagger, nlp, args.limit)))
    if args.ucdp:
        print("ucdp", json.dumps(ucdp_headline_accuracy(args.ucdp, gaz, tagger, nlp, limit=args.limit)))
    if args.acled:
        print("acled", json.dumps(acled_notes_place_accuracy(args.acled, tagger, nlp, limit=args.limit)))


if __name__ == "__main__":
    main()
