"""Headline-style reports (UCDP/news wire titles) name the violence and the place but no actor.
Invented headlines about real Syrian places."""
import pytest


def code(coder, text):
    from frontlines import api

    return api.code_text(text, coder=coder, published="2017-03-01").events


@pytest.mark.parametrize("text, location", [
    ("Renewed clashes in Daraa", "Daraa"),
    ("Heavy fighting in the northern countryside of Homs", "Homs"),
])
def test_actorless_headline_with_a_place_is_an_event(coder, text, location):
    events = code(coder, text)
    assert [e.event_type for e in events] == ["Battles"]
    assert events[0].location == location
    assert events[0].actor1 and events[0].actor1.startswith("Unidentified Armed Group")


def test_actorless_headline_without_a_place_is_no_event(coder):
    assert code(coder, "Renewed clashes continue") == []


def test_actorless_clashes_in_a_long_text_stay_background(coder):
    text = ("The ministry published its annual budget on Monday. " * 6
            + "Clashes in Daraa were mentioned in the report.")
    assert [e for e in code(coder, text) if e.location == "Daraa"] == []


@pytest.mark.parametrize("name, admin1", [
    ("Ariha", "Idleb"),  # not Jericho (Ariha in Arabic) when the text is about Syria
    ("Qaboun", "Damascus"),
    ("Al-Marj", "Rural Damascus"),  # not Al Marj in Libya
    ("Barada", "Rural Damascus"),
])
def test_syrian_places_in_syrian_context(gazetteer, name, admin1):
    place = gazetteer.resolve(name, country="Syria")
    assert place is not None and place.country == "Syria" and place.admin1 == admin1


def test_actorless_capture_in_a_short_note_is_no_headline_event(coder):
    text = "A farmer hit a landmine near Agdam while working land that was captured during the 2020 war."
    assert "Non-state actor overtakes territory" not in [e.sub_event_type for e in code(coder, text)]
