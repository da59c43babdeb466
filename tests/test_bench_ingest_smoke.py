"""Smoke test of bench/bench_ingest.py on three short texts written for the test: the JSON's
shape and that every run stored the events of the single-process run. No timings asserted."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_bench_smoke import TEXTS

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'frontlines[dask]'")
pytestmark = pytest.mark.slow
BENCH = ROOT / "bench" / "bench_ingest.py"


def test_bench_ingest_json_on_three_texts(tmp_path):
    texts = tmp_path / "texts.jsonl"
    texts.write_text("".join(json.dumps(t) + "\n" for t in TEXTS), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(BENCH), "--texts-file", str(texts), "--no-pg", "--json"],
                          capture_output=True, text=True, cwd=str(ROOT), timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["n_articles"] == 3
    assert [r["label"] for r in out["runs"]] == ["single/sqlite", "dask-1/sqlite", "dask-2/sqlite"]
    for run in out["runs"]:
        assert run["articles"] == 3 and run["same_as_single"], run
        assert {"articles_per_s", "seconds", "write_seconds", "load_seconds", "events_stored"} <= set(run)
    assert len(out["runs"][2]["worker_peak_rss_mb"]) == 2
    assert {"scaling_efficiency", "dask2_over_single", "paper_estimate", "machine"} <= set(out)
    assert out["paper_estimate"]["workers_at_measured_rate"] >= 1
