"""The actors stage: who is named in a sentence, in ACLED's naming, with exact offsets."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.knowledge.actors import load_actor_dictionary
from frontlines.nlp.actors import ActorTagger, complete_by_convention, names_own_country
from frontlines.records import ActorMention, SentenceInfo
from tests.conftest import SEED_TEXT, need_shared


@pytest.fixture(scope="module")
def tagger():
    return ActorTagger(load_actor_dictionary())


def tag_text(nlp, tagger, text, country=None, when=None):
    doc = nlp(text)
    mentions = []
    for k, span in enumerate(doc.sents):
        sentence = SentenceInfo(k, span.start_char, span.end_char, span.text)
        found = tagger.tag(sentence, span, country, when)
        assert sentence.actors == found
        mentions += found
    for m in mentions:  # offsets always point at the mention's own text
        assert text[m.start:m.end] == m.text
    return mentions


def names(mentions):
    return [m.actor.name for m in mentions]


def by_text(mentions):
    """Text -> primary actor (associated-actor mentions over the same words left out)."""
    return {m.text: m.actor.name for m in mentions if m.actor.kind != "associated"}


def test_islamic_state_by_country(nlp, tagger):
    text = "ISIS militants attacked a checkpoint."
    assert by_text(tag_text(nlp, tagger, text, "Syria"))["ISIS militants"] == "Islamic State (Syria)"
    assert by_text(tag_text(nlp, tagger, text, "Iraq"))["ISIS militants"] == "Islamic State (Iraq)"
    found = tag_text(nlp, tagger, "Daesh and ISIL cells were hit.", "Iraq")
    assert set(names(found)) == {"Islamic State (Iraq)"}


def test_is_must_be_capitalised(nlp, tagger):
    found = tag_text(nlp, tagger, "It is unclear who is responsible; IS claimed the attack.", "Syria")
    assert [m.text for m in found] == ["IS"]


@pytest.mark.parametrize("text,country,when,expected", [
    ("SDF fighters clashed with Turkish-backed factions near Manbij.", "Syria", date(2022, 2, 1),
     {"SDF fighters": "QSD: Syrian Democratic Forces", "Turkish-backed factions": "JWS: Syrian National Army"}),
    ("Hayat Tahrir al-Sham shelled regime positions.", "Syria", date(2022, 2, 1),
     {"Hayat Tahrir al-Sham": "HTS: Hayat Tahrir al Sham"}),
    ("Houthi forces fired a missile at Marib.", "Yemen", date(2022, 2, 1),
     {"Houthi forces": "Military Forces of Yemen (2016-) Supreme Political Council"}),
    ("Al-Shabaab militants ambushed a convoy.", "Somalia", date(2022, 2, 1),
     {"Al-Shabaab militants": "Al Shabaab"}),
    ("JNIM fighters attacked the gendarmerie post.", "Burkina Faso", date(2022, 2, 1),
     {"JNIM fighters": "JNIM: Group for Support of Islam and Muslims"}),
])
def test_named_groups(nlp, tagger, text, country, when, expected):
    found = by_text(tag_text(nlp, tagger, text, country, when))
    for phrase, name in expected.items():
        assert found.get(phrase) == name, found


def test_demonym_forces(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Russian forces shelled Kharkiv overnight.", "Ukraine", date(2022, 3, 1)))
    assert found["Russian forces"] == "Military Forces of Russia (2000-)"
    found = by_text(tag_text(nlp, tagger, "Syrian troops and Iraqi police were deployed.", "Syria", date(2014, 1, 9)))
    assert found["Syrian troops"] == "Military Forces of Syria (2000-)"
    assert found["Iraqi police"].startswith("Police Forces of Iraq")


def test_bare_force_nouns_use_the_sentence_country(nlp, tagger):
    found = tag_text(nlp, tagger, "Soldiers and police dispersed the crowd; regime forces shelled the town.",
                     "Syria", date(2014, 1, 9))
    got = by_text(found)
    assert got["Soldiers"] == "Military Forces of Syria (2000-)"
    assert got["police"] == "Police Forces of Syria (2000-)"
    assert got["regime forces"] == "Military Forces of Syria (2000-)"


def test_vague_force_nouns_need_a_qualifier(nlp, tagger):
    assert names(tag_text(nlp, tagger, "Forces loyal to nobody were seen.", "Syria")) == []
    assert names(tag_text(nlp, tagger, "Rebel forces advanced.", "Syria", date(2014, 1, 1))) == ["Opposition Rebels (Syria)"]


def test_taliban_before_and_after_the_fall_of_kabul(nlp, tagger):
    text = "Taliban fighters seized the district."
    assert names(tag_text(nlp, tagger, text, "Afghanistan", date(2021, 7, 1))) == ["Taliban"]
    assert names(tag_text(nlp, tagger, text, "Afghanistan", date(2021, 9, 1))) == ["Military Forces of Afghanistan (2021-)"]
    assert names(tag_text(nlp, tagger, "The army retook the town.", "Afghanistan", date(2020, 1, 1))) == [
        "Military Forces of Afghanistan (2014-2021)"]


def test_generic_groups_by_country(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Protesters gathered in Baghdad.", "Iraq"))
    assert found["Protesters"] == "Protesters (Iraq)"
    found = by_text(tag_text(nlp, tagger, "A mob attacked a suspected thief.", "Uganda"))
    assert found["A mob"] == "Rioters (Uganda)"
    found = by_text(tag_text(nlp, tagger, "Gunmen killed two civilians.", "Nigeria"))
    assert found == {"Gunmen": "Unidentified Armed Group (Nigeria)", "civilians": "Civilians (Nigeria)"}
    found = by_text(tag_text(nlp, tagger, "Unidentified gunmen abducted a farmer.", "Nigeria"))
    assert found["Unidentified gunmen"] == "Unidentified Armed Group (Nigeria)"
    assert found["farmer"] == "Civilians (Nigeria)"


def test_people_who_protest_are_protesters(nlp, tagger):
    found = tag_text(nlp, tagger, "Residents marched to the governor's office.", "Kenya")
    assert names(found)[0] == "Protesters (Kenya)"


def test_demonym_sets_the_country_of_civilians(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Syrian refugees were attacked in Ankara.", "Turkey"))
    assert found["Syrian refugees"] == "Civilians (Syria)"


def test_associated_groups_ride_along(nlp, tagger):
    found = tag_text(nlp, tagger, "Members of the CGT union protested in Paris.", "France")
    got = names(found)
    assert "CGT: General Confederation of Labour" in got
    assert "Labour Group (France)" in got
    journalists = tag_text(nlp, tagger, "Two journalists were killed.", "Mexico")
    assert names(journalists) == ["Civilians (Mexico)", "Journalists (Mexico)"]
    assert journalists[1].actor.kind == "associated"


def test_unknown_named_group_is_kept(nlp, tagger):
    found = tag_text(nlp, tagger, "The Martyrs of Kafr Nubl Brigade attacked a checkpoint.", "Syria")
    unknown = [m for m in found if not m.actor.known]
    assert len(unknown) == 1
    assert unknown[0].actor.name == "Martyrs of Kafr Nubl Brigade"
    assert unknown[0].actor.inter == 2
    assert unknown[0].text == "Martyrs of Kafr Nubl Brigade"


def test_exact_offsets_in_a_longer_document(nlp, tagger):
    text = "Intro line.\n\nIn Aleppo, the Al-Nusra Front and the FSA fought ISIS on Thursday."
    found = tag_text(nlp, tagger, text, "Syria", date(2014, 1, 9))
    spans = {(m.start, m.end): m.actor.name for m in found}
    start = text.index("Al-Nusra Front")
    assert spans[(start, start + len("Al-Nusra Front"))] == "Jabhat al Nusra"
    start = text.index("FSA")
    assert spans[(start, start + 3)] == "Free Syrian Army"


def test_sources_are_not_actors(nlp, tagger):
    found = tag_text(nlp, tagger, "The Syrian Observatory for Human Rights reported the clashes.", "Syria")
    assert found == []


@pytest.mark.shared
def test_seed_article_actors(nlp, tagger):
    text = need_shared(SEED_TEXT).read_text(encoding="utf-8")
    found = tag_text(nlp, tagger, text, "Syria", date(2014, 1, 9))
    got = set(names(found))
    for expected in ("Free Syrian Army", "Islamic State (Syria)", "Islamic Front", "Jaysh al Mujahideen",
                     "Jabhat al Nusra", "Al Qaeda", "Syrian National Coalition"):
        assert expected in got, expected
    texts = {m.text for m in found if m.actor.name == "Islamic State (Syria)"}
    assert {"ISIS", "Islamic State in Iraq and Syria"} <= texts
    assert any(m.text == "Al-Nusra Front" for m in found if m.actor.name == "Jabhat al Nusra")


def test_violent_crowds_are_rioters(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Angry villagers lynched a suspected thief.", "Uganda"))
    assert found["villagers"] == "Rioters (Uganda)"
    found = by_text(tag_text(nlp, tagger, "Protesters torched a police post.", "Kenya"))
    assert found["Protesters"] == "Rioters (Kenya)"


def test_subjects_of_protest_predicates_are_protesters(nlp, tagger):
    found = tag_text(nlp, tagger, "On 23 March 2022, citizens protested in Granada.", "Spain")
    assert ("citizens", "Protesters (Spain)") in {(m.text, m.actor.name) for m in found}
    found = tag_text(nlp, tagger, "Dozens of BJP members held a protest in Nashik.", "India")
    got = names(found)
    assert got[0] == "Protesters (India)" and "BJP: Bharatiya Janata Party" in got
    # air strikes are not strikes
    found = tag_text(nlp, tagger, "Russian air forces carried out air strikes near Izium.", "Ukraine")
    assert names(found) == ["Military Forces of Russia (2000-) Air Force"]


def test_phrases_do_not_run_across_commas(nlp, tagger):
    found = tag_text(nlp, tagger, "The military, police, and Pyu Saw Htee members sealed off the house.",
                     "Myanmar", date(2022, 2, 22))
    assert names(found) == ["Military Forces of Myanmar (2021-)", "Police Forces of Myanmar (2021-)", "Pyu Saw Htee"]


def test_settlers_in_the_west_bank_are_israeli(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Israeli settlers assaulted a Palestinian farmer near Nablus.", "Palestine"))
    assert found["Israeli settlers"].startswith("Settlers (Israel)") or found["Israeli settlers"] == "Rioters (Israel)"
    found = by_text(tag_text(nlp, tagger, "Settlers uprooted olive trees.", "Palestine"))
    assert found["Settlers"] == "Settlers (Israel)"


def test_dates_are_not_marches(nlp, tagger):
    found = tag_text(nlp, tagger, "On 29 March 2022, about 3600 refugees arrived in Prague.", "Czech Republic")
    assert "Protesters (Czech Republic)" not in names(found)


def test_demonym_nouns_are_civilians_of_that_country(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Israeli forces shot and injured a Palestinian near Jenin.", "Palestine",
                             date(2022, 4, 1)))
    assert found["Israeli forces"] == "Military Forces of Israel (2021-2022)"
    assert found["Palestinian"] == "Civilians (Palestine)"


def test_qualifiers_before_force_nouns(nlp, tagger):
    found = by_text(tag_text(nlp, tagger, "Militants attacked government police forces at a checkpoint.", "Somalia"))
    assert found["government police forces"].startswith("Police Forces of Somalia")
    found = by_text(tag_text(nlp, tagger, "Anti-government forces shelled the town.", "Syria", date(2014, 1, 1)))
    assert not any(n.startswith("Military Forces") for n in found.values())


def test_numbered_army_units(nlp, tagger):
    found = tag_text(nlp, tagger, "Gunmen shot two 5th Armored Division members in Daraa.", "Syria", date(2022, 2, 27))
    assert "Military Forces of Syria (2000-) 5th Armored Division" in names(found)


def test_identity_militias_named_by_pattern(nlp, tagger):
    found = tag_text(nlp, tagger, "On Monday, armed Hema militiamen attacked a village in Djugu.", "Democratic Republic of Congo")
    militia = [m for m in found if m.actor.inter == 4]
    assert [m.actor.name for m in militia] == ["Hema Ethnic Militia (Democratic Republic of Congo)"]
    assert militia[0].text == "Hema militiamen"
    found = tag_text(nlp, tagger, "Fighting broke out between Marehan clan militia and Al Shabaab.", "Somalia")
    assert "Marehan Clan Militia (Somalia)" in names(found)


def test_place_named_militias_are_communal(nlp, tagger):
    found = tag_text(nlp, tagger, "On 31 March 2022, a Zamfara militia attacked civilians at Babban Baye.", "Nigeria")
    assert "Zamfara Communal Militia (Nigeria)" in names(found)
    found = tag_text(nlp, tagger, "On 17 February 2022, suspected Murle militia abducted three children.", "South Sudan")
    assert "Murle Ethnic Militia (South Sudan)" in names(found)


@pytest.mark.parametrize("text,expected,words", [
    ("On 3 April, the Myaing PDF attacked a military column.", "People's Defense Force - Myaing", "Myaing PDF"),
    ("On 3 April, fighters of PDF-Myaing attacked a military column.", "People's Defense Force - Myaing", "PDF-Myaing"),
    ("On 3 April, the People's Defense Force - Myaing attacked a column.", "People's Defense Force - Myaing",
     "People's Defense Force - Myaing"),
    ("On 3 April, PDF fighters attacked a military column.", "PDF: People's Defense Force", "PDF fighters"),
])
def test_local_pdf_units(nlp, tagger, text, expected, words):
    found = tag_text(nlp, tagger, text, "Myanmar", date(2022, 4, 3))
    pdf = [m for m in found if "Defense Force" in m.actor.name]
    assert [(m.actor.name, m.text) for m in pdf] == [(expected, words)]


def test_positions_of_a_country_are_its_forces(nlp, tagger):
    found = tag_text(nlp, tagger, "Russian forces shelled Ukrainian positions near Izium.", "Ukraine", date(2022, 6, 1))
    assert "Military Forces of Ukraine (2019-)" in names(found)
    assert not [m for m in tag_text(nlp, tagger, "Troops took up positions.", None) if m.text == "positions"]


def test_mixed_nationality_crowds_are_named_by_the_country(nlp, tagger):
    found = tag_text(nlp, tagger, "Slovak and Ukrainian activists gathered for a rally.", "Slovakia")
    assert "Protesters (Slovakia)" in names(found)
    found = tag_text(nlp, tagger, "Ukrainian women gathered for a march.", "Slovakia")
    assert "Protesters (Ukraine)" in names(found)


# ---------------------------------------------------------------- conventions on roles

@pytest.fixture(scope="module")
def dictionary():
    return load_actor_dictionary()


def test_counter_demonstration_gives_protesters_on_both_sides(dictionary):
    p = dictionary.generic("Protesters", "Germany")
    text = "Around 50 people demonstrated. Around 35 people gathered for a counter-demonstration."
    assert complete_by_convention((p, None), "Protests", "Peaceful protest", text, "Germany", dictionary) == (p, p)
    assert complete_by_convention((p, None), "Protests", "Peaceful protest", "People demonstrated.", "Germany",
                                  dictionary) == (p, None)


def test_property_destruction_targets_civilians(dictionary):
    army = dictionary.state_forces("Myanmar", "military")
    a1, a2 = complete_by_convention((army, None), "Strategic developments", "Looting/property destruction",
                                    "Troops set houses on fire.", "Myanmar", dictionary)
    assert (a1, a2.name) == (army, "Civilians (Myanmar)")


def test_police_face_violent_demonstrators(dictionary):
    r = dictionary.generic("Rioters", "Nepal")
    text = "Cadres pelted stones at the office. Police fired tear gas."
    assert complete_by_convention((r, None), "Riots", "Violent demonstration", text, "Nepal", dictionary)[1].name \
        .startswith("Police Forces of Nepal")
    assert complete_by_convention((r, None), "Riots", "Violent demonstration", "Cadres pelted stones.", "Nepal",
                                  dictionary) == (r, None)


def test_gang_cues_where_acled_uses_gang_labels(dictionary):
    for country, expected in (("Mexico", "Unidentified Gang (Mexico)"), ("Colombia", "Unidentified Armed Group (Colombia)")):
        uag = dictionary.generic("Unidentified Armed Group", country)
        civ = dictionary.generic("Civilians", country)
        a1, _ = complete_by_convention((uag, civ), "Violence against civilians", "Attack",
                                       "Armed men on a motorcycle shot a man (drive-by).", country, dictionary)
        assert a1.name == expected
    uag = dictionary.generic("Unidentified Armed Group", "Mexico")
    assert complete_by_convention((uag, None), "Violence against civilians", "Attack", "Armed men shot a man.",
                                  "Mexico", dictionary)[0] == uag


def test_clash_between_unidentified_men(dictionary):
    a1, a2 = complete_by_convention((dictionary.generic("Unidentified Armed Group", "Brazil"), None), "Battles",
                                    "Armed clash", "A shoot-out between unknown shooters.", "Brazil", dictionary)
    assert a1.name == a2.name == "Unidentified Armed Group (Brazil)"


def test_russian_air_strikes_go_to_the_air_force(dictionary):
    russia = dictionary.state_forces("Russia", "military", date(2022, 5, 8))
    a1, _ = complete_by_convention((russia, None), "Explosions/Remote violence", "Air/drone strike",
                                   "Russian forces carried out air strikes.", "Ukraine", dictionary)
    assert a1.name == "Military Forces of Russia (2000-) Air Force"
    assert complete_by_convention((russia, None), "Explosions/Remote violence", "Air/drone strike",
                                  "Russian jets struck Idlib.", "Syria", dictionary)[0] == russia
    turkey = dictionary.state_forces("Turkey", "military")
    assert complete_by_convention((turkey, None), "Explosions/Remote violence", "Air/drone strike",
                                  "Turkish jets struck.", "Iraq", dictionary)[0] == turkey


def test_named_peoples_keep_their_country():
    d = load_actor_dictionary()
    ukr = ActorMention(0, 10, "Ukrainians", d.generic("Protesters", "Ukraine"))
    assert names_own_country(ukr, d)
    assert not names_own_country(ActorMention(0, 10, "protesters", d.generic("Protesters", "Ukraine")), d)


def test_conjoined_demonyms_name_both_forces(nlp, tagger):
    found = tag_text(nlp, tagger, "Clashes took place between the Russian and Ukrainian forces near Marinka.",
                     "Ukraine", date(2022, 4, 7))
    assert [(m.text, m.actor.name) for m in found if m.actor.kind == "state"] == [
        ("Russian", "Military Forces of Russia (2000-)"), ("Ukrainian forces", "Military Forces of Ukraine (2019-)")]


def test_gang_rape_is_not_a_gang(nlp, tagger):
    found = tag_text(nlp, tagger, "SPLA-IO soldiers gang-raped two women near Leer.", "South Sudan")
    assert not [m for m in found if "Gang" in m.actor.name]
    assert "Unidentified Gang (Mexico)" in names(tag_text(nlp, tagger, "A gang attacked the shop.", "Mexico"))


@pytest.mark.parametrize("text,country,expected", [
    ("On 24 March, unknown tribal militants shot a policeman.", "Iraq", "Unidentified Tribal Militia (Iraq)"),
    ("On 2 March, cultists invaded Oshie community.", "Nigeria", "Unidentified Cult Militia (Nigeria)"),
    ("On 2 May, Shammar tribesmen clashed with police.", "Iraq", "Shammar Tribal Militia (Iraq)"),
    ("On 2 May, Katsina militiamen killed two herders.", "Nigeria", "Katsina Communal Militia (Nigeria)"),
])
def test_tribal_cult_and_communal_militias(nlp, tagger, text, country, expected):
    assert expected in names(tag_text(nlp, tagger, text, country))


def test_a_group_is_named_by_its_unit(nlp, tagger):
    found = tag_text(nlp, tagger, "An STC soldier from the 5th Support and Reinforcement Brigade opened fire at a bus.",
                     "Yemen", date(2022, 1, 16))
    assert names(found)[0] == "STC: Southern Transitional Council (Support and Reinforcement Brigades)"
    found = tag_text(nlp, tagger, "Houthi forces clashed with Security Belt forces in Al Fakhir.", "Yemen", date(2022, 2, 14))
    assert "STC: Southern Transitional Council (Security Belt Forces)" in names(found)


def test_islamist_is_not_a_community(nlp, tagger):
    found = tag_text(nlp, tagger, "Members of a local militia ambushed Islamist militia near Namuembe.", "Mozambique")
    assert "Islamist Militia (Mozambique)" in names(found)
    assert not [m for m in found if "Communal" in m.actor.name or "Ethnic" in m.actor.name]


def test_state_branches_named_as_acled_names_them(nlp, tagger):
    found = tag_text(nlp, tagger, "Turkish gendarmerie shelled a village near Amadiya.", "Iraq", date(2022, 5, 1))
    assert "Military Forces of Turkey (2002-) Gendarmerie" in names(found)
    found = tag_text(nlp, tagger, "BSF personnel shot down a drone near Amritsar.", "India", date(2022, 4, 29))
    assert "Police Forces of India (2014-) Border Security Force" in names(found)
    # another country's branch needs its demonym: Michigan's state police are not Mexico's
    found = tag_text(nlp, tagger, "Michigan state police arrested two men.", "United States", date(2022, 4, 29))
    assert not [n for n in names(found) if "Mexico" in n]
