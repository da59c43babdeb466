"""Crash safety and concurrency of `frontlines ingest` (issue 6, part 3), on real processes.

- kill -9 at several points of an ingest of 300 reports, then the same command again to the
  end: the store equals the store of one uninterrupted run (same event ids, counts, evidence),
  on SQLite and on PostgreSQL;
- two ingests with overlapping inputs into one store at once (PostgreSQL and SQLite): no error,
  every article once, and exactly the store of one sequential run in the writers' commit order;
- the HTTP API answers /api/events while an ingest writes to a SQLite store (WAL).

The reports come from `tests.newswire` (templates written for the project).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from frontlines import api
from frontlines.store import Store, make_engine
from frontlines.store.models import ArticleRow
from frontlines.store.snapshot import Snapshot, counts, differences, snapshot
from tests.conftest import ROOT, fresh_store_url
from tests.newswire import reports, write_jsonl

pytestmark = pytest.mark.slow

N_REPORTS = 300
KILL_AFTER = (30, 150, 270)  # articles in the store: ~10 %, ~50 %, ~90 % of the input
POLL_SECONDS = 0.02
RUN_TIMEOUT = 300


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("wire") / "wire.jsonl", reports(N_REPORTS))


@pytest.fixture
def other_store_url(store_url, tmp_path, request):
    """A second fresh store on the same back end as ``store_url``."""
    backend = "sqlite" if store_url.startswith("sqlite") else "postgresql"
    yield from fresh_store_url(request, backend, tmp_path / "other.db")


def start_ingest(inputs: list[Path], url: str, log: Path) -> subprocess.Popen:
    """`frontlines ingest INPUTS --db URL` in a child process (its output to ``log``)."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "frontlines.cli", "ingest", *map(str, inputs), "--db", url],
                                stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)


def article_count(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(ArticleRow))


def kill_when_stored(proc: subprocess.Popen, engine, at_least: int) -> int:
    """SIGKILL ``proc`` as soon as the store holds ``at_least`` articles; returns the count
    seen. Fails when the ingest ended first (the kill point was never reached)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        seen = article_count(engine)
        if seen >= at_least:
            assert proc.poll() is None, f"the ingest finished before it could be killed at {at_least}"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return seen
        assert proc.poll() is None, f"the ingest exited ({proc.returncode}) with {seen} articles stored"
        time.sleep(POLL_SECONDS)
    proc.kill()
    raise AssertionError(f"no {at_least} articles after {RUN_TIMEOUT} s")


def finish(proc: subprocess.Popen, log: Path) -> None:
    assert proc.wait(timeout=RUN_TIMEOUT) == 0, log.read_text(errors="replace")[-3000:]


def clean_run(inputs: list[Path], url: str, coder) -> Snapshot:
    """The reference: the same input ingested in one uninterrupted run (in this process)."""
    with Store.open(url) as store:
        for path in inputs:
            api.ingest([str(path)], store=store, coder=coder)
        return snapshot(store.engine)


def test_killed_ingest_rerun_equals_an_uninterrupted_run(wire, store_url, other_store_url, coder, tmp_path):
    expected = clean_run([wire], other_store_url, coder)
    Store.open(store_url).close()  # the schema exists before the children and the polling start
    engine, log = make_engine(store_url), tmp_path / "ingest.log"
    seen = [kill_when_stored(start_ingest([wire], store_url, log), engine, n) for n in KILL_AFTER]
    finish(start_ingest([wire], store_url, log), log)
    got = snapshot(engine)
    engine.dispose()
    assert seen == sorted(seen) and seen[-1] < N_REPORTS  # each kill left work for the next run
    assert counts(got)["articles"] == N_REPORTS and counts(got)["events"] > 100
    assert not differences(expected, got), differences(expected, got)
    assert got == expected


def without_origin(shot: Snapshot) -> Snapshot:
    """All but which input file stored an article both inputs hold (whichever writer got there
    first)."""
    return {table: sorted((tuple(c for c in row if c[0] != "origin") for row in rows), key=repr)
            for table, rows in shot.items()}


def commit_order(engine, items: list[dict]) -> list[dict]:
    """The reports in the order the store took them. Articles are inserted under the store's
    write lock, so their ids (a sequence, SQLite's max + 1) follow the order of the writes."""
    by_url = {item["url"]: item for item in items}
    with engine.connect() as conn:
        urls = conn.scalars(select(ArticleRow.url).order_by(ArticleRow.id))
        return [by_url[url] for url in urls]


def test_two_ingests_at_once_into_one_store(store_url, other_store_url, coder, tmp_path):
    """Merging is order-dependent (the first report of an event founds it and names it), so two
    writers at once cannot promise the store of "first input, then second". What holds, and is
    tested: no error, every article once, and the store is exactly that of ONE sequential run
    of the same reports in the order the writers committed them (the writes are serialised:
    PostgreSQL by the store's advisory lock, SQLite by its own write lock)."""
    reference_url = other_store_url
    items = reports(N_REPORTS)
    # Overlapping inputs that meet in the middle: one walks up, the other down.
    first = write_jsonl(tmp_path / "first.jsonl", items[:200])
    second = write_jsonl(tmp_path / "second.jsonl", items[100:][::-1])
    Store.open(store_url).close()
    runs = [(start_ingest([path], store_url, tmp_path / f"{path.stem}.log"), tmp_path / f"{path.stem}.log")
            for path in (first, second)]
    for proc, log in runs:
        finish(proc, log)
    engine = make_engine(store_url)
    got, order = snapshot(engine), commit_order(engine, items)
    engine.dispose()
    assert counts(got)["articles"] == N_REPORTS == len(order)  # the unique (content, URL) key: each once
    assert order != items  # the writers did interleave
    expected = clean_run([write_jsonl(tmp_path / "serial.jsonl", order)], reference_url, coder)
    assert not differences(without_origin(expected), without_origin(got))
    assert without_origin(got) == without_origin(expected)


def test_api_answers_while_an_ingest_writes_sqlite(wire, tmp_path):
    from fastapi.testclient import TestClient

    from frontlines.web.app import create_app

    url = f"sqlite:///{tmp_path / 'live.db'}"
    store = Store.open(url)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"  # readers never wait on the writer
    log = tmp_path / "ingest.log"
    proc = start_ingest([wire], url, log)
    totals, answered = [], 0
    with TestClient(create_app(store, coder_factory=lambda: None)) as client:
        while proc.poll() is None:
            response = client.get("/api/events", params={"limit": 5})
            assert response.status_code == 200, response.text
            totals.append(article_count(store.engine))
            answered += 1
            time.sleep(0.05)
    finish(proc, log)
    store.close()
    assert answered >= 5 and 0 < len({t for t in totals if 0 < t < N_REPORTS})  # answered mid-ingest
    assert totals == sorted(totals)
