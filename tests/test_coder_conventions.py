"""Whole-coder cases for ACLED conventions that cross stages (actors × places × events)."""
from __future__ import annotations

from datetime import date

from frontlines.records import Article


def events(coder, text: str, published: date):
    return coder.code(Article(text=text, published=published), doc_id="t").events


def test_government_forces_are_named_by_the_country_of_the_place(coder):
    [e] = events(coder, "Fierce clashes broke out between government forces and the Houthis south of "
                        "Marib city on Tuesday.", date(2021, 9, 8))
    assert e.actor1.startswith("Military Forces of Yemen")
    assert e.country == "Yemen"


def test_casualty_follow_up_sentence_joins_the_clash_it_reports(coder):
    evs = events(coder, "Fierce clashes broke out between government forces and the Houthis south of "
                        "Marib city on Tuesday. Dozens of fighters were killed on both sides, according to "
                        "military sources.", date(2021, 9, 8))
    assert len(evs) == 1
    assert evs[0].fatalities == 12 and len(evs[0].evidence) == 2


def test_a_bomb_that_strikes_is_not_a_strike_by_protesters(coder):
    [e] = events(coder, "An improvised explosive device struck an Iraqi army patrol south of Mosul on Sunday, "
                        "killing two soldiers and wounding three others, security officials said.", date(2017, 2, 20))
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1 == "Unidentified Armed Group (Iraq)"
    assert e.actor2.startswith("Military Forces of Iraq") and e.fatalities == 2


def test_raid_ending_in_arrests_is_arrests_but_raid_with_fighting_is_a_clash(coder):
    [arrest] = events(coder, "Police arrested five suspected Islamic State members in a raid on a house in "
                             "Tikrit on Saturday.", date(2017, 2, 20))
    assert arrest.sub_event_type == "Arrests" and arrest.actor1.startswith("Police Forces of Iraq")
    [clash] = events(coder, "Police raided a militant hideout in Peshawar on Monday, killing three fighters in "
                            "a gun battle.", date(2017, 2, 20))
    assert clash.sub_event_type == "Armed clash" and clash.fatalities == 3


def test_a_named_group_displaces_generic_rebels_as_actor1(coder):
    evs = events(coder, "Free Syrian Army fighters raise the opposition flag over a base formerly used by the "
                        "Islamic State after it was captured by rebel forces in Manbij on January 8, 2014.",
                 date(2014, 1, 9))
    taken = [e for e in evs if e.sub_event_type == "Non-state actor overtakes territory"]
    assert taken and taken[0].actor1 == "Free Syrian Army"
    assert taken[0].actor2 == "Islamic State (Syria)" and taken[0].location == "Manbij"


def test_a_verb_in_the_agent_phrase_does_not_make_the_event_a_plan(coder):
    """"called by the union" is who organised it; "called on X to attack" is a call, not an attack."""
    [protest] = events(coder, "On 22 February 2022, nurses called by the health union protested in Vigo, "
                              "demanding more staff.", date(2022, 2, 23))
    assert protest.sub_event_type == "Peaceful protest" and protest.location == "Vigo"
    assert events(coder, "The group called on its fighters to attack army positions near Gaza on Monday.",
                  date(2022, 2, 23)) == []


def test_setting_houses_on_fire_is_property_destruction(coder):
    [e] = events(coder, "Soldiers set several houses on fire near Monywa, Sagaing region, on Sunday.",
                 date(2022, 5, 9))
    assert e.sub_event_type == "Looting/property destruction"
    assert e.actor1.startswith("Military Forces of Myanmar")
