"""Incident-log lines ("August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria"): the
packaged log file loads and is checked, lines are found only where a log writes them, and
the coder turns each into the event its log records. Lines written for the project in the
shape of Airwars' public incident titles."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from frontlines.knowledge.incident_logs import IncidentLogError, find_log_lines, load_incident_logs
from frontlines.knowledge.taxonomy import load_taxonomy
from frontlines.records import Article


@pytest.fixture(scope="module")
def logs():
    return load_incident_logs(taxonomy=load_taxonomy())


def test_packaged_logs_load_with_known_types_and_coded_headers(logs):
    taxonomy = load_taxonomy()
    assert logs, "the packaged file lists at least one log"
    for log in logs:
        assert log.type in taxonomy.sub_event_types
        assert "code" in log.pattern.groupindex
        assert 0 < log.strength <= 1


@pytest.mark.parametrize("body, message", [
    ("logs: [{id: a, source: A, header: 'x(?P<code>\\d+)', type: Nonsense}]", "unknown sub_event_type"),
    ("logs: [{id: a, source: A, header: 'x(\\d+)', type: Air/drone strike}]", "group named 'code'"),
    ("logs: [{id: a, source: A, header: 'x(?P<code>', type: Air/drone strike}]", "no regular expression"),
    ("logs: [{id: a, source: A, header: 'x(?P<code>\\d+)', type: Air/drone strike, strength: 2}]", "strength"),
    ("logs: [{id: a, source: A, header: 'x(?P<code>\\d+)', type: Air/drone strike, actors: [S]}]", "actors"),
    ("logs: {id: a}", "must be a list"),
])
def test_a_broken_log_file_names_the_fault(tmp_path: Path, body, message):
    f = tmp_path / "logs.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(IncidentLogError, match=message):
        load_incident_logs(f, taxonomy=load_taxonomy())


@pytest.mark.parametrize("text, codes", [
    ("August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria", ["S311b"]),
    ("November 4th 2016 (S977): Al Bahra village, Deir Ezzor governorate, Syria", ["S977"]),
    ("Around June 9th : (S688b) Al Rumaila neighbourhood, Manbij, Aleppo governorate, Syria", ["S688b"]),
    ("May 5th 2016: جرابلس (S402) Jarablus, Aleppo governorate, Syria", ["S402"]),
    (("Warplanes strike a farm in Idlib countryside;May 5th 2016: (S402) Jarablus, Aleppo governorate, "
      "Syria;May 6th 2016: (R118) Saraqib, Idlib governorate, Syria"), ["S402", "R118"]),
    # a code in running text, or a line of another shape, is no log line
    ("The meeting took place on July 4th (S10) in Paris.", []),
    ("Weekly Syria Report 03/11/2015", []),
    ("R4410", []),
])
def test_log_lines_are_found_at_line_starts_only(logs, text, codes):
    assert [line.code for line in find_log_lines(text, logs)] == codes


def test_a_line_ends_at_the_next_digest_item(logs):
    text = "May 5th 2016: (S402) Jarablus, Syria;Shelling hit Daraa"
    (line,) = find_log_lines(text, logs)
    assert text[line.start:line.end] == "May 5th 2016: (S402) Jarablus, Syria"


def code(coder, text: str, published: dt.date = dt.date(2017, 8, 1)):
    return coder.code(Article(text=text, published=published)).events


def test_a_log_line_is_the_strike_its_log_records(coder):
    (e,) = code(coder, "August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria")
    assert e.sub_event_type == "Air/drone strike"
    assert e.event_date == "2016-08-02"
    assert e.location == "Manbij" and e.admin1 == "Aleppo" and e.geo_precision == 1
    assert e.actor1 == "Global Coalition Against Daesh"
    assert e.actor2 == "Civilians (Syria)"
    assert e.evidence[0].text == "August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria"


def test_the_code_letters_say_whose_strike(coder):
    (e,) = code(coder, "February 3rd 2016: (R120) Tadef, Aleppo governorate, Syria")
    assert e.actor1.startswith("Military Forces of Russia")


def test_the_finest_place_after_the_code_places_the_line(coder):
    (e,) = code(coder, "September 14th 2016: (S455) The bakery west of Manbij, Aleppo governorate, Syria")
    assert e.location == "Manbij"


def test_a_digest_keeps_its_own_event_beside_the_line(coder):
    events = code(coder, "Shells hit Daraa city and kill 3 people;May 5th 2016: (S402) Maadan, Raqqa governorate, Syria")
    kinds = {(e.sub_event_type, e.admin1) for e in events}
    # each item keeps its own place: the line's town does not place the shelling
    assert kinds == {("Air/drone strike", "Raqqa"), ("Shelling/artillery/missile attack", "Dar'a")}


def test_no_logs_means_no_log_events(coder):
    from frontlines.nlp.pipeline import Coder

    bare = Coder(coder.nlp, coder.gazetteer, coder.actors, coder.taxonomy, coder.lexicon, logs=())
    events = bare.code(Article(text="August 2nd 2016: (S311b) Manbij, Aleppo governorate, Syria",
                               published=dt.date(2017, 8, 1))).events
    assert events == []
