"""Battles against violence against civilians (helper vac): who counts as an armed, organised
victim, on sentences written for the project (stub actor/place taggers)."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


def code(coder: Coder, text: str):
    return code_events(coder, text, date(2022, 3, 9))


@pytest.mark.parametrize("text,etype", [
    # off duty, retired or former: ACLED codes the victim as a civilian
    ("Gunmen shot dead an off-duty police officer in Aleppo.", "Violence against civilians"),
    ("Gunmen shot dead a former soldier in Aleppo.", "Violence against civilians"),
    # on duty: the police are an armed, organised party
    ("Gunmen shot dead a police officer in Aleppo.", "Battles"),
])
def test_off_duty_security_personnel_are_civilians(coder, text, etype):
    assert [e.event_type for e in code(coder, text)] == [etype]


@pytest.mark.parametrize("text,etype", [
    # ordinary people as the doers: a mob (Riots), also when told in the passive
    ("A suspected thief was beaten up by residents in Aleppo.", "Riots"),
    ("A group of street vendors attacked two municipal inspectors with stones in Aleppo.", "Riots"),
    # armed doers or guns keep it an attack on civilians
    ("A suspected thief was shot dead by gunmen in Aleppo.", "Violence against civilians"),
])
def test_ordinary_people_who_beat_someone_are_a_mob(coder, text, etype):
    assert [e.event_type for e in code(coder, text)] == [etype]


@pytest.mark.parametrize("text,etype", [
    # gunfire on a police station or army post: an attack on the armed party holding it
    ("Gunmen opened fire on a police station in Aleppo.", "Battles"),
    ("Gunmen opened fire on a market in Aleppo, killing two men.", "Violence against civilians"),
])
def test_gunfire_on_a_post_is_a_battle(coder, text, etype):
    assert [e.event_type for e in code(coder, text)] == [etype]


def test_fire_in_the_direction_of_names_the_target():
    import spacy

    from frontlines.nlp.events import patient_tokens
    nlp = spacy.blank("en")
    words = ["Rebels", "opened", "fire", "in", "the", "direction", "of", "the", "army", "."]
    heads = [1, 1, 1, 1, 5, 3, 5, 8, 6, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "det", "pobj", "prep", "det", "pobj", "punct"]
    from spacy.tokens import Doc
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=["NOUN", "VERB", "NOUN", "ADP", "DET", "NOUN", "ADP", "DET", "NOUN", "PUNCT"],
              lemmas=["rebel", "open", "fire", "in", "the", "direction", "of", "the", "army", "."])
    assert any(8 in g for g in patient_tokens(doc[1]))


@pytest.mark.parametrize("text,etype", [
    # a ground fight told with the bombs in one sentence: ACLED codes the direct engagement
    ("Rebels ambushed an army convoy near Homs with a roadside bomb and gunfire.", "Battles"),
    # the bomb alone stays remote violence
    ("Rebels detonated a roadside bomb against an army convoy near Homs.", "Explosions/Remote violence"),
])
def test_bombs_with_gunfire_against_troops_are_a_clash(coder, text, etype):
    assert [e.event_type for e in code(coder, text)] == [etype]
