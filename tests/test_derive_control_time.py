"""Territorial control over time: statements, withdrawals, claims and corroboration, as-of."""
from __future__ import annotations

import pytest

from frontlines.derive import (
    control_as_of,
    derive_control,
    self_claimed,
    withdrawal_reader,
)
from frontlines.knowledge.territory import TerritoryCuesError, load_territory_cues
from frontlines.records import ControlFact, ControlStatement, Event, Evidence
from frontlines.store import StoredEvent, StoredEvidence

FSA = "Free Syrian Army"
ISIS = "Islamic State (Syria)"
REBELS = "Opposition Rebels (Syria)"
SAA = "Military Forces of Syria (2000-)"
MANBIJ = ("Manbij", 36.52815, 37.95495)
ANBAR = ("Al Anbar", 33.37, 42.2)
OVERTAKE = "Non-state actor overtakes territory"
TRANSFER = "Non-violent transfer of territory"


def _event(event_id: str, day: str, sub: str, a1: str | None, a2: str | None = None,
           text: str = "", place: tuple[str, float, float] = MANBIJ, article_id: int = 1,
           self_claimed: bool = False, sources: int = 1) -> StoredEvent:
    event_type = "Strategic developments" if sub == TRANSFER else "Battles"
    name, lat, lon = place
    text = text or f"evidence of {event_id}"
    event = StoredEvent(
        event_id=event_id, event_date=day, time_precision=1, event_type=event_type,
        sub_event_type=sub, actor1=a1, actor2=a2, country="Syria", location=name, latitude=lat,
        longitude=lon, self_claimed=self_claimed,
        evidence=[StoredEvidence(0, len(text), text, article_id=article_id)],
    )
    event.sources = sources  # type: ignore[attr-defined]  # the merged event's report count
    return event


def _held(actor: str, status: str, day: str, place: tuple[str, float, float] = ANBAR,
          past: bool = False, article_id: int = 5, start: int = 0) -> ControlStatement:
    name, lat, lon = place
    text = f"{actor} holds {name}"
    return ControlStatement(
        actor=actor, status=status, location=name, latitude=lat, longitude=lon,  # type: ignore[arg-type]
        date=day, past=past, cue="hold",
        evidence=StoredEvidence(start, start + len(text), text, article_id=article_id),
    )


def _rows(facts: list[ControlFact]) -> list[tuple]:
    return [(f.actor, f.status, f.since, f.until) for f in facts]


def test_statement_gives_control_as_of_its_date_and_joins_event_timeline() -> None:
    """"ISIS continues to hold onto territory it has secured in Iraq's western Anbar province"."""
    facts = derive_control([], statements=[_held(ISIS, "controlled", "2014-01-09")])
    assert _rows(facts) == [(ISIS, "controlled", "2014-01-09", None)]
    assert facts[0].evidence[0]["article_id"] == 5 and facts[0].sources == 1
    # a later event by another actor ends it; a statement by the holder adds to it
    events = [_event("e1", "2014-03-01", "Government regains territory", "Military Forces of Iraq",
                     ISIS, place=ANBAR)]
    statements = [_held(ISIS, "controlled", "2014-01-09"),
                  _held(ISIS, "controlled", "2014-01-20", article_id=6)]
    facts = derive_control(events, statements=statements)
    assert _rows(facts) == [(ISIS, "controlled", "2014-01-09", "2014-03-01"),
                            ("Military Forces of Iraq", "controlled", "2014-03-01", None)]
    assert facts[0].sources == 2


def test_past_statement_ends_a_holding_or_records_an_earlier_one() -> None:
    """"Al-Dana, a former ISIS stronghold"."""
    statements = [_held(ISIS, "controlled", "2014-01-01"),
                  _held(ISIS, "controlled", "2014-02-01", past=True, start=50)]
    assert _rows(derive_control([], statements=statements)) == [
        (ISIS, "controlled", "2014-01-01", "2014-02-01")]
    # nobody known: it held the place until then, since an unknown date
    alone = derive_control([], statements=statements[1:])
    assert _rows(alone) == [(ISIS, "controlled", None, "2014-02-01")]
    assert [f.actor for f in control_as_of(alone, "2013-06-01")] == [ISIS]
    assert control_as_of(alone, "2014-02-01") == []
    # another actor holds it: ISIS held it before that one
    events = [_event("e1", "2014-01-15", OVERTAKE, FSA, place=ANBAR)]
    assert _rows(derive_control(events, statements=statements[1:])) == [
        (ISIS, "controlled", None, "2014-01-15"), (FSA, "controlled", "2014-01-15", None)]


def test_withdrawal_ends_holding_instead_of_starting_one() -> None:
    cues = load_territory_cues()
    events = [
        _event("e1", "2014-01-02", OVERTAKE, ISIS, text="ISIS seized Manbij."),
        _event("e2", "2014-01-08", TRANSFER, ISIS,
               text="ISIS fighters withdrew from Manbij on Wednesday."),
    ]
    facts = derive_control(events, withdrew=withdrawal_reader(cues))
    assert _rows(facts) == [(ISIS, "controlled", "2014-01-02", "2014-01-08")]
    assert control_as_of(facts, "2014-01-08") == []
    # the same sentence telling of a taking is a taking by actor1
    taking = _event("e3", "2014-01-08", TRANSFER, FSA,
                    text="The FSA took over Manbij without a fight after ISIS withdrew.")
    facts = derive_control([events[0], taking])
    assert _rows(facts) == [(ISIS, "controlled", "2014-01-02", "2014-01-08"),
                            (FSA, "controlled", "2014-01-08", None)]
    # a withdrawal from a place nobody was known to hold: actor1 held it until then
    assert _rows(derive_control(events[1:])) == [(ISIS, "controlled", None, "2014-01-08")]


def test_withdrawal_and_taking_on_one_day_end_in_the_taker_holding() -> None:
    events = [
        _event("e9", "2014-01-08", TRANSFER, FSA, text="The FSA entered Manbij."),
        _event("e1", "2014-01-08", TRANSFER, ISIS, text="ISIS pulled out of Manbij."),
    ]
    facts = derive_control(events)
    assert [f.actor for f in control_as_of(facts, "2014-01-08")] == [FSA]


def test_territory_cues_load_and_read_text(tmp_path) -> None:
    cues = load_territory_cues()
    assert cues.says_withdrawal("Government forces pulled out of the town")
    assert cues.says_withdrawal("the army RETREATED from Saraqib")
    assert not cues.says_withdrawal("Rebels seized Saraqib after the army withdrew")
    assert not cues.says_withdrawal("Rebels stormed the town")
    assert not cues.says_withdrawal("the withdrawals")  # whole words only
    assert cues.refers_to_a_place("The army recaptured the town on Friday")
    assert not cues.refers_to_a_place("Zawahiri took over as head of al-Qaeda")
    assert not cues.refers_to_a_place("the townspeople fled")  # whole words only
    bad = tmp_path / "cues.yaml"
    bad.write_text("withdrawal: [withdrew]\n", encoding="utf-8")
    with pytest.raises(TerritoryCuesError):
        load_territory_cues(bad)


def test_self_claimed_taking_stays_claimed_until_another_report() -> None:
    claim = _event("e1", "2014-01-08", OVERTAKE, ISIS, FSA, self_claimed=True)
    assert self_claimed(claim)
    facts = derive_control([claim])
    assert _rows(facts)[-1] == (ISIS, "claimed", "2014-01-08", None)
    # an independent report two days later confirms it
    report = _event("e2", "2014-01-10", OVERTAKE, ISIS, FSA, article_id=2)
    facts = derive_control([claim, report])
    held = facts[-1]
    assert (held.status, held.corroborated_on, held.sources) == ("controlled", "2014-01-10", 2)
    assert [f.status for f in control_as_of(facts, "2014-01-09") if f.actor == ISIS] == ["claimed"]
    assert [f.status for f in control_as_of(facts, "2014-01-10") if f.actor == ISIS] == ["controlled"]


def test_claim_repeated_in_same_article_stays_claimed_but_second_source_confirms() -> None:
    claim = _event("e1", "2014-01-08", OVERTAKE, ISIS, self_claimed=True)
    again = _event("e2", "2014-01-09", OVERTAKE, ISIS, self_claimed=True)  # same article
    assert derive_control([claim, again])[-1].status == "claimed"
    other = _event("e3", "2014-01-09", OVERTAKE, ISIS, self_claimed=True, article_id=2)
    assert derive_control([claim, other])[-1].status == "controlled"
    # a merged event with two reports is not a claim by one party alone
    merged = _event("e4", "2014-01-08", OVERTAKE, ISIS, self_claimed=True, sources=2)
    assert not self_claimed(merged)
    assert derive_control([merged])[-1].status == "controlled"


def test_claimed_statement_and_contested_statement() -> None:
    statements = [_held(ISIS, "claimed", "2014-01-09"), _held(ISIS, "contested", "2014-01-12")]
    facts = derive_control([], statements=statements)
    assert _rows(facts) == [(ISIS, "claimed", "2014-01-09", None),
                            (ISIS, "contested", "2014-01-12", "2014-01-12")]
    assert [f.status for f in control_as_of(facts, "2014-01-12")] == ["claimed", "contested"]
    assert [f.status for f in control_as_of(facts, "2014-01-13")] == ["claimed"]


def test_clash_contests_holder_and_false_events_are_ignored() -> None:
    events = [
        _event("e1", "2014-01-08", OVERTAKE, REBELS, ISIS),
        _event("e2", "2014-01-09", "Armed clash", ISIS, REBELS),
        _event("e3", "2014-01-10", "Government regains territory", SAA, REBELS),
    ]
    events[2].status = "false"  # type: ignore[attr-defined]  # an analyst marked it false
    facts = derive_control(events)
    assert _rows(facts) == [(ISIS, "controlled", None, "2014-01-08"),
                            (REBELS, "controlled", "2014-01-08", None),
                            (REBELS, "contested", "2014-01-09", "2014-01-09")]
    assert {f.status for f in control_as_of(facts, "2014-01-09")} == {"controlled", "contested"}
    assert [f.actor for f in control_as_of(facts, "2014-01-07")] == [ISIS]


def test_generic_actor_taking_and_unlocated_events_give_no_facts() -> None:
    events = [
        _event("e1", "2014-01-08", OVERTAKE, "Unidentified Armed Group (Syria)"),
        Event(event_date="2014-01-08", time_precision=1, event_type="Battles",
              sub_event_type=OVERTAKE, actor1=FSA, location=None, evidence=[Evidence(0, 1, "x")]),
    ]
    assert derive_control(events) == []
