"""The event stage on short sentences written for the project (stub actor/place taggers, so
only the event rules are under test)."""
from __future__ import annotations


import pytest

from frontlines.knowledge.taxonomy import load_taxonomy
from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


def code(coder: Coder, text: str):
    return code_events(coder, text)


ONE_PER_TYPE = [
    ("The army and rebels clashed in Homs.", "Armed clash"),
    ("The army recaptured Homs from the rebels.", "Government regains territory"),
    ("Rebels seized the town of Manbij from ISIS.", "Non-state actor overtakes territory"),
    ("ISIS used chlorine gas against civilians in Aleppo.", "Chemical weapon"),
    ("Warplanes carried out airstrikes on rebels in Idlib.", "Air/drone strike"),
    ("A suicide bomber blew himself up at an army checkpoint in Homs, killing four soldiers.", "Suicide bomb"),
    ("Rebels shelled army positions in Homs with mortars.", "Shelling/artillery/missile attack"),
    ("A roadside bomb hit an army patrol near Homs.", "Remote explosive/landmine/IED"),
    ("Gunmen threw a grenade at a police post in Aleppo.", "Grenade"),
    ("Soldiers raped a woman in Homs.", "Sexual violence"),
    ("Gunmen killed five civilians in Aleppo.", "Attack"),
    ("Gunmen kidnapped two civilians in Homs.", "Abduction/forced disappearance"),
    ("Hundreds of protesters marched peacefully in Homs.", "Peaceful protest"),
    ("Protesters rallied in Homs before police fired tear gas to disperse them.", "Protest with intervention"),
    ("Police opened fire on protesters in Homs, killing three.", "Excessive force against protesters"),
    ("Protesters burned tyres and pelted stones at police in Aleppo.", "Violent demonstration"),
    ("Rioters clashed with the army near Homs.", "Mob violence"),
    ("Villagers beat a suspected thief to death in Homs.", "Mob violence"),
    ("ISIS and the Free Syrian Army signed a ceasefire agreement in Aleppo.", "Agreement"),
    ("Police arrested a journalist in Aleppo.", "Arrests"),
    ("ISIS announced the formation of a new brigade in Aleppo.", "Change to group/activity"),
    ("Troops defused an IED near Homs.", "Disrupted weapons use"),
    ("Hezbollah set up a new base in Homs.", "Headquarters or base established"),
    ("Gunmen looted shops in Aleppo.", "Looting/property destruction"),
    ("ISIS withdrew from Manbij and handed it over to the rebels without fighting.", "Non-violent transfer of territory"),
    ("ISIS offered a reward for the capture of rebel commanders in Aleppo.", "Other"),
]


@pytest.mark.parametrize("text,sub", ONE_PER_TYPE)
def test_one_sentence_per_sub_event_type(coder, text, sub):
    events = code(coder, text)
    assert [e.sub_event_type for e in events] == [sub], text
    e = events[0]
    assert e.event_type == load_taxonomy().event_type_of(sub)
    assert e.evidence and e.evidence[0].text == text
    assert 0 <= e.confidence <= 1


@pytest.mark.parametrize("text", [
    "Rebels did not attack the army in Homs.",
    "The army will attack Homs next week.",
    "The army plans to storm Homs.",
    "If the rebels attack Homs, the army will respond.",
    "There were no clashes in Homs on Monday.",
    "The Islamic Front had previously clashed with the Free Syrian Army.",
])
def test_no_event_when_nothing_happened(coder, text):
    assert code(coder, text) == []


def test_quoted_threat_is_other_not_attack(coder):
    events = code(coder, "ISIS threatened to attack the rebels in Aleppo.")
    assert [e.sub_event_type for e in events] == ["Other"]
    events = code(coder, "ISIS urged its fighters to “kill them wherever they find them” in Aleppo.")
    assert all(e.sub_event_type not in ("Attack", "Armed clash") for e in events)


def test_precedence_within_one_incident(coder):
    e, = code(coder, "Clashes between the army and rebels in Homs, with shelling on both sides, killed 4.")
    assert e.sub_event_type == "Armed clash" and e.fatalities == 4
    e, = code(coder, "Rebels stormed and captured Manbij after heavy fighting with ISIS.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    e, = code(coder, "A suicide car bomb killed 12 soldiers in Homs.")
    assert e.sub_event_type == "Suicide bomb"
    e, = code(coder, "Warplanes bombed Aleppo, killing 10 civilians.")
    assert e.sub_event_type == "Air/drone strike" and e.civilian_targeting == "Civilian targeting"
    assert e.actor2 == "Civilians (Syria)" and e.fatalities == 10


def test_two_incidents_in_one_sentence(coder):
    events = code(coder, "Rebels stormed Manbij, while fighting continued between the army and ISIS in Homs on Tuesday.")
    assert len(events) == 2
    assert events[1].sub_event_type == "Armed clash" and events[1].location == "Homs"
    assert events[1].event_date == "2014-01-07"
    assert events[0].location == "Manbij"


def test_roles_active_and_passive(coder):
    e, = code(coder, "ISIS attacked the Free Syrian Army in Manbij.")
    assert (e.actor1, e.actor2) == ("Islamic State (Syria)", "Free Syrian Army")
    e, = code(coder, "ISIS militants were ambushed by the Free Syrian Army near Manbij.")
    assert (e.actor1, e.actor2) == ("Free Syrian Army", "Islamic State (Syria)")
    assert (e.inter1, e.inter2, e.interaction) == (2, 2, 22)
    e, = code(coder, "Gunmen killed five civilians in Aleppo.")
    assert (e.inter1, e.inter2, e.interaction, e.civilian_targeting) == (3, 7, 37, "Civilian targeting")


def test_location_falls_back_to_previous_sentence(coder):
    events = code(coder, "Rebels entered Manbij on Monday. They clashed with ISIS fighters there.")
    assert events[-1].sub_event_type == "Armed clash"
    assert events[-1].location == "Manbij"


def test_notes_follow_acled_style(coder):
    e, = code(coder, "Rebels clashed with ISIS in Aleppo on Thursday.")
    assert e.notes == ("On 9 January 2014, Opposition Rebels (Syria) clashed with Islamic State (Syria) "
                       "in Aleppo (Jebel Saman, Aleppo). 0 fatalities.")


def test_event_ids_are_stable(coder):
    text = "Rebels clashed with ISIS in Aleppo. Gunmen killed five civilians in Homs."
    first = [e.event_id for e in code(coder, text)]
    again = [e.event_id for e in code(coder, text)]
    assert first == again and len(set(first)) == 2 and all(first)


def test_bodies_found_at_a_captured_base_are_the_owners_killings(coder):
    events = code(coder, "Rebels seized ISIS's headquarters in Aleppo on Wednesday. They found the bodies of "
                         "several men who appeared to have been executed at the base.")
    attack = [e for e in events if e.sub_event_type == "Attack"]
    assert len(attack) == 1
    e = attack[0]
    assert e.actor1 == "Islamic State (Syria)" and e.actor2 == "Civilians (Syria)"
    assert e.fatalities == 3 and e.location == "Aleppo" and e.event_date == "2014-01-08"


def test_follow_up_sentence_joins_the_specific_incident(coder):
    text = ("ISIS carried out suicide operations against the Free Syrian Army.\n\n"
            "The bombings by ISIS killed five Free Syrian Army fighters in Manbij.")
    events = code(coder, text)
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]
    e = events[0]
    assert len(e.evidence) == 2 and e.location == "Manbij" and e.fatalities == 5


def test_protest_topic_is_not_an_event(coder):
    events = code(coder, "Hundreds of women marched in Homs against sexual violence.")
    assert [e.sub_event_type for e in events] == ["Peaceful protest"]
