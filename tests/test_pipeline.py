from __future__ import annotations

import json
from datetime import date

import pytest

from frontlines.nlp.pipeline import CODER_VERSION, Coder
from frontlines.records import Article
from tests.test_events_support import stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


TEXT = "Rebels clashed with ISIS in Aleppo on Thursday.\n\nGunmen killed five civilians in Homs."


def test_code_returns_contract(coder):
    doc = coder.code(Article(text=TEXT, published=date(2014, 1, 10)), doc_id="d1")
    assert doc.id == "d1" and doc.published == "2014-01-10" and not doc.reference_inferred
    line = doc.to_contract()
    json.dumps(line)
    assert [e["sub_event_type"] for e in line["events"]] == ["Armed clash", "Attack"]
    assert line["events"][0]["event_date"] == "2014-01-09"
    assert {p["name"] for p in line["places"]} == {"Aleppo", "Homs"}
    assert CODER_VERSION


def test_reference_inferred_without_publication_date(coder):
    doc = coder.code(Article(text="On 5 March 2022, rebels clashed with ISIS in Homs."), doc_id="d2")
    assert doc.reference_inferred and doc.published == "2022-03-05" and doc.reference_how
    assert doc.events[0].event_date == "2022-03-05"


def test_code_many_matches_code(coder):
    arts = [Article(text=TEXT, published=date(2014, 1, 10), doc_id=f"a{i}") for i in range(3)]
    many = [d.to_contract() for d in coder.code_many(arts, batch_size=2)]
    one = [coder.code(a).to_contract() for a in arts]
    assert many == one and [d["id"] for d in many] == ["a0", "a1", "a2"]


def test_stages_are_separately_callable(coder):
    art = Article(text=TEXT, published=date(2014, 1, 10))
    doc = coder.nlp(art.text)
    sents = coder.step_sentences(doc, art)
    ref = coder.step_reference(art, doc)
    coder.step_actors(doc, sents, "Syria", ref)
    assert sents[0].actors and sents[0].actors[0].actor.name == "Opposition Rebels (Syria)"
    places = coder.step_places(doc, sents)
    assert [p.text for p in places] == ["Aleppo", "Homs"]
    coder.step_dates(doc, sents, ref)
    assert sents[0].dates and sents[0].dates[0].value == date(2014, 1, 9)
    ctx = coder.context(doc, art, "x", sents, ref, places, coder.doc_country(doc, places))
    drafts = coder.step_events(ctx)
    events = coder.step_numbers(drafts, "x")
    assert [e.fatalities for e in events] == [0, 5]
