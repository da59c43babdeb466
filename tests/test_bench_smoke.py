"""Smoke test of bench/bench_coder.py: runs on three short texts, checks the JSON's shape.

No timings are asserted (they depend on the machine and its load)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench" / "bench_coder.py"

# Written for this test (not from any corpus); the first uses PTB escapes as timeline17 does.
TEXTS = [
    {"date": "2014-02-03", "text": "ALEPPO -LRB- Reuters -RRB- - Government aircraft dropped barrel bombs "
                                   "on the Masaken Hanano district of Aleppo on Sunday , killing 12 people , "
                                   "`` mostly civilians , '' a monitoring group said ."},
    {"date": "2014-02-04", "text": "Rebels attacked an army checkpoint near Idlib on Monday. Three soldiers "
                                   "were killed in the clashes, the state news agency said."},
    {"text": "Hundreds of people protested peacefully in Homs on Friday against rising bread prices."},
]


def run_bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True,
                          cwd=str(ROOT), timeout=600)


def test_bench_json_on_three_texts(tmp_path):
    texts = tmp_path / "texts.jsonl"
    texts.write_text("".join(json.dumps(t) + "\n" for t in TEXTS), encoding="utf-8")
    proc = run_bench("--texts-file", str(texts), "--rounds", "1", "--warmup", "1",
                     "--batch-size", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("corpus", "n_articles", "n_words", "n_tokens", "n_events", "batch_size", "rounds", "model",
                "coder", "bare", "ratio_coder_over_bare", "stages", "memory", "machine"):
        assert key in out, key
    assert out["n_articles"] == 3 and out["batch_size"] == 2 and out["rounds"] == 1
    for side in ("coder", "bare"):
        assert {"seconds_median", "seconds_all", "articles_per_s", "words_per_s"} <= set(out[side])
        assert len(out[side]["seconds_all"]) == 1
        assert {"peak_rss_mb", "after_load_mb", "run_growth_mb"} <= set(out["memory"][side])
    assert {"sentences", "reference", "places", "actors", "dates", "context", "events", "numbers",
            "statements", "other_code_doc", "spacy_parse"} == set(out["stages"])
    assert all({"seconds", "share"} == set(v) for v in out["stages"].values())


def test_bench_missing_corpus_says_so(tmp_path):
    proc = run_bench("--corpus", str(tmp_path / "nowhere"), "--json")
    assert proc.returncode != 0
    assert "corpus not found" in proc.stderr and "--corpus" in proc.stderr
