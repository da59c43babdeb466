"""Readers for evaluation sets coded by others: each gives the documents to code and the gold rows.

The documents are built exactly as the reference scorer's ``input`` step builds them, so that
``frontlines eval`` codes the same texts that ``score.py`` scores.
"""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frontlines.ingest import decode_character_references
from frontlines.records import Article

KINDS = ("acled", "ucdp", "case", "geoparse", "fakes")


@dataclass
class EvalSet:
    kind: str
    documents: list[Article]
    gold: list[Mapping[str, Any]] = field(default_factory=list)


class EvalDataError(ValueError):
    pass


def load_eval_set(kind: str, path: str, limit: int = 0) -> EvalSet:
    readers = {"acled": _acled, "ucdp": _ucdp, "case": _case, "geoparse": _geoparse, "fakes": _fakes}
    if kind not in readers:
        raise EvalDataError(f"unknown evaluation kind {kind!r}; expected one of {', '.join(KINDS)}")
    for p in path.split(","):
        if not Path(p).is_file():
            raise EvalDataError(f"evaluation file not found: {p}")
    evalset = readers[kind](path)
    if limit:
        keep = {a.doc_id for a in evalset.documents[:limit]}
        evalset.documents = evalset.documents[:limit]
        evalset.gold = [g for g in evalset.gold if g.get("_doc_id") in keep] if evalset.gold else []
    return evalset


def _read_csv(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _day(value: str | None) -> date | None:
    value = (value or "")[:10]
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _acled(path: str) -> EvalSet:
    rows = _read_csv(path)
    docs = [Article(text=decode_character_references(r["notes"]), doc_id=r["event_id_cnty"]) for r in rows]
    return EvalSet("acled", docs, [dict(r, _doc_id=r["event_id_cnty"]) for r in rows])


def _ucdp(path: str) -> EvalSet:
    rows = [r for r in _read_csv(path) if r.get("source_headline")]
    docs = [Article(text=decode_character_references(r["source_headline"]), doc_id=r["id"],
                    published=_day(r.get("source_date") or r.get("date_start")))
            for r in rows]
    return EvalSet("ucdp", docs, [dict(r, _doc_id=r["id"]) for r in rows])


def _case(path: str) -> EvalSet:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    docs = [Article(text=decode_character_references(r["EventSnippet"]), doc_id=r["id"]) for r in rows]
    return EvalSet("case", docs, [dict(r, _doc_id=r["id"]) for r in rows])


def _fakes(path: str) -> EvalSet:
    rows = [r for r in _read_csv(path) if r["label"] == "1"]
    docs = []
    for r in rows:
        month, day, year = (int(x) for x in r["date"].split("/"))
        docs.append(Article(text=r["article_title"] + "\n\n" + r["article_content"],
                            title=r["article_title"], source=r["source"], doc_id=r["unit_id"],
                            published=date(2000 + year, month, day)))
    return EvalSet("fakes", docs, [dict(r, _doc_id=r["unit_id"]) for r in rows])


def geoparse_articles(paths: list[str]) -> list[dict[str, Any]]:
    """Articles of the LGL / GeoVirus XML corpora with their gold toponym spans."""
    articles = []
    for path in paths:
        root = ET.parse(path).getroot()
        for i, a in enumerate(root.iter("article")):
            toponyms = []
            for t in list(a.iter("toponym")) + list(a.iter("location")):
                lat = t.findtext("lat") or t.findtext("latitude") or t.findtext("gaztag/lat")
                lon = t.findtext("lon") or t.findtext("longitude") or t.findtext("gaztag/lon")
                if lat in (None, "") or lon in (None, ""):
                    continue
                toponyms.append({"start": int(t.findtext("start") or 0), "end": int(t.findtext("end") or 0),
                                 "lat": float(lat), "lon": float(lon)})
            articles.append({"id": f"{Path(path).stem}:{i}", "text": a.findtext("text") or "",
                             "toponyms": toponyms})
    return articles


def _geoparse(path: str) -> EvalSet:
    articles = geoparse_articles(path.split(","))
    docs = [Article(text=a["text"], doc_id=a["id"]) for a in articles]
    return EvalSet("geoparse", docs, [dict(a, _doc_id=a["id"]) for a in articles])
