"""The country of a place: admin units the text gives after a name, units several countries
share, district names that are towns abroad, ACLED's territories. Invented sentences in the
style of ACLED notes and wire reports."""
import pytest

from frontlines.nlp.events import one_country
from frontlines.nlp.pipeline import dominant_country
from frontlines.nlp.places import PlaceTagger, _context_parts, _in_admin_parenthesis
from frontlines.records import Place, PlaceMention


@pytest.fixture(scope="module")
def tagger(gazetteer):
    return PlaceTagger(gazetteer)


def mentions(nlp, tagger, text):
    return tagger.tag_doc(nlp(text))


def found(nlp, tagger, text):
    return {m.text: m.place for m in mentions(nlp, tagger, text)}


def test_nepal_district_named_as_a_district_is_nepals(nlp, tagger):
    # "Bara" alone is a town in Brazil, Sudan, Nigeria...; "Bara district" is Nepal's
    places = found(nlp, tagger, "On 4 May 2022, traders protested in Kalaiya city (Bara district) against a tax.")
    assert places["Bara"].country == "Nepal" and places["Bara"].admin1 == "Madhesh"
    assert places["Bara"].geo_precision == 2


def test_nepal_district_carries_its_2015_province(nlp, tagger):
    places = found(nlp, tagger, "On 9 May 2022, farmers protested in Gorkha municipality (Gorkha district).")
    assert {p.admin1 for p in places.values()} == {"Gandaki"}


def test_rural_municipality_words_do_not_hide_the_context(nlp, tagger):
    places = found(nlp, tagger, "On 2 May 2022, locals blocked a road in Krishna Sabran Rural Municipality "
                                "(Saptari district), demanding a bus stop.")
    assert {p.country for p in places.values()} == {"Nepal"}


def test_kurdistan_region_areas_are_iraqs_despite_the_attackers_demonym(nlp, tagger):
    text = ("On 3 May 2022, Turkish army warplanes carried out airstrikes against PKK militants in Zap "
            "region (Al Amadiya district) of Duhok. Casualties unknown.")
    places = found(nlp, tagger, text)
    assert places["Zap"].country == "Iraq" and places["Duhok"].feature_code == "ADM1"
    assert dominant_country(mentions(nlp, tagger, text)) == "Iraq"


def test_admin1_abbreviation_in_context(nlp, tagger):
    places = found(nlp, tagger, "On 5 May 2022, officials held a sit-in at Samba city (J&K) over pay.")
    assert places["J&K"].country == "India" and places["J&K"].admin1 == "Jammu and Kashmir"


def test_hong_kong_is_filed_under_china(nlp, tagger):
    places = found(nlp, tagger, "On 1 April 2022, civil groups demonstrated outside the Government Headquarters in Hong Kong.")
    assert places["Hong Kong"].country == "China" and places["Hong Kong"].admin1 == "Hong Kong"


def test_shared_admin1_name_is_the_one_containing_the_named_city(nlp, tagger):
    text = "On 8 May 2022, in Bolivar state (coded to Ciudad Bolivar, Bolivar), protesters demanded gasoline."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Venezuela"}


def test_parenthesised_district_of_a_known_city_is_not_a_province_abroad(nlp, tagger):
    places = found(nlp, tagger, "On 3 May 2022, dozens gathered for a protest in Sidon (Sayda), against a scuffle.")
    assert places["Sidon"].country == "Lebanon"


def test_department_names_a_first_level_unit(nlp, tagger):
    places = found(nlp, tagger, "On 18 May 2022, in Santa Ana department, Santa Ana, police arrested 64 gang members.")
    assert {p.country for p in places.values()} == {"El Salvador"}


def test_admin2_member_of_a_two_part_context(nlp, tagger):
    places = found(nlp, tagger, "On 6 May 2022, militants abducted a man in the village of Lale (Bane, Boulgou).")
    assert places["Bane"].country == "Burkina Faso"


def test_coded_to_remark_is_dropped_from_context_parts():
    assert _context_parts("coded to Ciudad Bolivar, Bolivar") == ["Ciudad Bolivar", "Bolivar"]
    assert _context_parts("Oyam, Northern") == ["Oyam", "Northern"]


def test_admin_parenthesis_detection():
    text = "a rally in Chelhar town (Tharparkar, Sindh), against the decision (in India)."
    s = text.index("Sindh")
    assert _in_admin_parenthesis(text, s, s + len("Sindh"))
    s = text.index("India")
    assert not _in_admin_parenthesis(text, s, s + len("India"))  # "(in India)": a remark


def _mention(start, name, country, fcode="PPL", in_context=False):
    place = Place(name=name, latitude=0.0, longitude=0.0, country=country, feature_code=fcode)
    return PlaceMention(start=start, end=start + len(name), text=name, place=place, in_context=in_context)


def test_place_in_context_outweighs_places_named_in_passing():
    sindh = _mention(30, "Sindh", "Pakistan", "ADM1", in_context=True)
    jammu = _mention(90, "Jammu", "India", "PPLA")
    kashmir = _mention(100, "Jammu and Kashmir", "India", "ADM1")
    assert one_country([sindh, jammu, kashmir], None) == [sindh]
    assert dominant_country([sindh, jammu, kashmir]) == "Pakistan"
    # without the context the two Indian names win
    plain = _mention(30, "Sindh", "Pakistan", "ADM1")
    assert dominant_country([plain, jammu, kashmir]) == "India"


def test_country_named_as_the_topic_does_not_move_a_rally_abroad(nlp, tagger):
    text = ("On 13 June 2022, around 150 people demonstrated in Wittenberg against the armament of "
            "Ukraine and the war in Ukraine, calling on Ukraine's neighbours for peace.")
    ms = mentions(nlp, tagger, text)
    assert "Wittenberg" in {m.text for m in ms}
    assert dominant_country(ms) == "Germany"


def test_units_after_a_place_the_gazetteer_lacks(nlp, tagger):
    places = found(nlp, tagger, "On 5 June 2022, militants seized livestock near Kantchari (Kantchari, Tapoa).")
    assert places["Tapoa"].country == "Burkina Faso" and places["Tapoa"].admin1 == "Est"


def test_unit_in_parenthesis_after_a_unit_word(nlp, tagger):
    places = found(nlp, tagger, "On 23 March 2022, an air raid targeted Hayran district (Hajjah). Casualties unknown.")
    assert places["Hajjah"].country == "Yemen"


def test_a_list_of_acronyms_in_parenthesis_is_not_admin_context(nlp, tagger):
    text = ("On 27 January 2022, 350 persons demonstrated in Montauban, at the call of 4 unions "
            "(CGT, FO, Sud, FSU). They called for higher salaries.")
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"France"}


def test_half_of_a_hyphenated_name_is_not_a_place(nlp, tagger):
    text = "On 10 March 2022, soldiers killed twenty militants in Amchide (Kolofata, Mayo-Sava)."
    assert "Sava" not in found(nlp, tagger, text)


def test_country_made_an_adjective_of_alliance_is_not_a_place(nlp, tagger):
    text = "Civilian casualties in US-led coalition attacks in Syria since September."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Syria"}


def test_a_villages_other_name_in_a_neighbourhood_name_is_dropped(nlp, tagger):
    text = "On 19 April 2022, in Salvador (Bahia), gang members exchanged fire with police in the Palestina neighborhood."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Brazil"}


def test_township_member_of_the_context_reads_as_its_town(nlp, tagger):
    text = ("On 6 June 2022, near Yae Ni village (Katha township, Katha district, Sagaing region), "
            "fighting broke out.")
    township = next(m.place for m in mentions(nlp, tagger, text) if m.text == "Katha")  # the first
    assert township.country == "Myanmar" and township.feature_code not in ("ADM1", "ADM2")


# ---- evidence for one namesake over another: a country named beside the name, a unit named
# with its level, demonyms, the home countries of named organisations (session 6)


def event_places(coder, text):
    from frontlines.api import code_text

    return [(e.location, e.country) for e in code_text(text, coder=coder, published="2022-05-10").events]


def test_part_of_a_longer_unknown_name_is_not_read_abroad(nlp, tagger):
    # "San Juan Xochitenco" is not in the gazetteer; its "San Juan" is not Puerto Rico's capital
    text = "On 3 May 2022, in San Juan Xochitenco, Mexico, gunmen killed a shopkeeper outside his home."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Mexico"}


def test_a_name_after_a_romance_of_is_part_of_a_longer_name(nlp, tagger):
    # "Champ du Glacis", a square in Luxembourg: not the Glacis district of Seychelles
    text = "On 2 May 2022, in Luxembourg, taxi drivers rallied on the Champ du Glacis against new fares."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Luxembourg"}


def test_tied_namesake_units_follow_the_demonym(nlp, tagger):
    # Beja is a district of Portugal and a governorate of Tunisia alike
    text = "On 2 May 2022, Tunisian nurses protested in Beja over unpaid wages."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Tunisia"}


def test_a_unit_named_with_its_level_outweighs_a_village_abroad(nlp, tagger):
    text = "On 2 May 2022, residents of a village near the town of Keles in Tashkent region protested against a new tax."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Uzbekistan"}


def test_actor_home_country_picks_the_namesake(nlp, tagger):
    text = "On 9 May 2022, at the call of the CGT, dockers demonstrated in Brest against pension reform."
    assert found(nlp, tagger, text)["Brest"].country == "Belarus"  # the bigger Brest, without the hint
    places = {m.text: m.place for m in tagger.tag_doc(nlp(text), [("France", 1.0)])}
    assert places["Brest"].country == "France"


def test_actor_home_countries_come_from_the_dictionary(nlp, coder):
    tagger = coder.actor_tagger
    assert tagger.home_countries(nlp("On 3 May 2022, members of COSATU marched in Richmond.")) == [("South Africa", 1.0)]
    # a militia the data says also operates abroad counts half; a country's own army not at all
    assert tagger.home_countries(nlp("Hashd al-Shaabi fighters repelled an attack.")) == [("Iraq", 0.5)]
    assert tagger.home_countries(nlp("The Tatmadaw shelled the village.")) == []
    assert tagger.home_countries(nlp("IS militants attacked the village.")) == []  # several countries' branches


def test_coder_passes_actor_countries_to_the_places(coder):
    assert event_places(coder, "On 3 May 2022, members of COSATU marched in Richmond to demand higher wages.") \
        == [("Richmond", "South Africa")]
    assert event_places(coder, "On 4 May 2022, Hashd al-Shaabi fighters repelled an attack by IS militants "
                               "in the Mutaibijah area of Salah al-Din. No casualties.")[0][1] == "Iraq"


def test_an_office_seat_does_not_place_the_event(coder):
    text = ("On 9 May 2022, about 80 people, including the Mayor of Munster (Greens), marched in Colmar "
            "against a planned wind farm.")
    assert event_places(coder, text) == [("Colmar", "France")]


def test_a_province_named_drops_a_namesake_in_another_province(nlp, tagger):
    from frontlines.nlp.places import _drop_far_from_context

    huila = Place(name="Huila", latitude=2.5, longitude=-75.5, country="Colombia", admin1="Huila",
                  feature_code="ADM1", geo_precision=3)
    village = Place(name="San Miguel", latitude=6.6, longitude=-73.1, country="Colombia", admin1="Santander",
                    feature_code="PPL", population=3000, geo_precision=1)
    near = Place(name="La Plata", latitude=2.39, longitude=-75.89, country="Colombia", admin1="Huila",
                 feature_code="PPL", population=20000, geo_precision=1)
    ctx = PlaceMention(start=30, end=39, text="Rio Negro", place=huila, in_context=True)
    far = PlaceMention(start=120, end=130, text="San Miguel", place=village)
    inside = PlaceMention(start=150, end=158, text="La Plata", place=near)
    assert _drop_far_from_context([ctx, far, inside], [ctx]) == [ctx, inside]


def test_a_firms_name_before_factory_is_not_a_town_abroad(nlp, tagger):
    # Solvay is a town in New York; "the Solvay factory" in a text whose union is Spain's is a firm
    text = "On 9 May 2022, members of CCOO picketed outside the Solvay factory, demanding a new wage deal."
    doc = nlp(text)
    assert "Solvay" in {m.text for m in tagger.tag_doc(doc)}  # alone, the New York town stands
    assert "Solvay" not in {m.text for m in tagger.tag_doc(doc, [("Spain", 1.0)])}


def test_a_demonym_in_an_admin_context_is_a_region_not_a_country(nlp, tagger):
    # ACLED names Ethiopia's Somali region in its contexts; "Somali" there is not Somalia
    text = "On 3 March 2022, residents protested in Kebri Beyah (Fafan, Somali) over water shortages."
    assert {m.place.country for m in mentions(nlp, tagger, text)} == {"Ethiopia"}


def test_a_province_before_company_is_still_the_province(nlp, tagger):
    text = "Inspectors said a New Jersey company had shipped the tissue to clinics in Canada."
    assert "New Jersey" in {m.text for m in mentions(nlp, tagger, text)}
