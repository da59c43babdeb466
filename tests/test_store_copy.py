"""`frontlines db copy`: a SQLite store holding the seed article (events, mentions, reports,
statements, corrections, places, actors, runs, failures) copied into an empty store (a SQLite
file, then a PostgreSQL database) arrives whole: every table equal row by row, ids included,
and the copy keeps working as a store (new ids follow the copied ones, search finds articles)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from frontlines import api
from frontlines.cli import app
from frontlines.records import Article
from frontlines.store import Store, content_hash, make_engine
from frontlines.store.copy import CopyError, copy_store, store_tables, table_rows
from frontlines.store.models import CorrectionRow
from frontlines.web import queries

from .conftest import SEED_TEXT, need_shared

WHO = {"author": "analyst", "reason": "copy test"}


@pytest.fixture(scope="module")
def seed_source(coder, tmp_path_factory) -> str:
    """A SQLite store with the seed article, every kind of correction, a run and a failure."""
    url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'seed.db'}"
    with Store.open(url) as store:
        run = store.start_run("test", note="seed")
        summary = api.ingest([str(need_shared(SEED_TEXT))], store=store, coder=coder)
        store.finish_run(run, {"ingested": summary.ingested})
        store.record_failure("broken.html", "no text")
        events = list(store.iter_events())
        assert len(events) >= 3
        api.correct_event(store, events[0].event_id, "fatalities", 7, **WHO)
        api.mark_false(store, events[1].event_id, **WHO)
        api.merge_events(store, events[2].event_id, [events[-1].event_id], **WHO)
        api.fix_actor_alias(store, "Black Banner Brigade", "Islamic State (Syria)", **WHO)
    return url


def _all_rows(url: str) -> dict[str, list[dict]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: list(table_rows(conn, t)) for t in store_tables()}
    finally:
        engine.dispose()


def _copy(source: str, target: str) -> dict[str, int]:
    src, dst = make_engine(source), make_engine(target)
    try:
        return copy_store(src, dst, batch_size=7).rows  # small batches: several per table
    finally:
        src.dispose()
        dst.dispose()


def test_copy_keeps_every_row_and_id(seed_source, store_url) -> None:
    copied = _copy(seed_source, store_url)
    before, after = _all_rows(seed_source), _all_rows(store_url)
    for kind in ("events", "event_mentions", "event_reports", "statements", "corrections",
                 "articles", "places", "actors", "runs", "ingest_failures"):
        assert before[kind], f"the seed store should hold {kind}"
    assert copied == {name: len(rows) for name, rows in before.items()}
    for name, rows in before.items():
        assert after[name] == rows, f"table {name} differs after the copy"


def test_the_copy_is_a_working_store(seed_source, store_url) -> None:
    _copy(seed_source, store_url)
    with Store.open(store_url) as store, Store.open(seed_source) as original:
        assert [e.event_id for e in store.iter_events(include_false=True)] == \
            [e.event_id for e in original.iter_events(include_false=True)]
        text = "Rebels shelled a checkpoint in Manbij on Monday."
        new_id, created = store.add_article(Article(text=text), content_hash(text))
        assert created and new_id == original.counts()["articles"] + 1  # the id sequence moved on
        event_id = next(store.iter_events()).event_id
        correction = api.correct_event(store, event_id, "fatalities", 3, **WHO)
        with store.engine.connect() as conn:
            assert correction.id == conn.scalar(select(func.max(CorrectionRow.id)))
        total, _, hits = queries.article_page(store.engine, "Manbij", limit=10, offset=0)
        assert total == 2 and {h["id"] for h in hits} >= {new_id}


def test_copy_refuses_a_target_that_holds_data(seed_source, store_url) -> None:
    _copy(seed_source, store_url)
    with pytest.raises(CopyError, match="already holds rows"):
        _copy(seed_source, store_url)
    assert _all_rows(store_url) == _all_rows(seed_source)  # nothing written twice


def test_cli_db_migrate_and_copy(seed_source, store_url) -> None:
    runner = CliRunner()
    migrated = runner.invoke(app, ["db", "migrate", "--db", store_url])
    assert migrated.exit_code == 0, migrated.output
    assert "schema at revision" in migrated.output
    copied = runner.invoke(app, ["db", "copy", seed_source, store_url])
    assert copied.exit_code == 0, copied.output
    assert "copied" in copied.output and "events" in copied.output
    again = runner.invoke(app, ["db", "copy", seed_source, store_url])
    assert again.exit_code == 1 and "already holds rows" in again.output
    assert _all_rows(store_url) == _all_rows(seed_source)


def test_cli_db_copy_refuses_a_missing_sqlite_source(tmp_path) -> None:
    missing = tmp_path / "nowhere.db"
    result = CliRunner().invoke(app, ["db", "copy", f"sqlite:///{missing}", f"sqlite:///{tmp_path / 't.db'}"])
    assert result.exit_code == 1 and "no store at" in result.output
    assert not missing.exists()
