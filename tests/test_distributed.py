"""`frontlines ingest --engine dask`: the same store as the single-process path.

A local Dask cluster of 2 worker processes codes ~30 generated reports, the packaged examples
and (when ../shared is here) the seed article and the first 24 wire articles of the Timeline17
Syria corpus (issue 6 asks for a subset of it; `bench/bench_ingest.py` compares all 624); the
store must hold exactly what the default path stores: same articles, events (same ids),
mentions, reports, statements, places, actors.
An analyst's alias fix in the store must reach the workers' coders.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'frontlines[dask]'")

from typer.testing import CliRunner  # noqa: E402

from frontlines.cli import app  # noqa: E402
from frontlines.records import AliasFix  # noqa: E402
from frontlines.store import Store  # noqa: E402
from frontlines.store.snapshot import counts, differences, snapshot  # noqa: E402
from tests.conftest import ROOT, SEED_TEXT, SHARED  # noqa: E402
from tests.newswire import reports, write_jsonl  # noqa: E402

pytestmark = pytest.mark.slow
runner = CliRunner()

# A name no dictionary knows, which the analyst's fix makes an Islamic State actor.
ALIAS = AliasFix(alias="Black Banner Brigade", actor="Islamic State (Syria)")
ALIAS_REPORT = {"id": "alias-1", "published": "2014-03-05", "url": "https://news.example.org/alias/1",
                "text": "Black Banner Brigade fighters shelled Azaz on Tuesday, killing 6 civilians, "
                        "a monitoring group said."}


CORPUS = SHARED / "eval" / "corpus" / "timeline17-syria.csv"
CORPUS_ARTICLES = 24


def inputs(folder: Path) -> list[str]:
    items = reports(30, seed=11) + [ALIAS_REPORT]
    found = [str(write_jsonl(folder / "wire.jsonl", items)), str(ROOT / "examples")]
    found += [str(SEED_TEXT)] if SEED_TEXT.exists() else []
    return found + ([str(corpus_head(folder / "timeline17-head.csv"))] if CORPUS.exists() else [])


def corpus_head(target: Path) -> Path:
    """The first articles of the Timeline17 Syria corpus, read at test time, never committed."""
    csv.field_size_limit(sys.maxsize)
    with open(CORPUS, newline="", encoding="utf-8") as src, open(target, "w", newline="", encoding="utf-8") as out:
        rows, writer = csv.reader(src), csv.writer(out)
        for _, row in zip(range(CORPUS_ARTICLES + 1), rows):  # the header and the first articles
            writer.writerow(row)
    return target


def ingest(url: str, paths: list[str], *extra: str) -> None:
    with Store.open(url) as store:
        store.add_alias_fix(ALIAS, author="test", reason="a local name for the group")
    result = runner.invoke(app, ["ingest", *paths, "--db", url, *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def alias_report_actors(store: Store) -> set[str]:
    """actor1 of every event coded from ALIAS_REPORT (its mentions, before any merge)."""
    from sqlalchemy import select

    from frontlines.store.models import ArticleRow, EventMentionRow

    with store.engine.connect() as conn:
        rows = conn.execute(select(EventMentionRow.values).join(ArticleRow, ArticleRow.id == EventMentionRow.article_id)
                            .where(ArticleRow.doc_id == ALIAS_REPORT["id"]))
        return {values.get("actor1") for (values,) in rows}


def coder_plugins(dask_worker) -> list[str]:
    """Run on a worker: the frontlines coder plugins it still holds."""
    return [name for name in dask_worker.plugins if name.startswith("frontlines-coder-")]


def test_dask_engine_stores_what_the_single_path_stores(tmp_path, cli_coder):
    """On an existing cluster (--scheduler) of 2 worker processes; `--workers N` starts the same
    LocalCluster itself (bench/bench_ingest.py and its smoke test run that path)."""
    from distributed import Client, LocalCluster

    paths = inputs(tmp_path)
    single, dask = f"sqlite:///{tmp_path / 'single.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    ingest(single, paths)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        ingest(dask, paths, "--engine", "dask", "--scheduler", cluster.scheduler_address)
        left = client.run(coder_plugins)
    assert len(left) == 2 and not any(left.values())  # each run removes its coders from the cluster
    with Store.open(single) as a, Store.open(dask) as b:
        one, other = snapshot(a.engine), snapshot(b.engine)
        coded_alias = alias_report_actors(b)
    assert counts(one)["articles"] >= 35 + (CORPUS_ARTICLES if CORPUS.exists() else 0)
    assert counts(one)["events"] > 30
    assert not differences(one, other), differences(one, other)
    assert one == other
    assert "Islamic State (Syria)" in coded_alias  # the alias fix reached the workers


def test_cluster_options_need_the_dask_engine(tmp_path):
    result = runner.invoke(app, ["ingest", str(ROOT / "examples"), "--db", f"sqlite:///{tmp_path / 's.db'}",
                                 "--workers", "2"])
    assert result.exit_code != 0 and "--engine dask" in result.output
