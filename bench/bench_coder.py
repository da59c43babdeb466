#!/usr/bin/env python
"""Coder speed benchmark: `Coder.code_many` against a bare spaCy `nlp.pipe` in the same run.

Times the full coder (spaCy parse + every coder stage) and the bare spaCy pipeline (same
model object, same batch size, same texts) in alternating order over several rounds after a
warm-up, and reports the medians as articles/s and words/s, the ratio coder/bare, the coder's
per-stage time split (measured by wrapping the `Coder.step_*` methods on the instance) and the
peak resident memory of each, measured in two separate child processes (VmHWM / ru_maxrss).

    python bench/bench_coder.py                       # timeline17-syria.csv from ../shared
    python bench/bench_coder.py --limit 100 --rounds 3 --json
    python bench/bench_coder.py --texts-file my.jsonl  # {"text": ..., "date": "YYYY-MM-DD"} per line

See bench/README.md for how to read the numbers.
"""
from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS_DIR = ROOT.parent / "shared" / "eval" / "corpus"
DEFAULT_CORPUS_FILE = "timeline17-syria.csv"

# PTB escapes in the timeline17 texts, mapped back before coding.
PTB_MAP = (
    ("-LRB-", "("), ("-RRB-", ")"),
    ("-LSB-", "["), ("-RSB-", "]"),
    ("-LCB-", "{"), ("-RCB-", "}"),
    ("``", '"'), ("''", '"'),
)

# Coder methods timed by wrapping them on the instance (pipeline.py is not touched).
# `context` is not a step_* method but builds the per-sentence spans and paragraph index.
STAGES = ("step_sentences", "step_reference", "step_places", "step_actors", "step_dates",
          "context", "step_events", "step_numbers", "step_statements")


class BenchError(SystemExit):
    pass


# ------------------------------------------------------------------ input


def unptb(text: str) -> str:
    for a, b in PTB_MAP:
        text = text.replace(a, b)
    return text


def parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def resolve_corpus(corpus: str | None) -> Path:
    path = Path(corpus) if corpus else DEFAULT_CORPUS_DIR
    if path.is_dir() or (not path.suffix and not path.exists()):
        path = path / DEFAULT_CORPUS_FILE
    return path


def load_rows(args: argparse.Namespace) -> tuple[str, list[tuple[str, date | None]]]:
    """(source description, [(text, published)]) from --texts-file or the corpus CSV."""
    rows: list[tuple[str, date | None]] = []
    if args.texts_file:
        src = Path(args.texts_file)
        if not src.is_file():
            raise BenchError(f"bench_coder: --texts-file {src} does not exist")
        with src.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise BenchError(f"bench_coder: {src}:{n}: not JSON ({e})") from None
                text = obj.get("text") if isinstance(obj, dict) else None
                if not text:
                    raise BenchError(f"bench_coder: {src}:{n}: no \"text\"")
                rows.append((unptb(text), parse_date(obj.get("date") or obj.get("published"))))
    else:
        src = resolve_corpus(args.corpus)
        if not src.is_file():
            raise BenchError(
                f"bench_coder: corpus not found: {src}\n"
                f"  The benchmark reads {DEFAULT_CORPUS_FILE} from ../shared/eval/corpus beside the "
                f"checkout (not shipped with the repository).\n"
                f"  Pass --corpus PATH (a CSV with columns date,text, or its folder) or "
                f"--texts-file FILE.jsonl.")
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with src.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "text" not in reader.fieldnames:
                raise BenchError(f"bench_coder: {src}: no 'text' column (columns: {reader.fieldnames})")
            for rec in reader:
                if rec.get("text"):
                    rows.append((unptb(rec["text"]), parse_date(rec.get("date"))))
    if args.limit is not None:
        rows = rows[: args.limit]
    if not rows:
        raise BenchError(f"bench_coder: no texts in {src}")
    return str(src), rows


def make_articles(rows: list[tuple[str, date | None]], origin: str) -> list[Any]:
    from frontlines.records import Article

    return [Article(text=t, published=d, origin=f"{origin}:{i + 1}") for i, (t, d) in enumerate(rows)]


# ------------------------------------------------------------------ timing


class StageClock:
    """Wraps Coder methods on one instance and sums their wall time per round."""

    def __init__(self, coder: Any):
        self.totals: dict[str, float] = {}
        for name in (*STAGES, "code_doc"):
            self._wrap(coder, name)

    def _wrap(self, coder: Any, name: str) -> None:
        inner: Callable = getattr(coder, name)
        totals = self.totals
        clock = time.perf_counter

        def timed(*a: Any, **kw: Any) -> Any:
            t0 = clock()
            try:
                return inner(*a, **kw)
            finally:
                totals[name] = totals.get(name, 0.0) + clock() - t0

        setattr(coder, name, timed)  # instance attribute shadows the class method

    def reset(self) -> None:
        self.totals.clear()


def run_coder(coder: Any, articles: list[Any], batch_size: int) -> tuple[float, int, float]:
    """(wall seconds, events, CPU seconds of this process)."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    events = 0
    for coded in coder.code_many(articles, batch_size=batch_size):
        events += len(coded.events)
    return time.perf_counter() - t0, events, time.process_time() - c0


def run_bare(nlp: Any, texts: list[str], batch_size: int) -> tuple[float, int, float]:
    """(wall seconds, tokens, CPU seconds of this process)."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    return time.perf_counter() - t0, tokens, time.process_time() - c0


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB.

    Linux: VmHWM from /proc/self/status (the high-water mark of this program's memory, reset by
    exec). Not ru_maxrss there: Linux carries the parent's peak across fork+exec, so a child
    started by a process holding the model would report the parent's peak. Elsewhere ru_maxrss
    (KiB on Linux/BSD, bytes on macOS)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_memory(args: argparse.Namespace) -> dict[str, Any]:
    """Run inside a fresh process: load, record peak RSS, one pass, record peak RSS again."""
    _, rows = load_rows(args)
    base = rss_mb()
    if args._child == "coder":
        from frontlines.nlp.pipeline import Coder

        coder = Coder.default()
        loaded = rss_mb()
        articles = make_articles(rows, "mem")
        seconds, _, _ = run_coder(coder, articles, args.batch_size)
    else:
        from frontlines.nlp.model import load_nlp

        nlp = load_nlp()
        loaded = rss_mb()
        seconds, _, _ = run_bare(nlp, [t for t, _ in rows], args.batch_size)
    return {"python_baseline_mb": round(base, 1), "after_load_mb": round(loaded, 1),
            "peak_rss_mb": round(rss_mb(), 1), "run_growth_mb": round(rss_mb() - loaded, 1),
            "single_pass_seconds": round(seconds, 3)}


def measure_memory(args: argparse.Namespace, which: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", which,
           "--batch-size", str(args.batch_size)]
    if args.texts_file:
        cmd += ["--texts-file", str(args.texts_file)]
    if args.corpus:
        cmd += ["--corpus", str(args.corpus)]
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT))
    if proc.returncode != 0:
        raise BenchError(f"bench_coder: memory child ({which}) failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ report


def throughput(seconds: list[float], n_articles: int, n_words: int) -> dict[str, Any]:
    med = statistics.median(seconds)
    return {"seconds_median": round(med, 4), "seconds_min": round(min(seconds), 4),
            "seconds_all": [round(s, 4) for s in seconds],
            "articles_per_s": round(n_articles / med, 2), "words_per_s": round(n_words / med, 1)}


def stage_split(rounds: list[dict[str, float]], coder_seconds: list[float]) -> dict[str, Any]:
    """Median seconds per stage over rounds; the spaCy parse is what code_many spends outside
    code_doc (nlp.pipe runs lazily inside the loop); `other` is code_doc outside the stages."""
    per_round = []
    for totals, total in zip(rounds, coder_seconds):
        row = {name.removeprefix("step_"): totals.get(name, 0.0) for name in STAGES}
        code_doc = totals.get("code_doc", 0.0)
        row["other_code_doc"] = max(0.0, code_doc - sum(totals.get(n, 0.0) for n in STAGES))
        row["spacy_parse"] = max(0.0, total - code_doc)
        per_round.append(row)
    med_total = statistics.median(coder_seconds)
    out = {}
    for name in per_round[0]:
        sec = statistics.median(r[name] for r in per_round)
        out[name] = {"seconds": round(sec, 4), "share": round(sec / med_total, 4) if med_total else 0.0}
    return out


def machine_info() -> dict[str, Any]:
    import spacy

    info: dict[str, Any] = {"python": platform.python_version(), "spacy": spacy.__version__,
                            "platform": platform.platform(), "cpu_count": os.cpu_count()}
    try:
        info["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def print_human(r: dict[str, Any]) -> None:
    c, b = r["coder"], r["bare"]
    print(f"corpus      {r['corpus']}")
    print(f"articles    {r['n_articles']}   words {r['n_words']}   spaCy tokens {r['n_tokens']}   "
          f"events coded {r['n_events']}")
    print(f"model       {r['model']}   batch size {r['batch_size']}   rounds {r['rounds']} (+ warm-up)")
    m = r["machine"]
    print(f"machine     {m['cpu_count']} CPUs, load avg {m.get('loadavg_start')} -> {m.get('loadavg_end')}")
    print()
    print(f"{'':8}{'median s':>10}{'min s':>10}{'articles/s':>12}{'words/s':>11}   all rounds (s)")
    for name, d in (("coder", c), ("bare", b)):
        print(f"{name:8}{d['seconds_median']:>10.2f}{d['seconds_min']:>10.2f}{d['articles_per_s']:>12.2f}"
              f"{d['words_per_s']:>11.0f}   {', '.join(f'{s:.2f}' for s in d['seconds_all'])}")
    print(f"\nratio coder/bare (median time): {r['ratio_coder_over_bare']:.2f}x   (target <= 1.00x)")
    cs = r["cpu_seconds_median"]
    print(f"ratio coder/bare (median CPU time of this process, {cs['coder']:.2f} s / {cs['bare']:.2f} s): "
          f"{r['ratio_cpu_coder_over_bare']:.2f}x")
    print("\ncoder stage split (median over rounds, share of coder time):")
    for name, d in sorted(r["stages"].items(), key=lambda kv: -kv[1]["seconds"]):
        print(f"  {name:16}{d['seconds']:>9.2f} s  {100 * d['share']:5.1f} %")
    if r.get("memory"):
        print("\npeak memory (peak RSS, separate processes, one untimed pass each):")
        for name, d in r["memory"].items():
            print(f"  {name:6} peak {d['peak_rss_mb']:8.1f} MB   after load {d['after_load_mb']:8.1f} MB   "
                  f"growth during run {d['run_growth_mb']:7.1f} MB")


# ------------------------------------------------------------------ main


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", help=f"CSV with columns date,text, or a folder holding {DEFAULT_CORPUS_FILE} "
                                    f"(default: {DEFAULT_CORPUS_DIR})")
    p.add_argument("--texts-file", help="JSONL instead of the corpus: one {\"text\": ..., \"date\": ...} per line")
    p.add_argument("--limit", type=int, help="only the first N texts")
    p.add_argument("--batch-size", type=int, default=32, help="batch size for both (default 32)")
    p.add_argument("--rounds", type=int, default=3, help="timed rounds of each, alternating order (default 3)")
    p.add_argument("--warmup", type=int, default=None,
                   help="texts in the untimed warm-up of each (default: one batch)")
    p.add_argument("--no-memory", action="store_true", help="skip the two peak-memory child processes")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.add_argument("--_child", choices=("coder", "bare"), help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.limit is not None and args.limit < 1:
        raise BenchError("bench_coder: --limit must be >= 1")
    if args.batch_size < 1 or args.rounds < 1:
        raise BenchError("bench_coder: --batch-size and --rounds must be >= 1")
    if args._child:
        print(json.dumps(child_memory(args)))
        return 0

    source, rows = load_rows(args)  # fails fast, before the model loads, when the corpus is absent
    info = machine_info()
    log = (lambda msg: print(msg, file=sys.stderr, flush=True))

    # Memory first, while this process is still small (children are separate programs).
    memory = None
    if not args.no_memory:
        memory = {}
        for which in ("coder", "bare"):
            log(f"peak memory: {which} in a child process (one untimed pass) ...")
            memory[which] = measure_memory(args, which)

    from frontlines.nlp.model import model_name
    from frontlines.nlp.pipeline import Coder

    log(f"loading coder ({len(rows)} texts from {source}) ...")
    coder = Coder.default()
    nlp = coder.nlp  # the bare run uses the very same pipeline object
    articles = make_articles(rows, source)
    texts = [a.text for a in articles]
    n_words = sum(len(t.split()) for t in texts)

    warm = min(len(articles), args.warmup if args.warmup is not None else args.batch_size)
    if warm:
        log(f"warm-up on {warm} texts ...")
        run_coder(coder, articles[:warm], args.batch_size)
        run_bare(nlp, texts[:warm], args.batch_size)

    clock = StageClock(coder)
    coder_s: list[float] = []
    bare_s: list[float] = []
    cpu: dict[str, list[float]] = {"coder": [], "bare": []}
    stage_rounds: list[dict[str, float]] = []
    n_events = n_tokens = 0
    for r in range(args.rounds):
        order = ("coder", "bare") if r % 2 == 0 else ("bare", "coder")
        for which in order:
            if which == "coder":
                clock.reset()
                sec, n_events, cpu_s = run_coder(coder, articles, args.batch_size)
                coder_s.append(sec)
                stage_rounds.append(dict(clock.totals))
            else:
                sec, n_tokens, cpu_s = run_bare(nlp, texts, args.batch_size)
                bare_s.append(sec)
            cpu[which].append(cpu_s)
            log(f"round {r + 1}/{args.rounds} {which:5} {sec:8.2f} s  (CPU {cpu_s:.2f} s)")

    try:
        info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    coder_t = throughput(coder_s, len(articles), n_words)
    bare_t = throughput(bare_s, len(articles), n_words)
    result = {
        "corpus": source,
        "n_articles": len(articles),
        "n_words": n_words,
        "n_tokens": n_tokens,
        "n_events": n_events,
        "batch_size": args.batch_size,
        "rounds": args.rounds,
        "warmup_texts": warm,
        "model": model_name(nlp),
        "pipe_names": list(nlp.pipe_names),
        "coder": coder_t,
        "bare": bare_t,
        "ratio_coder_over_bare": round(coder_t["seconds_median"] / bare_t["seconds_median"], 3),
        # CPU seconds of this process: less disturbed than wall time when other jobs share the CPUs
        "cpu_seconds_median": {k: round(statistics.median(v), 4) for k, v in cpu.items()},
        "ratio_cpu_coder_over_bare": round(statistics.median(cpu["coder"]) / statistics.median(cpu["bare"]), 3),
        "stages": stage_split(stage_rounds, coder_s),
        "memory": memory,
        "machine": info,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_human(result)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
