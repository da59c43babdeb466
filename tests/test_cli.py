"""The command line end to end: ingest, re-ingest, bad files, summary, exports, stateless code."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.export import ACLED_COLUMNS
from tests.conftest import ROOT, SEED_TEXT, need_shared

EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def store_counts(url: str) -> dict[str, int]:
    from frontlines.store import Store

    with Store.open(url) as store:
        return store.counts()


def test_ingest_examples_codes_events_and_reingest_stores_nothing_new(tmp_path, cli_coder, store_url):
    url = store_url
    first = run("ingest", str(EXAMPLES), "--db", url)
    counts = store_counts(url)
    assert counts["articles"] >= 7  # 2 files + 3 JSONL lines + 2 CSV rows
    assert counts["events"] >= 5
    assert "events by type" in first.output
    run("ingest", str(EXAMPLES), "--db", url)
    assert store_counts(url) == counts


def test_folder_with_corrupt_files_ingests_the_rest(tmp_path, cli_coder, store_url):
    folder = tmp_path / "batch"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "empty.txt").write_text("")
    url = store_url
    result = run("ingest", str(folder), "--db", url)
    counts = store_counts(url)
    assert counts["failures"] == 2
    assert counts["articles"] >= 7
    assert "broken.html" in result.output and "empty.txt" in result.output


def test_export_events_csv_has_acled_columns_then_own(tmp_path, cli_coder):
    url = db_url(tmp_path)
    run("ingest", str(EXAMPLES), "--db", url)
    out = tmp_path / "events.csv"
    run("export", "events", "--format", "csv", "--out", str(out), "--db", url)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == list(ACLED_COLUMNS) + ["confidence", "evidence", "article_url"]
    assert len(rows) - 1 == store_counts(url)["events"]


def test_export_geojson_and_jsonl(tmp_path, cli_coder, store_url):
    url = store_url
    run("ingest", str(EXAMPLES), "--db", url)
    geo = json.loads(run("export", "events", "--format", "geojson", "--db", url).output)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    lines = run("export", "events", "--format", "jsonl", "--db", url).output.splitlines()
    assert all(json.loads(line)["evidence"] for line in lines)


def test_export_rejects_unknown_format(tmp_path):
    result = runner.invoke(app, ["export", "events", "--format", "xlsx", "--db", db_url(tmp_path)])
    assert result.exit_code != 0 and "format" in result.output


def test_code_contract_from_jsonl_stdin(cli_coder):
    docs = [{"id": "a", "text": "Police arrested 12 protesters in Harare on 3 May 2022.", "published": "2022-05-04"},
            {"id": "b", "text": "The weather was mild across the region."}]
    stdin = "".join(json.dumps(d) + "\n" for d in docs)
    result = runner.invoke(app, ["code"], input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [o["id"] for o in out] == ["a", "b"]
    assert set(out[0]) == {"id", "published", "events", "places"}
    assert out[0]["events"] and out[1]["events"] == []
    event = out[0]["events"][0]
    for key in ("event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                "interaction", "latitude", "geo_precision", "fatalities", "notes", "confidence", "evidence"):
        assert key in event
    assert event["event_date"] == "2022-05-03"
    ev = event["evidence"][0]
    assert docs[0]["text"][ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.shared
def test_relations_and_control_exports_from_seed(tmp_path, cli_coder, store_url):
    need_shared(SEED_TEXT)
    url = store_url
    run("ingest", str(SEED_TEXT), "--db", url)
    rel = [json.loads(x) for x in run("export", "relations", "--db", url).output.splitlines() if x.strip()]
    assert rel and all(set(r) >= {"actor_a", "actor_b", "relation", "first_seen", "last_seen", "evidence"} for r in rel)
    ctl = [json.loads(x) for x in run("export", "control", "--db", url).output.splitlines() if x.strip()]
    assert all(set(c) >= {"location", "latitude", "longitude", "actor", "status", "since", "until", "evidence"} for c in ctl)
