"""Export: ACLED CSV columns, JSONL round trip, GeoJSON structure, Parquet, relation/control JSONL."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pyarrow.parquet as pq
import pytest

from frontlines.export import (
    ACLED_COLUMNS, CSV_COLUMNS, acled_row, country_info, disorder_type, write_control,
    write_events, write_relations,
)
from frontlines.records import ControlFact, Event, Evidence, Relation, event_contract
from frontlines.store import StoredEvent, StoredEvidence

EXPECTED_ACLED = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]


def _events() -> list[Event]:
    updated = datetime(2024, 3, 6, 12, 0, tzinfo=timezone.utc)
    stored = StoredEvent(
        event_id="fl-1", event_date="2024-03-04", time_precision=1, event_type="Battles",
        sub_event_type="Armed clash", actor1="Hayat Tahrir al-Sham", inter1=2,
        actor2="Military Forces of Syria (2000-2024)", inter2=1, interaction=12,
        country="Syria", admin1="Idlib", location="Idlib", latitude=35.93, longitude=36.63,
        geo_precision=1, fatalities=2, notes="Clash, \"heavy\" fire", confidence=0.8,
        evidence=[StoredEvidence(0, 20, "Fighters clashed\nwith", article_id=1,
                                 url="https://x.test/a"),
                  StoredEvidence(30, 40, "the army", article_id=1, url="https://x.test/a")],
        article_url="https://x.test/a", source="Example News", updated_at=updated,
    )
    plain = Event(
        event_id="fl-2", event_date="2024-03-05", time_precision=2, event_type="Protests",
        sub_event_type="Excessive force against protesters", actor1="Protesters (Iraq)",
        country="Iraq", location=None, evidence=[Evidence(5, 9, "shot")],
    )
    return [stored, plain]


def test_acled_columns_exact() -> None:
    assert list(ACLED_COLUMNS) == EXPECTED_ACLED
    assert list(CSV_COLUMNS) == EXPECTED_ACLED + ["confidence", "evidence", "article_url"]


def test_csv_header_and_rows() -> None:
    buf = io.StringIO()
    result = write_events(_events(), "csv", buf)
    assert result.written == 2
    buf.seek(0)
    reader = csv.reader(buf)
    assert next(reader) == list(CSV_COLUMNS)
    buf.seek(0)
    rows = list(csv.DictReader(buf))
    first = rows[0]
    assert first["event_id_cnty"] == "fl-1" and first["year"] == "2024"
    assert first["disorder_type"] == "Political violence"
    assert first["iso"] == "760" and first["region"] == "Middle East"
    assert first["source"] == "Example News"
    assert first["timestamp"] == str(int(datetime(2024, 3, 6, 12, tzinfo=timezone.utc).timestamp()))
    assert first["evidence"] == "Fighters clashed with | the army"
    assert first["notes"] == 'Clash, "heavy" fire'
    assert first["article_url"] == "https://x.test/a"
    second = rows[1]
    assert second["disorder_type"] == "Political violence; Demonstrations"
    assert second["latitude"] == "" and second["source"] == "" and second["timestamp"] == ""


def test_csv_to_path_and_binary_stream(tmp_path) -> None:
    path = tmp_path / "out.csv"
    write_events(_events(), "csv", path)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_COLUMNS)
    raw = io.BytesIO()
    write_events(_events(), "csv", raw)
    assert raw.getvalue().decode("utf-8").startswith("event_id_cnty,")


def test_csv_streams_without_materialising() -> None:
    seen = []

    def gen():
        for e in _events():
            seen.append(e.event_id)
            yield e

    assert write_events(gen(), "csv", io.StringIO()).written == 2 and seen == ["fl-1", "fl-2"]


def test_jsonl_round_trip() -> None:
    buf = io.StringIO()
    events = _events()
    write_events(events, "jsonl", buf)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(lines) == 2
    for event, line in zip(events, lines):
        assert line.pop("article_url") == getattr(event, "article_url", None)
        assert line == json.loads(json.dumps(event_contract(event)))
    # round trip back into an Event
    data = json.loads(buf.getvalue().splitlines()[0])
    data.pop("article_url")
    evidence = [Evidence(**e) for e in data.pop("evidence")]
    again = Event(**data, evidence=evidence)
    assert event_contract(again) == event_contract(events[0])


def test_geojson_structure_and_skips() -> None:
    buf = io.StringIO()
    result = write_events(_events(), "geojson", buf)
    assert (result.written, result.skipped) == (1, 1)
    doc = json.loads(buf.getvalue())
    assert doc["type"] == "FeatureCollection"
    (feature,) = doc["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}
    assert feature["properties"]["event_id"] == "fl-1"
    assert feature["properties"]["article_url"] == "https://x.test/a"


def test_geojson_empty() -> None:
    buf = io.StringIO()
    assert write_events([], "geojson", buf).written == 0
    assert json.loads(buf.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_parquet_readable(tmp_path) -> None:
    path = tmp_path / "events.parquet"
    assert write_events(_events(), "parquet", path).written == 2
    table = pq.read_table(path)
    assert table.column_names == list(CSV_COLUMNS)
    rows = table.to_pylist()
    assert rows[0]["event_id_cnty"] == "fl-1" and rows[0]["iso"] == 760
    assert rows[0]["evidence"][1] == {"start": 30, "end": 40, "text": "the army"}
    assert rows[1]["latitude"] is None
    raw = io.BytesIO()
    write_events(_events(), "parquet", raw)
    assert pq.read_table(io.BytesIO(raw.getvalue())).num_rows == 2


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        write_events([], "xml", io.StringIO())  # type: ignore[arg-type]


def test_disorder_types_and_countries() -> None:
    assert disorder_type("Strategic developments", "Agreement") == "Strategic developments"
    assert disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert disorder_type("Violence against civilians", "Attack") == "Political violence"
    assert country_info("Ukraine").iso == 804 and country_info("Ukraine").region == "Europe"
    assert country_info("Mali").region == "Western Africa"
    assert country_info("Côte d'Ivoire").name == "Ivory Coast"
    assert country_info("Atlantis") is None
    assert acled_row(_events()[1])["iso"] == 368


def test_relations_and_control_contracts() -> None:
    ev = {"article_id": 1, "url": "https://x.test/a", "start": 0, "end": 5, "text": "t",
          "event_id": "fl-1", "extra": "dropped"}
    rel = Relation("A", "B", "hostile", "2024-01-01", "2024-02-01", 2.0, [ev])
    fact = ControlFact("Idlib", 35.9, 36.6, "A", "controlled", "2024-01-01", None,
                       [dict(ev, event_id=None)])
    buf = io.StringIO()
    assert write_relations([rel], buf) == 1
    line = json.loads(buf.getvalue())
    assert list(line) == ["actor_a", "actor_b", "relation", "first_seen", "last_seen",
                          "weight", "evidence", "until", "past", "sources"]
    assert line["evidence"] == [{"article_id": 1, "url": "https://x.test/a", "start": 0,
                                 "end": 5, "text": "t", "event_id": "fl-1"}]
    buf = io.StringIO()
    assert write_control([fact], buf) == 1
    line = json.loads(buf.getvalue())
    assert list(line) == ["location", "latitude", "longitude", "actor", "status", "since",
                          "until", "evidence", "sources", "corroborated_on"]
    assert list(line["evidence"][0]) == ["article_id", "url", "start", "end", "text"]
