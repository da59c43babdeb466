"""The store -> derive / export path: events read back from a store feed both."""
from __future__ import annotations

import csv
import io
import json

from frontlines.derive import derive_control, derive_relations
from frontlines.export import CSV_COLUMNS, write_control, write_events, write_relations
from frontlines.records import Article, CodedDocument, Event, Evidence
from frontlines.store import Store, content_hash

TEXT = "Rebels seized Saraqib on Monday. The army retook Saraqib in June."


def _event(date: str, sub: str, a1: str, a2: str, start: int, end: int) -> Event:
    return Event(
        event_date=date, time_precision=1, event_type="Battles", sub_event_type=sub,
        actor1=a1, actor2=a2, country="Syria", location="Saraqib", latitude=35.86,
        longitude=36.8, evidence=[Evidence(start, end, TEXT[start:end])],
    )


def test_store_to_relations_control_and_csv(store_url) -> None:
    with Store.open(store_url) as store:
        article = Article(text=TEXT, url="https://x.test/s", source="Outlet")
        aid, _ = store.add_article(article, content_hash(TEXT))
        coded = CodedDocument(id="s", published="2024-06-30", events=[
            _event("2024-03-04", "Non-state actor overtakes territory", "HTS", "SAA", 0, 32),
            _event("2024-06-10", "Government regains territory", "SAA", "HTS", 33, len(TEXT)),
        ])
        store.save_coded(aid, coded, "1")
        events = list(store.iter_events())

    relations = derive_relations(events)
    (hostile,) = relations
    assert (hostile.actor_a, hostile.actor_b, hostile.weight) == ("HTS", "SAA", 2.0)
    assert hostile.evidence[0]["article_id"] == aid
    assert hostile.evidence[0]["url"] == "https://x.test/s"

    facts = derive_control(events)
    assert [(f.actor, f.since, f.until) for f in facts] == [
        ("SAA", None, "2024-03-04"), ("HTS", "2024-03-04", "2024-06-10"), ("SAA", "2024-06-10", None)]
    assert all(f.sources == 1 for f in facts)

    buf = io.StringIO()
    write_relations(relations, buf)
    write_control(facts, buf)
    assert len([json.loads(line) for line in buf.getvalue().splitlines()]) == 4

    out = io.StringIO()
    write_events(events, "csv", out)
    out.seek(0)
    rows = list(csv.DictReader(out))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["source"] == "Outlet" and rows[0]["timestamp"].isdigit()
    assert rows[0]["event_id_cnty"].startswith("fl-")
