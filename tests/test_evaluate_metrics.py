"""The evaluation metrics: hand-made cases, and agreement with the reference scorer when present."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from frontlines.evaluate import metrics
from tests.conftest import SHARED


def acled_row(**over):
    row = {"event_id_cnty": "X1", "event_type": "Battles", "sub_event_type": "Armed clash",
           "actor1": "Military Forces of Syria (2000-)", "actor2": "Islamic State (Syria)",
           "event_date": "2022-05-23", "admin1": "Idleb", "country": "Syria", "fatalities": "3",
           "latitude": "35.93", "longitude": "36.63"}
    row.update(over)
    return row


def coded_line(**over):
    event = {"event_type": "Battles", "sub_event_type": "Armed clash",
             "actor1": "Military Forces of Syria (2011-)", "actor2": "Islamic State (Syria)",
             "event_date": "2022-05-23", "admin1": "Idlib", "country": "Syria", "fatalities": 3,
             "latitude": 35.93, "longitude": 36.63, "confidence": 0.9}
    event.update(over)
    return {"id": "X1", "events": [event]}


def test_norm_drops_year_ranges_and_diacritics():
    assert metrics.norm("Military Forces of Syria (2000-)") == "military forces of syria"
    assert metrics.norm("Forces of Côte d'Ivoire (2011-2020)") == "forces of cote d ivoire"


def test_acled_perfect_row_scores_one_everywhere():
    m = metrics.acled_metrics([acled_row()], {"X1": coded_line()})
    for key in ("event_type", "sub_event_type", "actor1_exact", "actor2_exact", "event_date",
                "country", "admin1", "fatalities", "acc@10km"):
        assert m[key] == 1.0, key


def test_acled_wrong_fields_score_zero():
    m = metrics.acled_metrics([acled_row()], {"X1": coded_line(
        sub_event_type="Attack", event_type="Violence against civilians", actor2="Civilians (Syria)",
        event_date="2022-05-22", fatalities=0, latitude=36.2, longitude=37.16, admin1="Aleppo")})
    assert m["event_type"] == m["sub_event_type"] == m["actor2_exact"] == 0
    assert m["event_date"] == m["fatalities"] == m["admin1"] == 0
    assert m["acc@25km"] == 0 and m["acc@161km"] == 1.0


def test_primary_event_is_most_confident_first_on_ties():
    rec = {"events": [{"n": 1, "confidence": 0.5}, {"n": 2, "confidence": 0.9}, {"n": 3, "confidence": 0.9}]}
    assert metrics.primary(rec)["n"] == 2


def test_missing_document_event_counts_as_none():
    m = metrics.acled_metrics([acled_row()], {"X1": {"id": "X1", "events": []}})
    assert m["coverage"] == 0 and m["sub_event_f1"] == {"armed clash": 0}


def test_case_metrics_rejects_non_acled_classes():
    rows = [{"id": "a", "SubType": "ARMED_CLASH"}, {"id": "b", "SubType": "NATURAL_DISASTER"}]
    coded = {"a": coded_line(), "b": {"id": "b", "events": []}}
    m = metrics.case_metrics(rows, coded)
    assert m["acled_types_accuracy"] == 1.0 and m["non_acled_rejected"] == 1.0


def test_geoparse_metrics_counts_overlap_and_distance():
    arts = [{"id": "g:0", "toponyms": [{"start": 0, "end": 6, "lat": 36.2, "lon": 37.16},
                                       {"start": 10, "end": 15, "lat": 0.0, "lon": 0.0}]}]
    coded = {"g:0": {"places": [{"start": 0, "end": 6, "latitude": 36.21, "longitude": 37.15}]}}
    m = metrics.geoparse_metrics(arts, coded)
    assert m["toponym_recall"] == 0.5 and m["end_to_end_acc@161km"] == 0.5


@pytest.mark.shared
def test_acled_metrics_agree_with_reference_scorer(tmp_path):
    """Our metrics equal score.py's on the same coded output (a synthetic coding of real rows)."""
    scorer = SHARED / "eval" / "score.py"
    gold = SHARED / "eval" / "dev" / "acled-2022-dev.csv"
    if not gold.is_file():
        pytest.skip(f"{gold} absent: evaluation data not available on this machine")
    from frontlines.evaluate.datasets import load_eval_set

    evalset = load_eval_set("acled", str(gold), limit=60)
    coded = {}
    for i, row in enumerate(evalset.gold):  # every third row right, others perturbed
        ev = {k: row[k] for k in ("event_type", "sub_event_type", "actor1", "actor2", "event_date",
                                  "admin1", "country")}
        ev.update(fatalities=float(row["fatalities"] or 0), latitude=float(row["latitude"]),
                  longitude=float(row["longitude"]), confidence=0.8)
        if i % 3 == 1:
            ev.update(sub_event_type="Attack", actor1="Rioters (Nowhere)", latitude=ev["latitude"] + 0.2)
        if i % 3 == 2:
            ev.update(event_date="1999-01-01", fatalities=99, admin1=None)
        coded[row["event_id_cnty"]] = {"id": row["event_id_cnty"], "events": [ev]}
    out = tmp_path / "coded.jsonl"
    out.write_text("".join(json.dumps(v) + "\n" for v in coded.values()))
    ref = json.loads(subprocess.run([sys.executable, str(scorer), "acled", str(gold), str(out)],
                                    check=True, capture_output=True, text=True).stdout.splitlines()[0])
    ours = metrics.acled_metrics(evalset.gold, coded)
    for key, value in ref.items():
        assert ours[key] == value, key


def test_eval_headlines_are_read_as_ingest_reads_them(tmp_path):
    """`frontlines code` decodes character references when it ingests score.py's input;
    `frontlines eval` must code the same text."""
    from frontlines.evaluate.datasets import load_eval_set
    from frontlines.ingest import IngestLimits, read_sources

    gold = tmp_path / "ucdp.csv"
    gold.write_text("id,source_headline,source_date,where_prec\n"
                    "7,Regime forces clash with rebels in Dar&#8217;a,2016-05-02,1\n")
    (doc,) = load_eval_set("ucdp", str(gold)).documents
    line = tmp_path / "in.jsonl"
    line.write_text(json.dumps({"id": "7", "text": "Regime forces clash with rebels in Dar&#8217;a"}) + "\n")
    (ingested,) = read_sources([str(line)], limits=IngestLimits(min_text_chars=1))
    assert doc.text == ingested.text == "Regime forces clash with rebels in Dar\u2019a"
