"""DATES stage: resolving date expressions against a fixed reference, and inferring one."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontlines.nlp.dates import (
    DateTagger,
    event_date_for,
    find_dates,
    infer_reference_date,
    weekday_on_or_before,
)
from frontlines.records import DateMention, ReferenceDate, SentenceInfo

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "asharq-2014-01-aleppo.txt"

# Thursday 21 April 2022: the report day every relative phrase below resolves against.
REF_DAY = date(2022, 4, 21)
REF = ReferenceDate(REF_DAY, inferred=False, how="test")


def only(text: str, ref: date = REF_DAY) -> tuple[date, int]:
    found = find_dates(text, ref)
    assert len(found) == 1, [(f.value, text[f.start:f.end]) for f in found]
    return found[0].value, found[0].precision


def tag(text: str, ref: ReferenceDate = REF, offset: int = 0) -> SentenceInfo:
    sentence = SentenceInfo(index=0, start=offset, end=offset + len(text), text=text)
    DateTagger().tag(sentence, None, ref)
    return sentence


# ---------------------------------------------------------------- explicit days


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On 23 May 2021, soldiers raided the village.", (date(2021, 5, 23), 1)),
        ("On 23 February 2022, a mob attacked a man.", (date(2022, 2, 23), 1)),
        ("The photo was taken on January 8, 2014.", (date(2014, 1, 8), 1)),
        ("The report dated 2014-01-08 said so.", (date(2014, 1, 8), 1)),
        ("The attack came on Jan. 8 near the border.", (date(2022, 1, 8), 1)),
        ("It happened on the 8th of January 2020.", (date(2020, 1, 8), 1)),
        ("On Wednesday, January 8, 2014, rebels advanced.", (date(2014, 1, 8), 1)),
    ],
)
def test_explicit_days(text: str, expected: tuple[date, int]) -> None:
    assert only(text) == expected


def test_around_a_day_is_precision_2() -> None:
    assert only("Around 18 April 2022, rioters beat a man.") == (date(2022, 4, 18), 2)
    assert only("On or around 3 April 2022, shelling hit the town.") == (date(2022, 4, 3), 2)


def test_acled_qualifiers_week_of_and_month_of() -> None:
    assert only("Around 13 April 2022 (week of), forces clashed.") == (date(2022, 4, 13), 2)
    assert only("Around 15 March 2022 (month of), a man was arrested.") == (date(2022, 3, 15), 3)
    assert only("Around 6 April 2022 (as reported), gunmen attacked.") == (date(2022, 4, 6), 2)


def test_year_taken_from_reference_and_rolled_back_from_the_future() -> None:
    assert only("On 8 January, gunmen attacked.") == (date(2022, 1, 8), 1)
    # 8 December 2022 would be after the report of 21 April 2022: it was last December.
    assert only("On 8 December, gunmen attacked.") == (date(2021, 12, 8), 1)
    assert only("On 21 April, gunmen attacked.") == (date(2022, 4, 21), 1)


def test_a_range_of_days_codes_the_first_day() -> None:
    assert only("Between 1 and 7 March 2022, troops shelled the area.") == (date(2022, 3, 1), 2)
    assert only("From 28 March to 2 April 2022, curfews held.") == (date(2022, 3, 28), 2)
    assert only("Raids went on 10-12 April.") == (date(2022, 4, 10), 2)


# ---------------------------------------------------------------- weekdays and relative days


def test_weekday_is_the_latest_on_or_before_the_reference() -> None:
    assert only("Militants attacked on Monday.") == (date(2022, 4, 18), 1)
    assert only("Militants attacked on Friday.") == (date(2022, 4, 15), 1)
    # the reference is itself a Thursday: "on Thursday" is the report day
    assert only("Fighting continued on Thursday.") == (date(2022, 4, 21), 1)
    assert only("Fighting began last Thursday.") == (date(2022, 4, 14), 1)
    assert only("Shelling resumed on Monday night.") == (date(2022, 4, 18), 1)


def test_weekday_helper() -> None:
    assert weekday_on_or_before(0, date(2022, 4, 21)) == date(2022, 4, 18)
    assert weekday_on_or_before(3, date(2022, 4, 21)) == date(2022, 4, 21)
    assert weekday_on_or_before(3, date(2022, 4, 21), strictly_before=True) == date(2022, 4, 14)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police said yesterday that two were held.", (date(2022, 4, 20), 1)),
        ("A bomb went off last night in the market.", (date(2022, 4, 20), 1)),
        ("Protesters gathered today outside the court.", (date(2022, 4, 21), 1)),
        ("Two days ago the convoy was ambushed.", (date(2022, 4, 19), 1)),
        # last week = Mon 11 - Sun 17 April; ACLED codes vague weeks mid-week
        ("Clashes erupted last week in the north.", (date(2022, 4, 13), 2)),
        ("Earlier this week, gunmen raided a school.", (date(2022, 4, 19), 2)),
        ("Bombings intensified over the past two days.", (date(2022, 4, 20), 2)),
    ],
)
def test_relative_phrases(text: str, expected: tuple[date, int]) -> None:
    assert only(text) == expected


# ---------------------------------------------------------------- months


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dozens were detained in March.", (date(2022, 3, 15), 3)),
        ("Dozens were detained in early March.", (date(2022, 3, 5), 3)),
        ("Dozens were detained in late March 2021.", (date(2021, 3, 25), 3)),
        ("On an unknown date in March 2022, a man was abducted.", (date(2022, 3, 15), 3)),
        # month after the reference month: last year's
        ("Dozens were detained in June.", (date(2021, 6, 15), 3)),
    ],
)
def test_month_only_is_precision_3(text: str, expected: tuple[date, int]) -> None:
    assert only(text) == expected


def test_month_in_progress_is_not_after_the_reference() -> None:
    assert only("Raids have continued in April.", date(2022, 4, 10)) == (date(2022, 4, 10), 3)


def test_modal_may_is_not_a_date() -> None:
    assert find_dates("The militants may attack again; they may retreat.", REF_DAY) == []


# ---------------------------------------------------------------- tagger and event dates


def test_tagger_fills_sentence_dates_with_absolute_offsets() -> None:
    text = "On 23 February 2022, a mob killed a man."
    sentence = tag(text, offset=100)
    assert len(sentence.dates) == 1
    mention = sentence.dates[0]
    assert (mention.start, mention.end, mention.text) == (103, 119, "23 February 2022")
    assert mention.value == date(2022, 2, 23) and mention.time_precision == 1


def test_tagger_with_spacy_span_uses_date_entities() -> None:
    from frontlines.nlp.model import shared_nlp

    nlp = shared_nlp()
    text = "On 23 February 2022, fighting continued on Thursday in the north."
    doc = nlp(text)
    span = doc[:]
    sentence = SentenceInfo(0, 0, len(text), text)
    mentions = DateTagger().tag(sentence, span, REF)
    assert [m.value for m in mentions] == [date(2022, 2, 23), date(2022, 4, 21)]


def test_event_date_uses_own_then_preceding_then_reference() -> None:
    text = "On 5 April 2022, militants attacked a post. Three soldiers died.\n\nTalks went on."
    first = tag(text[:43])
    second = SentenceInfo(1, 44, 64, text[44:64])
    third = SentenceInfo(2, 66, len(text), text[66:])
    assert event_date_for(first, REF, first.dates, text) == (date(2022, 4, 5), 1)
    # the same paragraph continues the dated sentence
    assert event_date_for(second, REF, first.dates, text) == (date(2022, 4, 5), 1)
    # a new paragraph without a date: the report day
    assert event_date_for(third, REF, first.dates, text) == (REF_DAY, 1)


def test_event_date_keeps_precision() -> None:
    mention = DateMention(0, 10, "in March", date(2022, 3, 15), 3)
    sentence = SentenceInfo(0, 0, 40, "x" * 40, dates=[mention])
    assert event_date_for(sentence, REF, [mention]) == (date(2022, 3, 15), 3)


# ---------------------------------------------------------------- reference date


def test_publication_date_is_the_reference() -> None:
    ref = infer_reference_date("On 1 January 2020, x.", date(2022, 4, 21))
    assert ref == ReferenceDate(date(2022, 4, 21), inferred=False, how="publication date")


def test_reference_from_explicit_date_and_later_weekday() -> None:
    text = (
        "Fighters seized the base on January 8, 2014.\n\n"
        "The Observatory reported on Wednesday that the rebels won. "
        "Fighting continued on Thursday."
    )
    ref = infer_reference_date(text, None)
    assert ref.inferred and ref.value == date(2014, 1, 9)
    assert "Thursday" in ref.how


def test_reference_ignores_planned_dates() -> None:
    text = "On 3 May 2021 troops advanced. Talks are scheduled for 20 June 2021."
    assert infer_reference_date(text, None).value == date(2021, 5, 3)


def test_reference_without_any_date_falls_back_to_injected_today() -> None:
    ref = infer_reference_date("Gunmen attacked a village.", None, today=date(2020, 2, 2))
    assert ref == ReferenceDate(date(2020, 2, 2), inferred=True, how="no date in text; fell back to today")


def test_reference_month_only() -> None:
    ref = infer_reference_date("On an unknown date in March 2022, a man was abducted.", None)
    assert ref.value == date(2022, 3, 31) and ref.inferred


def test_seed_article_reference_date() -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent")
    ref = infer_reference_date(SEED.read_text(encoding="utf-8"), None, today=date(2030, 1, 1))
    assert date(2014, 1, 9) <= ref.value <= date(2014, 1, 10)
    assert ref.inferred and ref.how


def test_reference_from_a_dateline_at_the_top() -> None:
    text = (
        "Air strikes kill 11 in Idlib\n\nAFP Wednesday 13 Jul 2016 Air strikes killed 11 people on "
        "Tuesday, a monitor said. The war began in March 2011. Talks resume on 30 September 2016."
    )
    ref = infer_reference_date(text, None)
    assert ref.value == date(2016, 7, 13) and "dateline" in ref.how


def test_reference_from_a_published_line() -> None:
    ref = infer_reference_date("Published June 4 2016 A Russian airstrike killed eight civilians.", None)
    assert ref.value == date(2016, 6, 4)


def test_war_start_month_is_not_a_reference() -> None:
    ref = infer_reference_date("The war that began in March 2011 goes on.", None, today=date(2020, 5, 5))
    assert ref.value == date(2020, 5, 5)


def test_dateparser_fallback_resolves_spacy_date_entities_our_patterns_miss() -> None:
    from frontlines.nlp.model import shared_nlp

    text = "The raid came on January the 8th in the north."
    doc = shared_nlp()(text)
    if not any(e.label_ == "DATE" for e in doc.ents):
        pytest.skip("this model version tags no DATE entity here")
    sentence = SentenceInfo(0, 0, len(text), text)
    mentions = DateTagger().tag(sentence, doc[:], ReferenceDate(date(2014, 1, 9), False))
    assert [(m.text, m.value, m.time_precision) for m in mentions] == [("January the 8th", date(2014, 1, 8), 1)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels attacked on the morning of January 8.", (date(2022, 1, 8), 1)),
        ("Fighting has raged since mid-December.", (date(2021, 12, 15), 3)),
        ("The attack took place on Tuesday last week.", (date(2022, 4, 12), 1)),
        ("Talks ended 8 Jan. last year.", (date(2021, 1, 8), 1)),
        ("It happened on the eighth of January.", (date(2022, 1, 8), 1)),
    ],
)
def test_more_day_forms(text: str, expected: tuple[date, int]) -> None:
    assert only(text) == expected


# ---------------------------------------------------------------- relative dates (issue 3 table)

# REF_DAY is Thursday 21 April 2022.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gunmen attacked the village yesterday.", (date(2022, 4, 20), 1)),
        ("Shelling hit the town last night.", (date(2022, 4, 20), 1)),
        ("Militants attacked a checkpoint overnight.", (date(2022, 4, 20), 1)),
        ("Police dispersed the crowd this morning.", (date(2022, 4, 21), 1)),
        ("Rebels attacked on Monday.", (date(2022, 4, 18), 1)),
        ("Rebels attacked on Thursday.", (date(2022, 4, 21), 1)),  # the report day itself
        ("Rebels attacked last Thursday.", (date(2022, 4, 14), 1)),
        ("Troops withdrew three days ago.", (date(2022, 4, 18), 1)),
        ("The raid took place on the 12th.", (date(2022, 4, 12), 1)),
        ("The raid took place on the 25th.", (date(2022, 3, 25), 1)),  # the 25th is still to come: March
        ("Between 1 and 3 April 2022, rebels shelled the town.", (date(2022, 4, 1), 2)),  # the first day
        ("Fighting erupted earlier this month.", (date(2022, 4, 11), 3)),
        ("Talks collapsed last month.", (date(2022, 3, 15), 3)),
    ],
)
def test_relative_dates(text: str, expected: tuple[date, int]) -> None:
    assert only(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a time of day next to the stated day qualifies it: not "the night before the report"
        ("On 17 April 2022, overnight, militants attacked a checkpoint.", (date(2022, 4, 17), 1)),
        ("On 2 April 2022, two men set fire overnight to a shop.", (date(2022, 4, 2), 1)),
        # a month opening a duration dates the background when the day is stated
        ("On 7 March 2022, residents protested the lack of water since January.", (date(2022, 3, 7), 1)),
    ],
)
def test_qualifiers_of_a_stated_day_are_not_dates(text: str, expected: tuple[date, int]) -> None:
    assert only(text) == expected


def test_event_date_is_the_stated_day_not_the_duration_start() -> None:
    sentence = tag("On 7 March 2022, residents protested the lack of water since January.")
    assert event_date_for(sentence, REF) == (date(2022, 3, 7), 1)
