"""One event is in one country: a sentence's places read in several countries keep one."""
from __future__ import annotations

from frontlines.nlp.events import one_country
from frontlines.records import Place, PlaceMention


def mention(start: int, name: str, country: str, code: str) -> PlaceMention:
    place = Place(name, 0.0, 0.0, country=country, feature_code=code)
    return PlaceMention(start, start + len(name), name, place)


def test_admin_unit_outweighs_a_namesake_village() -> None:
    # "attacked the village of Lorvo (Dassa, Kéréné)": Lorvo has a namesake abroad
    village = mention(30, "Lorvo", "Ghana", "PPL")
    province = mention(43, "Kérené", "Burkina Faso", "ADM1")
    assert one_country([village, province], None) == [province]


def test_tie_goes_to_the_later_container() -> None:
    # "gathered in Plaza Mayor in Valdoria": two towns, the container comes last
    square = mention(12, "Plaza Mayor", "Mexico", "PPL")
    town = mention(30, "Valdoria", "Spain", "PPL")
    assert one_country([square, town], None) == [town]


def test_tie_goes_first_to_the_documents_country() -> None:
    square = mention(12, "Plaza Mayor", "Mexico", "PPL")
    town = mention(30, "Valdoria", "Spain", "PPL")
    assert one_country([square, town], "Mexico") == [square]


def test_country_mentions_and_single_country_sentences_stay() -> None:
    # "refugees from Ukraine arrived in Michalovce (Kosice)": the country named as origin stays
    origin = mention(14, "Ukraine", "Ukraine", "PCLI")
    town = mention(33, "Michalovce", "Slovakia", "PPLA2")
    region = mention(45, "Kosice", "Slovakia", "ADM1")
    assert one_country([origin, town, region], "Ukraine") == [origin, town, region]


def test_a_country_people_come_from_is_not_where_they_arrive() -> None:
    import spacy

    from frontlines.nlp.events import destinations

    text = "About 900 refugees from Moldova arrived in Romania on Monday."
    doc = spacy.blank("en")(text)
    origin = mention(text.index("Moldova"), "Moldova", "Moldova", "PCLI")
    arrival = mention(text.index("Romania"), "Romania", "Romania", "PCLI")
    assert destinations([origin, arrival], doc) == [arrival]
    assert destinations([origin], doc) == [origin]  # nothing else named: keep it
