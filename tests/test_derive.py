"""Derive: hostility, alliance, membership, first/last seen, territorial control."""
from __future__ import annotations

import io
import json

from frontlines.derive import derive_control, derive_relations, derive_to_files
from frontlines.records import Event, Evidence
from frontlines.store import StoredEvent, StoredEvidence


def _ev(event_id: str, date: str, event_type: str, sub: str, actor1: str | None,
        actor2: str | None = None, assoc1: str | None = None, assoc2: str | None = None,
        location: str | None = "Saraqib", lat: float | None = 35.86, lon: float | None = 36.8) -> Event:
    return Event(
        event_id=event_id, event_date=date, time_precision=1, event_type=event_type,
        sub_event_type=sub, actor1=actor1, actor2=actor2, assoc_actor_1=assoc1,
        assoc_actor_2=assoc2, country="Syria", location=location, latitude=lat, longitude=lon,
        evidence=[Evidence(0, 10, f"evidence of {event_id}")],
    )


HTS = "Hayat Tahrir al-Sham"
SAA = "Military Forces of Syria (2000-2024)"
TIP = "Turkistan Islamic Party"
NDF = "NDF: National Defence Forces"


def _rel(relations, kind, a, b):
    return next(r for r in relations if (r.relation, r.actor_a, r.actor_b) == (kind, a, b))


def test_hostile_edge_from_battle_with_sides() -> None:
    events = [_ev("e1", "2024-03-04", "Battles", "Armed clash", HTS, SAA, assoc1=TIP, assoc2=NDF)]
    rels = derive_relations(events)
    hostile = {(r.actor_a, r.actor_b) for r in rels if r.relation == "hostile"}
    # each side vs each side, canonical (sorted) order
    assert hostile == {tuple(sorted(p)) for p in [(HTS, SAA), (HTS, NDF), (TIP, SAA), (TIP, NDF)]}
    r = _rel(rels, "hostile", HTS, SAA)
    assert r.weight == 1.0 and r.evidence[0]["event_id"] == "e1"
    assert r.evidence[0]["text"] == "evidence of e1"


def test_ally_from_associated_actors() -> None:
    events = [_ev("e1", "2024-03-04", "Battles", "Armed clash", HTS, SAA, assoc1=TIP, assoc2=NDF)]
    rels = derive_relations(events)
    allies = {(r.actor_a, r.actor_b) for r in rels if r.relation == "ally"}
    assert allies == {tuple(sorted((HTS, TIP))), tuple(sorted((SAA, NDF)))}


def test_generic_actors_and_vac_give_no_edges() -> None:
    events = [
        _ev("e1", "2024-03-04", "Violence against civilians", "Attack", HTS, "Civilians (Syria)"),
        _ev("e2", "2024-03-04", "Battles", "Armed clash", "Unidentified Armed Group (Syria)", SAA),
        _ev("e3", "2024-03-04", "Explosions/Remote violence", "Air/drone strike", SAA,
            "Civilians (Syria)"),
        _ev("e4", "2024-03-04", "Protests", "Peaceful protest", "Protesters (Syria)",
            assoc1="Kurdish Ethnic Group (Syria)"),
    ]
    assert derive_relations(events) == []


def test_member_of_from_affiliations() -> None:
    events = [_ev("e1", "2024-03-04", "Battles", "Armed clash", TIP, SAA)]
    parents = {TIP: [HTS]}
    rels = derive_relations(events, affiliations=lambda a: parents.get(a, []))
    member = _rel(rels, "member_of", TIP, HTS)  # directed: member -> parent
    assert member.weight == 1.0 and member.first_seen == "2024-03-04"


def test_first_last_seen_and_weight() -> None:
    events = [
        _ev("e2", "2024-05-01", "Battles", "Armed clash", SAA, HTS),
        _ev("e1", "2024-03-04", "Battles", "Armed clash", HTS, SAA),
        _ev("e3", "2024-04-01", "Explosions/Remote violence", "Shelling/artillery/missile attack",
            SAA, HTS),
    ]
    r = _rel(derive_relations(events), "hostile", HTS, SAA)
    assert (r.first_seen, r.last_seen, r.weight) == ("2024-03-04", "2024-05-01", 3.0)
    assert {e["event_id"] for e in r.evidence} == {"e1", "e2", "e3"}


def test_control_overtake_then_regain_sets_until() -> None:
    events = [
        _ev("e2", "2024-06-01", "Battles", "Government regains territory", SAA, HTS),
        _ev("e1", "2024-03-04", "Battles", "Non-state actor overtakes territory", HTS, SAA),
    ]
    facts = derive_control(events)
    assert [(f.actor, f.status, f.since, f.until) for f in facts] == [
        (SAA, "controlled", None, "2024-03-04"),  # the side that lost it held it until then
        (HTS, "controlled", "2024-03-04", "2024-06-01"),
        (SAA, "controlled", "2024-06-01", None),
    ]
    assert facts[1].location == "Saraqib" and facts[1].evidence[0]["event_id"] == "e1"


def test_control_contested_and_transfer_and_claim_hook() -> None:
    events = [
        _ev("e1", "2024-03-04", "Strategic developments", "Non-violent transfer of territory",
            HTS),
        _ev("e2", "2024-03-10", "Battles", "Armed clash", SAA, HTS),
        _ev("e3", "2024-03-10", "Battles", "Armed clash", NDF, HTS),
        _ev("e4", "2024-03-01", "Battles", "Armed clash", SAA, HTS, location="Ariha"),
        _ev("e5", "2024-04-01", "Strategic developments", "Headquarters or base established",
            TIP, location="Ariha"),
    ]
    facts = derive_control(events)
    ariha = [f for f in facts if f.location == "Ariha"]
    # a clash where nobody is known to hold the place contests nothing
    assert [(f.actor, f.status) for f in ariha] == [(TIP, "controlled")]
    saraqib = [f for f in facts if f.location == "Saraqib"]
    assert [(f.actor, f.status, f.since, f.until) for f in saraqib] == [
        (HTS, "controlled", "2024-03-04", None),
        (HTS, "contested", "2024-03-10", "2024-03-10"),
    ]
    assert {e["event_id"] for e in saraqib[1].evidence} == {"e2", "e3"}
    claimed = derive_control(events[:1], claimed=lambda e: True)
    assert claimed[0].status == "claimed"


def test_evidence_uses_store_provenance_and_writes_files() -> None:
    stored = StoredEvent(
        event_id="s1", event_date="2024-03-04", time_precision=1, event_type="Battles",
        sub_event_type="Non-state actor overtakes territory", actor1=HTS, actor2=SAA,
        location="Saraqib", latitude=35.86, longitude=36.8,
        evidence=[StoredEvidence(3, 9, "seized", article_id=7, url="https://x.test/7")],
        article_url="https://x.test/7",
    )
    rel_buf, ctl_buf = io.StringIO(), io.StringIO()
    assert derive_to_files([stored], rel_buf, ctl_buf) == (1, 2)
    rel = json.loads(rel_buf.getvalue())
    assert rel["relation"] == "hostile" and rel["sources"] == 1
    assert rel["evidence"] == [{"article_id": 7, "url": "https://x.test/7", "start": 3, "end": 9,
                                "text": "seized", "event_id": "s1"}]
    lost, held = [json.loads(line) for line in ctl_buf.getvalue().splitlines()]
    assert (lost["actor"], lost["since"], lost["until"]) == (SAA, None, "2024-03-04")
    assert (held["actor"], held["status"], held["since"]) == (HTS, "controlled", "2024-03-04")
