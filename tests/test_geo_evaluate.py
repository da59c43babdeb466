"""Geoparsing metrics: the same numbers as the reference scorer's score_geoparse."""
from pathlib import Path

import pytest

from frontlines.evaluate.geoparse import geoparse_articles, geoparse_metrics

XML = Path(__file__).parent / "fixtures" / "geo" / "mini_geoparse.xml"


def test_reads_articles_like_the_reference_scorer():
    arts = geoparse_articles([XML])
    assert [a["id"] for a in arts] == ["mini_geoparse:0", "mini_geoparse:1"]
    assert len(arts[1]["toponyms"]) == 1  # the toponym without coordinates is skipped


def test_metrics_count_overlaps_distance_and_precision():
    coded = {
        "mini_geoparse:0": [
            {"start": 13, "end": 19, "latitude": 36.53, "longitude": 37.96},   # right
            {"start": 24, "end": 27, "latitude": 33.5, "longitude": 36.3},     # overlaps, 330 km off
            {"start": 38, "end": 44, "latitude": 1.0, "longitude": 1.0},      # no gold span
            {"start": 0, "end": 8, "latitude": None, "longitude": None},       # no coordinates: ignored
        ],
        "mini_geoparse:1": [{"start": 23, "end": 30, "latitude": 32.89, "longitude": 13.19}],  # Libya
    }
    m = geoparse_metrics(str(XML), coded)
    assert m == {"toponym_recall": 1.0, "end_to_end_acc@161km": round(1 / 3, 4),
                 "resolved_acc@161km": round(1 / 3, 4), "precision_vs_gold_spans": 0.75,
                 "n_toponyms": 3}


def test_articles_missing_from_output_are_skipped():
    m = geoparse_metrics([XML], {"mini_geoparse:1": []})
    assert m["n_toponyms"] == 1 and m["toponym_recall"] == 0


@pytest.mark.slow
def test_run_geoparse_eval_with_the_tagger(nlp, gazetteer):
    from frontlines.evaluate.geoparse import run_geoparse_eval
    from frontlines.nlp.places import PlaceTagger

    m = run_geoparse_eval([XML], PlaceTagger(gazetteer), nlp)
    assert m["toponym_recall"] == 1.0 and m["n_toponyms"] == 3
