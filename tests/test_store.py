"""Store: migrations on open, idempotent ingest, stable re-coding, atomicity, evidence links."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect

from frontlines.records import (
    Actor, Article, CodedDocument, Event, Evidence, Place, PlaceMention, Span,
)
from frontlines.store import Store, StoredEvent, content_hash, default_url

TEXT = (
    "Fighters clashed with the army near Idlib on Monday. "
    "Three people were killed in shelling of Ariha."
)


def _article() -> Article:
    return Article(
        text=TEXT, title="Clashes near Idlib", published=date(2024, 3, 5), source="Example News",
        url="https://example.org/a", origin="a.txt", captions=[Span(0, 10)],
    )


def _battle(notes: str = "clash") -> Event:
    return Event(
        event_date="2024-03-04", time_precision=1, event_type="Battles",
        sub_event_type="Armed clash", actor1="Hayat Tahrir al-Sham",
        assoc_actor_1="Turkistan Islamic Party", inter1=2,
        actor2="Military Forces of Syria (2000-2024)", inter2=1, interaction=12,
        country="Syria", admin1="Idlib", location="Idlib", latitude=35.93, longitude=36.63,
        geo_precision=1, notes=notes, confidence=0.8,
        evidence=[Evidence(0, 52, TEXT[0:52], sentence_index=0)],
    )


def _shelling() -> Event:
    return Event(
        event_date="2024-03-04", time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Syria (2000-2024)", inter1=1, actor2="Civilians (Syria)",
        inter2=7, country="Syria", location="Ariha", latitude=35.81, longitude=36.61,
        fatalities=3, evidence=[Evidence(53, len(TEXT), TEXT[53:], sentence_index=1)],
    )


def _coded(*events: Event) -> CodedDocument:
    place = Place(name="Idlib", latitude=35.93, longitude=36.63, country="Syria",
                  country_code="SY", feature_code="PPLA", geonameid=169389)
    return CodedDocument(
        id="a", published="2024-03-05", events=list(events),
        places=[PlaceMention(36, 41, "Idlib", place)],
    )


@pytest.fixture()
def store(store_url) -> Store:
    s = Store.open(store_url)
    yield s
    s.close()


def test_open_creates_schema_via_migrations(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "events", "event_reports", "actors", "places", "article_places",
            "ingest_failures", "runs", "alembic_version"} <= tables
    if store.engine.dialect.name != "sqlite":
        return  # WAL and foreign keys are SQLite settings; PostgreSQL always has both
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_default_url_from_env(monkeypatch) -> None:
    monkeypatch.delenv("FRONTLINES_DB", raising=False)
    assert default_url() == "sqlite:///frontlines.db"
    monkeypatch.setenv("FRONTLINES_DB", "sqlite:///elsewhere.db")
    assert default_url() == "sqlite:///elsewhere.db"


def test_in_memory_store_works() -> None:
    with Store.open("sqlite://") as s:
        aid, created = s.add_article(_article(), "h")
        assert created and s.get_article(aid) is not None


def test_same_article_twice_stored_once(store: Store) -> None:
    h = content_hash(TEXT)
    first = store.add_article(_article(), h)
    second = store.add_article(_article(), h)
    assert first[1] is True and second == (first[0], False)
    assert store.counts()["articles"] == 1
    stored = store.get_article(first[0])
    assert stored.article.text == TEXT
    assert stored.article.captions == [Span(0, 10)]
    assert stored.article.published == date(2024, 3, 5)
    assert stored.ingested_at.tzinfo is not None
    assert [a.id for a in store.iter_articles()] == [first[0]]


def test_recoding_keeps_event_ids_and_no_duplicates(store: Store) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    first = store.save_coded(aid, _coded(_battle(), _shelling()), coder_version="1")
    events_before = {e.event_id: e for e in store.iter_events()}
    second = store.save_coded(aid, _coded(_battle(), _shelling()), coder_version="1")
    assert second.event_ids == first.event_ids
    assert len(set(first.event_ids)) == 2
    assert set(events_before) == set(first.event_ids)
    counts = store.counts()
    assert counts["events"] == 2 and counts["event_reports"] == 2
    assert counts["article_places"] == 1 and counts["coded_articles"] == 1
    # unchanged events keep their timestamps
    after = {e.event_id: e for e in store.iter_events()}
    assert all(after[i].updated_at == events_before[i].updated_at for i in after)


def test_recoding_updates_changed_and_removes_dropped_events(store: Store) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    first = store.save_coded(aid, _coded(_battle(), _shelling()))
    result = store.save_coded(aid, _coded(_battle(notes="changed")))
    assert result.event_ids == first.event_ids[:1]
    assert result.removed_event_ids == [first.event_ids[1]]
    (event,) = store.iter_events()
    assert event.notes == "changed"
    assert store.counts()["event_reports"] == 1


def test_mention_ids_depend_on_content_offsets_and_subtype(store: Store) -> None:
    a1, _ = store.add_article(_article(), "hash-1")
    a2, _ = store.add_article(Article(text=TEXT + " "), "hash-2")
    first = store.save_coded(a1, _coded(_battle()))
    second = store.save_coded(a2, _coded(_battle()))
    assert first.mention_ids != second.mention_ids
    # another article reporting the same clash is another report of the same event
    assert second.event_ids == first.event_ids == first.mention_ids
    twice = store.save_coded(a1, _coded(_battle(), _battle()))
    assert twice.mention_ids == [first.mention_ids[0], first.mention_ids[0] + "-2"]


def test_save_is_atomic(store: Store, monkeypatch) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    good = store.save_coded(aid, _coded(_battle(notes="v1")))
    before = store.counts()
    calls = {"n": 0}
    original = Store._write_reports

    def failing(self, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom mid-save")
        return original(self, *args)

    monkeypatch.setattr(Store, "_write_reports", failing)
    with pytest.raises(RuntimeError):
        store.save_coded(aid, _coded(_battle(notes="v2"), _shelling()))
    assert store.counts() == before
    (event,) = store.iter_events()
    assert event.event_id == good.event_ids[0] and event.notes == "v1"
    assert store.get_article(aid).coder_version is None


def test_failures_recorded(store: Store) -> None:
    store.record_failure("bad.pdf", "unsupported format")
    store.record_failure("https://x.test/", "HTTP 404")
    assert store.counts()["ingest_failures"] == 2
    assert [(o, r) for o, r, _ in store.iter_failures()] == [
        ("bad.pdf", "unsupported format"), ("https://x.test/", "HTTP 404")]


def test_events_carry_evidence_and_article_url(store: Store) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    store.save_coded(aid, _coded(_battle(), _shelling()))
    events = list(store.iter_events())
    assert all(isinstance(e, StoredEvent) for e in events)
    battle = next(e for e in events if e.event_type == "Battles")
    assert battle.article_url == "https://example.org/a"
    assert battle.source == "Example News"
    assert battle.event_date == "2024-03-04"
    (ev,) = battle.evidence
    assert (ev.start, ev.end, ev.text, ev.sentence_index) == (0, 52, TEXT[:52], 0)
    assert ev.article_id == aid and ev.url == "https://example.org/a"
    assert battle.updated_at is not None and battle.updated_at.tzinfo is not None


def test_iter_events_filters(store: Store) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    store.save_coded(aid, _coded(_battle(), _shelling()))
    assert [e.event_type for e in store.iter_events(event_type="Battles")] == ["Battles"]
    assert len(list(store.iter_events(actor="Military Forces of Syria (2000-2024)"))) == 2
    assert len(list(store.iter_events(country="Iraq"))) == 0
    assert len(list(store.iter_events(date_from="2024-03-05"))) == 0
    assert len(list(store.iter_events(date_to=date(2024, 3, 4), article_id=aid))) == 2


def test_actors_and_places_registered(store: Store) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    store.save_coded(aid, _coded(_battle(), _shelling()))
    names = {a.name for a in store.iter_actors()}
    assert {"Hayat Tahrir al-Sham", "Turkistan Islamic Party", "Civilians (Syria)"} <= names
    # the event's Idlib and the mention's Idlib are the same place row
    assert store.counts()["places"] == 2
    store.upsert_actors([Actor("Turkistan Islamic Party", inter=2,
                               affiliations=("Hayat Tahrir al-Sham",))])
    assert store.affiliations("Turkistan Islamic Party") == ["Hayat Tahrir al-Sham"]
    assert store.affiliations("nobody") == []


def test_runs(store: Store) -> None:
    run = store.start_run(coder_version="1", note="test")
    store.finish_run(run, {"articles": 3, "events": 5})
    assert store.counts()["runs"] == 1


def test_save_coded_unknown_article(store: Store) -> None:
    with pytest.raises(KeyError):
        store.save_coded(999, _coded())


def test_save_article_coded_is_one_transaction(store: Store, monkeypatch) -> None:
    h = content_hash(TEXT)

    def failing(self, *args):
        raise RuntimeError("boom")

    with monkeypatch.context() as m:
        m.setattr(Store, "_write_reports", failing)
        with pytest.raises(RuntimeError):
            store.save_article_coded(_article(), h, _coded(_battle()), "1")
    assert not store.has_article(h)
    assert store.counts()["articles"] == 0
    result = store.save_article_coded(_article(), h, _coded(_battle()), "1")
    url = _article().url
    assert store.has_article(h, url) and store.find_article(h, url) == result.article_id
    assert not store.has_article(h)  # the same text without a URL is another document
    again = store.save_article_coded(_article(), h, _coded(_battle()), "1")
    assert again.event_ids == result.event_ids and store.counts()["articles"] == 1


def test_iter_events_across_batches(store: Store) -> None:
    aid, _ = store.add_article(_article(), content_hash(TEXT))
    events = []
    for i in range(7):
        ev = _battle()
        ev.evidence = [Evidence(i, i + 5, TEXT[i:i + 5])]
        ev.event_date = f"2024-03-0{i + 1}"
        events.append(ev)
    ids = store.save_coded(aid, _coded(*events)).event_ids
    got = list(store.iter_events(batch_size=3))
    assert [e.event_id for e in got] == ids  # date order = insertion order here
    assert all(len(e.evidence) == 1 and e.article_url for e in got)
    assert store.get_event(ids[3]).event_date == "2024-03-04"
