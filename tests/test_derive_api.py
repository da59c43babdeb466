"""api.relations / api.control on a store, and `frontlines export relations|control --as-of`."""
from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from frontlines import api
from frontlines.cli import app
from frontlines.records import (
    Article,
    CodedDocument,
    ControlStatement,
    Event,
    Evidence,
    Place,
    PlaceMention,
    RelationStatement,
)
from frontlines.store import Store, StoredEvidence, content_hash

TEXT = ("Rebels seized Manbij from ISIS on Monday. The FSA clashed with the Islamic Front. "
        "The Islamic Front fought ISIS alongside the FSA in Manbij.")
FSA, IF, ISIS = "Free Syrian Army", "Islamic Front", "Islamic State (Syria)"
MANBIJ = Place("Manbij", 36.528, 37.955, country="Syria")


def _event(day: str, sub: str, a1: str, a2: str, start: int, end: int,
           assoc1: str | None = None) -> Event:
    return Event(
        event_date=day, time_precision=1, event_type="Battles", sub_event_type=sub, actor1=a1,
        actor2=a2, assoc_actor_1=assoc1, country="Syria", location="Manbij", latitude=36.528,
        longitude=37.955, evidence=[Evidence(start, end, TEXT[start:end])],
    )


def _store(url: str) -> Store:
    store = Store.open(url)
    aid, _ = store.add_article(Article(text=TEXT, url="https://x.test/a"), content_hash(TEXT))
    store.save_coded(aid, CodedDocument(id="a", published="2014-01-10", events=[
        _event("2014-01-06", "Non-state actor overtakes territory", FSA, ISIS, 0, 41),
        _event("2014-01-07", "Armed clash", FSA, IF, 42, 83),
        _event("2014-01-09", "Armed clash", IF, ISIS, 84, len(TEXT), assoc1=FSA),
    ], places=[PlaceMention(m.start(), m.end(), "Manbij", MANBIJ) for m in re.finditer("Manbij", TEXT)]), "1")
    return store


def test_api_relations_and_control_with_as_of(store_url) -> None:
    store = _store(store_url)
    no_parents = lambda actor: ()
    rels = api.relations(store, affiliations=no_parents)
    fsa_if = [(r.relation, r.first_seen, r.until) for r in rels if (r.actor_a, r.actor_b) == (FSA, IF)]
    assert fsa_if == [("hostile", "2014-01-07", "2014-01-09"), ("ally", "2014-01-09", None)]
    on_8 = api.relations(store, as_of="2014-01-08", affiliations=no_parents)
    assert {(r.relation, r.actor_a, r.actor_b) for r in on_8} == {("hostile", FSA, IF), ("hostile", FSA, ISIS)}
    assert [f.actor for f in api.control(store, as_of="2014-01-05")] == [ISIS]
    assert [(f.actor, f.status) for f in api.control(store, as_of="2014-01-06")] == [(FSA, "controlled")]
    store.close()


def test_a_taking_whose_sentence_does_not_name_its_place_leaves_the_map_alone(store_url) -> None:
    """The coder gives an event the article's place when its sentence names none ("Zawahiri took
    over as head of al-Qaeda" in a Damascus story): the event stays, the control map ignores it;
    a sentence pointing back at the place ("the town") still counts."""
    text = ("Rebels clashed with ISIS in Manbij. Zawahiri took over as head of al-Qaeda. "
            "The army recaptured the town on Friday.")
    store = Store.open(store_url)
    aid, _ = store.add_article(Article(text=text, url="https://x.test/b"), content_hash(text))
    second, third = text.index("Zawahiri"), text.index("The army")

    def taking(day: str, actor: str, start: int, end: int) -> Event:
        return Event(event_date=day, time_precision=1, event_type="Battles",
                     sub_event_type="Non-state actor overtakes territory", actor1=actor, country="Syria",
                     location="Manbij", latitude=36.528, longitude=37.955,
                     evidence=[Evidence(start, end, text[start:end])])

    store.save_coded(aid, CodedDocument(id="b", published="2014-01-10", events=[
        taking("2014-01-06", "Al Qaeda", second, third - 1),
        taking("2014-01-08", "Military Forces of Syria (2000-)", third, len(text)),
    ], places=[PlaceMention(text.index("Manbij"), text.index("Manbij") + 6, "Manbij", MANBIJ)]), "1")
    assert len(list(store.iter_events())) == 2
    assert [f.actor for f in api.control(store)] == ["Military Forces of Syria (2000-)"]
    store.close()


def test_api_reads_store_statements(store_url) -> None:
    store = _store(store_url)
    said = StoredEvidence(0, 10, TEXT[:10], article_id=1, url="https://x.test/a")
    statements = {
        "relation": [RelationStatement(IF, FSA, "hostile", "2014-01-05", said, past=True, cue="previously")],
        "control": [ControlStatement(ISIS, "controlled", "Raqqa", 35.95, 39.01, "2014-01-09", said)],
    }
    # the store's statement reader (Store.iter_statements(kind)) as the derive stage calls it
    store.iter_statements = lambda kind: iter(statements[kind])  # type: ignore[attr-defined]
    rels = api.relations(store, affiliations=lambda actor: ())
    fsa_if = [(r.relation, r.first_seen, r.until, r.past) for r in rels if (r.actor_a, r.actor_b) == (FSA, IF)]
    assert fsa_if == [("hostile", None, "2014-01-05", True), ("hostile", "2014-01-07", "2014-01-09", False),
                      ("ally", "2014-01-09", None, False)]
    raqqa = [f for f in api.control(store, as_of="2014-01-09") if f.location == "Raqqa"]
    assert [(f.actor, f.status, f.evidence[0]["url"]) for f in raqqa] == [
        (ISIS, "controlled", "https://x.test/a")]
    store.close()


def test_cli_exports_as_of(store_url) -> None:
    url = store_url
    _store(url).close()
    runner = CliRunner()

    def lines(*args: str) -> list[dict]:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return [json.loads(x) for x in result.output.splitlines() if x.strip()]

    everything = lines("export", "relations", "--db", url)
    assert {"until", "past", "sources"} <= set(everything[0])
    on_day = lines("export", "relations", "--db", url, "--as-of", "2014-01-09")
    assert {(r["relation"], r["actor_a"], r["actor_b"]) for r in on_day} >= {("ally", FSA, IF)}
    assert not any(r["relation"] == "hostile" and (r["actor_a"], r["actor_b"]) == (FSA, IF) for r in on_day)
    control = lines("export", "control", "--db", url, "--as-of", "2014-01-06")
    assert [(c["actor"], c["since"], c["until"]) for c in control] == [(FSA, "2014-01-06", None)]
    bad = runner.invoke(app, ["export", "control", "--db", url, "--as-of", "January"])
    assert bad.exit_code != 0
