"""Analyst corrections: each kind, validation, survival across re-coding, withdrawal, and the
alias / place fixes changing later coding (store, API, coder and CLI)."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from frontlines import api
from frontlines.cli import app
from frontlines.knowledge.actors import ActorDataError, load_actor_dictionary
from frontlines.records import (
    AliasFix,
    Article,
    CodedDocument,
    CodingOverrides,
    Event,
    Evidence,
    PlaceFix,
)
from frontlines.store import Store, content_hash
from frontlines.store.corrections import (
    Correction,
    CorrectionError,
    apply_corrections,
    coding_overrides,
    parse_field_value,
)

TEXT = "Rebels clashed with the army near Ariha on Monday, killing five fighters."
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _clash(fatalities: int = 5, location: str = "Ariha") -> Event:
    return Event(
        event_date="2024-03-04", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
        actor1="Opposition Rebels (Syria)", inter1=2, actor2="Military Forces of Syria (2000-2024)",
        inter2=1, interaction=12, country="Syria", admin1="Idlib", location=location,
        latitude=35.81, longitude=36.61, geo_precision=1, fatalities=fatalities, notes="clash",
        confidence=0.8, evidence=[Evidence(0, len(TEXT), TEXT, sentence_index=0)],
    )


def _coded(event: Event) -> CodedDocument:
    return CodedDocument(id="a", published="2024-03-05", events=[event])


@pytest.fixture()
def store(store_url):
    s = Store.open(store_url)
    yield s
    s.close()


def _stored(store: Store, event: Event | None = None) -> tuple[int, str]:
    """Store the article with one coded event; (article id, event id)."""
    article = Article(text=TEXT, published=date(2024, 3, 5), url="https://example.org/a")
    result = store.save_article_coded(article, content_hash(TEXT), _coded(event or _clash()))
    return result.article_id, result.event_ids[0]


def _record(n: int, action: str, field: str | None = None, value=None, *, target: str = "event",
            target_id: str = "e1", active: bool = True) -> Correction:
    return Correction(id=n, target=target, target_id=target_id, action=action, field=field, value=value,
                      author="ana", reason="test", at=T0 + timedelta(minutes=n), active=active)


# ---------------------------------------------------------------- applying (pure)


def test_active_field_corrections_apply_in_time_order_last_wins():
    values = {"fatalities": 5, "location": "Ariha", "event_date": date(2024, 3, 4)}
    later_first = [_record(3, "set", "fatalities", 2), _record(1, "set", "fatalities", 9),
                   _record(2, "set", "event_date", "2024-03-03"),
                   _record(4, "set", "location", "Jisr al-Shughur", active=False)]
    out = apply_corrections(values, later_first)
    assert out["fatalities"] == 2
    assert out["event_date"] == date(2024, 3, 3)  # keeps the column's type
    assert out["location"] == "Ariha"  # a withdrawn correction does nothing
    assert out["status"] == "active"
    assert values["fatalities"] == 5  # the input is not changed


def test_false_then_restore_sets_status_and_the_latest_wins():
    assert apply_corrections({}, [_record(1, "false")])["status"] == "false"
    assert apply_corrections({}, [_record(2, "restore"), _record(1, "false")])["status"] == "active"
    assert apply_corrections({}, [_record(1, "restore"), _record(2, "false")])["status"] == "false"


def test_sub_event_type_brings_its_event_type_and_inter_codes_their_interaction():
    values = {"event_type": "Battles", "sub_event_type": "Armed clash", "inter1": 2, "inter2": 1,
              "interaction": 12, "civilian_targeting": None}
    out = apply_corrections(values, [_record(1, "set", "sub_event_type", "Attack"),
                                     _record(2, "set", "inter2", 7)])
    assert out["event_type"] == "Violence against civilians"
    assert out["interaction"] == 27
    assert out["civilian_targeting"] == "Civilian targeting"


def test_other_targets_do_not_touch_event_values():
    out = apply_corrections({"fatalities": 1}, [
        _record(1, "alias", value={"alias": "x"}, target="actor", target_id="Islamic State (Syria)"),
        _record(2, "merge", value=["e2"])])
    assert out == {"fatalities": 1, "status": "active"}


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("field, value, message", [
    ("colour", "red", "not an event field"),
    ("event_date", "2024-02-30", "YYYY-MM-DD"),
    ("fatalities", "many", "whole number"),
    ("fatalities", "-3", "whole number"),
    ("latitude", "95", "between -90.0 and 90.0"),
    ("inter1", "9", "inter code"),
    ("interaction", "21", "interaction"),
    ("sub_event_type", "Skirmish", "not an ACLED sub-event type"),
    ("event_type", "Protests", "set sub_event_type instead"),
    ("actor1", "", "cannot be empty"),
    ("time_precision", "0", "precision"),
    ("civilian_targeting", "yes", "Civilian targeting"),
])
def test_bad_corrections_are_rejected_with_a_clear_message(field, value, message):
    current = {"sub_event_type": "Armed clash"}
    with pytest.raises(CorrectionError, match=message):
        parse_field_value(field, value, current)


def test_values_are_parsed_to_what_the_column_holds():
    assert parse_field_value("fatalities", "12") == 12
    assert parse_field_value("latitude", "35.5") == 35.5
    assert parse_field_value("event_date", "2024-03-01") == "2024-03-01"
    assert parse_field_value("actor2", "") is None  # clears an optional field
    assert parse_field_value("event_type", "Battles", {"sub_event_type": "Armed clash"}) == "Battles"


# ---------------------------------------------------------------- store


def _row(store: Store, event_id: str):
    return store.get_event(event_id)


def test_each_event_correction_kind_is_kept_with_who_when_why(store):
    _, event_id = _stored(store)
    c = store.correct_event(event_id, "fatalities", "3", author="ana", reason="SOHR count")
    assert (c.author, c.reason, c.field, c.value, c.active) == ("ana", "SOHR count", "fatalities", 3, True)
    assert c.at.tzinfo is not None
    assert _row(store, event_id).fatalities == 3
    store.mark_false(event_id, author="ben", reason="hoax video")
    assert store.event_status(event_id) == "false"
    store.restore_event(event_id, author="ana", reason="confirmed by two outlets")
    assert store.event_status(event_id) == "active"
    assert [(x.action, x.author) for x in store.iter_corrections(target_id=event_id)] == [
        ("set", "ana"), ("false", "ben"), ("restore", "ana")]


def test_a_bad_correction_stores_nothing(store):
    _, event_id = _stored(store)
    with pytest.raises(CorrectionError):
        store.correct_event(event_id, "fatalities", "lots", author="ana", reason="x")
    with pytest.raises(CorrectionError, match="no event"):
        store.correct_event("fl-missing", "fatalities", "1", author="ana", reason="x")
    with pytest.raises(CorrectionError, match="author"):
        store.mark_false(event_id, author=" ", reason="x")
    assert store.iter_corrections() == []
    assert _row(store, event_id).fatalities == 5


def test_corrections_survive_recoding_the_same_and_a_changed_coding(store):
    article_id, event_id = _stored(store)
    store.correct_event(event_id, "fatalities", 2, author="ana", reason="hospital figure")
    store.correct_event(event_id, "sub_event_type", "Attack", author="ana", reason="one-sided")
    store.mark_false(event_id, author="ana", reason="staged")
    store.save_coded(article_id, _coded(_clash()))  # the same coding again
    event = _row(store, event_id)
    assert (event.fatalities, event.sub_event_type, event.event_type) == (2, "Attack", "Violence against civilians")
    assert store.event_status(event_id) == "false"
    store.save_coded(article_id, _coded(_clash(fatalities=7, location="Ariha town")))  # a new coder
    event = _row(store, event_id)
    assert event.fatalities == 2  # the analyst's value holds
    assert event.location == "Ariha town"  # uncorrected fields follow the new coding
    assert store.event_status(event_id) == "false"


def test_withdrawing_a_correction_brings_back_the_latest_coded_value(store):
    article_id, event_id = _stored(store)
    first = store.correct_event(event_id, "fatalities", 2, author="ana", reason="a")
    second = store.correct_event(event_id, "fatalities", 4, author="ana", reason="b")
    store.save_coded(article_id, _coded(_clash(fatalities=7)))
    store.withdraw_correction(second.id, author="ana", reason="b was a typo")
    assert _row(store, event_id).fatalities == 2  # the earlier correction holds again
    done = store.withdraw_correction(first.id, author="ben", reason="coder is right")
    assert _row(store, event_id).fatalities == 7  # the coded value of the latest coding
    assert (done.target, done.action, done.author) == ("correction", "withdraw", "ben")
    assert [c.active for c in store.iter_corrections(target="event")] == [False, False]
    with pytest.raises(CorrectionError, match="already withdrawn"):
        store.withdraw_correction(first.id, author="ana", reason="again")


def test_coding_overrides_are_the_active_alias_and_place_fixes_latest_first(store):
    store.add_alias_fix(AliasFix("Black Banner Brigade", "Jabhat al Nusra"), author="ana", reason="a")
    store.add_alias_fix(AliasFix("Black Banner Brigade", "Islamic State (Syria)"), author="ana", reason="b")
    place = store.add_place_fix(PlaceFix("Al-Fooah", 35.98, 36.70, "Syria", "Idleb"), author="ana", reason="c")
    ov = store.coding_overrides()
    assert ov.aliases == [AliasFix("Black Banner Brigade", "Islamic State (Syria)")]
    assert ov.places == [PlaceFix("Al-Fooah", 35.98, 36.70, "Syria", "Idleb", 1)]
    store.withdraw_correction(place.id, author="ana", reason="wrong village")
    assert store.coding_overrides().places == []


def test_coding_overrides_from_records_ignore_event_corrections():
    ov = coding_overrides([_record(1, "set", "fatalities", 3),
                           _record(2, "place", value={"latitude": 1.0, "longitude": 2.0}, target="place",
                                   target_id="X")])
    assert ov.aliases == [] and ov.places == [PlaceFix("X", 1.0, 2.0)]


# ---------------------------------------------------------------- the coder takes the fixes


def test_alias_fix_builds_a_new_dictionary_and_the_analyst_wins():
    base = load_actor_dictionary()
    assert base.lookup("Black Banner Brigade") is None
    fixed = base.with_aliases([AliasFix("Black Banner Brigade", "Islamic State (Syria)"),
                               AliasFix("ISIS", "Jabhat al Nusra")])
    assert fixed.lookup("Black Banner Brigade", "Syria").name == "Islamic State (Syria)"
    assert fixed.lookup("ISIS", "Syria").name == "Jabhat al Nusra"
    assert base.lookup("Black Banner Brigade") is None  # the shared dictionary is unchanged
    assert base.lookup("ISIS", "Syria").name == "Islamic State (Syria)"


def test_alias_fix_to_an_unknown_actor_needs_its_inter_code():
    base = load_actor_dictionary()
    with pytest.raises(ActorDataError, match="not in the actor dictionary"):
        base.with_aliases([AliasFix("the Lions", "Liwa al-Usud al-Sharqiya")])
    fixed = base.with_aliases([AliasFix("the Lions", "Liwa al-Usud al-Sharqiya", inter=2, kind="rebel")])
    assert fixed.lookup("the Lions").inter == 2


def test_place_fix_builds_a_new_gazetteer(gazetteer):
    before = gazetteer.resolve("Al-Fooah", country="Syria")
    fixed = gazetteer.with_places([PlaceFix("Al-Fooah", 35.5, 36.5, "Syria", "Idlib")])
    place = fixed.resolve("Al-Fooah", country="Syria")
    assert (place.latitude, place.longitude, place.country) == (35.5, 36.5, "Syria")
    assert gazetteer.resolve("Al-Fooah", country="Syria") == before  # the shared index is unchanged


def test_alias_and_place_fixes_change_later_coding(coder):
    text = ("Fighters of the Black Banner Brigade stormed a checkpoint of the Free Syrian Army in "
            "Al-Fooah on Monday, killing four rebels.")
    before = api.code_text(text, coder=coder, published="2014-01-08")
    assert all(e.actor1 != "Islamic State (Syria)" for e in before.events)
    fixed = coder.with_overrides(CodingOverrides(
        aliases=[AliasFix("Black Banner Brigade", "Islamic State (Syria)")],
        places=[PlaceFix("Al-Fooah", 35.5, 36.5, "Syria", "Idlib")]))
    after = api.code_text(text, coder=fixed, published="2014-01-08")
    assert after.events, "the text reports an attack"
    event = after.events[0]
    assert "Islamic State (Syria)" in (event.actor1, event.actor2)
    assert (event.location, event.latitude, event.longitude) == ("Al-Fooah", 35.5, 36.5)
    again = api.code_text(text, coder=coder, published="2014-01-08")
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in before.events]


# ---------------------------------------------------------------- API and CLI


def test_api_alias_fix_rejects_an_unknown_actor_and_accepts_one_with_an_inter_code(store):
    dictionary = load_actor_dictionary()
    with pytest.raises(CorrectionError, match="not in the actor dictionary"):
        api.fix_actor_alias(store, "the Lions", "Liwa al-Usud", author="ana", reason="x",
                            dictionary=dictionary)
    c = api.fix_actor_alias(store, "the Lions", "Liwa al-Usud", author="ana", reason="x", inter=2,
                            dictionary=dictionary)
    assert c.value == {"alias": "the Lions", "inter": 2, "kind": "rebel"}
    assert store.coding_overrides().aliases == [AliasFix("the Lions", "Liwa al-Usud", 2, "rebel")]


def test_api_place_fix_checks_and_spells_the_country(store, gazetteer):
    with pytest.raises(CorrectionError, match="unknown country"):
        api.fix_place(store, "Al-Fooah", 35.98, 36.7, author="ana", reason="x", country="Narnia",
                      admin1="Idlib", gazetteer=gazetteer)
    with pytest.raises(CorrectionError, match="latitude"):
        api.fix_place(store, "Al-Fooah", 135.0, 36.7, author="ana", reason="x", country="Syria",
                      gazetteer=gazetteer)
    c = api.fix_place(store, "Al-Fooah", 35.98, 36.7, author="ana", reason="x", country="SY",
                      admin1="Idlib", gazetteer=gazetteer)
    assert c.value["country"] == "Syria"


runner = CliRunner()


def _cli(*args: str, ok: bool = True):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_cli_correct_commands(tmp_path, cli_coder, store_url):
    url = store_url
    doc = tmp_path / "report.txt"
    doc.write_text("Syrian army helicopters dropped barrel bombs on the town of Al-Bab in Aleppo "
                   "province on Monday, killing eight civilians.\n", encoding="utf-8")
    _cli("ingest", str(doc), "--db", url)
    with Store.open(url) as store:
        event_id = next(store.iter_events()).event_id
    who = ("--by", "ana", "--why", "local council list")
    assert "fatalities := 6" in _cli("correct", "set", event_id, "fatalities", "6", *who, "--db", url).output
    bad = _cli("correct", "set", event_id, "fatalities", "six", *who, "--db", url, ok=False)
    assert "whole number" in bad.output
    _cli("correct", "false", event_id, *who, "--db", url)
    _cli("correct", "restore", event_id, *who, "--db", url)
    _cli("correct", "undo", "1", *who, "--db", url)
    _cli("correct", "undo", "99", *who, "--db", url, ok=False)
    lines = [json.loads(x) for x in _cli("correct", "list", "--json", "--db", url).output.splitlines()]
    assert [(c["action"], c["active"]) for c in lines] == [
        ("set", False), ("false", True), ("restore", True), ("withdraw", True)]
    with Store.open(url) as store:
        event = store.get_event(event_id)
        assert event.fatalities == 8 and store.event_status(event_id) == "active"


def test_cli_alias_and_place_fixes_feed_the_next_ingest(tmp_path, cli_coder, store_url):
    url = store_url
    who = ("--by", "ana", "--why", "local sources")
    _cli("correct", "alias", "Black Banner Brigade", "Islamic State (Syria)", *who, "--db", url)
    _cli("correct", "place", "Al-Fooah", "--lat", "35.5", "--lon", "36.5", "--country", "Syria",
         "--admin1", "Idlib", *who, "--db", url)
    listed = _cli("correct", "list", "--db", url).output
    assert "Black Banner Brigade" in listed and "Al-Fooah" in listed
    doc = tmp_path / "report.txt"
    doc.write_text("Fighters of the Black Banner Brigade stormed a checkpoint of the Free Syrian Army "
                   "in Al-Fooah on Monday, killing four rebels.\n", encoding="utf-8")
    _cli("ingest", str(doc), "--db", url)
    with Store.open(url) as store:
        events = list(store.iter_events())
    assert events and any("Islamic State (Syria)" in (e.actor1, e.actor2) for e in events)
    assert {(e.location, e.latitude, e.longitude) for e in events} == {("Al-Fooah", 35.5, 36.5)}
