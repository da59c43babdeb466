"""Monitor headlines the coder used to read as no event: a question in another item of a
digest, a name between two closing quotes, a "despite" phrase a headline's ellipsis ends, a
gerund noun the parser took for a participle, a capitalised first word tagged a proper noun.
And the forms that must stay no event. Sentences written for the project; the shipped coder."""
from __future__ import annotations

import datetime as dt

import pytest

from frontlines.knowledge.lexicon import load_event_lexicon
from frontlines.nlp.events import asked, name_pairs_dropped
from frontlines.records import Article


def events(coder, text: str):
    return coder.code(Article(text=text, published=dt.date(2017, 5, 1))).events


@pytest.mark.parametrize("text, sub", [
    # the question is the next item's, not the toll's
    ("Shells kill 12 people in western Homs;Who Speaks For The Displaced?",
     "Shelling/artillery/missile attack"),
    # "” Jund al-Aqsa ”": one mark on both sides of a name opens no quotation
    ("Dozens of airstrikes target Manbij and kill 20 members of the ” Jund al-Aqsa ” group",
     "Air/drone strike"),
    # the ellipsis ends the "despite" phrase the parser stretched over the strikes
    ("Despite talk of a lasting cease-fire…artillery and rocket strikes go on in Idlib province",
     "Shelling/artillery/missile attack"),
    # "Massacre", "Clash": a capitalised first word the tagger calls a proper noun
    ("Massacre in Maarat al-Numan city claims the lives of 7 people", "Attack"),
    ("Clash erupts again in the countryside of Hama", "Armed clash"),
])
def test_headline_forms_report_their_event(coder, text, sub):
    assert sub in {e.sub_event_type for e in events(coder, text)}


@pytest.mark.parametrize("text", [
    "Are they telling the truth now that al-Qaeda is behind these bombings?",
    "Groups fighting in Syria say they will go on.",
    "Despite the air strikes carried out by warplanes, talks started in Geneva.",
    "March 15 was quiet in Aleppo.",
])
def test_forms_that_report_nothing_stay_so(coder, text):
    assert events(coder, text) == []


def test_a_question_is_the_part_between_semicolons_that_holds_the_word():
    f = load_event_lexicon().factuality
    text = "Ten killed by shelling;Why Is The World Silent?"
    assert not asked(text, f, text.index("killed"))
    assert asked(text, f, text.index("Silent"))
    assert asked("Who shelled the town?", f)


def test_a_name_between_two_closing_marks_is_blanked_at_the_same_length():
    f = load_event_lexicon().factuality
    text = " members of the ” Jund al-Aqsa ” group"
    out = name_pairs_dropped(text, f)
    assert len(out) == len(text) and "”" not in out
    # a lone closing mark (the end of a quotation) stays
    assert name_pairs_dropped(" we will win,” he said", f) == " we will win,” he said"
