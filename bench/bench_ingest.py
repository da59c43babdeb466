#!/usr/bin/env python
"""Ingest throughput benchmark: one process vs `--engine dask`, SQLite vs PostgreSQL, in one run.

On the same articles (Timeline17 Syria by default), one after the other in this run:

1. single process -> SQLite       (`api.ingest` with a `Coder` in this process)
2. single process -> PostgreSQL   (same coder; when a server is given: --pg URL or $FRONTLINES_TEST_PG)
3. dask, 1 worker -> SQLite       (`api.ingest` with `nlp.distributed.DaskCoder` on a local cluster)
4. dask, 2 workers -> SQLite

Each run starts on an empty store; the coder (or the cluster and its workers' coders) is loaded
before the clock starts. Reported: articles/s, the time spent in the store's write transaction
(`save_article_coded`), scaling efficiency rate(2 workers) / (2 x rate(1 worker)), peak RSS of
this process and of each Dask worker, whether each run stored exactly the events of run 1
(`store.snapshot`), and a paper estimate of the workers a day of GDELT-scale news needs.

    python bench/bench_ingest.py --limit 40
    scripts/with-postgres python bench/bench_ingest.py --json > ingest.json   # all 624, with PostgreSQL

See bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_coder import load_rows, rss_mb  # noqa: E402  (same input handling)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_ENV = "FRONTLINES_TEST_PG"
GDELT_DAY = 250_000  # articles a day, GDELT-scale news
SECONDS_PER_DAY = 86_400


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ input


def write_input(rows: list[tuple[str, Any]], folder: Path) -> Path:
    """The articles as a JSONL file, the form `frontlines ingest` reads."""
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, (text, published) in enumerate(rows):
            fh.write(json.dumps({"id": f"t17-{i:04d}", "text": text,
                                 "published": published.isoformat() if published else None}) + "\n")
    return path


# ------------------------------------------------------------------ stores


def sqlite_url(folder: Path, name: str) -> str:
    return f"sqlite:///{folder / (name + '.db')}"


class PgDatabases:
    """Fresh databases on the server at ``admin_url`` (dropped by ``close``)."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine

        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_size=1)
        self.names: list[str] = []

    def fresh(self) -> str:
        import uuid

        from sqlalchemy import text

        name = f"fl_bench_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            for name in self.names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


# ------------------------------------------------------------------ one run


def timed_ingest(label: str, path: Path, url: str, coder: Any, load_seconds: float) -> dict[str, Any]:
    """Ingest ``path`` into the empty store at ``url`` with ``coder``; the store's write
    transactions are timed by wrapping ``save_article_coded`` on the instance."""
    from frontlines import api
    from frontlines.store import Store
    from frontlines.store.snapshot import snapshot

    store = Store.open(url)
    write = {"seconds": 0.0}
    inner: Callable = store.save_article_coded

    def save(*a: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return inner(*a, **kw)
        finally:
            write["seconds"] += time.perf_counter() - t0

    store.save_article_coded = save  # type: ignore[method-assign]
    log(f"{label}: ingesting…")
    t0, c0 = time.perf_counter(), time.process_time()
    summary = api.ingest([str(path)], store=store, coder=coder)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    shot = snapshot(store.engine)
    store.close()
    result = {
        "label": label, "backend": url.split(":", 1)[0].split("+", 1)[0],
        "articles": summary.ingested, "events_coded": summary.events, "events_stored": len(shot["events"]),
        "seconds": round(seconds, 3), "articles_per_s": round(summary.ingested / seconds, 3) if seconds else None,
        "write_seconds": round(write["seconds"], 3),
        "writes_per_s": round(summary.ingested / write["seconds"], 1) if write["seconds"] else None,
        "client_cpu_seconds": round(cpu, 3), "load_seconds": round(load_seconds, 3),
    }
    log(f"{label}: {result['articles']} articles in {seconds:.1f} s = {result['articles_per_s']} articles/s "
        f"(store writes {result['write_seconds']} s)")
    return result | {"_snapshot": shot}


def worker_peak_rss_mb() -> float | None:
    """Run on each Dask worker (shipped by value, so it imports nothing from this folder): its
    peak resident set size, VmHWM from /proc/self/status (Linux), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def dask_run(label: str, path: Path, url: str, workers: int, chunk_size: int) -> dict[str, Any]:
    from frontlines.nlp.distributed import CoderSpec, DaskCoder, dask_client

    with dask_client(workers=workers) as client:
        t0 = time.perf_counter()
        coder = DaskCoder(client, CoderSpec(), chunk_size=chunk_size)
        coder.start()  # every worker builds its coder before the clock starts
        load = time.perf_counter() - t0
        try:
            result = timed_ingest(label, path, url, coder, load)
            peaks = client.run(worker_peak_rss_mb)
        finally:
            coder.close()
    return result | {"workers": workers, "chunk_size": chunk_size,
                     "worker_peak_rss_mb": sorted(round(v, 1) for v in peaks.values() if v is not None)}


# ------------------------------------------------------------------ the whole bench


def run(args: argparse.Namespace) -> dict[str, Any]:
    from frontlines.nlp.pipeline import Coder
    from frontlines.store.snapshot import differences

    source, rows = load_rows(args)
    load_avg_start = os.getloadavg()
    pg_url = args.pg or os.environ.get(PG_ENV)
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp)
        path = write_input(rows, folder)
        log(f"{len(rows)} articles from {source}; loading the coder…")
        t0 = time.perf_counter()
        coder = Coder.default()
        load = time.perf_counter() - t0
        single = timed_ingest("single/sqlite", path, sqlite_url(folder, "single"), coder, load)
        single["process_peak_rss_mb"] = round(rss_mb(), 1)
        runs.append(single)
        pg = PgDatabases(pg_url) if pg_url and not args.no_pg else None
        try:
            if pg is not None:
                runs.append(timed_ingest("single/postgresql", path, pg.fresh(), coder, load))
        finally:
            if pg is not None:
                pg.close()
        del coder
        if not args.no_dask:
            for n in (1, 2):
                runs.append(dask_run(f"dask-{n}/sqlite", path, sqlite_url(folder, f"dask{n}"), n, args.chunk_size))
    reference = single["_snapshot"]
    for r in runs:
        shot = r.pop("_snapshot")
        r["same_as_single"] = shot == reference
        if not r["same_as_single"]:
            r["differences"] = differences(reference, shot)
    return report(source, rows, runs, load_avg_start)


def report(source: str, rows: list, runs: list[dict[str, Any]], load_avg_start: tuple) -> dict[str, Any]:
    by = {r["label"]: r for r in runs}
    out: dict[str, Any] = {
        "corpus": source, "n_articles": len(rows), "runs": runs,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg_start": [round(x, 2) for x in load_avg_start],
                    "load_avg_end": [round(x, 2) for x in os.getloadavg()]},
    }
    one, two = by.get("dask-1/sqlite"), by.get("dask-2/sqlite")
    if one and two and one["articles_per_s"] and two["articles_per_s"]:
        out["scaling_efficiency"] = round(two["articles_per_s"] / (2 * one["articles_per_s"]), 3)
        out["dask2_over_single"] = round(two["articles_per_s"] / by["single/sqlite"]["articles_per_s"], 3)
    if "single/postgresql" in by:
        out["postgresql_over_sqlite"] = round(by["single/postgresql"]["articles_per_s"]
                                              / by["single/sqlite"]["articles_per_s"], 3)
    out["paper_estimate"] = estimate(one or by["single/sqlite"], out.get("scaling_efficiency"))
    return out


def estimate(base: dict[str, Any], efficiency: float | None) -> dict[str, Any]:
    """Workers needed to code GDELT_DAY articles in a day at the measured per-worker rate (and
    at that rate discounted by the measured 2-worker efficiency, when there is one). The store
    takes one writer at a time: its write rate must also exceed the arrival rate."""
    rate = base["articles_per_s"]
    need = GDELT_DAY / SECONDS_PER_DAY
    plan = {"articles_per_day": GDELT_DAY, "arrival_per_s": round(need, 2),
            "per_worker_articles_per_s": rate, "from_run": base["label"],
            "workers_at_measured_rate": math.ceil(need / rate) if rate else None,
            "store_writes_per_s": base.get("writes_per_s")}
    if efficiency:
        plan["workers_with_efficiency"] = math.ceil(need / (rate * min(efficiency, 1.0)))
    return plan


def print_human(out: dict[str, Any]) -> None:
    print(f"{out['n_articles']} articles from {out['corpus']}  (CPUs {out['machine']['cpus']}, "
          f"load {out['machine']['load_avg_start'][0]} -> {out['machine']['load_avg_end'][0]})")
    print(f"{'run':20} {'articles/s':>10} {'seconds':>8} {'writes/s':>9} {'load s':>7} {'events':>7}  same  peak RSS MiB")
    for r in out["runs"]:
        rss = r.get("worker_peak_rss_mb") or [r.get("process_peak_rss_mb")]
        print(f"{r['label']:20} {r['articles_per_s']:>10} {r['seconds']:>8} {r['writes_per_s']!s:>9} "
              f"{r['load_seconds']:>7} {r['events_stored']:>7}  {'yes' if r['same_as_single'] else 'NO':4}  "
              f"{', '.join(str(x) for x in rss if x is not None)}")
    for key in ("scaling_efficiency", "dask2_over_single", "postgresql_over_sqlite"):
        if key in out:
            print(f"{key}: {out[key]}")
    plan = out["paper_estimate"]
    line = (f"paper estimate: {plan['articles_per_day']:,} articles/day = {plan['arrival_per_s']} articles/s; "
            f"at {plan['per_worker_articles_per_s']} articles/s per worker ({plan['from_run']}) "
            f"-> {plan['workers_at_measured_rate']} workers")
    if "workers_with_efficiency" in plan:
        line += f", {plan['workers_with_efficiency']} with the measured scaling efficiency"
    print(line + f"; one store writer takes {plan['store_writes_per_s']} articles/s")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", help="CSV with columns date,text (default ../shared/eval/corpus/timeline17-syria.csv)")
    p.add_argument("--texts-file", help='JSONL, one {"text": ..., "date": ...} per line, instead of the corpus')
    p.add_argument("--limit", type=int, help="only the first N articles (default: all)")
    p.add_argument("--pg", help=f"PostgreSQL server URL for the SQLite-vs-PostgreSQL run (default ${PG_ENV})")
    p.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL run")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    p.add_argument("--chunk-size", type=int, default=16, help="documents per Dask task (default 16)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    out = run(args)  # a BenchError (no corpus, ...) exits with its message
    if args.json:
        print(json.dumps(out, indent=2, default=str))
    else:
        print_human(out)


if __name__ == "__main__":
    main()
