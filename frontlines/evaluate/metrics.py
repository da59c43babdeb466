"""Metrics against data coded by others.

These follow the project's reference scorer (``shared/eval/score.py``) rule for rule, so that
``frontlines eval`` and the scorer print the same numbers: the same normalisation of names
(year ranges dropped, diacritics folded), the same "primary event" (highest confidence, first on
ties), the same fuzzy place-name equality and the same haversine distance.
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from frontlines.geo.gazetteer import km  # the scorer's great-circle formula

CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}

Coded = Mapping[str, Mapping[str, Any]]  # document id -> `frontlines code` output line


def norm(value: Any) -> str:
    """Fold a label for comparison: ASCII, lower case, no "(2000-)" ranges, words only."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    s = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    s = re.sub(r"\(\d{4}-(\d{4})?\)", " ", s.lower())
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


def actor_match(gold: Any, pred: Any) -> tuple[bool, bool]:
    """(exact, lenient): lenient when half the words are shared."""
    g, p = norm(gold), norm(pred)
    if g == p:
        return True, True
    tg, tp = set(g.split()), set(p.split())
    return False, bool(tg and tp) and len(tg & tp) / len(tg | tp) >= 0.5


def same_name(gold: Any, pred: Any) -> bool:
    """Place names agree when equal after folding, or nearly so (Idlib/Idleb)."""
    g, p = norm(gold), norm(pred)
    return g == p or (bool(g) and bool(p) and difflib.SequenceMatcher(None, g, p).ratio() >= 0.8)


def num(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def primary(record: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The event a one-event gold row is compared with: the most confident, first on ties."""
    events = (record or {}).get("events") or []
    if not events:
        return None
    return max(enumerate(events), key=lambda ie: (num(ie[1].get("confidence")) or 0, -ie[0]))[1]


def f1_scores(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, dict[str, float]]:
    """(macro F1, support-weighted F1, per-label F1) over the gold labels."""
    tp, fp, fn, support = Counter(), Counter(), Counter(), Counter()
    for gold, pred in pairs:
        support[gold] += 1
        if gold == pred:
            tp[gold] += 1
        else:
            fn[gold] += 1
            fp[pred] += 1
    per_label: dict[str, float] = {}
    for label in support:
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0
        recall = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0
        per_label[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0
    n = sum(support.values())
    macro = sum(per_label.values()) / len(per_label) if per_label else 0
    weighted = sum(per_label[k] * support[k] for k in per_label) / n if n else 0
    return macro, weighted, per_label


ACLED_RATIOS = ("coverage", "event_type", "sub_event_type", "actor1_exact", "actor1_lenient",
                "actor2_exact", "actor2_lenient", "event_date", "country", "admin1", "fatalities")


def acled_metrics(rows: list[Mapping[str, str]], coded: Coded) -> dict[str, Any]:
    """Each ACLED row (its `notes` coded) against the primary coded event."""
    rows = [r for r in rows if r["event_id_cnty"] in coded]
    n = len(rows)
    c: Counter[str] = Counter()
    sub_pairs: list[tuple[str, str]] = []
    dist: list[float | None] = []
    for r in rows:
        e = primary(coded[r["event_id_cnty"]])
        if e is None:
            sub_pairs.append((norm(r["sub_event_type"]), "none"))
            dist.append(None)
            continue
        c["coverage"] += 1
        c["event_type"] += norm(e.get("event_type")) == norm(r["event_type"])
        c["sub_event_type"] += norm(e.get("sub_event_type")) == norm(r["sub_event_type"])
        sub_pairs.append((norm(r["sub_event_type"]), norm(e.get("sub_event_type"))))
        ex, le = actor_match(r["actor1"], e.get("actor1"))
        c["actor1_exact"] += ex
        c["actor1_lenient"] += le or ex
        if norm(r["actor2"]) or norm(e.get("actor2")):
            ex2, le2 = actor_match(r["actor2"], e.get("actor2"))
        else:
            ex2 = le2 = True
        c["actor2_exact"] += ex2
        c["actor2_lenient"] += le2 or ex2
        c["event_date"] += str(e.get("event_date") or "")[:10] == r["event_date"][:10]
        c["admin1"] += same_name(r["admin1"], e.get("admin1"))
        c["country"] += same_name(r["country"], e.get("country"))
        c["fatalities"] += (num(r["fatalities"]) or 0) == (num(e.get("fatalities")) or 0)
        lat, lon = num(e.get("latitude")), num(e.get("longitude"))
        dist.append(km(float(r["latitude"]), float(r["longitude"]), lat, lon)
                    if lat is not None and lon is not None else None)
    m: dict[str, Any] = {k: round(c[k] / n, 4) if n else 0 for k in ACLED_RATIOS}
    for k in (10, 25, 161):
        m[f"acc@{k}km"] = round(sum(1 for d in dist if d is not None and d <= k) / n, 4) if n else 0
    macro, weighted, per_label = f1_scores(sub_pairs)
    m["sub_event_macro_f1"], m["sub_event_weighted_f1"] = round(macro, 4), round(weighted, 4)
    m["sub_event_f1"] = {k: round(v, 4) for k, v in sorted(per_label.items())}
    m["n"] = n
    return m


def ucdp_metrics(rows: list[Mapping[str, str]], coded: Coded) -> dict[str, Any]:
    """UCDP GED headlines with a precise gold place (where_prec 1 or 2)."""
    rows = [r for r in rows if r["id"] in coded and r.get("where_prec") in ("1", "2", "1.0", "2.0")]
    n = len(rows)
    hits: Counter[str] = Counter()
    for r in rows:
        rec = coded[r["id"]]
        glat, glon = float(r["latitude"]), float(r["longitude"])
        points = [(num(e.get("latitude")), num(e.get("longitude"))) for e in rec.get("events") or []]
        points = [(a, b) for a, b in points if a is not None and b is not None]
        e = primary(rec)
        if e is not None and num(e.get("latitude")) is not None:
            d = km(glat, glon, num(e["latitude"]), num(e["longitude"]))  # type: ignore[arg-type]
            for k in (10, 25, 50, 161):
                hits[f"acc@{k}km"] += d <= k
        if points:
            hits["any_event@25km"] += min(km(glat, glon, a, b) for a, b in points) <= 25
        hits["admin1"] += e is not None and same_name(
            norm(r["adm_1"]).replace(" governorate", ""), e.get("admin1"))
    m: dict[str, Any] = {k: round(v / n, 4) for k, v in sorted(hits.items())} if n else {}
    m["n"] = n
    return m


def case_metrics(rows: list[Mapping[str, str]], coded: Coded) -> dict[str, Any]:
    """CASE 2021 task 2: snippet → ACLED sub-event type; non-ACLED classes should get no event."""
    pairs = []
    for r in rows:
        if r["id"] not in coded:
            continue
        gold = norm(CASE_TO_ACLED.get(r["SubType"], "none"))
        e = primary(coded[r["id"]])
        pairs.append((gold, norm(e.get("sub_event_type")) if e else "none"))
    acled_pairs = [p for p in pairs if p[0] != "none"]
    macro, weighted, per_label = f1_scores(acled_pairs)
    others = [p for g, p in pairs if g == "none"]
    return {
        "acled_types_accuracy": round(sum(g == p for g, p in acled_pairs) / len(acled_pairs), 4) if acled_pairs else 0,
        "acled_types_macro_f1": round(macro, 4),
        "acled_types_weighted_f1": round(weighted, 4),
        "non_acled_rejected": round(sum(p == "none" for p in others) / max(1, len(others)), 4),
        "sub_event_f1": {k: round(v, 4) for k, v in sorted(per_label.items())},
        "n": len(pairs),
    }


# ---------------------------------------------------------------- the founding article


def _seed_actor(aliases: Iterable[str], *names: Any) -> bool:
    text = " | ".join(norm(x) for x in names if x)
    return any(re.search(rf"(^| ){re.escape(norm(a))}( |$)", text) for a in aliases)


def _in_range(day: Any, rng: Mapping[str, str]) -> bool:
    d = str(day or "")[:10]
    return bool(d) and rng["earliest"] <= d <= rng["latest"]


def seed_event_match(g: Mapping[str, Any], e: Mapping[str, Any], actors: Mapping[str, list[str]]) -> bool:
    if norm(e.get("event_type")) != norm(g["event_type"]):
        return False
    if norm(e.get("sub_event_type")) not in {norm(s) for s in g["sub_event_type"]}:
        return False
    side1 = (e.get("actor1"), e.get("assoc_actor_1"))
    side2 = (e.get("actor2"), e.get("assoc_actor_2"))

    def sides_ok(s1: tuple, s2: tuple) -> bool:
        ok = _seed_actor(actors[g["actor1"]], *s1)
        if g.get("actor2"):
            ok = ok and _seed_actor(actors[g["actor2"]], *s2)
        return ok

    if not (sides_ok(side1, side2) or (g["event_type"] == "Battles" and sides_ok(side2, side1))):
        return False
    locations = g.get("location_any") or ([g["location"]] if g.get("location") else [])
    if locations:
        lat, lon = num(e.get("latitude")), num(e.get("longitude"))
        if lat is None or lon is None or not any(
                km(p["lat"], p["lon"], lat, lon) <= p["tolerance_km"] for p in locations):
            return False
    if not _in_range(e.get("event_date"), g["date"]):
        return False
    return not (g.get("fatalities_min") and (num(e.get("fatalities")) or 0) < g["fatalities_min"])


def seed_metrics(gold: Mapping[str, Any], events: list[Mapping[str, Any]],
                 relations: list[Mapping[str, Any]] | None = None,
                 control: list[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Coded events (and optionally relations/control exports) against a hand-coded article."""
    actors = gold["actors"]
    got = {g["id"]: any(seed_event_match(g, e, actors) for e in events) for g in gold["events"]}
    must = [g["id"] for g in gold["events"] if g["need"] == "must"]
    m: dict[str, Any] = {
        "events_must_recall": round(sum(got[i] for i in must) / len(must), 4),
        "events_all_recall": round(sum(got.values()) / len(got), 4),
        "events_missed": [i for i, ok in got.items() if not ok],
        "events_coded": len(events),
        "events_precision": round(sum(any(seed_event_match(g, e, actors) for g in gold["events"])
                                      for e in events) / len(events), 4) if events else 0,
    }
    if relations is not None:
        m.update(_seed_relations(gold, relations))
    if control is not None:
        m.update(_seed_control(gold, control))
    return m


def _seed_relations(gold: Mapping[str, Any], rels: list[Mapping[str, Any]]) -> dict[str, Any]:
    actors = gold["actors"]

    def ok(g: Mapping[str, Any], r: Mapping[str, Any]) -> bool:
        if norm(r.get("relation")) != norm(g["kind"]):
            return False
        a, b = r.get("actor_a"), r.get("actor_b")
        forward = _seed_actor(actors[g["a"]], a) and _seed_actor(actors[g["b"]], b)
        backward = _seed_actor(actors[g["a"]], b) and _seed_actor(actors[g["b"]], a)
        return forward or (backward and g["kind"] in ("ally", "hostile"))

    found = {f'{g["a"]}-{g["kind"]}-{g["b"]}': (g["need"], any(ok(g, r) for r in rels))
             for g in gold["relations"]}
    must = [hit for need, hit in found.values() if need == "must"]
    return {"relations_must_recall": round(sum(must) / len(must), 4),
            "relations_all_recall": round(sum(hit for _, hit in found.values()) / len(found), 4),
            "relations_missed": [k for k, (_, hit) in found.items() if not hit]}


def _seed_control(gold: Mapping[str, Any], facts: list[Mapping[str, Any]]) -> dict[str, Any]:
    actors = gold["actors"]

    def ok(g: Mapping[str, Any], c: Mapping[str, Any]) -> bool:
        lat, lon = num(c.get("latitude")), num(c.get("longitude"))
        return (lat is not None and lon is not None
                and km(g["lat"], g["lon"], lat, lon) <= g["tolerance_km"]
                and _seed_actor(actors[g["actor"]], c.get("actor"))
                and _in_range(c.get("since"), g["since"]))

    found = {g["place"]: (g["need"], any(ok(g, c) for c in facts)) for g in gold["control"]}
    must = [hit for need, hit in found.values() if need == "must"]
    return {"control_must_recall": round(sum(must) / len(must), 4),
            "control_missed": [k for k, (_, hit) in found.items() if not hit]}


# ---------------------------------------------------------------- FA-KES whole articles

FAKES_ACTOR = {
    "syrian government or russian troops": ["syria", "russia", "regime", "government"],
    "international coalition forces": ["coalition", "united states", "us ", "france", "united kingdom"],
    "the organization of the islamic state in iraq and the levant - isis": ["islamic state", "isis", "isil", "daesh"],
    "armed opposition groups": ["opposition", "rebel", "free syrian army", "fsa", "islamic front", "jaysh", "ahrar"],
    "self administration forces": ["qsd", "sdf", "syrian democratic forces", "ypg", "kurdish", "self administration"],
    "al-nusra front": ["nusra", "fateh al sham", "hts", "hayat tahrir"],
}
FAKES_CAUSE = {
    "shelling": {"shelling artillery missile attack", "air drone strike"},
    "explosion": {"remote explosive landmine ied", "suicide bomb", "air drone strike",
                  "shelling artillery missile attack", "grenade"},
    "chemical and toxic gases": {"chemical weapon"},
    "shooting": {"armed clash", "attack"},
    "execution": {"attack"},
}
FAKES_GOVERNORATES = {"deir ezzor": "deir ez zor", "hasakeh": "al hasakah", "lattakia": "latakia",
                      "tartous": "tartus"}


def fakes_metrics(rows: list[Mapping[str, str]], coded: Coded) -> dict[str, Any]:
    """FA-KES true articles: the deadliest coded event against governorate, perpetrator, cause, toll."""
    rows = [r for r in rows if r["label"] == "1" and r["unit_id"] in coded]
    c: Counter[str] = Counter()
    n_actor = n_cause = 0
    for r in rows:
        events = coded[r["unit_id"]].get("events") or []
        if not events:
            continue
        c["has_event"] += 1
        e = max(events, key=lambda e: ((num(e.get("fatalities")) or 0), num(e.get("confidence")) or 0))
        gov = FAKES_GOVERNORATES.get(r["location"], r["location"])
        admin1 = norm(e.get("admin1"))
        c["admin1"] += same_name(gov, e.get("admin1")) or norm(gov) in admin1 or (
            admin1 in norm(gov) and bool(admin1))
        if r["actor"] in FAKES_ACTOR:
            n_actor += 1
            side = " " + norm(e.get("actor1")) + " " + norm(e.get("assoc_actor_1")) + " "
            c["perpetrator"] += any(k in side for k in FAKES_ACTOR[r["actor"]])
        if r["cause_of_death"] in FAKES_CAUSE:
            n_cause += 1
            c["cause"] += norm(e.get("sub_event_type")) in FAKES_CAUSE[r["cause_of_death"]]
        deaths = (num(r["nb_civilians"]) or 0) + (num(r["nb_noncivilians"]) or 0)
        got = num(e.get("fatalities")) or 0
        c["deaths_within_20pct"] += abs(got - deaths) <= max(1, 0.2 * deaths)
    n = len(rows)
    if not n:
        return {"n": 0}
    return {"has_event": round(c["has_event"] / n, 4), "admin1": round(c["admin1"] / n, 4),
            "perpetrator": round(c["perpetrator"] / max(1, n_actor), 4),
            "cause": round(c["cause"] / max(1, n_cause), 4),
            "deaths_within_20pct": round(c["deaths_within_20pct"] / n, 4), "n": n}


# ---------------------------------------------------------------- geoparsing (LGL, GeoVirus)


def geoparse_metrics(articles: list[Mapping[str, Any]], coded: Coded) -> dict[str, Any]:
    """Gold toponym spans found by an overlapping resolved place, and within 161 km of gold."""
    n = found = within = n_pred = pred_hit = 0
    for a in articles:
        if a["id"] not in coded:
            continue
        places = [p for p in coded[a["id"]].get("places") or [] if num(p.get("latitude")) is not None]
        n_pred += len(places)
        used: set[int] = set()
        for t in a["toponyms"]:
            n += 1
            over = [i for i, p in enumerate(places) if p["start"] < t["end"] and t["start"] < p["end"]]
            if not over:
                continue
            found += 1
            used.update(over)
            p = places[over[0]]
            within += km(t["lat"], t["lon"], num(p["latitude"]), num(p["longitude"])) <= 161  # type: ignore[arg-type]
        pred_hit += len(used)
    return {"toponym_recall": round(found / n, 4) if n else 0,
            "end_to_end_acc@161km": round(within / n, 4) if n else 0,
            "resolved_acc@161km": round(within / found, 4) if found else 0,
            "precision_vs_gold_spans": round(pred_hit / n_pred, 4) if n_pred else 0,
            "n_toponyms": n}
