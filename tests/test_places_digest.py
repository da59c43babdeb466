"""Place readings in monitors' headlines and digests: the items a ";" joins are separate
reports, a title-cased preposition opens no name, the Arabic article written apart belongs
to the name, a country made an adjective of loyalty is who fights, and a state's
abbreviation needs its period. Sentences written for the project; the shipped coder."""
from __future__ import annotations

import datetime as dt

from frontlines.geo.gazetteer import dotted_abbreviations
from frontlines.records import Article


def places(coder, text: str) -> list[tuple[str, str, str | None]]:
    doc = coder.code(Article(text=text, published=dt.date(2017, 12, 1)))
    return [(p.text, p.place.name, p.place.country) for p in doc.places]


def test_one_digest_item_does_not_set_the_admin_context_of_another(coder):
    # "Raqqa governorate" closes the second item; the first item's Daraa stays a place
    found = places(coder, "Shells hit Daraa city and kill 3 people;May 5th 2016: (S402) Maadan, Raqqa governorate, Syria")
    assert ("Daraa", "Daraa", "Syria") in found
    assert any(name == "Ma‘dān" for _, name, _ in found)


def test_a_title_cased_preposition_opens_no_name(coder):
    found = places(coder, "Shelling hit a farm, Near Abu Kamal, Deir Ezzor governorate, Syria")
    assert ("Abu Kamal", "Abu Kamal", "Syria") in found


def test_the_arabic_article_written_apart_is_part_of_the_name(coder):
    assert places(coder, "Turkish shelling hit al Bab city on Monday") == [("al Bab", "Al-Bab", "Syria")]


def test_a_country_made_an_adjective_of_loyalty_is_no_place(coder):
    found = places(coder, "The SDF fought Ankara-loyal gunmen near Tal Tamr town on Sunday")
    assert all(country == "Syria" for _, _, country in found)
    assert not any(text == "Ankara" for text, _, _ in found)
    assert not any(text == "Turkey" for text, _, _ in places(coder, "Turkey-loyal fighters detained four men in Afrin"))


def test_a_state_abbreviation_needs_its_period(coder):
    found = places(coder, "Mass graves were found outside Raqqa city")
    assert all(name != "Massachusetts" for _, name, _ in found)
    assert all(name != "Washington" for _, name, _ in places(coder, "Wash your hands after using the toilet."))
    assert ("Mass.", "Massachusetts", "United States") in places(coder, "A man was shot in Boston, Mass., on Monday.")
    assert any(name == "Washington" for _, name, _ in places(coder, "Protesters marched in Seattle, Wash, on Monday."))


def test_dotted_abbreviations_are_read_from_the_data_file():
    dotted = dotted_abbreviations()
    assert {"mass", "wash", "ill"} <= dotted


def test_a_region_named_as_the_container_outweighs_a_namesake_abroad(coder):
    # "Bala area in Eastern Ghouta": Bala has a namesake in Palestine; the region it is in is Syria's
    (e,) = coder.code(Article(text="Government troops stormed Bala area in Eastern Ghouta on Friday",
                              published=dt.date(2017, 12, 1))).events
    assert e.country == "Syria" and e.location == "Eastern Ghouta"
