"""`frontlines train`: the learned sub-type classifier, its cross-validation, saving/loading, and
its use inside the coder. Trained on a tiny synthetic set written for the project
(tests/fixtures/train/synthetic.jsonl): a made-up weapon word, "quillbolts", marks shelling; the
same sentences without it are armed clashes. The rule coder does not know the word."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.evaluate import crossval
from frontlines.knowledge.taxonomy import load_taxonomy
from frontlines.nlp.classifier import (
    ModelError, SubtypeClassifier, TrainingExample, choose_threshold, model_text, train_classifier,
)
from frontlines.records import Evidence, Event
from tests.conftest import ROOT

SYNTHETIC = ROOT / "tests" / "fixtures" / "train" / "synthetic.jsonl"
SHELLING, CLASH = "Shelling/artillery/missile attack", "Armed clash"
runner = CliRunner()


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def model() -> SubtypeClassifier:
    """Trained on the synthetic texts as the rule coder sees them: every one an armed clash."""
    rows = [json.loads(line) for line in SYNTHETIC.read_text().splitlines()]
    examples = [TrainingExample(r["text"], CLASH, r["sub_event_type"]) for r in rows]
    return train_classifier(examples, coder_version="test", epochs=10)


def clash(text: str) -> Event:
    return Event(event_date="2021-03-12", time_precision=1, event_type="Battles", sub_event_type=CLASH,
                 actor1="Military Forces of Syria", inter1=1, actor2="Rebels", inter2=2,
                 evidence=[Evidence(0, len(text), text)])


def test_model_learns_the_made_up_pattern_on_held_out_sentences(model):
    texts = ["Tribal fighters fought police posts near Palmyra with quillbolts overnight.",
             "Tribal fighters fought police posts near Palmyra overnight."]
    (first, p1), (second, _) = model.predict(texts, [CLASH, CLASH])
    assert first == SHELLING and p1 >= model.meta.threshold
    assert second == CLASH


def test_apply_overrides_the_rule_subtype_and_the_event_type_follows(model, taxonomy):
    events = [clash("Tribal fighters fought police posts near Palmyra with quillbolts overnight."),
              clash("Tribal fighters fought police posts near Palmyra overnight.")]
    assert model.apply(events, taxonomy) == 1
    assert events[0].sub_event_type == SHELLING
    assert events[0].event_type == "Explosions/Remote violence"
    assert events[1].sub_event_type == CLASH and events[1].event_type == "Battles"


def test_save_and_load_round_trip(model, tmp_path):
    model.save(tmp_path / "m")
    again = SubtypeClassifier.load(tmp_path / "m", "test")
    assert again.meta == model.meta
    text = ["Tribal fighters fought police posts near Palmyra with quillbolts overnight."]
    (label, prob), = again.predict(text, [CLASH])
    (label0, prob0), = model.predict(text, [CLASH])
    assert label == label0 == SHELLING and prob == pytest.approx(prob0)


def test_load_refuses_another_coder_version_and_a_non_model_folder(model, tmp_path):
    model.save(tmp_path / "m")
    with pytest.raises(ModelError, match="coder version test"):
        SubtypeClassifier.load(tmp_path / "m", "9.9.9")
    with pytest.raises(ModelError, match="not a frontlines model"):
        SubtypeClassifier.load(tmp_path, "test")


def test_threshold_never_overrides_when_the_model_only_hurts():
    examples = [TrainingExample("x", CLASH, CLASH)] * 3
    assert choose_threshold([(SHELLING, 0.99)] * 3, examples) > 1.0
    assert 0.3 <= choose_threshold([(SHELLING, 0.6)] * 3, [TrainingExample("x", CLASH, SHELLING)] * 3) <= 0.6


def test_rule_subtype_is_one_token_and_digits_fold():
    assert model_text("On 23 May 2022, clashes.", CLASH) == "rulearmedclash On 00 May 0000, clashes."
    assert model_text("x", None).startswith("rulenone ")


def test_bad_training_files_give_clear_errors(tmp_path, taxonomy):
    bad_csv = tmp_path / "export.csv"
    bad_csv.write_text("event_date,notes\n2022-01-01,Something happened.\n")
    with pytest.raises(crossval.TrainDataError, match="missing column.*sub_event_type"):
        crossval.load_training_set("acled", bad_csv, taxonomy)
    bad_jsonl = tmp_path / "corrections.jsonl"
    bad_jsonl.write_text('{"text": "Rebels shelled the town.", "sub_event_type": "Shelling"}\n')
    with pytest.raises(crossval.TrainDataError, match="not in ACLED's taxonomy"):
        crossval.load_training_set("jsonl", bad_jsonl, taxonomy)
    bad_jsonl.write_text('{"text": "Rebels shelled the town."\n')
    with pytest.raises(crossval.TrainDataError, match="line 1 is not JSON"):
        crossval.load_training_set("jsonl", bad_jsonl, taxonomy)


def test_cross_validation_reports_shipped_and_trained_per_fold(taxonomy):
    """On pre-coded lines (no NLP): the rules say armed clash everywhere; the model fixes shelling."""
    ts = crossval.load_training_set("jsonl", SYNTHETIC, taxonomy)
    coded = {a.doc_id: {"id": a.doc_id, "events": [{"event_type": "Battles", "sub_event_type": CLASH,
                                                    "confidence": 0.8, "evidence": [{"text": a.text}]}]}
             for a in ts.documents}
    report = crossval.cross_validate(ts, coded, taxonomy, k=3, coder_version="test", epochs=10)
    assert [f["fold"] for f in report.folds] == [1, 2, 3] and sum(f["n"] for f in report.folds) == 40
    mean = report.mean()
    assert mean["shipped"]["sub_event_type"] == pytest.approx(0.5, abs=0.1)
    assert mean["trained"]["sub_event_type"] > mean["shipped"]["sub_event_type"]


def test_coder_with_the_model_changes_a_subtype_the_rules_got_wrong(coder, model):
    from frontlines.nlp.pipeline import Coder

    text = "Tribal fighters fought police posts near Palmyra with quillbolts on Friday."
    from frontlines import api

    before = api.code_text(text, coder=coder, published="2021-03-12").events
    assert before and before[0].sub_event_type != SHELLING
    trained = Coder(coder.nlp, coder.gazetteer, coder.actors, coder.taxonomy, coder.lexicon, classifier=model)
    after = api.code_text(text, coder=trained, published="2021-03-12").events
    assert after[0].sub_event_type == SHELLING
    assert after[0].event_type == "Explosions/Remote violence"
    assert after[0].notes != before[0].notes  # the notes are written after the model decided


def test_cli_train_cross_validates_saves_and_codes_with_the_model(tmp_path, cli_coder, monkeypatch):
    from frontlines import api

    out = tmp_path / "model"
    result = runner.invoke(app, ["train", "jsonl", str(SYNTHETIC), "--out", str(out), "--cv", "3",
                                 "--epochs", "10", "--coded", str(tmp_path / "coded.jsonl"), "--json"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(report["folds"]) == 3 and "trained" in report["mean"]
    assert (tmp_path / "coded.jsonl").is_file() and (out / "frontlines-model.json").is_file()

    monkeypatch.setattr(api, "default_coder", lambda model=None: _with_model(cli_coder, model))
    doc = tmp_path / "in.jsonl"
    doc.write_text(json.dumps({"id": "a", "published": "2021-03-12",
                               "text": "Tribal fighters fought police posts near Palmyra with quillbolts on Friday."}) + "\n")
    coded = runner.invoke(app, ["code", str(doc), "--model", str(out)], catch_exceptions=False)
    assert coded.exit_code == 0, coded.output
    line = json.loads(coded.stdout.strip().splitlines()[-1])
    assert line["events"][0]["sub_event_type"] == SHELLING


def test_cli_train_rejects_a_bad_file_and_a_bad_model(tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["train", "acled", str(bad), "--cv", "2"])
    assert result.exit_code != 0 and "missing column" in flat(result.output)
    result = runner.invoke(app, ["code", str(bad), "--model", str(tmp_path)])
    assert result.exit_code != 0 and "not a frontlines model directory" in flat(result.output)


def flat(output: str) -> str:
    """Rich's error box wraps long messages: its text as one line."""
    return " ".join(output.replace("│", " ").split())


def _with_model(coder, model: Path | None):
    from frontlines.nlp.pipeline import CODER_VERSION, Coder

    if model is None:
        return coder
    return Coder(coder.nlp, coder.gazetteer, coder.actors, coder.taxonomy, coder.lexicon,
                 classifier=SubtypeClassifier.load(model, CODER_VERSION))
