"""Conflict headlines that report an event in words the battle and territory triggers long missed:
advances, control imposed or taken in a headline's present tense, counter-attacks, a headline
opening with a gerund. Invented headlines about real Syrian places, with their negatives."""
import pytest


def code(coder, text):
    from frontlines import api

    return api.code_text(text, coder=coder, published="2017-03-01").events


def subs(events):
    return [e.sub_event_type for e in events]


# ---------------------------------------------------------------- advances

@pytest.mark.parametrize("text, location", [
    ("Government troops advance in the village of Tal Rifaat", "Tall Rif'at"),
    ("The army achieves an important advancement in the countryside of Harem", "Ḩārim"),
    ("Rebels make new advances near Manbij", "Manbij"),
])
def test_an_armed_advance_is_an_armed_clash(coder, text, location):
    events = code(coder, text)
    assert subs(events) == ["Armed clash"]
    assert events[0].location == location


def test_an_advance_that_takes_the_place_is_a_taking(coder):
    events = code(coder, "Rebels advanced and captured the town of Harem")
    assert subs(events) == ["Non-state actor overtakes territory"]


def test_an_advance_under_shelling_takes_the_tactic(coder):
    events = code(coder, "Regime forces advance on Harem under heavy artillery shelling")
    assert subs(events) == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize("text", [
    "The ministry paid an advance payment to farmers in Manbij",
    "Protesters advanced towards the parliament building in Beirut",
    "Troops were deployed to Homs in advance of the elections",
    "Engineers in Aleppo showed technological advances in water treatment",
    "The army command advanced a plan for military service reform in Damascus",
])
def test_advances_that_are_no_fighting(coder, text):
    assert "Armed clash" not in subs(code(coder, text))


# ---------------------------------------------------------------- control taken

@pytest.mark.parametrize("text, sub", [
    ("Rebels impose their control over the town of Harem", "Non-state actor overtakes territory"),
    ("Rebels control a new village near Harem", "Non-state actor overtakes territory"),
    ("Government forces control the town of Maarat al-Numan", "Government regains territory"),
    ("The army expands its control near Palmyra", "Government regains territory"),
])
def test_control_taken_in_a_headline(coder, text, sub):
    assert subs(code(coder, text)) == [sub]


@pytest.mark.parametrize("text", [
    "Rebels control most of the province of Idlib",
    "Rebels controlled the town of Harem for years.",
    "The army controls the situation in Homs",
    "Regime forces are desperate to re-control the villages near Harem",
    "Rebels try to control the town of Harem",
])
def test_control_held_is_no_taking(coder, text):
    assert not [s for s in subs(code(coder, text)) if "territory" in s]


def test_control_in_prose_is_a_state(coder):
    text = ("The ministry published its annual budget on Monday. " * 8
            + "Rebels control the town of Harem, residents said.")
    assert not [s for s in subs(code(coder, text)) if "territory" in s]


def test_a_town_controlled_by_a_side_lends_it_no_role(coder):
    # "controlled by the regime forces" tells who holds the town, not who fired
    events = code(coder, "Shells target a town controlled by the regime forces in the countryside of Hama")
    assert subs(events) == ["Shelling/artillery/missile attack"]
    assert events[0].actor1 == "Unidentified Armed Group (Syria)"


# ---------------------------------------------------------------- counter-attacks, gerund openings

def test_a_counterattack_is_a_battle(coder):
    events = code(coder, "Counterattack by the Islamic State near Palmyra")
    assert subs(events) == ["Armed clash"]
    assert events[0].actor1 == "Islamic State (Syria)"


def test_a_headline_opening_with_a_gerund(coder):
    events = code(coder, "Shelling Khan al-Shih leaves injured")
    assert subs(events) == ["Shelling/artillery/missile attack"]
    assert events[0].location == "Khan ash-Shih"


def test_a_sentence_opening_with_a_company_name_is_no_gerund(coder):
    assert code(coder, "Shell reported higher profits in Aleppo.") == []


# ---------------------------------------------------------------- what stays no event

@pytest.mark.parametrize("text", [
    "Human losses in Aleppo and Idlib countryside",
    "Casualties in Daraa and the countryside of Homs",
])
def test_casualty_only_headlines_stay_no_event(coder, text):
    assert code(coder, text) == []


# ---------------------------------------------------------------- Title-Case titles

@pytest.mark.parametrize("text, sub, location", [
    ("Regime Warplanes Bomb A Hospital in the Town of Kafr Nabl", "Air/drone strike", "Kafr Nabl"),
    ("Heavy Clashes Erupt Near the Town of Harem", "Armed clash", "Ḩārim"),
])
def test_a_title_case_title_is_read_like_a_sentence(coder, text, sub, location):
    events = code(coder, text)
    assert subs(events) == [sub]
    assert events[0].location == location


def test_a_title_keeps_its_names(coder):
    events = code(coder, "Free Syrian Army Fighters Storm A Checkpoint Near Aleppo")
    assert subs(events) == ["Armed clash"]
    assert events[0].actor1 == "Free Syrian Army"
    assert events[0].location == "Aleppo"


def test_title_case_detection(nlp):
    from frontlines.nlp.gate import title_cased

    assert title_cased(nlp.make_doc("Warplanes Strike A Market in Idlib and Kill 5 Civilians"))
    assert not title_cased(nlp.make_doc("Warplanes strike a market in Idlib and kill 5 civilians"))
    assert not title_cased(nlp.make_doc("Human losses in Aleppo and Idlib"))
    assert not title_cased(nlp.make_doc("Clashes in Idlib"))  # too few words to tell


def test_recasing_keeps_offsets_and_names(nlp):
    from frontlines.nlp.gate import recased

    text = "Warplanes Strike A Market in Idlib and Kill 5 Civilians"
    out = recased(nlp.make_doc(text), frozenset({"strike", "a", "market", "kill", "civilians", "idlib"}))
    assert len(out) == len(text)
    assert out == "Warplanes strike a market in idlib and kill 5 civilians"
    assert recased(nlp.make_doc("The US Army Shells Raqqa"), frozenset({"us", "army"})) == "The US army Shells Raqqa"
