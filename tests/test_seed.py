"""Acceptance: the founding example (../shared/seeds), scored with the reference scorer's
own matching logic (imported from ../shared/eval/score.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "asharq-2014-01-aleppo.txt"
GOLD = SHARED / "seeds" / "asharq-2014-01-aleppo.gold.json"
SCORER = SHARED / "eval" / "score.py"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (SEED.exists() and GOLD.exists() and SCORER.exists()),
                       reason=f"seed article, gold coding or scorer not found under {SHARED} (../shared is absent)"),
]


def load_scorer():
    spec = importlib.util.spec_from_file_location("frontlines_reference_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def coded():
    from frontlines.ingest import read_sources
    from frontlines.nlp.model import shared_nlp
    from frontlines.nlp.pipeline import Coder
    from frontlines.records import Article

    articles = [a for a in read_sources([str(SEED)]) if isinstance(a, Article)]
    assert len(articles) == 1
    article = articles[0]
    assert article.captions, "ingest should mark the photo caption"
    assert article.published is None
    return Coder.default(nlp=shared_nlp()).code(article, doc_id="asharq-2014-01-aleppo")


def test_seed_reference_date_is_inferred(coded):
    assert coded.reference_inferred
    assert "2014-01-09" <= coded.published <= "2014-01-10"


def test_seed_must_events_and_precision(coded):
    score = load_scorer()
    metrics = score.score_seed(str(GOLD), {coded.id: coded.to_contract()}, None, None)
    assert metrics["events_must_recall"] == 1.0, metrics
    assert metrics["events_precision"] >= 0.6, metrics


def test_seed_events_carry_evidence_and_ids(coded):
    ids = [e.event_id for e in coded.events]
    assert len(ids) == len(set(ids)) and all(ids)
    for e in coded.events:
        assert e.evidence and all(ev.text for ev in e.evidence)
        assert e.notes.startswith(("On ", "Around ", "In "))
    caption_events = [e for e in coded.events if any(ev.section == "caption" for ev in e.evidence)]
    assert any(e.location == "Manbij" and e.event_date == "2014-01-08" for e in caption_events)
