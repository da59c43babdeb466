"""Explosions/Remote violence, Strategic developments and the territory sub-types of Battles:
one sentence per sub-event type and the rules that separate neighbouring types, on sentences
written for the project (stub actor/place taggers, so only the event rules are under test)."""
from __future__ import annotations


import pytest

from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, ranked_first, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


def code(coder: Coder, text: str):
    return code_events(coder, text)


def primary(coder: Coder, text: str) -> str:
    """The sub-event type of the event ranked first (highest confidence, then earliest)."""
    event = ranked_first(code(coder, text))
    return event.sub_event_type if event else "none"


FAMILY_SENTENCES = [
    # Explosions/Remote violence
    ("Warplanes struck rebel positions in Idlib on Monday.", "Air/drone strike"),
    ("A drone fired two missiles at a rebel convoy near Idlib.", "Air/drone strike"),
    ("The army pounded rebel districts of Homs with artillery.", "Shelling/artillery/missile attack"),
    ("A landmine exploded under a bus near Aleppo, killing six civilians.", "Remote explosive/landmine/IED"),
    ("A suicide bomber detonated his explosive vest at a checkpoint in Homs.", "Suicide bomb"),
    ("Gunmen hurled a hand grenade into a police station in Aleppo.", "Grenade"),
    ("Rebels said the army dropped chlorine gas on a village near Idlib.", "Chemical weapon"),
    # Strategic developments
    ("The army and rebels agreed to a truce in Homs.", "Agreement"),
    ("Dozens of rebels surrendered to the army in Homs.", "Agreement"),
    ("Police detained three suspected ISIS members in Aleppo.", "Arrests"),
    ("Hezbollah deployed reinforcements to Homs.", "Change to group/activity"),
    ("Troops seized a large cache of rifles and ammunition in Homs.", "Disrupted weapons use"),
    ("ISIS established a new headquarters in Manbij.", "Headquarters or base established"),
    ("Gunmen ransacked a pharmacy in Aleppo.", "Looting/property destruction"),
    ("ISIS handed over Manbij to the rebels without a fight.", "Non-violent transfer of territory"),
    ("ISIS warned it would target anyone who helps the rebels in Aleppo.", "Other"),
    # territory: who took it decides the sub-type
    ("The army recaptured the town of Manbij from ISIS.", "Government regains territory"),
    ("Rebels captured the town of Manbij from the army.", "Non-state actor overtakes territory"),
]


@pytest.mark.parametrize("text,sub", FAMILY_SENTENCES)
def test_family_sub_event_type(coder, text, sub):
    assert primary(coder, text) == sub, text


@pytest.mark.parametrize("text,sub", [
    # weapons acted on are disrupted weapons use, down the whole noun phrase
    ("Police seized ten rifles, two grenades and a landmine in Aleppo.", "Disrupted weapons use"),
    ("Troops cleared 300 landmines around Homs and destroyed them.", "Disrupted weapons use"),
    ("Several rifles and a mortar were seized by police in Aleppo.", "Disrupted weapons use"),
    # a weapon is not destroyed when it does the destroying
    ("A house in Homs was destroyed by a rocket.", "Shelling/artillery/missile attack"),
])
def test_weapons_acted_on_are_disrupted(coder, text, sub):
    assert primary(coder, text) == sub, text


def test_missiles_from_jets_are_an_air_strike(coder):
    assert primary(coder, "Missiles fired by jets hit a rebel depot in Idlib.") == "Air/drone strike"


def test_capture_after_a_withdrawal_is_non_violent(coder):
    text = "ISIS took control of Manbij after the army withdrew from the town."
    assert primary(coder, text) == "Non-violent transfer of territory"


def test_withdrawal_with_fighting_stays_a_capture(coder):
    text = "ISIS captured Manbij after heavy clashes forced the army to withdraw."
    assert primary(coder, text) == "Non-state actor overtakes territory"


def test_loser_named_without_winner_is_the_government_regaining(coder):
    assert primary(coder, "ISIS fighters were driven out of Manbij on Sunday.") == "Government regains territory"


def test_loser_named_with_a_rebel_winner_stays_non_state(coder):
    text = "ISIS fighters were driven out of Manbij by the Free Syrian Army on Sunday."
    assert primary(coder, text) == "Non-state actor overtakes territory"


@pytest.mark.parametrize("text", [
    "Police arrested two men in the occupied town of Manbij.",       # a description, not a capture
    "Rebels launched an attack to capture the army base near Homs.",  # a purpose, not a capture
])
def test_territory_words_that_report_no_capture(coder, text):
    assert "territory" not in primary(coder, text).lower(), text


def test_attribution_is_not_the_attack(coder):
    assert code(coder, "ISIS claimed responsibility for the car bomb in Homs.") == []


def test_concession_is_not_the_event(coder):
    text = "The army and rebels signed a ceasefire agreement in Homs despite airstrikes by warplanes on Idlib."
    assert primary(coder, text) == "Agreement"


def test_clashes_as_the_setting_give_way_to_the_weapon(coder):
    text = "Two soldiers were wounded by a grenade during clashes with rebels in Homs."
    assert primary(coder, text) == "Grenade"


def test_main_clause_outranks_the_after_clause(coder):
    text = "Rebels recaptured Manbij, hours after the army had seized the town."
    assert primary(coder, text) == "Non-state actor overtakes territory"


@pytest.mark.parametrize("text", [
    "A gas cylinder exploded in a restaurant in Aleppo, killing two people.",
    "Workers were hurt when a furnace exploded at a factory in Homs. The explosion occurred at night, police said.",
    "A wildfire burned dozens of houses near Homs.",
])
def test_accidents_are_not_political_violence(coder, text):
    assert code(coder, text) == [], text


def test_rocket_naming_a_site_is_no_attack(coder):
    text = "ISIS took control of an abandoned rocket-launching site near Homs."
    assert "Shelling" not in primary(coder, text)


def test_expelling_diplomats_is_not_territory(coder):
    assert "territory" not in primary(coder, "Syria expelled two diplomats from Aleppo.").lower()


def test_crowd_control_munitions_at_a_protest_are_an_intervention(coder):
    text = "Police fired stun grenades at protesters in Aleppo."
    assert primary(coder, text) in ("Protest with intervention", "Excessive force against protesters")


@pytest.mark.parametrize("text,sub", [
    ("ISIS fired mortars at army positions in Homs, and the army fired back with artillery.", "Armed clash"),
    ("Rebels attacked an army convoy with remote-controlled explosives near Homs.", "Remote explosive/landmine/IED"),
    ("Rebels carried out mine attacks against soldiers near Homs.", "Remote explosive/landmine/IED"),
    ("Schools in Aleppo were evacuated after a bomb threat.", "Other"),
    ("About 3000 refugees from Homs arrived in Aleppo.", "Other"),
    ("Police captured and detained 30 migrants in Aleppo.", "Arrests"),
])
def test_neighbouring_types(coder, text, sub):
    assert primary(coder, text) == sub, text


def test_fighters_captured_are_no_territory(coder):
    text = "Five rebels were killed or captured during clashes with the army in Homs."
    assert primary(coder, text) == "Armed clash"


def test_fighters_pushed_out_is_territory(coder):
    assert primary(coder, "The army pushed the rebels out of Manbij.") == "Government regains territory"


def test_destruction_after_a_clash_is_the_destruction(coder):
    text = "Fifty shops were destroyed in Aleppo following clashes between rebels and the army."
    assert primary(coder, text) == "Looting/property destruction"


def test_people_named_by_a_participle_are_not_territory(coder):
    assert "territory" not in primary(coder, "Diplomats expelled by Syria left Aleppo on Monday.").lower()


@pytest.mark.parametrize("text,sub", [
    ("Police detained twelve men in overnight raids in Aleppo.", "Arrests"),
    ("Gunmen attacked a village near Homs and kidnapped two civilians.", "Abduction/forced disappearance"),
])
def test_raid_word_does_not_outrank_the_act(coder, text, sub):
    assert primary(coder, text) == sub, text


# ---- demonstrations and the CASE-style single-sentence reports (round 2)

@pytest.mark.parametrize("text, sub", [
    # police breaking up a gathering named in the next sentence is the protest's intervention
    ("Police dispersed the crowds in Aleppo on Friday. Demonstrations there have been banned for years.",
     "Protest with intervention"),
    # brutal suppression and baton beatings are excessive force, not a mere intervention
    ("Police violently suppressed a peaceful protest in Aleppo, detaining dozens of people.",
     "Excessive force against protesters"),
    ("A police officer hit a demonstrator with his baton during a rally in Homs on Monday.",
     "Excessive force against protesters"),
    # a protest that turns violent, even "very" violent, is a violent demonstration
    ("Protests in Aleppo turned very violent on Sunday.", "Violent demonstration"),
    # a peaceful rally and the police intervention in the same sentence are one event, the intervention
    ("Peaceful rallies in Aleppo took a turn on Tuesday when police used smoke grenades to scatter the crowds.",
     "Protest with intervention"),
    ("Activists staged a die-in outside the ministry in Homs on Monday.", "Peaceful protest"),
])
def test_demonstration_sub_types(coder, text, sub):
    assert primary(coder, text) == sub


def test_arrests_in_anticipation_of_protests_are_arrests(coder):
    text = "Police continued to arrest activists in Aleppo on Monday in anticipation of mass protests."
    assert primary(coder, text) == "Arrests"


def test_storming_a_civil_site_is_an_attack(coder):
    assert primary(coder, "Gunmen stormed a mosque in Homs on Friday.") == "Attack"
    # ... but storming a place with fire returned is a battle
    assert primary(coder, "Gunmen stormed a school in Homs on Friday and soldiers returned fire.") == "Armed clash"


def test_killed_and_wounded_shares_the_object(coder):
    # "terrorists" are armed people: the army killing them is a battle, not an attack on civilians
    assert primary(coder, "The army killed and wounded scores of terrorists in Idlib on Monday.") == "Armed clash"


def test_injuries_among_protesters_are_excessive_force(coder):
    text = "Serious injuries among demonstrators in Homs as police suppressed the protest on Monday."
    assert primary(coder, text) == "Excessive force against protesters"
