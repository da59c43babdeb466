"""Places in terse conflict headlines (monitors' digests): glued headlines, the place struck
right after the verb, transliterations, generic head words and group names. Invented
sentences about real places."""
import pytest

from frontlines.nlp.places import PlaceTagger


@pytest.fixture(scope="module")
def tagger(gazetteer):
    return PlaceTagger(gazetteer)


def places(nlp, tagger, text):
    return {m.text: m.place for m in tagger.tag_doc(nlp(text))}


def test_headlines_glued_by_a_semicolon_are_split(nlp):
    words = [t.text for t in nlp("Two civilians killed by shelling on Saraqib;Clashes continue")]
    assert "Saraqib" in words and ";" in words
    # numbers and HTML entities keep their semicolons
    assert "3;4" in [t.text for t in nlp("scores of 3;4 were read")]


def test_place_after_on_or_a_strike_verb(nlp, tagger):
    assert places(nlp, tagger, "Two civilians killed by shelling on Saraqib;Clashes continue "
                               "near Morek")["Saraqib"].country == "Syria"
    assert places(nlp, tagger, "Warplanes target Saraqib and wound five people")["Saraqib"].country == "Syria"


def test_transliterated_apostrophe_is_part_of_the_word(nlp, tagger):
    found = places(nlp, tagger, "Fighting renewed in Dar’a and Homs")
    assert found["Dar’a"].country == "Syria"


def test_loose_spelling_of_the_only_place_named(nlp, tagger):
    found = places(nlp, tagger, "Two children died when a shell hit Maaret Misreen town")
    assert found["Maaret Misreen"].country == "Syria"


def test_an_article_binds_the_rest_of_the_name(nlp, tagger):
    found = places(nlp, tagger, "A car bomb exploded in the town of Jisr al-Shoghour")
    assert "Jisr" not in found
    assert found["Jisr al-Shoghour"].country == "Syria"


def test_generic_head_word_of_an_unknown_name_is_not_a_town(nlp, tagger):
    found = places(nlp, tagger, "Mortar shells fell on Bab Sharqi in Damascus")
    assert "Bab" not in found and "Bab Sharqi" not in found
    assert found["Damascus"].country == "Syria"
    # the head word's own town, named alone, stays
    assert places(nlp, tagger, "Fighting near Tal Abyad and Al-Bab")["Al-Bab"].country == "Syria"


def test_name_before_a_patronymic_is_a_person(nlp, tagger):
    found = places(nlp, tagger, "Clashes with Jaysh Khalid Ibn al-Walid near the Yarmouk valley")
    assert "Khalid" not in found


def test_alias_outvotes_a_foreign_alternate_name(nlp, tagger):
    found = places(nlp, tagger, "Mortars fell on Ayyash village near Deir Ezzor")
    assert all(p.country == "Syria" for p in found.values())


def test_rest_of_an_unknown_name_after_a_head_word(nlp, tagger):
    # "Jabal X" (Mount X): X alone is not the town of another province that shares its name
    found = places(nlp, tagger, "Airstrikes hit Jabal Arba'in in Idleb governorate.")
    assert "Arba'in" not in found
    assert found["Idleb"].country == "Syria"


def test_a_valley_named_after_a_town_in_the_province_named(nlp, tagger):
    found = places(nlp, tagger, "Turkish drones struck a hideout in the Wadi Khakurik area near Erbil.")
    assert found["Khakurik"].country == "Iraq"


def test_a_head_word_does_not_cut_a_loosely_spelt_name(nlp, tagger):
    found = places(nlp, tagger, "Two children were killed in Khan Shekhon;Shelling continued")
    assert "Khan" not in found and "Shekhon" not in found
    assert found["Khan Shekhon"].country == "Syria"


def test_a_loosely_spelt_city_standing_alone(nlp, tagger):
    found = places(nlp, tagger, "Gunmen attacked a checkpoint at Qameshly city at dawn")
    assert found["Qameshly"].country == "Syria"


def test_generic_unit_word_is_not_a_foreign_province(nlp, tagger):
    found = places(nlp, tagger, "Shells Hit The Capital Damascus And Wound Five People")
    assert "Capital" not in found
    assert found["Damascus"].country == "Syria"


def test_one_word_before_al_is_the_head_of_a_longer_name(nlp, tagger):
    found = places(nlp, tagger, "Warplanes struck the village of Taiba al-Imam at dawn")
    assert "Taiba" not in found


def test_a_ruler_s_title_is_not_a_place(nlp, tagger):
    assert places(nlp, tagger, "The truce of the Caesar and the Sultan holds for a 10th day") == {}


def test_a_head_word_glued_to_the_name(nlp, tagger, gazetteer):
    found = places(nlp, tagger, "Shelling on Deirhafer kills two")
    assert found["Deirhafer"].country == "Syria"
    assert gazetteer.candidates_exist("Tallrifaat")
    assert not gazetteer.candidates_exist("Raspberryhill")


def test_invisible_marks_glued_to_a_name_are_split_off(nlp, tagger):
    words = [t.text for t in nlp("Clashes in the area of \u200b\u200bPalmyra")]
    assert "Palmyra" in words
    assert places(nlp, tagger, "Clashes in the area of \u200b\u200bPalmyra")["Palmyra"].country == "Syria"


def test_a_demonym_does_not_veto_the_place_the_text_marks(nlp, tagger):
    # "Turkish" names who attacks; the loosely spelt town stands in its own country
    found = places(nlp, tagger, "Turkish warplanes pound Jendires town again")
    assert found["Jendires"].country == "Syria"
