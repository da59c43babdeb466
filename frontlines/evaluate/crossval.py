"""`frontlines train`: fit the sub-event-type classifier to a user's coded data, and k-fold
cross-validation that reports the project's metrics as shipped and with the model.

Coded data comes as an ACLED export (CSV with at least ``notes`` and ``sub_event_type``) or as
JSONL, one ``{"text", "sub_event_type", "id"?, "published"?}`` a line (e.g. an analyst's
corrections). The texts are coded once by the shipped rule coder (optionally cached in a JSONL
file, the `frontlines code` contract), and that one coding is reused by every fold: a fold only
trains the classifier and re-decides the sub-types of the coded events of its held-out part.
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frontlines.evaluate import metrics
from frontlines.knowledge.taxonomy import Taxonomy
from frontlines.nlp.classifier import SubtypeClassifier, TrainingExample, evidence_text, train_classifier
from frontlines.ingest import decode_character_references
from frontlines.records import Article

TRAIN_KINDS = ("acled", "jsonl")
# The ACLED columns the full scorer reads; with all of them CV uses `metrics.acled_metrics` itself.
ACLED_SCORED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                "country", "admin1", "fatalities", "latitude", "longitude")
# The metrics the classifier can move (it changes sub-types only, never adds or drops an event).
CV_METRICS = ("coverage", "event_type", "sub_event_type", "sub_event_weighted_f1", "sub_event_macro_f1")


class TrainDataError(ValueError):
    """A training file that cannot be used; the message says which line or column."""


@dataclass
class TrainingSet:
    kind: str
    source: str
    sha256: str
    documents: list[Article]
    gold: dict[str, dict[str, Any]]  # doc id -> gold row (sub_event_type, event_type, ...)
    full_acled: bool = False  # every column the ACLED scorer reads is there

    @property
    def ids(self) -> list[str]:
        return [a.doc_id or "" for a in self.documents]


@dataclass
class CVReport:
    k: int
    folds: list[dict[str, Any]] = field(default_factory=list)

    def mean(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for side in ("shipped", "trained"):
            out[side] = {m: round(sum(f[side][m] for f in self.folds) / len(self.folds), 4) for m in CV_METRICS}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.k, "folds": self.folds, "mean": self.mean()}


# ---------------------------------------------------------------- reading coded data


def load_training_set(kind: str, path: str | Path, taxonomy: Taxonomy) -> TrainingSet:
    if kind not in TRAIN_KINDS:
        raise TrainDataError(f"unknown training data kind {kind!r}; expected one of {', '.join(TRAIN_KINDS)}")
    file = Path(path)
    if not file.is_file():
        raise TrainDataError(f"training file not found: {file}")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrainDataError(f"{file} is not UTF-8 text: {exc}") from exc
    docs, gold, full = (_acled_rows if kind == "acled" else _jsonl_rows)(text, str(file))
    if not docs:
        raise TrainDataError(f"{file} holds no coded examples")
    unknown = sorted({g["sub_event_type"] for g in gold.values()} - set(taxonomy.sub_event_types))
    if unknown:
        raise TrainDataError(f"{file}: sub_event_type not in ACLED's taxonomy: {', '.join(map(repr, unknown[:10]))}")
    for g in gold.values():
        g.setdefault("event_type", taxonomy.event_type_of(g["sub_event_type"]))
    return TrainingSet(kind, str(file), hashlib.sha256(raw).hexdigest(), docs, gold, full)


def _acled_rows(text: str, name: str) -> tuple[list[Article], dict[str, dict[str, Any]], bool]:
    reader = csv.DictReader(text.splitlines())
    columns = set(reader.fieldnames or ())
    missing = {"notes", "sub_event_type"} - columns
    if missing:
        raise TrainDataError(f"{name}: not an ACLED export, missing column(s) {', '.join(sorted(missing))} "
                             f"(found: {', '.join(sorted(columns)) or 'none'})")
    docs, gold = [], {}
    for i, row in enumerate(reader, start=2):
        if not (row.get("notes") or "").strip() or not (row.get("sub_event_type") or "").strip():
            continue
        doc_id = row.get("event_id_cnty") or f"row-{i}"
        if doc_id in gold:
            raise TrainDataError(f"{name}: line {i}: event_id_cnty {doc_id!r} appears twice")
        docs.append(Article(text=decode_character_references(row["notes"]), doc_id=doc_id))
        gold[doc_id] = dict(row, event_id_cnty=doc_id, _doc_id=doc_id)
    return docs, gold, set(ACLED_SCORED) <= columns


def _jsonl_rows(text: str, name: str) -> tuple[list[Article], dict[str, dict[str, Any]], bool]:
    docs, gold = [], {}
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainDataError(f"{name}: line {i} is not JSON: {exc.msg}") from exc
        if not isinstance(obj, dict) or not str(obj.get("text") or "").strip() or not obj.get("sub_event_type"):
            raise TrainDataError(f'{name}: line {i} needs "text" and "sub_event_type"')
        doc_id = str(obj.get("id") or f"line-{i}")
        if doc_id in gold:
            raise TrainDataError(f"{name}: line {i}: id {doc_id!r} appears twice")
        docs.append(Article(text=decode_character_references(obj["text"]), doc_id=doc_id, published=_day(obj.get("published"))))
        gold[doc_id] = {"sub_event_type": str(obj["sub_event_type"]), "_doc_id": doc_id,
                        **({"event_type": obj["event_type"]} if obj.get("event_type") else {})}
    return docs, gold, False


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- coding once


def code_training_set(ts: TrainingSet, make_coder: Callable[[], Any], cache: Path | None = None,
                      on_document: Callable[[], None] | None = None) -> dict[str, dict[str, Any]]:
    """The shipped coder's output for every text, by id. With `cache`, lines already there are
    reused and the ones coded now are added to it (coding is the slow part; training is not)."""
    coded: dict[str, dict[str, Any]] = {}
    if cache is not None and cache.is_file():
        for line in cache.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                coded[obj["id"]] = obj
    todo = [a for a in ts.documents if a.doc_id not in coded]
    if todo:
        coder = make_coder()
        for doc in coder.code_many(todo):
            coded[doc.id] = doc.to_contract()
            if on_document:
                on_document()
        if cache is not None:
            with open(cache, "w", encoding="utf-8") as fh:
                for line in coded.values():
                    fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {i: coded[i] for i in ts.ids}


def examples_from(ts: TrainingSet, coded: Mapping[str, Mapping[str, Any]],
                  ids: Iterable[str] | None = None) -> list[TrainingExample]:
    """One example per coded text: the primary event's evidence and sub-type (what the model will
    see at coding time), or the whole text when the rules found no event."""
    out = []
    for doc_id, article in zip(ts.ids, ts.documents):
        if ids is not None and doc_id not in ids:
            continue
        event = metrics.primary(coded.get(doc_id))
        text = evidence_text(event.get("evidence") or []) if event else ""
        out.append(TrainingExample(text=text or article.text, rule_sub=event.get("sub_event_type") if event else None,
                                   label=ts.gold[doc_id]["sub_event_type"]))
    return out


# ---------------------------------------------------------------- metrics and folds


def label_metrics(gold: Iterable[Mapping[str, Any]], coded: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Coverage, event type, sub-event type and its F1s, as `metrics.acled_metrics` counts them
    (a text without a coded event is wrong for every field)."""
    rows = [g for g in gold if g["_doc_id"] in coded]
    n = len(rows)
    hits = {"coverage": 0, "event_type": 0, "sub_event_type": 0}
    pairs = []
    for g in rows:
        e = metrics.primary(coded[g["_doc_id"]])
        pred = metrics.norm(e.get("sub_event_type")) if e else "none"
        pairs.append((metrics.norm(g["sub_event_type"]), pred))
        if e:
            hits["coverage"] += 1
            hits["event_type"] += metrics.norm(e.get("event_type")) == metrics.norm(g["event_type"])
            hits["sub_event_type"] += pred == metrics.norm(g["sub_event_type"])
    macro, weighted, _ = metrics.f1_scores(pairs)
    out: dict[str, Any] = {k: round(v / n, 4) if n else 0 for k, v in hits.items()}
    out.update(sub_event_weighted_f1=round(weighted, 4), sub_event_macro_f1=round(macro, 4), n=n)
    return out


def score_part(ts: TrainingSet, ids: list[str], coded: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The project's metrics on part of the set: the full ACLED scorer when the export has its columns."""
    gold = [ts.gold[i] for i in ids]
    part = {i: coded[i] for i in ids}
    found = metrics.acled_metrics(gold, part) if ts.full_acled else label_metrics(gold, part)
    return {k: found[k] for k in (*CV_METRICS, "n")}


def folds_of(ids: list[str], k: int, seed: int) -> list[list[str]]:
    if k < 2 or k > len(ids):
        raise TrainDataError(f"--cv needs 2 <= K <= number of examples ({len(ids)}), got {k}")
    order = list(ids)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(ts: TrainingSet, coded: Mapping[str, Mapping[str, Any]], taxonomy: Taxonomy, *, k: int,
                   coder_version: str, epochs: int = 8, seed: int = 0,
                   on_fold: Callable[[dict[str, Any]], None] | None = None) -> CVReport:
    """K folds: train on k-1, score the held-out fold as shipped and with the model."""
    report = CVReport(k)
    for n, test_ids in enumerate(folds_of(ts.ids, k, seed), start=1):
        held = set(test_ids)
        train_ids = {i for i in ts.ids if i not in held}
        model = train_classifier(examples_from(ts, coded, train_ids), coder_version=coder_version,
                                 epochs=epochs, seed=seed)
        relabelled = {i: model.apply_to_contract(dict(coded[i]), taxonomy) for i in test_ids}
        fold = {"fold": n, "n": len(test_ids), "threshold": model.meta.threshold,
                "shipped": score_part(ts, test_ids, coded), "trained": score_part(ts, test_ids, relabelled)}
        report.folds.append(fold)
        if on_fold:
            on_fold(fold)
    return report


def train_on(ts: TrainingSet, coded: Mapping[str, Mapping[str, Any]], *, coder_version: str,
             epochs: int = 8, seed: int = 0) -> SubtypeClassifier:
    """The model fitted to the whole set (what `frontlines train --out` saves)."""
    return train_classifier(examples_from(ts, coded), coder_version=coder_version, data_sha256=ts.sha256,
                            source=f"{ts.kind}:{Path(ts.source).name} ({len(ts.documents)} examples)",
                            epochs=epochs, seed=seed)


__all__ = ["CVReport", "TrainDataError", "TrainingSet", "code_training_set", "cross_validate",
           "examples_from", "folds_of", "label_metrics", "load_training_set", "score_part", "train_on"]
