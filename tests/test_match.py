"""The first-word matcher gives spaCy's Matcher's matches on the lexicon's kind of patterns."""
from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from frontlines.knowledge.lexicon import load_event_lexicon
from frontlines.nlp.match import FirstWordMatcher, UnsupportedPattern

TEXTS = [
    "Rebels drove the army out of the town after heavy fighting on Monday.",
    "Police fired tear gas at protesters who had set a car on fire; two people were killed.",
    "A drone strike hit a convoy near the border, and an air strike was reported later.",
    "The talks ended without agreement.",
]


def spacy_and_fast(nlp, patterns):
    ref, fast = Matcher(nlp.vocab), FirstWordMatcher(nlp.vocab)
    for key, group in patterns:
        ref.add(key, group)
        fast.add(key, group)
    return ref, fast


def test_gap_and_pos_patterns_match_like_spacy(nlp):
    patterns = [
        ("T:drive", [[{"LEMMA": {"IN": ["drive"]}}, *[{"OP": "?"}] * 3, {"LOWER": {"IN": ["out"]}}]]),
        ("T:fight", [[{"LOWER": {"IN": ["heavy"]}}, {"LEMMA": {"IN": ["fighting"]}}],
                     [{"LEMMA": {"IN": ["fight", "fighting"]}, "POS": {"NOT_IN": ["PROPN"]}}]]),
        ("C:fire", [[{"LEMMA": {"IN": ["fire"]}, "POS": "VERB"}]]),
    ]
    ref, fast = spacy_and_fast(nlp, patterns)
    for doc in nlp.pipe(TEXTS):
        assert sorted(fast(doc)) == sorted(set(ref(doc)))


def test_the_shipped_lexicon_matches_like_spacy(nlp):
    compiled = load_event_lexicon().compile(nlp)
    assert isinstance(compiled.matcher, FirstWordMatcher)
    ref = Matcher(nlp.vocab)
    for key, group in compiled.patterns:
        ref.add(key, group)
    docs = list(nlp.pipe(TEXTS))
    for doc in docs:
        assert sorted(compiled.matcher(doc)) == sorted(set(ref(doc)))
    assert all(compiled.matcher(doc) for doc in docs[:3])  # triggers there: the check is not vacuous


def test_unsupported_pattern_is_refused(nlp):
    with pytest.raises(UnsupportedPattern):
        FirstWordMatcher(nlp.vocab).add("X", [[{"TEXT": {"REGEX": "^a"}}]])
