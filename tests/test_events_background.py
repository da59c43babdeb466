"""Sentences of long wire articles that report no occurrence (questions, quoted opinion, cumulative
tolls, history, lasting states, diplomacy) give no event; the factual sentences beside them still do.
Sentences written for the project; stub actor/place taggers (tests.test_events_support)."""
from __future__ import annotations

import pytest

from frontlines.knowledge.lexicon import load_event_lexicon
from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


NO_OCCURRENCE = [
    # questions
    "Did the army shell Homs on Monday ?",
    # cumulative tolls counted from the start of the conflict
    "More than 3,000 civilians have been killed in Homs since protests broke out in March .",
    "At least 40 civilians have been killed by the army since the uprising began in Homs .",
    # ... and told in the perfect over the whole conflict, or too large for any one report
    "More than 8,000 people have been killed in Homs in the year-long uprising .",
    "The army has killed five civilians in Homs during the war .",
    "The government says at least 2,000 soldiers have been killed by rebels in Homs .",
    "Thousands of civilians have been killed by the army in Homs .",
    "The government says 3,000 soldiers have died in Homs combating armed gangs .",
    # history dated years before the report (published 9 January 2014)
    "Hezbollah , which captured Homs in 2007 , is an ally of the army .",
    "The 1982 massacre of civilians by the army in Homs killed thousands .",
    # a lasting state, not a change of hands
    "ISIS still occupies Manbij .",
    # diplomacy and policy, no place changing hands
    "The army withdrew its ambassador from Homs .",
    "The army pulled out 750 workers from Homs .",
    # plans
    "The army had committed to withdraw from Homs by 10 April .",
    "The army is due to withdraw from Homs on Monday .",
    "The army was supposed to have withdrawn from Homs by 10 April .",
    # attempts and plans told with a territory verb in the infinitive
    "The army is trying to retake Homs from the rebels .",
    "The army moved to retake several suburbs of Homs .",
    "The army agreed on Monday to withdraw troops from Homs .",
    # things taken or ousted that are no ground
    "Rebels seized power in Homs .",
    "The army shelling of Homs has captured the headlines .",
    "Rebels ousted the president of Homs .",
]


@pytest.mark.parametrize("text", NO_OCCURRENCE)
def test_sentence_that_tells_no_occurrence_gives_no_event(coder, text):
    assert [e.sub_event_type for e in code_events(coder, text)] == [], text


TOLD_AS_OCCURRED = [
    ("`` The army shelled our neighbourhood in Homs all night , '' said a resident .",
     "Shelling/artillery/missile attack"),
    ("Troops killed five civilians in Homs on Monday , activists said .", "Attack"),
    ("The army withdrew from Homs on Monday .", "Non-violent transfer of territory"),
    ("The army recaptured Homs from the rebels .", "Government regains territory"),
    # a quote told in the perfect by its clause's head
    ("He said : `` Rebels have resorted to carrying out suicide bombings against the army in Homs . ''",
     "Suicide bomb"),
    # a quote telling what goes on as they speak
    ("`` Rebels are clashing with the army in Homs , '' he said .", "Armed clash"),
    # an infinitive that was done
    ("Rebels managed to retake Homs on Monday .", "Non-state actor overtakes territory"),
    ("Rebels were able to break the siege and take control of Homs .", "Non-state actor overtakes territory"),
    ("Rebels drove the army out of Homs on Monday .", "Non-state actor overtakes territory"),
    # the year belongs to the relative clause, not to the clash
    ("Rebels , who seized Homs from the army in 2009 , clashed with ISIS in Aleppo on Monday .", "Armed clash"),
    # last year is not yet history for a report of January
    ("Rebels seized Manbij from ISIS in 2013 , a report published on Monday said .",
     "Non-state actor overtakes territory"),
    # a quoted word after the trigger does not put the trigger in the quote ("``" is split in two tokens)
    ("Rebels seized Manbij from ISIS on Friday , and the army calls them `` terrorists '' .",
     "Non-state actor overtakes territory"),
    # a year that dates another thing than the event: the protest is news, the killings are its topic
    ("Activists held a protest in Aleppo on Monday , demanding justice for the victims of the Homs killings of 2009 .",
     "Peaceful protest"),
    # the old date the parser hangs on the verb is a topic's when the news date is there too
    ("On 8 January 2014 , protesters rallied in Aleppo on the anniversary of the end of the war on 8 May 1945 .",
     "Peaceful protest"),
    # a number that is no year
    ("Protesters rallied in Aleppo on Saturday over the oil spilled by a 2000-tonnes ship .", "Peaceful protest"),
    # counted from a truce, not from the conflict: the first killing since is news
    ("Rebels killed five civilians in Aleppo , the first since the ceasefire began .", "Attack"),
    # the day's fighting, not the whole conflict; a large toll told in the past tense of one day
    ("At least 12 civilians have been killed by the army in Homs on Monday .", "Attack"),
    ("1,200 civilians were killed by the army in Homs on Monday .", "Attack"),
    # a large haul is one haul, not a toll
    ("The army has seized 20,000 rounds of ammunition from rebels in Homs .", "Disrupted weapons use"),
    # "since" a day, not since the conflict began
    ("The army has shelled Homs since Monday .", "Shelling/artillery/missile attack"),
]


@pytest.mark.parametrize("text,sub", TOLD_AS_OCCURRED)
def test_factual_sentence_beside_them_still_gives_its_event(coder, text, sub):
    assert [e.sub_event_type for e in code_events(coder, text)] == [sub], text


def test_quoted_opinion_gives_no_event_but_the_factual_sentence_after_it_does(coder):
    text = ("`` I wonder why the army did not attack us , I am afraid of being shot in Homs , '' said a man . "
            "Troops killed five civilians in Aleppo on Monday .")
    events = code_events(coder, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Attack", "Aleppo")]


def test_quote_running_on_from_the_previous_sentence_is_still_a_quote(coder):
    text = ("`` They have nothing left . Soon rebels will be attacking Homs and fighting the army everywhere '' , "
            "he said .")
    assert code_events(coder, text) == []


def test_sentence_inside_a_quote_of_several_sentences_is_quoted_and_the_next_one_is_not(coder):
    text = ("`` They have nothing left . Rebels attack the army in Homs every day . We are afraid , '' "
            "he said . Troops killed five civilians in Aleppo on Monday .")
    assert [(e.sub_event_type, e.location) for e in code_events(coder, text)] == [("Attack", "Aleppo")]


def test_sentence_forms_are_data_an_analyst_can_edit():
    f = load_event_lexicon().factuality
    assert "``" in f.opening_quotes and "''" in f.closing_quotes and '"' in f.plain_quotes
    assert {"uprising", "war", "protest"} <= f.conflict_words and "begin" not in f.conflict_words
    # the day's "fighting" or "clashes" are no period of the whole conflict
    assert "war" in f.conflict_periods and not {"fighting", "clash", "violence"} & f.conflict_periods
    assert f.cumulative_toll >= 500 and "thousands" in f.cumulative_words
    assert "year" in f.history_units and "still" in f.state_adverbs and "manage" in f.achievement_heads
    assert "commit" in f.nonfactual_governors
    lexicon = load_event_lexicon()
    transfer = lexicon.entry("territory_transfer")
    assert dict(transfer.requires)["object_not"] == ["expelled_people", "withdrawn_things"]
    assert {"invitation", "worker", "observer"} <= set(lexicon.classes["withdrawn_things"])
