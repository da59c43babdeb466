"""Relations over time: statements, supersession of ally/hostile, past statements, same-day
votes, as-of queries."""
from __future__ import annotations

from frontlines.derive import derive_relations, relations_as_of, strongest
from frontlines.records import Event, Evidence, Relation, RelationStatement
from frontlines.store import StoredEvidence

FSA = "Free Syrian Army"
IF = "Islamic Front"
ISIS = "Islamic State (Syria)"
NUSRA = "Jabhat al Nusra"
AQ = "Al Qaeda"
SAA = "Military Forces of Syria (2000-)"


def _battle(event_id: str, day: str, a1: str, a2: str, assoc1: str | None = None) -> Event:
    return Event(
        event_id=event_id, event_date=day, time_precision=1, event_type="Battles",
        sub_event_type="Armed clash", actor1=a1, actor2=a2, assoc_actor_1=assoc1, country="Syria",
        location="Aleppo", latitude=36.2, longitude=37.16,
        evidence=[Evidence(0, 5, f"evidence of {event_id}")],
    )


def _said(a: str, b: str, kind: str, day: str | None, past: bool = False, start: int = 0,
          article_id: int = 1) -> RelationStatement:
    text = f"{a} {kind} {b}"
    return RelationStatement(
        actor_a=a, actor_b=b, relation=kind, date=day, past=past, cue=kind,  # type: ignore[arg-type]
        evidence=StoredEvidence(start, start + len(text), text, article_id=article_id,
                                url=f"https://x.test/{article_id}"),
    )


def _on(rels: list[Relation], day: str, a: str, b: str) -> list[str]:
    """The relations of the pair (a, b) holding on ``day``."""
    pair = tuple(sorted((a, b)))
    return [r.relation for r in relations_as_of(rels, day) if (r.actor_a, r.actor_b) == pair]


def _periods(rels: list[Relation], a: str, b: str) -> list[tuple]:
    a, b = sorted((a, b))
    return [(r.relation, r.first_seen, r.last_seen, r.until, r.past)
            for r in rels if (r.actor_a, r.actor_b) == (a, b) and r.relation in ("ally", "hostile")]


def test_seed_nusra_fsa_ally_now_hostile_before() -> None:
    """"The Al-Nusra Front ... has fought alongside the FSA in Aleppo, despite previous clashes
    between the two groups"; "Al-Nusra Front, also a branch of Al-Qaeda"."""
    statements = [
        _said(NUSRA, FSA, "ally", "2014-01-09", start=100),
        _said(NUSRA, FSA, "hostile", "2014-01-09", past=True, start=200),
        _said(NUSRA, AQ, "member_of", "2014-01-09", start=300),
    ]
    rels = derive_relations([], statements=statements)
    assert _periods(rels, NUSRA, FSA) == [
        ("hostile", None, None, "2014-01-09", True),
        ("ally", "2014-01-09", "2014-01-09", None, False),
    ]
    member = next(r for r in rels if r.relation == "member_of")
    assert (member.actor_a, member.actor_b, member.until) == (NUSRA, AQ, None)  # directed
    ally = next(r for r in rels if r.relation == "ally")
    assert ally.evidence[0]["article_id"] == 1 and ally.evidence[0]["url"] == "https://x.test/1"
    assert (ally.weight, ally.sources) == (1.0, 1)

    on_day = relations_as_of(rels, "2014-01-09")
    assert {(r.relation, r.actor_a, r.actor_b) for r in on_day} == {
        ("ally", FSA, NUSRA), ("member_of", NUSRA, AQ)}
    before = relations_as_of(rels, "2014-01-08")
    assert {(r.relation, r.actor_a, r.actor_b) for r in before} == {("hostile", FSA, NUSRA)}


def test_seed_islamic_front_past_clash_then_fighting_isis_together() -> None:
    """"While the Islamic Front had previously clashed with the FSA", both now fight ISIS (an
    event with the Islamic Front associated to the FSA)."""
    events = [_battle("e1", "2014-01-09", FSA, ISIS, assoc1=IF)]
    statements = [_said(IF, FSA, "hostile", "2014-01-09", past=True)]
    rels = derive_relations(events, statements=statements)
    assert _periods(rels, IF, FSA) == [
        ("hostile", None, None, "2014-01-09", True),
        ("ally", "2014-01-09", "2014-01-09", None, False),
    ]
    # both stay hostile to ISIS; on 2014-01-09 the Islamic Front and the FSA are allies
    on_day = {(r.relation, r.actor_a, r.actor_b) for r in relations_as_of(rels, "2014-01-09")}
    assert on_day == {("ally", FSA, IF), ("hostile", FSA, ISIS), ("hostile", IF, ISIS)}


def test_later_stance_ends_earlier_and_weights_count_per_period() -> None:
    events = [
        _battle("e1", "2013-05-01", FSA, IF),
        _battle("e2", "2013-06-01", IF, FSA),
        _battle("e3", "2014-01-09", FSA, ISIS, assoc1=IF),
        _battle("e4", "2014-02-01", IF, ISIS, assoc1=FSA),
    ]
    rels = derive_relations(events)
    assert _periods(rels, FSA, IF) == [
        ("hostile", "2013-05-01", "2013-06-01", "2014-01-09", False),
        ("ally", "2014-01-09", "2014-02-01", None, False),
    ]
    hostile, ally = [r for r in rels if (r.actor_a, r.actor_b) == (FSA, IF)]
    assert (hostile.weight, ally.weight) == (2.0, 2.0)
    assert {e["event_id"] for e in hostile.evidence} == {"e1", "e2"}
    assert _on(rels, "2013-12-31", FSA, IF) == ["hostile"]
    assert relations_as_of(rels, "2013-04-30") == []  # nothing observed yet
    # a stance holds on after its last observation until something ends it
    assert _on(rels, "2015-01-01", FSA, IF) == ["ally"]


def test_past_statement_ends_the_stance_it_speaks_of() -> None:
    # fought together in 2013; in 2014 a report says they "had previously fought alongside"
    events = [_battle("e1", "2013-05-01", FSA, SAA, assoc1=IF)]
    statements = [_said(IF, FSA, "ally", "2014-03-01", past=True)]
    rels = derive_relations(events, statements=statements)
    assert _periods(rels, FSA, IF) == [("ally", "2013-05-01", "2013-05-01", "2014-03-01", False)]
    assert _on(rels, "2014-03-01", FSA, IF) == []
    # seen together again later: a new period, not the old one resumed
    events.append(_battle("e2", "2014-06-01", IF, SAA, assoc1=FSA))
    rels = derive_relations(events, statements=statements)
    assert _periods(rels, FSA, IF) == [
        ("ally", "2013-05-01", "2013-05-01", "2014-03-01", False),
        ("ally", "2014-06-01", "2014-06-01", None, False),
    ]


def test_past_statement_of_other_stance_is_an_earlier_episode() -> None:
    # allies since 2014-01-05; a later report recalls "previous clashes between the two groups"
    events = [_battle("e1", "2014-01-05", FSA, ISIS, assoc1=NUSRA)]
    statements = [_said(NUSRA, FSA, "hostile", "2014-02-01", past=True)]
    rels = derive_relations(events, statements=statements)
    assert _periods(rels, FSA, NUSRA) == [
        ("hostile", None, None, "2014-01-05", True),
        ("ally", "2014-01-05", "2014-01-05", None, False),
    ]
    assert _on(rels, "2014-02-01", FSA, NUSRA) == ["ally"]
    assert _on(rels, "2014-01-04", FSA, NUSRA) == ["hostile"]


def test_same_day_conflict_majority_wins_and_tie_keeps_holding_stance() -> None:
    events = [
        _battle("e1", "2014-01-01", FSA, IF),              # hostile from Jan 1
        _battle("e2", "2014-01-05", FSA, ISIS, assoc1=IF),  # one ally ...
        _battle("e3", "2014-01-05", FSA, IF),               # ... one hostile: a tie keeps hostile
        _battle("e4", "2014-01-09", FSA, ISIS, assoc1=IF),  # two ally ...
        _battle("e5", "2014-01-09", IF, ISIS, assoc1=FSA),
        _battle("e6", "2014-01-09", IF, FSA),               # ... one hostile: ally wins
    ]
    rels = derive_relations(events)
    assert _periods(rels, FSA, IF) == [
        ("hostile", "2014-01-01", "2014-01-09", "2014-01-09", False),
        ("ally", "2014-01-05", "2014-01-05", "2014-01-05", False),  # outvoted on its day
        ("ally", "2014-01-09", "2014-01-09", None, False),
    ]
    hostile = next(r for r in rels if r.relation == "hostile" and r.actor_b == IF)
    assert hostile.weight == 3.0  # e1, e3 and the outvoted e6 of Jan 9
    assert _on(rels, "2014-01-05", FSA, IF) == ["hostile"]
    assert _on(rels, "2014-01-09", FSA, IF) == ["ally"]


def test_statements_with_generic_or_same_actor_and_false_events_are_ignored() -> None:
    statements = [
        _said("Civilians (Syria)", FSA, "hostile", "2014-01-09"),
        _said(FSA, FSA, "ally", "2014-01-09"),
    ]
    false_event = _battle("e1", "2014-01-09", FSA, ISIS)
    false_event.status = "false"  # type: ignore[attr-defined]  # as a store's StoredEvent carries it
    assert derive_relations([false_event], statements=statements) == []


def test_undated_statement_supports_latest_period_but_is_never_placed_in_time() -> None:
    events = [_battle("e1", "2014-01-09", FSA, ISIS)]
    statements = [_said(FSA, ISIS, "hostile", None), _said(NUSRA, AQ, "member_of", None)]
    rels = derive_relations(events, statements=statements)
    hostile = next(r for r in rels if r.relation == "hostile")
    assert (hostile.weight, hostile.first_seen) == (2.0, "2014-01-09")
    member = next(r for r in rels if r.relation == "member_of")
    assert (member.first_seen, member.until, member.past) == (None, None, False)
    assert member not in relations_as_of(rels, "2014-01-09")


def test_one_statement_counted_once_and_sources_count_articles() -> None:
    statements = [
        _said(NUSRA, FSA, "ally", "2014-01-09", article_id=1),
        _said(NUSRA, FSA, "ally", "2014-01-09", article_id=1),  # the same span read twice
        _said(NUSRA, FSA, "ally", "2014-01-10", article_id=2),
    ]
    (ally,) = derive_relations([], statements=statements)
    assert (ally.weight, ally.sources, ally.first_seen, ally.last_seen) == (
        2.0, 2, "2014-01-09", "2014-01-10")


def test_strongest_sums_a_pairs_periods() -> None:
    events = [
        _battle("e1", "2013-05-01", FSA, IF),
        _battle("e2", "2014-01-09", FSA, ISIS, assoc1=IF),
        _battle("e3", "2014-03-01", IF, FSA),
        _battle("e4", "2014-03-02", FSA, ISIS),
    ]
    rels = derive_relations(events)
    assert len([r for r in rels if (r.actor_a, r.actor_b, r.relation) == (FSA, IF, "hostile")]) == 2
    assert strongest(rels, "hostile") == [(FSA, IF, 2.0), (FSA, ISIS, 2.0), (IF, ISIS, 1.0)]
    assert strongest(rels, "hostile", n=1) == [(FSA, IF, 2.0)]
    assert strongest(rels, "ally") == [(FSA, IF, 1.0)]
