"""Issue 4's done-when on the founding article: the derived picture (relations, control) has every
"must" fact of the gold coding, and copies of the article under other URLs (one with its paragraphs
reordered) give the same events, each with its reports linked, never duplicated.

Matching follows the gold file's own rules (its "about"): an actor matches when one of the gold
aliases appears as whole words in the coded name, a place when the point lies within tolerance_km,
a date when it falls inside [earliest, latest].
"""
from __future__ import annotations

import json
import math
import re
import unicodedata

import pytest

from frontlines import api
from frontlines.store import Store
from tests.conftest import SEED_GOLD, SEED_TEXT, need_shared

pytestmark = pytest.mark.shared


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def _is(aliases: list[str], name: str | None) -> bool:
    text = _norm(name)
    return any(re.search(rf"(^| ){re.escape(_norm(a))}( |$)", text) for a in aliases)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(need_shared(SEED_GOLD).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_store(coder, module_store_url):
    store = Store.open(module_store_url)
    summary = api.ingest([str(need_shared(SEED_TEXT))], store=store, coder=coder)
    assert summary.ingested == 1
    yield store
    store.close()


def test_every_must_relation_is_derived(seed_store, gold) -> None:
    actors = gold["actors"]
    relations = api.relations(seed_store)

    def found(g: dict) -> bool:
        for r in relations:
            if r.relation != g["kind"]:
                continue
            forward = _is(actors[g["a"]], r.actor_a) and _is(actors[g["b"]], r.actor_b)
            backward = _is(actors[g["a"]], r.actor_b) and _is(actors[g["b"]], r.actor_a)
            if forward or (backward and g["kind"] in ("ally", "hostile")):
                return True
        return False

    missed = [f'{g["a"]}-{g["kind"]}-{g["b"]}' for g in gold["relations"]
              if g["need"] == "must" and not found(g)]
    assert missed == []


def test_every_must_control_fact_is_derived(seed_store, gold) -> None:
    actors = gold["actors"]
    facts = api.control(seed_store)

    def found(g: dict) -> bool:
        return any(
            f.latitude is not None and f.longitude is not None
            and _km(g["lat"], g["lon"], f.latitude, f.longitude) <= g["tolerance_km"]
            and _is(actors[g["actor"]], f.actor)
            and g["since"]["earliest"] <= (f.since or "")[:10] <= g["since"]["latest"]
            for f in facts
        )

    missed = [g["place"] for g in gold["control"] if g["need"] == "must" and not found(g)]
    assert missed == []


def test_relations_change_over_time_as_of_the_article(seed_store) -> None:
    """The Islamic Front and Al-Nusra "had previously clashed" with the FSA and now fight beside
    it against ISIS: hostile before the article's date, not on it."""
    on_the_day = api.relations(seed_store, as_of="2014-01-09")
    pairs = {(r.relation, frozenset((r.actor_a, r.actor_b))) for r in on_the_day}
    nusra_fsa = frozenset(("Jabhat al Nusra", "Free Syrian Army"))
    assert ("ally", nusra_fsa) in pairs and ("hostile", nusra_fsa) not in pairs
    everything = api.relations(seed_store)
    assert any(r.relation == "hostile" and frozenset((r.actor_a, r.actor_b)) == nusra_fsa
               and r.until is not None for r in everything)


def _copies(text: str) -> list[dict]:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    head, body = paragraphs[:3], paragraphs[3:]  # title lines and captions stay on top
    return [
        {"id": "a", "url": "https://outlet-a.example/aleppo-isis", "text": text},
        {"id": "b", "url": "https://outlet-b.example/2014/01/aleppo", "text": text},
        {"id": "c", "url": "https://outlet-c.example/reordered",
         "text": "\n\n".join(head + body[::-1])},
    ]


def test_copies_under_other_urls_are_reports_of_the_same_events(coder, tmp_path, store_url) -> None:
    text = need_shared(SEED_TEXT).read_text(encoding="utf-8")
    first, *others = _copies(text)
    (tmp_path / "a.jsonl").write_text(json.dumps(first) + "\n", encoding="utf-8")
    (tmp_path / "bc.jsonl").write_text("".join(json.dumps(c) + "\n" for c in others), encoding="utf-8")
    store = Store.open(store_url)
    api.ingest([str(tmp_path / "a.jsonl")], store=store, coder=coder)
    before = {e.event_id for e in store.iter_events()}
    summary = api.ingest([str(tmp_path / "bc.jsonl")], store=store, coder=coder)
    assert summary.ingested == 2
    events = list(store.iter_events())
    # more reports never change an event's id, and the copies add no event of their own beyond
    # what the reordered copy codes differently (its context moved)
    assert before <= {e.event_id for e in events}
    assert len(events) <= len(before) + 1
    reported = [e for e in events if e.event_id in before]
    assert all(e.sources >= 2 for e in reported)
    assert sum(e.sources == 3 for e in reported) >= len(reported) - 1
    again = api.ingest([str(tmp_path / "a.jsonl"), str(tmp_path / "bc.jsonl")], store=store, coder=coder)
    assert again.ingested == 0 and again.duplicates == 3
    assert len(list(store.iter_events())) == len(events)
    store.close()


def test_every_kind_of_correction_survives_a_full_recode(tmp_path, cli_coder, store_url) -> None:
    """Field fix, false event, analyst merge and split, made through the CLI, then
    `frontlines recode`: the store ends with the same events and every correction in place."""
    from typer.testing import CliRunner

    from frontlines.cli import app

    runner = CliRunner()
    url = store_url

    def cli(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", url], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    cli("ingest", str(need_shared(SEED_TEXT)))
    store = Store.open(url)
    events = list(store.iter_events())
    clashes = [e for e in events if e.sub_event_type == "Armed clash"]
    attack = next(e for e in events if e.event_type == "Violence against civilians")
    assert len(clashes) >= 3
    who = ("--by", "analyst", "--why", "test")
    cli("correct", "set", attack.event_id, "fatalities", "21", *who)
    cli("correct", "false", clashes[0].event_id, *who)
    cli("correct", "merge", clashes[1].event_id, clashes[2].event_id, *who)
    merged = store.get_event(clashes[1].event_id)
    mentions = [m.id for m in store.iter_mentions(merged.event_id)]
    assert len(mentions) >= 2
    cli("correct", "split", merged.event_id, mentions[-1], *who)
    before = {e.event_id: e for e in store.iter_events(include_false=True)}

    cli("recode")

    after = {e.event_id: e for e in store.iter_events(include_false=True)}
    assert set(after) == set(before)
    assert after[attack.event_id].fatalities == 21
    assert clashes[2].event_id not in after  # folded into clashes[1] for good
    assert after[clashes[0].event_id].status == "false"
    assert clashes[0].event_id not in {e.event_id for e in store.iter_events()}
    for event_id, event in before.items():
        assert sorted(after[event_id].mention_ids) == sorted(event.mention_ids)
    store.close()
