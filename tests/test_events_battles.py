"""Battles against remote violence and violence against civilians, and the lede's weight,
on sentences written for the project (stub actor/place taggers)."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.nlp.events import lede_weighted
from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


def code(coder: Coder, text: str):
    return code_events(coder, text, date(2022, 3, 9))


@pytest.mark.parametrize("text,sub", [
    ("Rebels fired mortars and small arms at army positions near Homs.", "Armed clash"),
    ("Rebels shelled army positions near Homs with mortars.", "Shelling/artillery/missile attack"),
    ("Gunmen opened fire on a police station in Aleppo.", "Armed clash"),
    ("Gunmen opened fire on a bus in Aleppo, killing two passengers.", "Attack"),
])
def test_fighting_against_remote_and_one_sided_violence(coder, text, sub):
    assert [e.sub_event_type for e in code(coder, text)] == [sub]


def test_a_clash_with_air_strikes_on_the_side_is_one_armed_clash(coder):
    text = ("Rebels attacked army positions near Homs on Monday. "
            "Warplanes then carried out airstrikes against the rebels.")
    events = code(coder, text)
    assert [e.sub_event_type for e in events] == ["Armed clash"]
    assert len(events[0].evidence) == 2


def test_shelling_answered_by_fire_from_the_other_side_is_one_armed_clash(coder):
    text = "The army shelled rebel positions near Homs. Both sides then exchanged fire for hours."
    assert [e.sub_event_type for e in code(coder, text)] == ["Armed clash"]


def test_a_suicide_bombing_during_clashes_stays_its_own_event(coder):
    text = ("Rebels clashed with ISIS near Aleppo on Monday. "
            "An ISIS suicide bomber blew himself up at a rebel checkpoint, killing four rebels.")
    subs = [e.sub_event_type for e in code(coder, text)]
    assert "Suicide bomb" in subs and "Armed clash" in subs


def test_later_sentences_weigh_a_little_less():
    assert lede_weighted(0.8, 0) == 0.8
    assert lede_weighted(0.8, 1) < 0.8
    assert lede_weighted(0.8, 3) == lede_weighted(0.8, 9)  # beyond the first sentences, all alike
    assert lede_weighted(0.05, 3) == 0.0


@pytest.mark.parametrize("text,sub", [
    ("Soldiers fired at a fishing boat near Homs.", "Attack"),
    ("Gunmen fired shots at a wedding party in Aleppo.", "Attack"),
])
def test_firing_at_people_is_an_attack(coder, text, sub):
    assert [e.sub_event_type for e in code(coder, text)] == [sub]


def test_missiles_fired_at_targets_are_the_missiles_event(coder):
    subs = [e.sub_event_type for e in code(coder, "The army fired missiles at rebel positions near Homs.")]
    assert subs == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize("text,sub", [
    # goods taken are no territory taken
    ("Rebels seized two trucks and a motorcycle near Homs.", "Looting/property destruction"),
    ("Rebels seized the town of Homs.", "Non-state actor overtakes territory"),
    # "no clashes" told in the next sentence makes the takeover non-violent
    ("Rebels took control of Homs. No clashes were reported.", "Non-violent transfer of territory"),
])
def test_what_was_seized_and_how(coder, text, sub):
    assert [e.sub_event_type for e in code(coder, text)] == [sub]


@pytest.mark.parametrize("text,sub", [
    # a victim described as a gang member: ACLED codes a fight between armed groups
    ("Gunmen shot and killed a man in Homs. The victim was a member of a drug gang.", "Armed clash"),
    # ... but not where the gang is who did it
    ("Gunmen shot and killed a man in Homs. The victim was kidnapped by a drug gang.", "Attack"),
])
def test_victim_described_as_gang_member(coder, text, sub):
    assert code(coder, text)[0].sub_event_type == sub


def test_grenade_answered_with_gunfire_is_an_armed_clash(coder):
    text = ("Rebels threw a hand grenade at soldiers at a checkpoint in Homs. "
            "The soldiers reacted with gunfire after the explosion.")
    assert code(coder, text)[0].sub_event_type == "Armed clash"


def test_a_later_arrest_of_the_perpetrators_is_no_primary_event(coder):
    text = "A shopkeeper was shot and injured in Homs. Police arrested the perpetrators in Homs on 2 March."
    events = code(coder, text)
    assert max(events, key=lambda e: e.confidence).event_type != "Strategic developments"
