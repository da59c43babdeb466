"""One event, many reports: merge rules (pure), reconciliation, and the store's mention handling
(several articles, several sentences, re-coding, copies under other URLs, analyst merge/split,
statements)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, update

from frontlines import api
from frontlines.records import (
    Article, CodedDocument, ControlStatement, Event, Evidence, RelationStatement, event_contract,
)
from frontlines.store import Store, StoredEvidence, content_hash
from frontlines.store.merge import (
    Mention, MergeRulesError, compatible, load_merge_rules, reconcile, reconcile_fatalities,
    reconcile_self_claimed, shares_evidence,
)
from frontlines.store.models import CorrectionRow, EventRow

REBELS = "Opposition Rebels (Syria)"
ISIS = "Islamic State (Syria)"
ARMY = "Military Forces of Syria (2000-2024)"
CIVILIANS = "Civilians (Syria)"
ALEPPO = {"location": "Aleppo", "latitude": 36.20124, "longitude": 37.16117, "admin1": "Aleppo"}
# about 22 km north-west of Aleppo city: another town, another event at precision 1
ANADAN = {"location": "Anadan", "latitude": 36.2937, "longitude": 37.0444, "admin1": "Aleppo"}


@pytest.fixture(scope="module")
def rules():
    return load_merge_rules()


def _event(sub: str = "Armed clash", a1: str | None = REBELS, a2: str | None = ISIS, *,
           day: str = "2014-01-09", deaths: int = 0, span: tuple[int, int] = (0, 40),
           text: str = "Rebels clashed with ISIS fighters in Aleppo.", place: dict | None = None,
           geo: int = 1, time: int = 1, event_type: str | None = None, **more) -> Event:
    where = place or ALEPPO
    return Event(
        event_date=day, time_precision=time,
        event_type=event_type or {"Armed clash": "Battles", "Attack": "Violence against civilians",
                                  "Non-state actor overtakes territory": "Battles",
                                  "Shelling/artillery/missile attack": "Explosions/Remote violence",
                                  "Air/drone strike": "Explosions/Remote violence"}[sub],
        sub_event_type=sub, actor1=a1, actor2=a2, country="Syria", geo_precision=geo,
        fatalities=deaths, evidence=[Evidence(span[0], span[1], text[: span[1] - span[0]])],
        **where, **more,
    )


def _values(ev: Event) -> dict:
    return event_contract(ev)


def _mention(ev: Event, article_id: int = 1, claimed: bool = False, mid: str = "m") -> Mention:
    return Mention(id=mid, article_id=article_id, values=_values(ev), self_claimed=claimed)


# ---------------------------------------------------------------- rules as data


def test_shipped_rules_load_and_name_taxonomy_types(rules) -> None:
    assert rules.family("Armed clash") == rules.family("Non-state actor overtakes territory")
    assert rules.family("Shelling/artillery/missile attack") == rules.family("Air/drone strike")
    assert rules.family("Attack") != rules.family("Armed clash")
    assert rules.family("Arrests") == "Arrests"  # unlisted: a family of its own
    assert set(rules.date_window_days) == set(rules.distance_km) == {1, 2, 3}
    assert rules.fatalities == "lowest_reported"


def test_bad_rules_are_refused(tmp_path) -> None:
    bad = tmp_path / "merge.yaml"
    bad.write_text("families: {x: [Armed clashes]}\ndate_window_days: {1: 0, 2: 7, 3: 16}\n"
                   "distance_km: {1: 3, 2: 25, 3: 120}\n", encoding="utf-8")
    with pytest.raises(MergeRulesError, match="Armed clashes"):
        load_merge_rules(bad)
    bad.write_text("families: {}\ndate_window_days: {1: 0, 2: 7}\ndistance_km: {1: 3, 2: 25, 3: 120}\n",
                   encoding="utf-8")
    with pytest.raises(MergeRulesError, match="date_window_days"):
        load_merge_rules(bad)


# ---------------------------------------------------------------- same event?


def test_actors_in_either_order_are_one_clash(rules) -> None:
    assert compatible(_values(_event()), _values(_event(a1=ISIS, a2=REBELS)), rules)


def test_other_belligerents_are_another_event(rules) -> None:
    assert not compatible(_values(_event()), _values(_event(a1=REBELS, a2=ARMY)), rules)


def test_fewer_or_unidentified_actors_fit_a_fuller_report(rules) -> None:
    full = _values(_event("Attack", ISIS, CIVILIANS))
    assert compatible(full, _values(_event("Attack", None, CIVILIANS)), rules)
    assert compatible(full, _values(_event("Attack", "Unidentified Armed Group (Syria)", CIVILIANS)), rules)


def test_type_family_decides(rules) -> None:
    clash = _values(_event())
    assert compatible(clash, _values(_event("Non-state actor overtakes territory")), rules)
    assert not compatible(_values(_event("Attack", ISIS, CIVILIANS)),
                          _values(_event("Shelling/artillery/missile attack", ISIS, CIVILIANS)), rules)


def test_dates_within_the_window_of_their_precision(rules) -> None:
    clash = _values(_event(day="2014-01-09"))
    assert not compatible(clash, _values(_event(day="2014-01-10")), rules)  # next day: another day's fighting
    assert compatible(clash, _values(_event(day="2014-01-06", time=2)), rules)  # "this week"
    assert not compatible(clash, _values(_event(day="2014-01-15", time=2)), rules)
    # "since protests began in March": month-dated reports merge only with one another
    january = _values(_event(day="2014-01-15", time=3))
    assert not compatible(clash, january, rules)
    assert compatible(january, _values(_event(day="2014-01-05", time=3)), rules)
    assert not compatible(january, _values(_event(day="2014-02-15", time=3)), rules)


def test_places_within_the_places_precision(rules) -> None:
    clash = _values(_event())
    assert not compatible(clash, _values(_event(place=ANADAN)), rules)
    assert compatible(clash, _values(_event(place=ANADAN, geo=2)), rules)  # "near Aleppo"
    province = dict(ALEPPO, latitude=36.0, longitude=37.5, location="Aleppo governorate")
    assert compatible(_values(_event(place=ANADAN)), _values(_event(place=province, geo=3)), rules)
    assert not compatible(clash, dict(clash, country="Turkey"), rules)
    # Hama province's centroid is 54 km from Homs city, within the 120 km of precision 3, but
    # a report about Hama province is not about Homs
    homs = _values(_event(place={"location": "Homs", "latitude": 34.724, "longitude": 36.726, "admin1": "Homs"}))
    hama = _values(_event(place={"location": "Hama", "latitude": 35.206, "longitude": 36.780, "admin1": "Hama"}, geo=3))
    assert not compatible(homs, hama, rules)
    assert compatible(homs, dict(hama, admin1="Homs"), rules)


def test_shared_evidence_marks_a_deliberate_split() -> None:
    a = _values(_event(span=(0, 40)))
    assert shares_evidence(a, _values(_event(span=(30, 60))))
    assert not shares_evidence(a, _values(_event(span=(40, 80))))


# ---------------------------------------------------------------- reconciled fields


def test_fatalities_lowest_figure_that_counts_deaths() -> None:
    assert reconcile_fatalities([0, 12, 8]) == 8  # the report silent on deaths is no credible 0
    assert reconcile_fatalities([0, 0]) == 0
    assert reconcile_fatalities([0, 12, 8], "lowest") == 0
    assert reconcile_fatalities([0, 12, 8], "highest") == 12


def test_reconcile_takes_most_precise_place_and_date_and_majority_type(rules) -> None:
    vague = _event("Non-state actor overtakes territory", day="2014-01-07", time=2, geo=2,
                   place=ANADAN, deaths=0)
    precise = _event(deaths=12, a1=ISIS, a2=REBELS)
    other = _event(deaths=8, span=(50, 90))
    merged = reconcile([_mention(vague), _mention(precise), _mention(other)], rules)
    assert merged["sub_event_type"] == "Armed clash" and merged["event_type"] == "Battles"
    assert (merged["location"], merged["geo_precision"]) == ("Aleppo", 1)
    assert (merged["event_date"], merged["time_precision"]) == ("2014-01-09", 1)
    assert merged["fatalities"] == 8


def test_reconcile_tie_goes_to_taxonomy_precedence(rules) -> None:
    merged = reconcile([_mention(_event()), _mention(_event("Non-state actor overtakes territory"))], rules)
    assert merged["sub_event_type"] == "Non-state actor overtakes territory"


def test_associated_actors_join_their_side_whatever_the_order(rules) -> None:
    a = _event(assoc_actor_1="Islamic Front")
    b = _event(a1=ISIS, a2=REBELS, assoc_actor_2="Free Syrian Army")
    merged = reconcile([_mention(a), _mention(b)], rules)
    assert merged["actor1"] == REBELS
    assert merged["assoc_actor_1"] == "Islamic Front; Free Syrian Army"
    assert merged["assoc_actor_2"] is None


def test_self_claimed_until_an_independent_report() -> None:
    assert reconcile_self_claimed([_mention(_event(), claimed=True)])
    assert not reconcile_self_claimed([_mention(_event(), claimed=True), _mention(_event())])


# ---------------------------------------------------------------- the store


@pytest.fixture()
def store(store_url):
    s = Store.open(store_url)
    yield s
    s.close()


def _save(store: Store, text: str, *events: Event, url: str | None = None, **coded):
    article = Article(text=text, url=url, source="Outlet", published=date(2014, 1, 10))
    doc = CodedDocument(id="d", published="2014-01-10", events=list(events), **coded)
    return store.save_article_coded(article, content_hash(text), doc, "1")


def test_reports_from_several_articles_make_one_event_with_a_stable_id(store: Store) -> None:
    first = _save(store, "one", _event(deaths=0))
    second = _save(store, "two", _event(a1=ISIS, a2=REBELS, deaths=12), url="https://b.example/x")
    third = _save(store, "three", _event(deaths=8, span=(5, 60)))
    assert first.event_ids == second.event_ids == third.event_ids == first.mention_ids
    (event,) = store.iter_events()
    assert event.event_id == first.mention_ids[0]
    assert event.sources == 3 and len(event.mention_ids) == 3
    assert event.fatalities == 8
    assert {e.article_id for e in event.evidence} == {first.article_id, second.article_id, third.article_id}
    assert all(isinstance(e, StoredEvidence) and e.mention_id for e in event.evidence)
    assert event.article_url == "https://b.example/x"


def test_two_sentences_of_one_article_are_one_event(store: Store) -> None:
    result = _save(store, "text", _event(span=(0, 40)), _event(a1=ISIS, a2=REBELS, span=(41, 90)))
    assert result.event_ids[0] == result.event_ids[1]
    (event,) = store.iter_events()
    assert event.sources == 1 and len(event.evidence) == 2


def test_one_sentence_split_by_the_coder_stays_split(store: Store) -> None:
    result = _save(store, "text", _event(span=(0, 40)), _event(span=(0, 40), assoc_actor_1="Islamic Front"))
    assert result.event_ids[0] != result.event_ids[1]


def test_different_events_stay_apart(store: Store) -> None:
    _save(store, "text", _event(), _event(place=ANADAN, span=(41, 80)),
          _event(day="2014-01-10", span=(81, 120)), _event(a2=ARMY, span=(121, 160)))
    assert store.counts()["events"] == 4


def test_recoding_never_duplicates_and_keeps_ids(store: Store) -> None:
    a = _save(store, "one", _event())
    b = _save(store, "two", _event(deaths=4))
    before = [(e.event_id, e.sources, e.updated_at) for e in store.iter_events()]
    again = store.save_coded(b.article_id, CodedDocument(id="d", published="2014-01-10",
                                                          events=[_event(deaths=4)]))
    assert again.event_ids == a.event_ids
    assert [(e.event_id, e.sources, e.updated_at) for e in store.iter_events()] == before
    assert store.counts()["event_mentions"] == 2


def test_recoded_mention_that_no_longer_fits_moves_out(store: Store) -> None:
    a = _save(store, "one", _event())
    b = _save(store, "two", _event())
    moved = store.save_coded(b.article_id, CodedDocument(
        id="d", published="2014-01-10", events=[_event(a2=ARMY)]))  # the re-code names other foes
    assert moved.event_ids != a.event_ids
    assert sorted(e.sources for e in store.iter_events()) == [1, 1]


def test_dropped_mention_leaves_the_event_to_the_others(store: Store) -> None:
    a = _save(store, "one", _event(deaths=3))
    b = _save(store, "two", _event(deaths=9))
    store.save_coded(a.article_id, CodedDocument(id="d", published="2014-01-10", events=[]))
    (event,) = store.iter_events()
    assert event.event_id == a.event_ids[0]  # the id stays although its first report went
    assert event.sources == 1 and event.fatalities == 9
    store.save_coded(b.article_id, CodedDocument(id="d", published="2014-01-10", events=[]))
    assert store.counts()["events"] == 0


def test_same_text_other_url_is_another_report(store: Store) -> None:
    first = _save(store, "story", _event(), url="https://a.example/1")
    second = _save(store, "story", _event(), url="https://b.example/1")
    again = _save(store, "story", _event(), url="https://a.example/1")
    assert first.article_id != second.article_id and again.article_id == first.article_id
    assert second.mention_ids == [f"{first.mention_ids[0]}@{second.article_id}"]
    (event,) = store.iter_events()
    assert event.sources == 2 and len(event.evidence) == 2
    assert store.counts()["articles"] == 2


def test_events_marked_false_are_left_out_unless_asked(store: Store) -> None:
    result = _save(store, "one", _event(), _event("Attack", ISIS, CIVILIANS, span=(41, 80)))
    with store._session() as s, s.begin():
        s.execute(update(EventRow).where(EventRow.id == result.event_ids[0]).values(status="false"))
    assert [e.event_id for e in store.iter_events()] == [result.event_ids[1]]
    assert len(list(store.iter_events(include_false=True))) == 2
    assert store.get_event(result.event_ids[0]).status == "false"
    assert sum(n for _, _, n, _ in store.event_type_totals()) == 1


def test_analyst_merge_survives_recoding(store: Store) -> None:
    a = _save(store, "one", _event())
    b = _save(store, "two", _event(place=ANADAN))  # another town: kept apart automatically
    target, other = a.event_ids[0], b.event_ids[0]
    assert store.merge_events(target, [other], author="ana", reason="same battle") == target
    (event,) = store.iter_events()
    assert event.sources == 2 and event.event_id == target
    store.save_coded(b.article_id, CodedDocument(id="d", published="2014-01-10", events=[_event(place=ANADAN)]))
    assert [e.event_id for e in store.iter_events()] == [target]
    with store._session() as s:
        row = s.scalar(select(CorrectionRow))
        assert (row.target, row.target_id, row.action, row.value, row.author) == (
            "event", target, "merge", [other], "ana")


def test_analyst_split_survives_recoding(store: Store) -> None:
    a = _save(store, "one", _event())
    b = _save(store, "two", _event(deaths=5))
    new_id = store.split_event(a.event_ids[0], b.mention_ids, author="ana", reason="two clashes")
    assert new_id != a.event_ids[0]
    assert sorted(e.fatalities for e in store.iter_events()) == [0, 5]
    store.save_coded(b.article_id, CodedDocument(id="d", published="2014-01-10", events=[_event(deaths=5)]))
    assert store.get_event(new_id).sources == 1 and store.counts()["events"] == 2
    # a new report still merges into one of them, never pulls the pinned mentions together
    _save(store, "three", _event(deaths=2))
    assert store.counts()["events"] == 2
    with pytest.raises(ValueError):
        store.split_event(new_id, b.mention_ids, author="ana", reason="all of it")


def test_statements_are_stored_per_article_and_replaced_on_recode(store: Store) -> None:
    ev = Evidence(0, 20, "Nusra fought with FSA", sentence_index=0)
    relation = RelationStatement("Jabhat al Nusra", "Free Syrian Army", "ally", "2014-01-09", ev, cue="fought alongside")
    control = ControlStatement(ISIS, "controlled", "Ad Dana", 36.21, 36.77, "2014-01-05", ev,
                               country="Syria", geo_precision=1, past=True)
    result = _save(store, "one", url="https://a.example/1", relations=[relation], control=[control])
    (got,) = store.iter_statements("relation")
    assert replace(got, evidence=ev) == relation
    assert got.evidence.article_id == result.article_id and got.evidence.url == "https://a.example/1"
    (held,) = store.iter_statements("control", as_of="2014-01-06")
    assert (held.actor, held.location, held.past, held.latitude) == (ISIS, "Ad Dana", True, 36.21)
    assert list(store.iter_statements("control", as_of=date(2014, 1, 4))) == []
    store.save_coded(result.article_id, CodedDocument(id="d", published="2014-01-10", relations=[relation]))
    assert len(list(store.iter_statements("relation"))) == 1
    assert list(store.iter_statements("control")) == []
    with pytest.raises(ValueError):
        list(store.iter_statements("events"))


# ---------------------------------------------------------------- ingest and recode, real coder

STORY = ("Syrian rebels clashed with Islamic State fighters in the city of Aleppo on Thursday. "
         "Government aircraft bombed the town of Al-Bab, killing 12 civilians.")


def test_ingest_same_text_under_two_urls_then_recode(tmp_path, coder, store_url) -> None:
    lines = [{"id": "a", "url": "https://a.example/x", "text": STORY, "published": "2014-01-10"},
             {"id": "b", "url": "https://b.example/y", "text": STORY, "published": "2014-01-10"},
             {"id": "c", "url": "https://a.example/x", "text": STORY, "published": "2014-01-10"}]
    source = tmp_path / "story.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with Store.open(store_url) as store:
        summary = api.ingest([str(source)], store=store, coder=coder)
        assert (summary.ingested, summary.duplicates) == (2, 1)
        events = list(store.iter_events())
        assert events and all(e.sources == 2 for e in events)
        assert summary.events == 2 * len(events)
        again = api.ingest([str(source)], store=store, coder=coder)
        assert (again.ingested, again.duplicates) == (0, 3)
        recoded = api.recode(store, coder)
        assert recoded.articles == 2
        assert recoded.events_before == recoded.events_after == len(events)
        assert [e.event_id for e in store.iter_events()] == [e.event_id for e in events]


def test_cli_recode_keeps_the_event_count(tmp_path, cli_coder, store_url) -> None:
    from typer.testing import CliRunner

    from frontlines.cli import app

    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    db = store_url
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(source), "--db", db], catch_exceptions=False)
    with Store.open(db) as store:
        events = store.counts()["events"]
    assert events > 0
    result = runner.invoke(app, ["recode", "--db", db], catch_exceptions=False)
    assert result.exit_code == 0
    assert "re-coded 1 articles" in result.output and f"{events} events before, {events} after" in result.output


def test_recoding_unchanged_codings_never_regroups(store: Store) -> None:
    # b ("the week of the 5th") joins a ("the week of the 6th"); c then makes the event
    # day-precise on the 10th, 5 days from b: more than a week-dated report may be off. Re-coding
    # b as before must leave it where it is; a changed coding of b is judged again.
    a = _save(store, "one", _event(day="2014-01-06", time=2))
    b = _save(store, "two", _event(day="2014-01-05", time=2))
    c = _save(store, "three", _event(day="2014-01-10", time=1))
    assert a.event_ids == b.event_ids == c.event_ids
    recode_b = CodedDocument(id="d", published="2014-01-10", events=[_event(day="2014-01-05", time=2)])
    assert store.save_coded(b.article_id, recode_b).event_ids == a.event_ids
    assert store.counts()["events"] == 1
    recode_b.events[0].notes = "another coder's notes"
    assert store.save_coded(b.article_id, recode_b).event_ids != a.event_ids


# ---------------------------------------------------------------- reports that share no party


def test_unattributed_reports_merge_only_as_the_same_incident_at_a_town(rules) -> None:
    shelling = _event("Shelling/artillery/missile attack", None, CIVILIANS)
    strike = _event("Air/drone strike", None, CIVILIANS)
    assert not compatible(_values(shelling), _values(strike), rules)  # same family, no party
    assert compatible(_values(shelling), _values(replace(shelling, notes="again")), rules)
    province = replace(shelling, geo_precision=3)
    assert not compatible(_values(province), _values(province), rules)  # a province is too wide


def test_a_shared_category_of_people_is_not_a_shared_party(rules) -> None:
    by_isis = _event("Attack", ISIS, CIVILIANS)
    by_nobody = _event("Attack", None, CIVILIANS)
    # the victims alone do not tie an anonymous attack to ISIS's unless it is the same kind of
    # incident at the same town (here it is: "Attack" in Aleppo that day)
    assert compatible(_values(by_isis), _values(by_nobody), rules)
    assert not compatible(_values(by_isis), _values(replace(by_nobody, geo_precision=2)), rules)
    # a named party in common merges across sub-types of one family at a district's precision
    clash = _event("Armed clash", REBELS, ISIS, geo=2)
    takeover = _event("Non-state actor overtakes territory", REBELS, ISIS, geo=2)
    assert compatible(_values(clash), _values(takeover), rules)
