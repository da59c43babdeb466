"""DATES stage: the document's reference date, date mentions per sentence, event dates.

Conventions (ACLED ``time_precision``: 1 = the day, 2 = a range of days / "around" / a week,
3 = a month):

* Explicit day ("On 23 May 2022", "January 8, 2014", "2014-01-08") -> that day, precision 1;
  "Around / On or around / about <day>" -> that day, precision 2.
* A day without a year ("on 8 January") takes the reference's year, rolled back one year
  when that would put it after the reference (news reports the past).
* A weekday ("on Thursday", "Monday night") -> the latest such weekday on or before the
  reference (the reference day itself when it is that weekday); "last Thursday" -> strictly
  before the reference; "Tuesday last week" -> the Tuesday of the previous Monday-Sunday week.
* Relative days: "yesterday" / "last night" / "overnight" -> reference - 1; "today" /
  "tonight" / "this morning" -> the reference; "N days ago" -> reference - N (precision 1).
* Explicit ranges of days ("Between 1 and 7 March 2022", "1-2 February", "over the past two
  days") -> the FIRST day of the range, precision 2 (3 when longer than a week). ACLED's own
  notes code "Around 1 February 2022 (between 1 - 2 February)" to the first day.
* Vague weeks ("last week", "earlier this week", "(week of)") -> the middle of that week,
  precision 2, as ACLED's "(week of)" rows sit mid-week.
* Month only ("in March", "on an unknown date in March 2022", "(month of)") -> the 15th,
  precision 3; "early/late March" -> the 5th / 25th, precision 3; never after the reference.

Everything is computed from the injected reference date: no clock reads except the
documented fallback in :func:`infer_reference_date` (and there ``today`` can be injected).
dateparser is used only on short spaCy DATE spans our own patterns did not resolve.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Sequence

from frontlines.records import DateMention, ReferenceDate, SentenceInfo

# ---------------------------------------------------------------- vocabulary

MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name[:3].lower(): i for i, name in enumerate(calendar.month_name) if name},
    "sept": 9,
}

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

# Month names must be capitalised: lower-case "may" / "march" are verbs far more often.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_APPROX = r"(?:[Oo]n\s+or\s+(?:around|about)|[Aa]round|[Aa]bout|[Cc]irca|[Aa]pproximately|[Oo]n\s+or\s+before)"
_PART = r"(?:night|morning|evening|afternoon|noon)"

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
}
_SMALL_NUMBER = r"(?:\d{1,2}|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"

# ---------------------------------------------------------------- patterns (ordered: first wins)

# "Between 1 and 7 March 2022", "from 28 June to 4 July", "1-2 February 2022"
RE_RANGE_DMY = re.compile(
    rf"(?:\b[Bb]etween\s+|\b[Ff]rom\s+)?\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?"
    rf"\s*(?:and|to|-|–|until)\s*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"
)
# "23 February 2022", "Around 18 April 2022", "Wednesday, 8 January", "8th of January"
RE_DMY = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?:(?:{_WEEKDAY}),?\s+(?:the\s+)?)?"
    rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])"
)
# "January 8, 2014", "Jan. 8", "Wednesday, January 8"
RE_MDY = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?:(?:{_WEEKDAY}),?\s+)?"
    rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?!\d)(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])"
)
RE_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
# "in March", "in early March 2022", "on an unknown date in March 2022", "(month of)" is handled apart
RE_MONTH = re.compile(
    rf"(?:\b(?:[Oo]n\s+)?an?\s+unknown\s+date\s+in\s+"
    rf"|\b(?:[Ii]n|[Dd]uring|[Tt]hroughout|[Ss]ince|[Oo]f|[Ff]rom|[Uu]ntil|[Tt]ill|[Bb]y)\s+(?:the\s+)?"
    rf"|(?=\b(?:[Ee]arly|[Mm]id|[Ll]ate)[\s-]+{_MONTH}))"  # "mid-December" needs no preposition
    rf"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate|the\s+(?:beginning|start|middle|end)\s+of)[\s-]+)?"
    rf"(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])"
    rf"|\b(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})\b"
)
_ORDINALS = {
    name: i + 1 for i, name in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())
}
_ORDINALS.update({f"twenty-{k}": 20 + v for k, v in list(_ORDINALS.items())[:9]})
_ORDINALS.update({"thirtieth": 30, "thirty-first": 31})
# "the eighth of January (2014)"
RE_ORDINAL_DAY = re.compile(
    rf"\b(?:the\s+)?(?P<d>{'|'.join(sorted(_ORDINALS, key=len, reverse=True))})\s+of\s+(?P<m>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])",
    re.I,
)
RE_LAST_YEAR = re.compile(r"^\s+(?P<w>last|this)\s+year\b", re.I)
RE_WEEKDAY = re.compile(
    rf"(?:\b(?P<mod>[Ll]ast|[Pp]ast|[Tt]his|[Ee]arly|[Ll]ate|[Oo]n|[Ss]ince)\s+)?"
    rf"\b(?P<w>{_WEEKDAY})(?:\s+(?P<part>{_PART}))?(?:\s+(?P<week>last|this)\s+week)?\b"
)
RE_PAST_DAYS = re.compile(
    rf"\b(?:(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or)\s+)?the\s+(?:past|last|previous)\s+(?P<n>{_SMALL_NUMBER})\s+days\b",
    re.I,
)
RE_AGO = re.compile(rf"\b(?P<n>{_SMALL_NUMBER})\s+(?P<unit>days?|weeks?|months?)\s+ago\b", re.I)
RE_RELATIVE = re.compile(
    r"\b(?P<p>the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?"
    r"|last\s+night|overnight|earlier\s+today|today|tonight|this\s+(?:morning|afternoon|evening)"
    r"|earlier\s+this\s+week|this\s+week|(?:over\s+|in\s+|during\s+)?the\s+(?:past|last)\s+week"
    r"|last\s+week|(?:over\s+|during\s+)?(?:the|this|last)\s+weekend"
    r"|earlier\s+this\s+month|this\s+month|last\s+month)\b",
    re.I,
)
# ACLED notes' own qualifiers right after a date: "(week of)", "(month of)", "(as reported)"
RE_QUALIFIER = re.compile(r"^\s*,?\s*\((?P<q>week of|month of|as reported|between[^)]*|from[^)]*)\)", re.I)

# Words before a date that make it a plan, not a report: keep those out of the reference.
RE_FUTURE_CUE = re.compile(
    r"\b(?:will|would|scheduled|planned|plans?|due|expected|set\s+(?:for|to)|until|till|by|next"
    r"|deadline|ahead\s+of|upcoming|before)\b[^.;]{0,25}$",
    re.I,
)
# A bare year supplies the year of yearless dates ("Jan. 8") when inferring the reference.
RE_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")

MONTH_PART_DAY = {"early": 5, "beginning": 5, "start": 5, "mid": 15, "middle": 15, "late": 25, "end": 25}


# ---------------------------------------------------------------- small date helpers


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _month_number(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: int | None, reference: date) -> date | None:
    """A day with the given year; without one, the reference's year, rolled back a year
    when that would land after the reference (reports describe the past)."""
    if year is not None:
        return _safe_date(year, month, day)
    value = _safe_date(reference.year, month, day)
    if value is not None and value > reference:
        value = _safe_date(reference.year - 1, month, day)
    return value


def weekday_on_or_before(weekday: int, reference: date, strictly_before: bool = False) -> date:
    back = (reference.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return reference - timedelta(days=back)


def _week_middle(monday: date) -> date:
    return monday + timedelta(days=2)  # Wednesday: ACLED's "(week of)" rows sit mid-week


def _middle(start: date, end: date) -> date:
    return start + timedelta(days=(end - start).days // 2)


def _small_number(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _WORD_NUMBERS[text]


def _range_precision(start: date, end: date) -> int:
    return 2 if (end - start).days <= 7 else 3


# ---------------------------------------------------------------- resolving matches


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    value: date
    precision: int
    kind: str  # explicit | weekday | relative | month | range | parsed


def _qualified(text: str, end: int, value: date, precision: int) -> tuple[int, date, int]:
    """Apply an ACLED note qualifier right after a date: "(week of)" -> 2, "(month of)" -> 3."""
    q = RE_QUALIFIER.match(text[end:])
    if not q:
        return end, value, precision
    word = q.group("q").lower()
    if word == "month of":
        return end + q.end(), value, 3
    return end + q.end(), value, max(precision, 2) if word != "as reported" else precision


def _explicit(text: str, reference: date) -> Iterable[_Found]:
    for m in RE_RANGE_DMY.finditer(text):
        year = int(m["y"]) if m["y"] else None
        month2 = _month_number(m["m2"])
        month1 = _month_number(m["m1"]) if m["m1"] else month2
        end = _with_year(month2, _day_number(m["d2"]), year, reference)
        if end is None:
            continue
        start = _safe_date(end.year - (1 if month1 > month2 else 0), month1, _day_number(m["d1"]))
        if start is None or start > end:
            continue
        yield _Found(m.start(), m.end(), start, _range_precision(start, end), "range")
    for regex in (RE_DMY, RE_MDY, RE_ORDINAL_DAY):
        for m in regex.finditer(text):
            day = _ORDINALS[m["d"].lower()] if regex is RE_ORDINAL_DAY else _day_number(m["d"])
            year = int(m["y"]) if m["y"] else None
            end = m.end()
            last_year = RE_LAST_YEAR.match(text[end:]) if year is None else None
            if last_year:  # "8 Jan. last year"
                year = reference.year - (1 if last_year["w"].lower() == "last" else 0)
                end += last_year.end()
            value = _with_year(_month_number(m["m"]), day, year, reference)
            if value is None:
                continue
            precision = 2 if m.groupdict().get("approx") else 1
            end, value, precision = _qualified(text, end, value, precision)
            yield _Found(m.start(), end, value, precision, "explicit")
    for m in RE_ISO.finditer(text):
        value = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if value is not None:
            yield _Found(m.start(), m.end(), value, 1, "explicit")


def _months(text: str, reference: date) -> Iterable[_Found]:
    for m in RE_MONTH.finditer(text):
        month_text = m["m"] or m["m2"]
        year_text = m["y"] or m["y2"]
        month = _month_number(month_text)
        part = m["part"].split()[-1].lower() if m["part"] else ""
        day = MONTH_PART_DAY.get(part, 15)
        year = int(year_text) if year_text else None
        first = _with_year(month, 1, year, reference)
        if first is None:
            continue
        value = first.replace(day=day)
        if value > reference >= first:
            value = reference  # "in March" read in mid-March: not after the report
        yield _Found(m.start(), m.end(), value, 3, "month")


def _weekdays(text: str, reference: date) -> Iterable[_Found]:
    for m in RE_WEEKDAY.finditer(text):
        mod = (m["mod"] or "").lower()
        if mod == "since":
            continue
        weekday = WEEKDAYS[m["w"].lower()]
        value = weekday_on_or_before(weekday, reference, strictly_before=(mod in ("last", "past")))
        if m["week"] and m["week"].lower() == "last":
            # "on Tuesday last week": that weekday in the Monday-Sunday week before the reference's
            value = reference - timedelta(days=reference.weekday() + 7 - weekday)
        start = m.start() if mod in ("last", "past", "this", "early", "late") else m.start("w")
        yield _Found(start, m.end(), value, 1, "weekday")


def _relative(text: str, reference: date) -> Iterable[_Found]:
    for m in RE_PAST_DAYS.finditer(text):
        n = _small_number(m["n"])
        start = reference - timedelta(days=max(n - 1, 0))
        yield _Found(m.start(), m.end(), start, _range_precision(start, reference), "relative")
    for m in RE_AGO.finditer(text):
        n = _small_number(m["n"])
        unit = m["unit"].lower().rstrip("s")
        if unit == "day":
            yield _Found(m.start(), m.end(), reference - timedelta(days=n), 1, "relative")
        elif unit == "week":
            yield _Found(m.start(), m.end(), reference - timedelta(days=7 * n), 2, "relative")
        else:
            yield _Found(m.start(), m.end(), _months_back(reference, n), 3, "relative")
    for m in RE_RELATIVE.finditer(text):
        value, precision = _resolve_relative(" ".join(m["p"].lower().split()), reference)
        yield _Found(m.start(), m.end(), value, precision, "relative")


def _months_back(reference: date, n: int) -> date:
    month_index = reference.year * 12 + reference.month - 1 - n
    return date(month_index // 12, month_index % 12 + 1, 15)


def _resolve_relative(phrase: str, ref: date) -> tuple[date, int]:
    monday = ref - timedelta(days=ref.weekday())
    if phrase == "the day before yesterday":
        return ref - timedelta(days=2), 1
    if phrase.startswith("yesterday") or phrase in ("last night", "overnight"):
        return ref - timedelta(days=1), 1
    if phrase in ("today", "tonight", "earlier today") or phrase.startswith("this "):
        if phrase == "this week":
            return _middle(monday, ref), 2
        if phrase == "this month":
            return _middle(ref.replace(day=1), ref), 3
        if phrase == "this weekend":
            return weekday_on_or_before(5, ref), 2
        return ref, 1
    if phrase == "earlier this week":
        return _middle(monday, max(monday, ref - timedelta(days=1))), 2
    if phrase.endswith("weekend"):
        return weekday_on_or_before(5, ref), 2
    if phrase == "last week":
        return _week_middle(monday - timedelta(days=7)), 2
    if phrase.endswith("week"):  # the past week
        return ref - timedelta(days=3), 2
    if phrase == "earlier this month":
        return _middle(ref.replace(day=1), ref), 3
    if phrase == "last month":
        return _months_back(ref, 1), 3
    return ref, 1


KIND_RANK = {"range": 0, "explicit": 0, "relative": 1, "weekday": 1, "month": 2}


def _select(found: Iterable[_Found]) -> list[_Found]:
    """Non-overlapping matches: a day beats a month it overlaps ("the morning of January 8"),
    then longest first (a range beats the day inside it)."""
    chosen: list[_Found] = []
    for f in sorted(found, key=lambda f: (KIND_RANK[f.kind], -(f.end - f.start), f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def find_dates(text: str, reference: date) -> list[_Found]:
    """All date expressions our own patterns resolve, in text order."""
    found = _select([
        *_explicit(text, reference), *_months(text, reference),
        *_weekdays(text, reference), *_relative(text, reference), *_bare_ordinal_days(text, reference),
    ])
    return _drop_qualifiers_of_a_day(text, found)


# A time of day next to a stated day qualifies that day ("On 17 May 2022, overnight,
# militants attacked"), it is not "the night before the report".
RE_TIME_OF_DAY = re.compile(r"(?i)^(?:overnight|tonight|this\s+(?:morning|afternoon|evening))$")
# A month that opens or closes a duration ("lacking water since January") dates the
# background, not the event, when the sentence states the event's day.
RE_DURATION_MONTH = re.compile(r"(?i)^(?:since|until|till)\b")


def _drop_qualifiers_of_a_day(text: str, found: list[_Found]) -> list[_Found]:
    if not any(f.kind in ("explicit", "range") and f.precision <= 2 for f in found):
        return found
    return [f for f in found
            if not (f.kind == "relative" and RE_TIME_OF_DAY.match(" ".join(text[f.start:f.end].split())))
            and not (f.kind == "month" and RE_DURATION_MONTH.match(text[f.start:f.end]))]


# "on the 12th": a day of the reference's month (of the month before when that is still to come)
RE_BARE_ORDINAL_DAY = re.compile(
    rf"\b[Oo]n\s+the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{_MONTH})")


def _bare_ordinal_days(text: str, reference: date) -> Iterable[_Found]:
    for m in RE_BARE_ORDINAL_DAY.finditer(text):
        day = _day_number(m["d"])
        value = _safe_date(reference.year, reference.month, day)
        if value is None or value > reference:
            previous = reference.replace(day=1) - timedelta(days=1)
            value = _safe_date(previous.year, previous.month, day)
        if value is not None:
            yield _Found(m.start(), m.end(), value, 1, "relative")


# ---------------------------------------------------------------- reference date


def _explicit_dates_for_reference(text: str) -> list[tuple[int, date]]:
    """Day-level dates stated with a year (or with a year the text supplies)."""
    years = [int(y) for y in RE_YEAR_ONLY.findall(text)]
    found: list[tuple[int, date]] = []
    yearless: list[tuple[int, int, int]] = []
    for regex in (RE_DMY, RE_MDY):
        for m in regex.finditer(text):
            if RE_FUTURE_CUE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            month, day = _month_number(m["m"]), _day_number(m["d"])
            if m["y"]:
                value = _safe_date(int(m["y"]), month, day)
                if value:
                    found.append((m.start(), value))
            else:
                yearless.append((m.start(), month, day))
    for m in RE_ISO.finditer(text):
        value = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if value:
            found.append((m.start(), value))
    year = max(found, key=lambda f: f[1])[1].year if found else (max(years) if years else None)
    if year is not None:
        for start, month, day in yearless:
            value = _safe_date(year, month, day)
            if value:
                found.append((start, value))
    return found


RE_BACKGROUND_MONTH = re.compile(r"(?i)\b(?:began|begun|started|erupted|broke\s+out|outbreak|beginning|start)\b[^.]{0,25}$")


def _month_years(text: str) -> list[date]:
    out = []
    for m in RE_MONTH.finditer(text):
        year_text = m["y"] or m["y2"]
        if re.match(r"(?i)since|of\b", m.group()) or RE_BACKGROUND_MONTH.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # "since March 2011", "the war that began in March 2011" date a war, not the report
        if year_text:
            month = _month_number(m["m"] or m["m2"])
            year = int(year_text)
            out.append(date(year, month, calendar.monthrange(year, month)[1]))
    return out


def _nearest_weekday(weekday: int, anchor: date) -> date:
    """The occurrence of ``weekday`` nearest ``anchor`` (within -3..+3 days)."""
    delta = (weekday - anchor.weekday()) % 7
    return anchor + timedelta(days=delta if delta <= 3 else delta - 7)


def infer_reference_date(
    text: str, published: date | None, doc: Any = None, today: date | None = None
) -> ReferenceDate:
    """The date relative expressions resolve against: the publication date when given.

    Otherwise the text settles it. A dateline near the top ("AFP Wednesday 13 Jul 2016",
    "Published June 4 2016", a full date that no sentence governs) is the outlet's own
    dating and wins. Else the latest explicit day-level date (plans such as
    "scheduled for 5 May" are ignored), moved forward to the latest weekday mentioned around
    it — each weekday is placed nearest that explicit date, because news reports weekdays of
    the week they are written in ("reported on Wednesday" next to a caption's "January 8,
    2014", a Wednesday; "on Thursday" is then 9 January, so the article is from the 9th).
    Only month-level dates ("in March 2022"): the end of the latest month (war-start
    months such as "since March 2011" ignored).
    ``doc`` is accepted for the stage contract; the regexes need only the text.
    Without any date: ``today`` (injectable; the clock is read only when it is None).
    """
    if published is not None:
        return ReferenceDate(published, inferred=False, how="publication date")
    dateline = _dateline(text)
    if dateline is not None:
        return ReferenceDate(dateline, inferred=True, how=f"dateline near the top of the text ({dateline.isoformat()})")
    explicit = _explicit_dates_for_reference(text)
    if explicit:
        latest = max(d for _, d in explicit)
        value, how = latest, f"latest explicit date in text ({latest.isoformat()})"
        weekday_dates = sorted({
            _nearest_weekday(WEEKDAYS[m["w"].lower()], latest)
            for m in RE_WEEKDAY.finditer(text)
            if (m["mod"] or "").lower() not in ("since", "next")
            and not _inside_explicit(m.start("w"), text)
        })
        if weekday_dates and weekday_dates[-1] > value:
            w = weekday_dates[-1]
            value = w
            how += f"; weekday mention places the latest event on {calendar.day_name[w.weekday()]} {w.isoformat()}"
        return ReferenceDate(value, inferred=True, how=how)
    months = _month_years(text)
    if months:
        latest_month = max(months)
        return ReferenceDate(latest_month, inferred=True,
                             how=f"only month-level dates; end of latest month ({latest_month.isoformat()})")
    return ReferenceDate(today or date.today(), inferred=True, how="no date in text; fell back to today")


DATELINE_WINDOW = 400  # characters: a title and a byline fit
# A date that a sentence governs ("on January 8, 2014", "since 3 May 2011") is not a dateline.
RE_GOVERNED = re.compile(
    r"(?i)\b(?:on|in|since|until|till|by|from|of|to|before|after|between|and|during|around|about|circa)\s*$"
)


RE_PUBLISHED = re.compile(r"(?i)\b(?:publication|published|posted|updated|dated|date)\W*(?:on\s*)?:?\s*$")


def _dateline(text: str) -> date | None:
    """A full date standing on its own near the top ("AFP Wednesday 13 Jul 2016 ...",
    "2 May 2017 At least 24 people ..."): the outlet's own dating of the report."""
    head = text[:DATELINE_WINDOW]
    for regex in (RE_DMY, RE_MDY, RE_ISO):
        for m in regex.finditer(head):
            if not m["y"] or m.groupdict().get("approx"):
                continue
            before = head[max(0, m.start() - 25) : m.start()]
            if RE_PUBLISHED.search(before):
                return _match_date(m)
            if RE_GOVERNED.search(before) or re.search(r"\b[a-z][\w'-]*[ \t,]*$", before):
                continue  # a sentence runs into it ("scheduled for 20 June 2021"): not a dateline
            value = _match_date(m)
            if value is not None:
                return value
    return None


def _match_date(m: re.Match[str]) -> date | None:
    month = int(m["m"]) if m["m"].isdigit() else _month_number(m["m"])
    return _safe_date(int(m["y"]), month, _day_number(m["d"]))


def _inside_explicit(offset: int, text: str) -> bool:
    """A weekday that is part of "Wednesday, January 8, 2014" adds nothing to that date."""
    after = text[offset : offset + 40]
    return bool(re.match(rf"{_WEEKDAY},?\s+(?:the\s+)?(?:{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_DAY})", after))


# ---------------------------------------------------------------- tagger


_DATEPARSER_HINT = re.compile(rf"{_MONTH}|{_WEEKDAY}|\bago\b|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}")


class DateTagger:
    """Finds and resolves the date mentions of one sentence.

    Our patterns first; then spaCy DATE entities they left alone, parsed by dateparser on
    that short span only (never a whole-text search: slow, and reads the verb "may" as May).
    """

    def __init__(self) -> None:
        # dateparser parsers keyed by reference day (RELATIVE_BASE is a parser setting)
        self._parsers: dict[date, Any] = {}

    def _date_parser(self, ref: date) -> Any:
        if ref not in self._parsers:
            from dateparser.date import DateDataParser

            settings = {
                "RELATIVE_BASE": datetime(ref.year, ref.month, ref.day),
                "PREFER_DATES_FROM": "past",
            }
            self._parsers = {ref: DateDataParser(languages=["en"], settings=settings)}
        return self._parsers[ref]

    def tag(self, sentence: SentenceInfo, span: Any, reference: ReferenceDate,
            entities: Sequence[Any] | None = None) -> list[DateMention]:
        """`entities`: the span's named entities when the caller has them (default: `span.ents`)."""
        ref = reference.value
        found = find_dates(sentence.text, ref)
        mentions = [self._mention(sentence, f.start, f.end, f.value, f.precision) for f in found]
        for ent in entities if entities is not None else getattr(span, "ents", ()):
            if ent.label_ != "DATE":
                continue
            local_start, local_end = ent.start_char - sentence.start, ent.end_char - sentence.start
            if any(not (local_end <= f.start or local_start >= f.end) for f in found):
                continue
            parsed = self._parse(ent.text, ref)
            if parsed is not None:
                mentions.append(self._mention(sentence, local_start, local_end, *parsed))
        mentions.sort(key=lambda m: m.start)
        sentence.dates = mentions
        return mentions

    def _parse(self, text: str, ref: date) -> tuple[date, int] | None:
        if not _DATEPARSER_HINT.search(text) or re.fullmatch(rf"\s*{_MONTH}\s*", text):
            return None  # a bare "May" is too often the verb
        try:
            data = self._date_parser(ref).get_date_data(text)
        except Exception:  # dateparser raises a wide range of errors on odd input: unparsed
            return None
        if data is None or data["date_obj"] is None:
            return None
        precision = {"day": 1, "week": 2, "month": 3}.get(data["period"] or "day")
        if precision is None:
            return None
        value = data["date_obj"].date()
        if precision == 3:
            value = min(value.replace(day=15), ref)  # month-level dates: mid-month, as ACLED codes them
        if value > ref:  # the past only: a future reading is a misparse or a plan
            return None
        return value, precision

    @staticmethod
    def _mention(sentence: SentenceInfo, start: int, end: int, value: date, precision: int) -> DateMention:
        return DateMention(sentence.start + start, sentence.start + end,
                           sentence.text[start:end], value, precision)


# ---------------------------------------------------------------- event dates


def event_date_for(
    sentence: SentenceInfo,
    reference: ReferenceDate,
    doc_dates: Sequence[DateMention] = (),
    text: str | None = None,
    max_gap: int = 600,
) -> tuple[date, int]:
    """The (date, time_precision) an event reported in ``sentence`` gets.

    1. The sentence's own first date mention.
    2. Else the nearest date mentioned earlier when the text clearly continues: in the same
       paragraph (no blank line in between, when ``text`` is given) and within ``max_gap``
       characters ("On 5 May, X attacked Y. Three soldiers were killed.").
    3. Else the reference date, precision 1: news reports recent events, mostly of the day
       before publication or the same day; ACLED codes such undated reports to the report
       day.
    """
    own = sentence.dates or [d for d in doc_dates if sentence.start <= d.start < sentence.end]
    if own:
        first = min(own, key=lambda d: d.start)
        return first.value, first.time_precision
    earlier = [d for d in doc_dates if d.end <= sentence.start and sentence.start - d.end <= max_gap]
    if earlier:
        nearest = max(earlier, key=lambda d: d.end)
        if text is None or "\n\n" not in text[nearest.end : sentence.start]:
            return nearest.value, nearest.time_precision
    return reference.value, 1


__all__ = [
    "DateTagger", "event_date_for", "infer_reference_date", "find_dates",
    "weekday_on_or_before", "MONTHS", "WEEKDAYS",
]
