"""Protests vs Riots (ACLED codebook on demonstrations): a crowd's own violence or destruction
makes a violent demonstration, a clash between demonstrators and police is no armed clash.
Sentences written for the project."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.nlp.pipeline import Coder
from tests.test_events_support import code_events, stub_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return stub_coder()


def coded(coder: Coder, text: str) -> list[tuple[str, str | None]]:
    return [(e.sub_event_type, e.actor2) for e in code_events(coder, text, date(2022, 3, 9))]


@pytest.mark.parametrize("text", [
    # a verb coordinated with "demonstrated" is the crowd's second act, not the protest's topic
    "Youths demonstrated and burned two trucks of a mining company in Homs.",
    # a clash between demonstrators and police (ACLED: violent demonstration, not armed clash)
    "A clash ensued between the demonstrating farmers and the police in Homs.",
    # tires on the road: road-blocking with burning tires or slashed tires
    "Truck drivers blocked a highway with tires in Homs to protest fuel prices.",
])
def test_crowd_violence_is_a_violent_demonstration(coder, text):
    assert [s for s, _ in coded(coder, text)] == ["Violent demonstration"]


@pytest.mark.parametrize("text", [
    "Teachers demonstrated and demanded higher salaries in Homs.",
    "Residents protested in Homs against the burning of a mosque.",
])
def test_peaceful_crowds_stay_peaceful(coder, text):
    assert [s for s, _ in coded(coder, text)] == ["Peaceful protest"]


def test_students_occupying_a_school_stage_a_protest(coder):
    # a sit-in occupation by unarmed people takes no territory (ACLED: Peaceful protest)
    for text in ("Protesters occupied the town hall in Homs.",
                 "Hundreds of students occupied two high schools in Homs to demand better heating."):
        assert [s for s, _ in coded(coder, text)] == ["Peaceful protest"]


@pytest.mark.parametrize("text,sub", [
    # burning a flag is a symbolic act (ACLED: peaceful protest), alone or in a protest
    ("A group of people set party flags on fire in Homs.", "Peaceful protest"),
    ("Hundreds of people protested in Homs against the governor and set party flags on fire.", "Peaceful protest"),
    # ... while burning cars is the crowd's violence
    ("Hundreds of people protested in Homs against the governor and set cars on fire.", "Violent demonstration"),
])
def test_symbolic_burning_is_no_riot(coder, text, sub):
    assert [s for s, _ in coded(coder, text)] == [sub]


@pytest.mark.parametrize("text,subs", [
    # what the protesting crowd suffered or claims is its grievance, not an event of the day
    ("On 5 May 2022, families who say their sons have been kidnapped by the militia staged a protest march in Homs.",
     ["Peaceful protest"]),
    ("On 5 May 2022, relatives whose sons were killed by the army marched in Homs.", ["Peaceful protest"]),
    # the crowd's own acts stay its violence
    ("On 5 May 2022, protesters who threw stones at police marched in Homs.", ["Violent demonstration"]),
])
def test_grievance_of_the_crowd_is_no_event(coder, text, subs):
    assert [s for s, _ in coded(coder, text)] == subs
