"""ACLED-style admin context after a place name: "X (Oyam, Northern)", "X, Luhansk",
"X town in Aleppo countryside". Invented sentences in the style of ACLED notes."""
import pytest

from frontlines.nlp.pipeline import dominant_country
from frontlines.nlp.places import PlaceTagger
from frontlines.geo.gazetteer import km
from frontlines.records import Place, PlaceMention


@pytest.fixture(scope="module")
def tagger(gazetteer):
    return PlaceTagger(gazetteer)


def found(nlp, tagger, text):
    return {m.text: m.place for m in tagger.tag_doc(nlp(text))}


def test_village_outside_the_gazetteer_falls_back_to_the_admin2(nlp, tagger):
    # Minakulu is a namesake elsewhere in the gazetteer, not a place in Oyam district
    places = found(nlp, tagger, "On 3 March 2022, a mob beat a thief in Minakulu sub-county (Oyam, Northern).")
    p = places["Minakulu"]
    assert p.country == "Uganda" and p.feature_code == "ADM2" and p.geo_precision == 2
    assert p.admin1 == "Northern"  # the text's (ACLED's) spelling of the admin1
    assert places["Oyam"].country == "Uganda"


def test_place_named_with_its_oblast_beats_the_attackers_demonym(nlp, tagger):
    places = found(nlp, tagger, "On 15 May 2022, Russian forces shelled Rubizhne, Luhansk. Casualties unknown.")
    assert places["Rubizhne"].country == "Ukraine" and places["Rubizhne"].geo_precision == 1
    assert places["Luhansk"].feature_code == "ADM1"  # the tail is the oblast, not its capital


def test_admin1_keeps_the_spelling_of_the_text(nlp, tagger):
    places = found(nlp, tagger, "On 13 January 2022, in Xalapa, Veracruz de Ignacio de la Llave, teachers protested.")
    assert places["Xalapa"].country == "Mexico"
    assert places["Xalapa"].admin1 == "Veracruz de Ignacio de la Llave"


def test_parenthesis_admin1_spelling_and_sub_district_word(nlp, tagger):
    # Tirtol's namesake in the gazetteer is in Kerala: the context sends it to its district
    places = found(nlp, tagger, "Farmers staged a demonstration in Tirtol block (Jagatsinghapur, Odisha).")
    p = places["Tirtol"]
    assert p.country == "India" and p.geo_precision == 2 and p.admin1 == "Odisha"


def test_town_in_province_countryside(nlp, tagger):
    # Shaalah's only namesake in the gazetteer is in Slovakia
    places = found(nlp, tagger, "On 2 February 2022, Turkish forces shelled Shaalah town in Aleppo countryside.")
    p = places["Shaalah"]
    assert p.country == "Syria" and p.admin1 == "Aleppo" and p.geo_precision == 3


def test_ambiguous_admin1_follows_the_document_country(nlp, tagger):
    places = found(nlp, tagger, "Protests spread from Colombo to Kantale (Kantale, Eastern).")
    assert places["Kantale"].country == "Sri Lanka"
    assert places["Kantale"].admin1 == "Eastern"


def test_tail_admin_names_share_the_context(nlp, tagger):
    places = found(nlp, tagger, "People protested in Vavuniya city (Vavuniya, Northern).")
    assert {p.country for p in places.values()} == {"Sri Lanka"}


def _mention(name, country, fcode):
    return PlaceMention(0, len(name), name, Place(name, 0.0, 0.0, country=country, feature_code=fcode,
                                                  geo_precision=3 if fcode.startswith("PCL") else 1))


def test_country_named_by_itself_counts_less_than_a_place_inside_one():
    places = [_mention("Ukraine", "Ukraine", "PCLI"), _mention("Phoenix", "United States", "PPL"),
              _mention("Ukraine", "Ukraine", "PCLI"), _mention("Ukraine", "Ukraine", "PCLI")]
    # a country named again and again is one topic: the rally is still in Phoenix
    assert dominant_country(places) == "United States"
    assert dominant_country([places[0], places[2]]) == "Ukraine"  # nothing else named
    places.append(_mention("Arizona", "United States", "ADM1"))
    assert dominant_country(places) == "United States"
    # a tie goes to the country with a town named in it: a rally in Phoenix for Ukraine
    assert dominant_country(places[:3]) == "United States"


def test_admin1_short_form_in_text_keeps_acleds_full_name(nlp, tagger):
    places = found(nlp, tagger, "On 8 June 2022, in Acayucan, Veracruz, parents of students protested.")
    assert places["Acayucan"].admin1 == "Veracruz de Ignacio de la Llave"


def test_multiword_village_before_its_units(nlp, tagger):
    text = ("On 18 January 2022, in San Myo village (Gangaw township, Gangaw district, Magway region), "
            "troops clashed with local defence forces.")
    places = found(nlp, tagger, text)
    p = places["San Myo"]
    assert p.country == "Myanmar" and p.admin1 == "Magway" and p.geo_precision == 2


def test_facility_named_after_a_town_elsewhere_is_dropped(nlp, tagger):
    places = found(nlp, tagger, "On 9 February 2022, activists gathered in Vittoria square in Napoli "
                                "(Napoli, Campania) to protest.")
    assert "Vittoria" not in places
    assert places["Napoli"].admin1 == "Campania"


def test_admin2_filed_as_admin1_elsewhere(nlp, tagger):
    # GeoNames files Dahuk one level down; its towns belong to the Duhok governorate
    places = found(nlp, tagger, "Turkish warplanes struck the vicinity of Al Amadiya, Duhok province.")
    assert places["Al Amadiya"].country == "Iraq" and places["Al Amadiya"].admin1 == "Duhok"


def test_a_lone_town_after_in_is_kept_when_unambiguous(nlp, tagger):
    places = found(nlp, tagger, "On 22 February 2022, around 55 people demonstrated in Grobenzell against "
                                "coronavirus-related measures.")
    assert places["Grobenzell"].country == "Germany" and places["Grobenzell"].admin1 == "Bayern"


def test_a_lone_ambiguous_town_is_left_to_the_other_stages(nlp, tagger):
    places = found(nlp, tagger, "On 21 April 2022, around 100 persons demonstrated in Bayonne at the call of unions.")
    assert "Bayonne" not in places  # New Jersey or France: nothing in the text says


def test_acled_half_of_an_admin1_keeps_its_name(nlp, tagger):
    text = ("On 17 June 2022, in Kone Chan village (Kutkai township, Muse district, Shan-North state), "
            "villagers fled a military raid.")
    p = found(nlp, tagger, text)["Kone Chan"]
    assert p.country == "Myanmar" and p.admin1 == "Shan-North"


def test_weak_names_outside_the_stated_units_are_dropped(nlp, tagger):
    text = ("On 18 June 2022, in Mandalay city (Mandalay district, Mandalay region), the strike committee "
            "protested and celebrated the birthday of Aung San Suu Kyi.")
    places = tagger.tag_doc(nlp(text))
    assert {m.place.admin1 for m in places} == {"Mandalay"}


def test_georgia_in_parenthesis_is_the_state_or_the_country_by_the_town(nlp, tagger):
    assert found(nlp, tagger, "A driver drove into the parade in Rincon (Georgia).")["Rincon"].admin1 == "Georgia"
    assert found(nlp, tagger, "A driver drove into the parade in Rincon (Georgia).")["Rincon"].country == "United States"
    assert found(nlp, tagger, "Clashes erupted in Gori (Georgia) on Monday.")["Gori"].country == "Georgia"


def test_a_state_after_a_comma_is_the_state(nlp, tagger):
    # ACLED's "X, New York" names the state; the town keeps its own reading
    places = found(nlp, tagger, "Police arrested two men in Brooklyn, New York. Protests followed.")
    assert places["Brooklyn"].admin1 == "New York" and places["Brooklyn"].geo_precision == 1


def test_lists_of_towns_are_not_admin_context(nlp, tagger):
    places = found(nlp, tagger, "Government forces shelled Aleppo, Homs and Hama on Monday.")
    assert places["Aleppo"].geo_precision == 1 and places["Aleppo"].admin1 == "Aleppo"


def test_city_district_keeps_the_district_inside_the_city(nlp, tagger):
    # "Jongno" has only loose namesakes far from Seoul: the city stands, no town in Busan
    places = tagger.tag_doc(nlp("Union members picketed outside the ministry (Seoul City - Jongno)."))
    assert {m.place.country for m in places} == {"South Korea"}
    assert all(km(m.place.latitude, m.place.longitude, 37.57, 126.98) < 40 for m in places)


def test_city_district_chooses_the_city_that_holds_the_district(nlp, tagger):
    # a namesake of the airport's name abroad must not pull London to another country
    places = found(nlp, tagger, "Activists blocked a fuel depot near Heathrow airport in London - Hillingdon.")
    assert places["London"].country == "United Kingdom"
    assert places["Hillingdon"].country == "United Kingdom"


def test_city_district_reads_a_city_level_unit_as_its_city(nlp, tagger):
    places = found(nlp, tagger, "In Ciudad de Mexico - Cuauhtemoc, hundreds of women marched to the monument.")
    assert places["Ciudad de Mexico"].feature_code not in ("ADM1", "ADM2")
    assert km(places["Cuauhtemoc"].latitude, places["Cuauhtemoc"].longitude, 19.43, -99.13) < 40


def test_dash_between_villages_is_not_a_city_district(nlp, tagger):
    # a front line "X - Y" between two villages: neither is a big city, both stay
    places = found(nlp, tagger, "Russian forces shelled the road Pasika - Bohorodychne, Donetsk.")
    assert "Bohorodychne" in places


def test_town_in_a_renamed_region_is_the_town(nlp, tagger):
    # Morocco's 2015 region in the context: the town inside it, not the region's centre
    places = found(nlp, tagger, "Residents demonstrated in Mohammadia (Mohammadia, Casablanca-Settat).")
    p = places["Mohammadia"]
    assert p.country == "Morocco" and km(p.latitude, p.longitude, 33.69, -7.38) < 25


def test_generic_unit_of_another_country_yields_to_the_town(nlp, tagger):
    # "Capital" is Venezuela's Capital District in the gazetteer; Sanabis is Bahraini
    places = found(nlp, tagger, "On 30 March 2022, protesters demonstrated in Sanabis (Capital).")
    assert places["Sanabis"].country == "Bahrain"
    assert all(p.country == "Bahrain" for p in places.values())


def test_generic_unit_unknown_there_is_not_a_district_elsewhere(nlp, tagger):
    # Libya's "East" is not in the gazetteer: neither Cameroon's East nor East Delhi
    places = found(nlp, tagger, "Employees held a demonstration in Al Kufrah (Alkufra, East).")
    assert places["Al Kufrah"].country == "Libya"


def test_small_namesake_far_from_the_located_town_is_dropped(nlp, tagger):
    # Sarandi is also a town 285 km from Porto Alegre; here it is a neighbourhood of the city
    places = found(nlp, tagger, "On 22 June 2022, in Porto Alegre (Rio Grande do Sul), a man was shot "
                                "and killed in the Sarandi neighborhood.")
    assert "Sarandi" not in places and places["Porto Alegre"].country == "Brazil"


def test_town_near_the_named_district_is_kept_and_far_namesake_dropped(nlp, tagger):
    # a Malpura lies in Rajasthan, far from Agra district; the one meant is not in the gazetteer
    places = found(nlp, tagger, "Youths pelted stones on the police near Malpura (Agra district, UP).")
    assert "Malpura" not in places and places["Agra"].country == "India"
    # a town inside the district named stays
    places = found(nlp, tagger, "Protesters blocked a road in Mawana (Meerut district, UP).")
    assert places["Mawana"].country == "India"


def test_coded_to_remark_marks_the_place_of_the_event(nlp, tagger):
    ms = tagger.tag_doc(nlp("Russian forces clashed with the Ukrainian Army in the direction of "
                            "Pasika - Bohorodychne (coded to Bohorodychne), Donetsk."))
    coded = [m for m in ms if m.coded_to]
    assert [m.text for m in coded] == ["Bohorodychne"] and coded[0].place.country == "Ukraine"


def test_coded_to_remark_finds_a_town_named_nowhere_else(nlp, tagger):
    ms = tagger.tag_doc(nlp("Rebels clashed with special forces in Gibsi Shone areas of Oromia. Location "
                            "not found, coded to the nearest town, Ginchi (Dendi, West Shewa, Oromia)."))
    assert any(m.coded_to and m.place.country == "Ethiopia" and m.place.geo_precision == 1 for m in ms)


def test_fatalities_coded_to_another_event_is_no_place_remark(nlp, tagger):
    ms = tagger.tag_doc(nlp("Two soldiers were killed at unspecified locations in Donetsk "
                            "(fatalities coded to Novotroitske event)."))
    assert not any(m.coded_to for m in ms)


def test_event_is_placed_where_the_remark_says(coder):
    from frontlines.api import code_text
    doc = code_text("On 29 May 2022, Russian forces clashed with the Ukrainian Army using artillery in the "
                    "direction of Pasika - Bohorodychne (coded to Bohorodychne), Donetsk. Casualties unknown.",
                    published="2022-05-30", coder=coder)
    assert doc.events and all(e.location == "Bohorodychne" for e in doc.events)


def test_unit_read_abroad_inside_its_province_parenthesis_is_dropped(nlp, tagger):
    # "Ehime" is a Japanese prefecture; here it is the first word of an LGA of Imo state
    places = found(nlp, tagger, "Armed men abducted a doctor in Umuokpara (Ehime Mbano, Imo).")
    assert "Ehime" not in places and places["Imo"].country == "Nigeria"


def test_province_read_abroad_does_not_drop_the_units_of_the_town(nlp, tagger):
    places = found(nlp, tagger, "Citizens held a protest march in Koumra (Mandoul Oriental, Madoul).")
    assert places["Koumra"].country == "Chad"


def test_event_in_a_province_only_is_placed_where_its_people_live():
    from frontlines.nlp.events import EventCoder
    province = Place(name="Oromia", latitude=7.3, longitude=38.6, country="Ethiopia", feature_code="ADM1",
                     geonameid=444185, geo_precision=3)
    coder = EventCoder.__new__(EventCoder)  # only the place step is exercised
    coder.settled = lambda p: (8.5, 38.9) if p.geonameid == 444185 else None
    m = coder.settle(PlaceMention(0, 6, "Oromia", province))
    assert (m.place.latitude, m.place.longitude) == (8.5, 38.9) and m.place.geo_precision == 3
    town = Place(name="Adama", latitude=8.54, longitude=39.27, country="Ethiopia", feature_code="PPL")
    assert coder.settle(PlaceMention(0, 5, "Adama", town)).place is town
