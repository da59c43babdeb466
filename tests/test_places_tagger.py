"""PlaceTagger on short invented texts: recognition, exact offsets, document-level context."""
import pytest

from frontlines.geo.gazetteer import km
from frontlines.nlp.places import PlaceTagger
from frontlines.records import SentenceInfo


@pytest.fixture(scope="module")
def tagger(gazetteer):
    return PlaceTagger(gazetteer)


def sentences_of(doc):
    return [SentenceInfo(index=i, start=s.start_char, end=s.end_char, text=s.text)
            for i, s in enumerate(doc.sents)]


def by_text(mentions):
    return {m.text: m.place for m in mentions}


TEXT = ("Warplanes struck Al-Dana and Ad Dana in Idlib province on Monday. "
        "Turkish drones later hit Manbij and Tal Rifaat, north of Aleppo, while clashes "
        "were reported in the Hanano district. The Syrian Observatory said 12 people died.")


def test_finds_places_with_exact_offsets(nlp, tagger):
    doc = nlp(TEXT)
    sents = sentences_of(doc)
    mentions = tagger.tag(doc, sents)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
    found = by_text(mentions)
    for name in ("Al-Dana", "Ad Dana", "Idlib", "Manbij", "Tal Rifaat", "Aleppo", "Hanano"):
        assert name in found, (name, list(found))
    assert "Syrian" not in found and "Turkish" not in found  # demonyms are not toponyms
    assert km(found["Al-Dana"].latitude, found["Al-Dana"].longitude, 36.21, 36.77) < 3
    assert found["Idlib"].feature_code == "ADM1" and found["Idlib"].geo_precision == 3
    assert found["Aleppo"].country == "Syria" and found["Aleppo"].geo_precision == 1
    # sentences carry their own mentions
    assert [m.text for m in sents[0].places] == ["Al-Dana", "Ad Dana", "Idlib"]
    assert sum(len(s.places) for s in sents) == len(mentions)


def test_document_country_disambiguates(nlp, tagger):
    doc = nlp("Lebanese troops deployed in Tripoli after clashes in Beirut.")
    found = by_text(tagger.tag_doc(doc))
    assert found["Tripoli"].country == "Lebanon"
    doc = nlp("Fighting resumed south of Tripoli as Libyan forces advanced from Misrata.")
    assert by_text(tagger.tag_doc(doc))["Tripoli"].country == "Libya"


def test_parenthesis_gives_admin_context(nlp, tagger):
    doc = nlp("Unidentified gunmen attacked a checkpoint in Kafr Nabl (Idleb) on Friday.")
    found = by_text(tagger.tag_doc(doc))
    assert found["Kafr Nabl"].country == "Syria"


def test_common_words_are_not_places(nlp, tagger):
    doc = nlp("Police said the President will visit the Army base. Reading is popular.")
    assert tagger.tag_doc(doc) == []


def test_countryside_means_the_province(nlp, tagger):
    doc = nlp("Warplanes bombed the northern countryside of Aleppo and clashes hit Hama countryside.")
    found = by_text(tagger.tag_doc(doc))
    assert found["Aleppo"].feature_code == "ADM1" and found["Hama"].feature_code == "ADM1"


def test_demonyms_can_be_output_when_configured(nlp, gazetteer):
    from frontlines.nlp.places import PlaceTaggerConfig

    t = PlaceTagger(gazetteer, PlaceTaggerConfig(demonyms_as_places=True))
    found = by_text(t.tag_doc(nlp("Syrian troops entered the town.")))
    assert found["Syrian"].name == "Syria"


def test_abbreviations_and_continents(nlp, tagger):
    doc = nlp("The outbreak spread from Huntsville, Ala., to Europe and Africa.")
    found = by_text(tagger.tag_doc(doc))
    assert found["Huntsville"].admin1 == "Alabama"
    assert found["Europe"].feature_code == "CONT" and found["Africa"].geo_precision == 3


def test_acled_note_parenthesis_admin2_admin1(nlp, tagger):
    doc = nlp("On 3 March, police arrested two men in Minakulu sub-county (Oyam, Northern).")
    found = by_text(tagger.tag_doc(doc))
    oyam = found["Oyam"]
    assert oyam.country == "Uganda" and oyam.feature_code == "ADM2" and oyam.geo_precision == 2
