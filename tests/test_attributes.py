"""The indexed attribute ruler gives spaCy's own matches, and the gated parse uses it."""
from __future__ import annotations

import pytest

from frontlines.nlp.attributes import FastAttributeRules, fast_attribute_rules
from frontlines.nlp.gate import rule_components

TEXTS = [
    "Government forces shelled the town on Tuesday, killing four civilians and wounding 12.",
    "I ain't gonna leave, y'all know it. Let's go. C'mon , you got it ! He gets what he wants.",
    "There were protests in the capital; it was the third day that they had marched.",
    "Nothin' happened  here.\n\nThe ones that did it were arrested, and those who fled were not.",
    "Did he do it? He did. They have done what they had to do, and you have too.",
    "But the army, which had withdrawn, said it would return; but no date was given.",
]


@pytest.fixture(scope="module")
def ruler(nlp):
    return nlp.get_pipe("attribute_ruler")


@pytest.fixture(scope="module")
def parsed(nlp):
    return list(nlp.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]))


def test_fast_rules_find_what_spacys_matcher_finds(ruler, parsed):
    fast = FastAttributeRules(ruler)
    for doc in parsed:
        assert fast.match(doc) == ruler.match(doc), doc.text
    assert sum(len(ruler.match(d)) for d in parsed) > sum(len(d) for d in parsed)  # the rules did match


def test_fast_rules_write_the_same_annotation(nlp, ruler):
    stock = list(nlp.pipe(TEXTS))
    fast = fast_attribute_rules(ruler)
    lemmatizer = nlp.get_pipe("lemmatizer")
    for text, want in zip(TEXTS, stock):
        doc = lemmatizer(fast(nlp(text, disable=["attribute_ruler", "lemmatizer"])))
        assert [(t.pos_, str(t.morph), t.lemma_) for t in doc] == [(t.pos_, str(t.morph), t.lemma_) for t in want]
    contraction = nlp("I ain't going")
    assert [t.lemma_ for t in contraction][1] == "be"  # a two-token rule ("ai" + "n't")


def test_unreadable_rule_keeps_spacys_matching(nlp):
    class Odd:
        vocab = nlp.vocab
        patterns = [{"patterns": [[{"LENGTH": 3}]], "attrs": {"POS": "X"}, "index": 0}]

    assert fast_attribute_rules(Odd()) is None


def test_gated_parser_runs_the_fast_rules_only_where_the_order_allows(nlp):
    found = rule_components(nlp)
    assert found is not None and found[1] == ("lemmatizer",)
