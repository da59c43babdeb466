"""Demonstrations and riots (ACLED Protests / Riots families): one sentence per sub-event type,
the escalation of one demonstration told over several sentences, and words that look violent
but report nothing violent at the scene. Sentences written for the project."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.nlp.events import escalation
from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


def subs(coder: Coder, text: str) -> list[str]:
    return [e.sub_event_type for e in code_events(coder, text, date(2022, 3, 9))]


@pytest.mark.parametrize("text,sub", [
    ("Teachers held a strike in Homs over unpaid salaries.", "Peaceful protest"),
    ("About 200 women formed a human chain in Aleppo.", "Peaceful protest"),
    ("Activists gathered for a flash mob in Aleppo to defend women's rights.", "Peaceful protest"),
    ("Students held a torchlight march in Homs.", "Peaceful protest"),
    ("Police dispersed protesters with tear gas in Homs.", "Protest with intervention"),
    ("Protesters rallied in Homs, and the police detained ten of them.", "Protest with intervention"),
    ("Police opened fire on protesters in Homs, killing three.", "Excessive force against protesters"),
    ("Demonstrators threw stones at police in Aleppo.", "Violent demonstration"),
    ("A mob beat a suspected thief to death in Homs.", "Mob violence"),
])
def test_one_sentence_per_demonstration_sub_type(coder, text, sub):
    assert subs(coder, text) == [sub]


@pytest.mark.parametrize("text", [
    "Farmers staged a protest in Homs demanding compensation for crops damaged by the floods.",
    "Hundreds of protesters marched in Aleppo on the anniversary of the 2011 riots, commemorating the riots.",
    "Riot police watched as protesters marched peacefully in Homs.",
    "Residents gathered in Aleppo to protest against an earlier scuffle with a local official.",
])
def test_violent_words_that_report_no_violence_leave_a_peaceful_protest(coder, text):
    assert subs(coder, text) == ["Peaceful protest"]


def test_to_oppose_violence_is_the_topic_of_a_protest(coder):
    assert subs(coder, "Protesters rallied in Homs to oppose sexual violence against women.") == ["Peaceful protest"]


def test_a_demonstration_that_turns_violent_is_one_violent_demonstration(coder):
    text = ("Around 5,000 people demonstrated in Aleppo against fuel prices. "
            "Later, a group of rioters clashed with police near the square.")
    assert subs(coder, text) == ["Violent demonstration"]


def test_a_protest_then_arrests_is_a_protest_with_intervention(coder):
    text = "Protesters marched in Homs against the new tax. Police arrested ten of them."
    assert subs(coder, text) == ["Protest with intervention"]


def test_protests_in_two_places_stay_two_events(coder):
    text = "Protesters rallied in Homs on Monday.\n\nOn Tuesday, rioters clashed with police in Aleppo."
    assert subs(coder, text) == ["Peaceful protest", "Mob violence"]


@pytest.mark.parametrize("first,then,expected", [
    ("Peaceful protest", "Violent demonstration", "Violent demonstration"),
    ("Peaceful protest", "Mob violence", "Violent demonstration"),
    ("Excessive force against protesters", "Violent demonstration", "Violent demonstration"),
    ("Peaceful protest", "Excessive force against protesters", "Excessive force against protesters"),
    ("Peaceful protest", "Arrests", "Protest with intervention"),
    ("Peaceful protest", "Protest with intervention", "Protest with intervention"),
    ("Armed clash", "Peaceful protest", None),
])
def test_escalation_order(first, then, expected):
    assert escalation(first, then) == expected


@pytest.mark.parametrize("text,sub", [
    ("Villagers clashed with police in Homs over a land dispute.", "Mob violence"),
    ("A clash between supporters of two candidates left 12 people injured in Aleppo.", "Mob violence"),
    ("A clash between supporters of two candidates in Aleppo turned into a gunfight with rifles.", "Armed clash"),
    ("Demonstrators beat a driver who tried to drive through their march in Homs.", "Violent demonstration"),
])
def test_ordinary_people_who_fight_are_rioters(coder, text, sub):
    assert subs(coder, text)[:1] == [sub]


@pytest.mark.parametrize("text", [
    "Students staged a protest in Homs and burned an effigy of the governor.",
    "Activists rallied in Aleppo and burned the flag of the occupying country.",
])
def test_symbolic_burning_is_a_peaceful_protest(coder, text):
    assert subs(coder, text) == ["Peaceful protest"]


def test_demonstrators_breaking_windows_is_a_violent_demonstration(coder):
    text = "Around 500 people demonstrated in Homs. They broke the windows of a bank and set cars on fire."
    assert subs(coder, text)[:1] == ["Violent demonstration"]


def test_purpose_clause_parsed_on_top_does_not_cancel_the_gathering(coder):
    text = ("Dozens of care and construction workers gathered at the square in Homs to commemorate "
            "Workers' Day, call for higher wages, and call for affordable housing.")
    assert "Peaceful protest" in subs(coder, text)



def test_a_clash_recalled_as_background_leaves_the_protest_peaceful(coder):
    text = ("Locals blocked the road in Homs by protesting. The protest was against the police for not "
            "arresting the accused, responsible for the death of a man who died in hospital following a "
            "clash between two groups.")
    assert subs(coder, text) == ["Peaceful protest"]
