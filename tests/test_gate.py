"""The gated parse: trigger sentences fully parsed, the rest tokenised, offsets and results kept."""
from __future__ import annotations

import pytest

from frontlines.knowledge.lexicon import load_event_lexicon
from frontlines.nlp.gate import GateConfig, GatedParser, rough_sentences, trigger_words
from frontlines.records import Article

QUIET = "The minister visited a new school in the capital and praised the teachers for their work."
EVENT = "Government forces shelled the town of Maarat al-Numan on Tuesday, killing four civilians."
FILLER = "Officials said the budget would be debated next month by the finance committee."


def article(*sentences: str) -> str:
    return " ".join(sentences)


@pytest.fixture(scope="module")
def words(nlp):
    return trigger_words(nlp, load_event_lexicon().compile(nlp).patterns)


@pytest.fixture(scope="module")
def gated(nlp, words):
    return GatedParser(nlp, words, GateConfig(full_below=0, context=0))


def sentence_of(doc, text):
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text), alignment_mode="expand")


def test_trigger_words_cover_inflected_forms(words):
    for sentence in ("Troops shelled the village", "The army fought the rebels", "Rebels were fighting"):
        assert words.hit([w.lower() for w in sentence.split()]), sentence
    assert not words.hit([w.lower() for w in QUIET.rstrip(".").split()])


def test_multiword_trigger_needs_all_its_words(words):
    assert not words.hit(["they", "join", "the", "club"])  # "join forces" needs "forces"
    assert words.hit(["they", "join", "forces"])


def test_multiword_trigger_needs_its_words_in_order(words):
    assert not words.hit(["the", "forces", "they", "join"])  # both words, wrong order
    assert not words.hit(["they", "join", "their", "forces"])  # "join forces" has no gap
    assert words.hit(["the", "ablaze", "crowd", "set", "a", "police", "car", "ablaze"])  # "set ... ablaze"
    assert not words.hit(["ablaze", "as", "they", "set", "out"])  # its words, not in its order
    assert not words.hit(["they", "set", "their", "new", "red", "car", "ablaze"])  # gaps are of up to 3 words


def test_event_sentence_parsed_quiet_sentence_only_tokenised(gated):
    doc = gated.parse(article(QUIET, EVENT, FILLER))
    assert all(t.pos_ and t.lemma_ for t in sentence_of(doc, EVENT))
    assert sentence_of(doc, EVENT).root.lemma_ == "shell"
    assert not any(t.pos_ for t in sentence_of(doc, QUIET))
    assert not any(t.pos_ for t in sentence_of(doc, FILLER))


def test_text_tokens_offsets_and_entities_equal_the_full_parse(nlp, gated):
    text = article(QUIET, "Paris was quiet.", EVENT, FILLER, "John Smith flew to London.")
    full, doc = nlp(text), gated.parse(text)
    assert doc.text == text
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in full]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in full.ents]
    london = next(e for e in doc.ents if e.text == "London")  # after two skipped sentences
    assert text[london.start_char:london.end_char] == "London"


def test_skipped_sentences_keep_their_bounds(gated):
    doc = gated.parse(article(QUIET, FILLER, EVENT))
    starts = [s.text for s in doc.sents]
    assert starts[0] == QUIET and starts[1] == FILLER


def test_context_parses_the_neighbours(nlp, words):
    doc = GatedParser(nlp, words, GateConfig(full_below=0, context=1)).parse(article(QUIET, EVENT, FILLER))
    assert all(t.pos_ for t in doc)


def test_short_texts_are_parsed_whole(nlp, words):
    doc = GatedParser(nlp, words, GateConfig(full_below=1000, context=0)).parse(article(QUIET, EVENT))
    assert all(t.pos_ for t in doc)


def test_rough_sentences_split_at_punctuation_and_lines(nlp):
    doc = nlp.make_doc('He said: "It is over." Then he left\nA new line')
    assert [doc[s:e].text.strip() for s, e in rough_sentences(doc)] == ['He said: "It is over."', "Then he left", "A new line"]


def test_rough_sentences_never_open_with_whitespace(nlp):
    doc = nlp.make_doc("It ended . \nTroops left . \n\n  Rebels came .")
    bounds = rough_sentences(doc)
    assert [doc[s:e].text.strip() for s, e in bounds] == ["It ended .", "Troops left .", "Rebels came ."]
    assert not any(doc[s].is_space for s, _ in bounds)


def test_gated_coder_codes_what_the_full_parse_codes(coder):
    text = article(*[QUIET, FILLER] * 3, EVENT, *[FILLER, QUIET] * 3)
    assert not all(t.pos_ for t in coder.parse(text))  # long enough to be gated
    gated = coder.code(Article(text=text, published=None))
    saved = coder.parser
    try:
        coder.parser = None
        full = coder.code(Article(text=text, published=None))
    finally:
        coder.parser = saved
    key = [(e.sub_event_type, e.actor1, e.actor2, e.location, e.fatalities) for e in full.events]
    assert key and key == [(e.sub_event_type, e.actor1, e.actor2, e.location, e.fatalities) for e in gated.events]
    assert [(p.start, p.place.name) for p in full.places] == [(p.start, p.place.name) for p in gated.places]
