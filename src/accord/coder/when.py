"""Reading one time expression: "September 12", "last week", "the first seven months of 2021".

``resolve(text, published)`` turns the words of a time expression into a ``TimeValue``:
the calendar day, month or year it names (``value`` at its ``precision``), the first
and last day it covers (``start``/``end``), and what ``kind`` of time it is. Events are
dated by when they happened, so relative words are read against the article's
publication date, never replaced by it.

How Accord reads what the words leave open (each choice is tested):

* A day or month without a year ("February 18", "in March") is the most recent one on
  or before the publication date with ``prefer="past"``, the next one on or after it
  with ``prefer="future"``. "December 30" in an article of 2022-01-03 is 2021-12-30;
  "February 29" goes back to the last leap year.
* A bare weekday ("on Monday") is the most recent such day on or before publication.
  When it is the publication's own weekday it means the publication day itself: wire
  copy says "on Monday" of the day it is written, and says "last Monday" or "a week
  ago" for the one before. "last Monday" is always strictly before publication (a
  week back on a Monday); "next Monday" strictly after.
* Weeks run Monday to Sunday. "last week" is the whole week before the publication's
  week; "the past week" is the seven days ending on the publication day.
* ``value`` and ``precision`` are set only when the words name one calendar day, month
  or year. Other stretches ("last week", "the third quarter", "January-July 2021",
  "the first seven months of 2021") are ``kind="period"`` with ``value`` and
  ``precision`` None; ``start``/``end`` bound them, and ``covering()`` gives the
  smallest calendar unit that holds them.
* "mid-2019", "early March", "the end of 2023" keep the precision of the year or month
  they qualify: the text does not say which weeks.
* "by 2025", "until 2030", "by the end of 2023" are ``kind="horizon"``: the unit named
  (2025-01-01..2025-12-31), read as a deadline rather than as when something happened.
* Durations ("44-day", "eight months", "two years later") are ``kind="duration"`` with
  no value and no dates: they say how long, not when. Ages ("45-year-old") and vague
  words ("recently", "soon", "in the coming years") are not times: ``None``.
* Slashed numeric dates are read month first (03/04/2021 is 4 March) unless the first
  number is above 12; dotted or dashed ones day first (03.04.2021 is 3 April). "2020-12"
  is December 2020, not the years 2020 to 2012.
* Without a publication date, relative words ("Monday", "last week", "February 18")
  give ``None``; expressions that carry their year still resolve.
* Years outside ``EARLIEST_YEAR``..``LATEST_YEAR`` and impossible days (February 30)
  give ``None``, never an exception.

The words themselves (months, weekdays, numbers, units, ...) live in
``accord/ontology/data/time_words.toml``. Fixed shapes are read by the rules below;
dateparser reads the explicit calendar dates they do not cover ("12 Sep 2021 10:00
GMT"), and only those: it misreads periods, fills in a month for "in 2023" and reads
"eight months after" as a date in the future.
"""

from __future__ import annotations

import calendar
import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Literal

from ..errors import OntologyError
from ..records import DatePrecision

__all__ = [
    "TimeValue",
    "TimeKind",
    "TimeWords",
    "resolve",
    "covering",
    "time_words",
    "EARLIEST_YEAR",
    "LATEST_YEAR",
]

TimeKind = Literal["point", "period", "horizon", "duration"]
Prefer = Literal["past", "future"]

# News text names no date outside these years; a "year" beyond them is a count, an
# id or an error ("9999"), and Python's date cannot hold year 0 at all.
EARLIEST_YEAR = 1000
LATEST_YEAR = 2199
# A time expression is a few words; anything longer is not one, and refusing it
# keeps every call short whatever it is given.
MAX_EXPRESSION_CHARS = 120
# How far from the publication year to look for a yearless date: far enough to reach
# the nearest February 29 (eight years apart across 1900 and 2100).
_YEAR_SEARCH = 8


@dataclass(frozen=True)
class TimeValue:
    """What a time expression names. See the module docstring for how it is read.

    ``start``/``end`` are the first and last day covered (equal for a day); they are
    None only for a duration, which names no dates.
    """

    value: str | None
    precision: DatePrecision | None
    start: date | None
    end: date | None
    kind: TimeKind = "point"


def covering(start: date, end: date) -> tuple[str, DatePrecision] | None:
    """The smallest calendar day, month or year that holds ``start``..``end``, as (value, precision).

    For a period such as "the third quarter of 2021" this is ("2021", "year"); a
    stretch across a new year has none.
    """
    if start == end:
        return start.isoformat(), "day"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}", "month"
    if start.year == end.year:
        return f"{start.year:04d}", "year"
    return None


# --------------------------------------------------------------------------- words


@dataclass(frozen=True)
class TimeWords:
    """The vocabulary of time expressions, from ``ontology/data/time_words.toml``."""

    months: dict[str, int]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    parts_of_day: tuple[str, ...]
    parts_of_period: tuple[str, ...]
    relative_units: dict[str, int]
    numbers: dict[str, int]
    vague_quantities: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, int]]
    duration_anchors: tuple[str, ...]
    seasons: dict[str, tuple[int, int]]
    horizon_words: tuple[str, ...]
    leading_words: tuple[str, ...]
    future_auxiliaries: tuple[str, ...]
    clock_words: tuple[str, ...]


_DATA_FILE = "data/time_words.toml"
_CALENDAR_UNITS = ("hour", "day", "week", "month", "year")


@functools.cache
def time_words() -> TimeWords:
    """Load and check the time vocabulary once per process."""
    try:
        with resources.files("accord.ontology").joinpath(_DATA_FILE).open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"cannot read the time vocabulary: {exc}", item=_DATA_FILE) from exc
    return _time_words_from(data)


def _time_words_from(data: dict) -> TimeWords:
    """Build and check the vocabulary from the parsed TOML; OntologyError says what is wrong."""
    try:
        words = TimeWords(
            months={k: int(v) for k, v in data["months"].items()},
            weekdays={k: int(v) for k, v in data["weekdays"].items()},
            day_words={k: int(v) for k, v in data["day_words"].items()},
            parts_of_day=tuple(data["parts_of_day"]["words"]),
            parts_of_period=tuple(data["parts_of_period"]["words"]),
            relative_units={k: int(v) for k, v in data["relative_units"].items()},
            numbers={k: int(v) for k, v in data["numbers"].items()},
            vague_quantities=tuple(data["vague_quantities"]["words"]),
            ordinals={k: int(v) for k, v in data["ordinals"].items()},
            units={k: (str(v[0]), int(v[1])) for k, v in data["units"].items()},
            duration_anchors=tuple(data["duration_anchors"]["words"]),
            seasons={k: (int(v[0]), int(v[1])) for k, v in data["seasons"].items()},
            horizon_words=tuple(data["horizon_words"]["words"]),
            leading_words=tuple(data["leading_words"]["words"]),
            future_auxiliaries=tuple(data["future_auxiliaries"]["words"]),
            clock_words=tuple(data["clock_words"]["words"]),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        reason = f"the time vocabulary is incomplete or mistyped: {type(exc).__name__} {exc}"
        raise OntologyError(reason, item=_DATA_FILE) from exc
    problems = [f"month {k}={v}" for k, v in words.months.items() if not 1 <= v <= 12]
    problems += [f"weekday {k}={v}" for k, v in words.weekdays.items() if not 0 <= v <= 6]
    problems += [f"unit {k}={v}" for k, v in words.units.items() if v[0] not in _CALENDAR_UNITS or v[1] < 1]
    problems += [f"season {k}={v}" for k, v in words.seasons.items() if not all(1 <= m <= 12 for m in v)]
    problems += [f"relative {k}={v}" for k, v in words.relative_units.items() if v not in (-1, 0, 1)]
    problems += [f"not lower case: {k}" for k in _all_keys(words) if k != k.lower()]
    if problems:
        raise OntologyError("invalid entries: " + "; ".join(problems), item=_DATA_FILE)
    return words


def _all_keys(words: TimeWords) -> list[str]:
    """Every word listed: the keys of each table and the items of each list."""
    return [word for table in fields(words) for word in getattr(words, table.name)]


# --------------------------------------------------------------------------- calendar helpers


@dataclass(frozen=True)
class _Context:
    published: date | None
    prefer: Prefer
    words: TimeWords


def _safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist or lies outside the years news can mean."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    if not (1 <= month <= 12 and EARLIEST_YEAR <= year <= LATEST_YEAR):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date | None:
    """The same day ``months`` later (or earlier), clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    end = _month_end(year, month + 1)
    return None if end is None else end.replace(day=min(day.day, end.day))


def _point_day(day: date | None) -> TimeValue | None:
    return None if day is None else TimeValue(day.isoformat(), "day", day, day, "point")


def _point_month(year: int, month: int) -> TimeValue | None:
    start, end = _safe_date(year, month, 1), _month_end(year, month)
    if start is None or end is None:
        return None
    return TimeValue(f"{year:04d}-{month:02d}", "month", start, end, "point")


def _point_year(year: int) -> TimeValue | None:
    start, end = _safe_date(year, 1, 1), _safe_date(year, 12, 31)
    if start is None or end is None:
        return None
    return TimeValue(f"{year:04d}", "year", start, end, "point")


def _period(start: date | None, end: date | None) -> TimeValue | None:
    if start is None or end is None or end < start:
        return None
    return TimeValue(None, None, start, end, "period")


_DURATION = TimeValue(None, None, None, None, "duration")

_DaySpan = tuple[date, date]  # first and last day


def _place_in_year(span_in_year: Callable[[int], _DaySpan | None], ctx: _Context, relation: int | None = None) -> _DaySpan | None:
    """Choose the year of a span the text gives without one ("February 18", "in March").

    ``relation`` is what a word before it says: -1 "last" (the latest wholly before
    publication), +1 "next" (the first wholly after), 0 "this" (the publication's
    year). Without a word, ``prefer`` decides: the latest starting on or before
    publication, or the first ending on or after it.
    """
    published = ctx.published
    if published is None:
        return None
    if relation == 0:
        return span_in_year(published.year)
    spans = [s for y in range(published.year - _YEAR_SEARCH, published.year + _YEAR_SEARCH + 1) if (s := span_in_year(y))]
    if relation == -1:
        fitting = [s for s in spans if s[1] < published]
    elif relation == 1:
        fitting = [s for s in spans if s[0] > published]
    elif ctx.prefer == "past":
        fitting = [s for s in spans if s[0] <= published]
    else:
        fitting = [s for s in spans if s[1] >= published]
    if not fitting:
        return None
    return max(fitting) if relation == -1 or (relation is None and ctx.prefer == "past") else min(fitting)


def _months_span(first_month: int, last_month: int) -> Callable[[int], _DaySpan | None]:
    """Months first..last of a year; a span that wraps (November to February) ends in that year."""

    def span(year: int) -> _DaySpan | None:
        start_year = year - 1 if first_month > last_month else year
        start, end = _safe_date(start_year, first_month, 1), _month_end(year, last_month)
        return None if start is None or end is None else (start, end)

    return span


# --------------------------------------------------------------------------- reading words


def _number(text: str, words: TimeWords) -> int | None:
    """ "7", "seven", "twenty-four", "a" -> the number; None for anything else."""
    if text.isdigit():
        return int(text)
    if text in words.numbers:
        return words.numbers[text]
    tens, _, units = text.partition("-")
    if tens in words.numbers and units in words.numbers and words.numbers[tens] >= 20 and words.numbers[units] < 10:
        return words.numbers[tens] + words.numbers[units]
    return None


def _ordinal(text: str, words: TimeWords) -> int | None:
    if text in words.ordinals:
        return words.ordinals[text]
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text)
    return int(digits.group(1)) if digits else None


def _year_number(text: str) -> int:
    """ "2021" -> 2021; "'21" -> 2021 and "'98" -> 1998 (the POSIX split at 69)."""
    digits = text.lstrip("'")
    if len(digits) == 2:
        short = int(digits)
        return 2000 + short if short < 69 else 1900 + short
    return int(digits)


def _relation(word: str | None, ctx: _Context) -> int | None:
    return None if word is None else ctx.words.relative_units.get(word)


def _year_of(reference: str | None, ctx: _Context) -> int | None:
    """The year a reference names: "2021", "'21", "last year", "this year", or "year" (this one)."""
    if reference is None or reference == "year":
        return None if ctx.published is None else ctx.published.year
    if re.fullmatch(r"\d{4}|'?\d{2}", reference):
        return _year_number(reference)
    relative, _, _ = reference.partition(" ")
    offset = ctx.words.relative_units.get(relative)
    if offset is None or ctx.published is None:
        return None
    return ctx.published.year + offset


# --------------------------------------------------------------------------- the rules
#
# Each rule is a regular expression that must match the whole normalised text, and a
# function that turns the match into a TimeValue. The first rule that matches
# decides, even when its answer is None ("February 30" is no date, and no later rule
# should guess one). <NAME> in a pattern stands for a piece built from the vocabulary.

_Handler = Callable[[re.Match[str], _Context], "TimeValue | None"]
Rule = tuple[str, _Handler]


def _calendar_day(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "September 12", "12 September 2021", "Monday, Sept. 13", "the 12th of September"."""
    month = ctx.words.months[m["month"].rstrip(".")]
    day = int(m["day"])
    if m["year"]:
        return _point_day(_safe_date(_year_number(m["year"]), month, day))
    placed = _place_in_year(lambda y: (d, d) if (d := _safe_date(y, month, day)) else None, ctx)
    return None if placed is None else _point_day(placed[0])


def _iso_day(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    return _point_day(_safe_date(int(m["year"]), int(m["month"]), int(m["day"])))


def _numeric_day(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """03/04/2021 month first (US usage, as dateparser reads it); 03.04.2021 and 03-04-2021 day first."""
    first, second, year = int(m["first"]), int(m["second"]), _year_number(m["year"])
    month_first = m["sep"] == "/"
    if month_first and first > 12:
        month_first = False
    elif not month_first and second > 12:
        month_first = True
    month, day = (first, second) if month_first else (second, first)
    return _point_day(_safe_date(year, month, day))


def _iso_month(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    return _point_month(int(m["year"]), int(m["month"]))


def _day_range(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "September 12-13", "12-14 March 2021": the days as one period."""
    month = ctx.words.months[m["month"].rstrip(".")]
    first, last = int(m["first"]), int(m["last"])
    if last < first:
        return None

    def span(year: int) -> _DaySpan | None:
        start, end = _safe_date(year, month, first), _safe_date(year, month, last)
        return None if start is None or end is None else (start, end)

    placed = span(_year_number(m["year"])) if m["year"] else _place_in_year(span, ctx)
    return None if placed is None else _period(*placed)


def _month_range(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "January-July 2021", "between March and May", "November 2020 to February 2021"."""
    first = ctx.words.months[m["month1"].rstrip(".")]
    last = ctx.words.months[m["month2"].rstrip(".")]
    year1 = _year_number(m["year1"]) if m["year1"] else None
    year2 = _year_number(m["year2"]) if m["year2"] else None
    if year1 is not None and year2 is not None:
        return _period(_safe_date(year1, first, 1), _month_end(year2, last))
    wraps = first > last
    if year2 is not None:
        return _period(_safe_date(year2 - 1 if wraps else year2, first, 1), _month_end(year2, last))
    if year1 is not None:
        return _period(_safe_date(year1, first, 1), _month_end(year1 + 1 if wraps else year1, last))
    placed = _place_in_year(_months_span(first, last), ctx)
    return None if placed is None else _period(*placed)


def _season(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "summer 2020", "last winter". Winter Y runs from December Y to February Y+1."""
    first, last = ctx.words.seasons[m["season"]]
    span = _months_span(first, last)
    if m["year"]:
        year = _year_number(m["year"])
        placed = span(year + 1 if first > last else year)
    else:
        placed = _place_in_year(span, ctx, _relation(m["relation"], ctx))
    return None if placed is None else _period(*placed)


def _year_range(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "2019-2021", "2020-21", "between 2015 and 2020"."""
    first = int(m["year1"])
    last_text = m["year2"]
    last = int(last_text) if len(last_text) == 4 else first - first % 100 + int(last_text)
    if last <= first:
        return None
    return _period(_safe_date(first, 1, 1), _safe_date(last, 12, 31))


def _month_with_year(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "March 2021", "mid-March 2021", "March of 2021"."""
    return _point_month(_year_number(m["year"]), ctx.words.months[m["month"].rstrip(".")])


def _month_alone(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "March", "in March", "last March", "early March"."""
    month = ctx.words.months[m["month"].rstrip(".")]
    placed = _place_in_year(_months_span(month, month), ctx, _relation(m["relation"], ctx))
    return None if placed is None else _point_month(placed[0].year, month)


def _year(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "2020", "mid-2019", "the end of 2023", "the year 2020"."""
    return _point_year(_year_number(m["year"]))


def _part_of_current_unit(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "the end of the year", "the middle of the month": the publication's year or month.

    ("the end of the week" is the publication's week, as "this week" is.)
    """
    published = ctx.published
    if published is None:
        return None
    if m["unit"] == "year":
        return _point_year(published.year)
    if m["unit"] == "month":
        return _point_month(published.year, published.month)
    monday = published - timedelta(days=published.weekday())
    return _period(monday, monday + timedelta(days=6))


def _relative_unit(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "last week", "this month", "next year", "last quarter", "this weekend"."""
    published = ctx.published
    if published is None:
        return None
    offset = ctx.words.relative_units[m["relation"]]
    unit = m["unit"]
    if unit == "year":
        return _point_year(published.year + offset)
    if unit == "month":
        first = _add_months(published.replace(day=1), offset)
        return None if first is None else _point_month(first.year, first.month)
    if unit == "quarter":
        quarter_start = _add_months(published.replace(day=1, month=(published.month - 1) // 3 * 3 + 1), 3 * offset)
        if quarter_start is None:
            return None
        return _period(quarter_start, _month_end(quarter_start.year, quarter_start.month + 2))
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
    if unit == "weekend":
        return _period(monday + timedelta(days=5), monday + timedelta(days=6))
    return _period(monday, monday + timedelta(days=6))


def _quarter(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "the first quarter of 2021", "Q3 2021", "3Q21", "the third quarter"."""
    groups = m.groupdict()
    if groups.get("number"):
        quarter = int(groups["number"])
    elif groups["ordinal"] in ("last", "final"):
        quarter = 4
    else:
        quarter = _ordinal(groups["ordinal"], ctx.words)
    if quarter is None or not 1 <= quarter <= 4:
        return None
    span = _months_span(3 * quarter - 2, 3 * quarter)
    placed = _in_named_or_nearest_year(span, m["year"], ctx)
    return None if placed is None else _period(*placed)


def _half(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "the first half of 2020", "H2 2021", "the second half of last year"."""
    half = int(m["number"]) if m["number"] else _ordinal(m["ordinal"], ctx.words)
    if half not in (1, 2):
        return None
    placed = _in_named_or_nearest_year(_months_span(6 * half - 5, 6 * half), m["year"], ctx)
    return None if placed is None else _period(*placed)


def _first_months(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "the first seven months of 2021", "seven months of 2021", "the last two quarters of 2020"."""
    count = _number(m["count"], ctx.words)
    months_per = 3 if m["unit"].startswith("quarter") else 1
    if count is None or not 1 <= count * months_per <= 12:
        return None
    months = count * months_per
    if m["edge"] in ("last", "final"):
        span = _months_span(13 - months, 12)
    else:
        span = _months_span(1, months)
    placed = _in_named_or_nearest_year(span, m.groupdict().get("year"), ctx)
    return None if placed is None else _period(*placed)


def _in_named_or_nearest_year(span: Callable[[int], _DaySpan | None], reference: str | None, ctx: _Context) -> _DaySpan | None:
    """A span within a year: the year the text names, or the nearest one by ``prefer``."""
    if reference is None:
        return _place_in_year(span, ctx)
    year = _year_of(reference, ctx)
    return None if year is None else span(year)


def _weekday(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "Monday", "last Tuesday", "next Friday"; the publication's own weekday is that day."""
    published = ctx.published
    if published is None:
        return None
    wanted = ctx.words.weekdays[m["weekday"].rstrip(".")]
    days_back = (published.weekday() - wanted) % 7
    days_ahead = (wanted - published.weekday()) % 7
    relation = m["relation"]
    if relation in ("last", "past", "previous"):
        return _point_day(published - timedelta(days=days_back or 7))
    if relation in ("next", "coming"):
        return _point_day(published + timedelta(days=days_ahead or 7))
    if ctx.prefer == "past":
        return _point_day(published - timedelta(days=days_back))
    return _point_day(published + timedelta(days=days_ahead))


def _shift(published: date, count: int, unit: str) -> date | None:
    """``published`` moved by ``count`` units (negative: back)."""
    if unit == "hour":
        return published + timedelta(days=round(count / 24))
    if unit == "day":
        return published + timedelta(days=count)
    if unit == "week":
        return published + timedelta(weeks=count)
    return _add_months(published, count * (12 if unit == "year" else 1))


def _ago(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "two days ago" (a day), "three months ago" (a month), "a year ago" (a year)."""
    count = _number(m["count"], ctx.words)
    if ctx.published is None or count is None:
        return None
    unit, size = ctx.words.units[m["unit"]]
    moment = _shift(ctx.published, -count * size, unit)
    if moment is None:
        return None
    if unit == "year":
        return _point_year(moment.year)
    if unit == "month":
        return _point_month(moment.year, moment.month)
    return _point_day(moment)


def _rolling(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "the past three years", "the last 24 hours", "the next five years", "the past week"."""
    unit_word = m["unit"]
    unit, size = ctx.words.units[unit_word]
    if m["count"] is None:
        # "the past week" is one week; "the past years" names no length
        if unit_word.endswith("s"):
            return None
        count = 1
    else:
        count = _number(m["count"], ctx.words)
    if ctx.published is None or count is None:
        return None
    # both ends count: "the past week" is the publication day and the six before it
    one_day = timedelta(days=1)
    if m["direction"] in ("next", "coming"):
        end = _shift(ctx.published, count * size, unit)
        return None if end is None else _period(ctx.published, end - one_day)
    start = _shift(ctx.published, -count * size, unit)
    return None if start is None else _period(start + one_day, ctx.published)


def _decade(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "the 1990s", "the '90s" ('00s to '20s are this century's)."""
    tens = int(m["tens"])
    if m["century"] and m["century"] != "'":
        first = int(m["century"]) * 100 + tens * 10
    else:
        first = (2000 if tens <= 2 else 1900) + tens * 10
    return _period(_safe_date(first, 1, 1), _safe_date(first + 9, 12, 31))


def _duration(m: re.Match[str], ctx: _Context) -> TimeValue | None:
    """ "44-day", "eight months", "two years later", "several weeks": how long, not when."""
    quantity = m["count"]
    if quantity not in ctx.words.vague_quantities and _number(quantity, ctx.words) is None:
        return None
    return _DURATION


def _alternatives(words) -> str:
    """A regex alternation of words, longest first so that "sept" wins over "sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules() -> tuple[tuple[re.Pattern[str], _Handler], ...]:
    words = time_words()
    number_word = _alternatives(words.numbers)
    pieces = {
        "MONTH": rf"(?:{_alternatives(words.months)})\.?",
        "WEEKDAY": rf"(?:{_alternatives(words.weekdays)})\.?",
        "DAY": r"[0-3]?\d",
        "TH": r"(?:st|nd|rd|th)?",
        "YEAR": r"\d{4}|'\d{2}",
        "NUMBER": rf"\d+|(?:{number_word})(?:-(?:{number_word}))?",
        "VAGUE": _alternatives(words.vague_quantities),
        "ORDINAL": rf"{_alternatives(words.ordinals)}|\d+(?:st|nd|rd|th)",
        "UNIT": _alternatives(words.units),
        "PART": rf"(?:{_alternatives(words.parts_of_period)})(?:-| of | )",
        "RELATIVE": _alternatives(words.relative_units),
        "YEARREF": rf"\d{{4}}|'\d{{2}}|(?:{_alternatives(words.relative_units)}) year|year",
        "SEASON": _alternatives(words.seasons),
        "ANCHOR": _alternatives(words.duration_anchors),
        "TO": r"(?:-| (?:to|through|thru|until|till|and) )",
    }
    # Order matters where two rules could read the same words: "2020-12" is a month
    # before it is a range of years; "last week" a calendar week before it is the
    # seven days up to publication; "last quarter" the previous quarter, not Q4.
    rules: list[Rule] = [
        (r"(?P<year>\d{4})([-/.])(?P<month>\d{1,2})\2(?P<day>\d{1,2})", _iso_day),
        (r"(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})", _numeric_day),
        (r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])", _iso_month),
        (r"(?P<month>0?[1-9]|1[0-2])/(?P<year>\d{4})", _iso_month),
        (r"(?:<WEEKDAY> )?(?P<month><MONTH>) (?P<day><DAY>)<TH>(?: (?P<year><YEAR>))?", _calendar_day),
        (r"(?:<WEEKDAY> )?(?P<day><DAY>)<TH> (?:of )?(?P<month><MONTH>)(?: (?P<year><YEAR>))?", _calendar_day),
        (r"(?:between |from )?(?P<month><MONTH>) (?P<first><DAY>)<TH><TO>(?P<last><DAY>)<TH>(?: (?P<year><YEAR>))?", _day_range),
        (r"(?:between |from )?(?P<first><DAY>)<TH><TO>(?P<last><DAY>)<TH> (?:of )?(?P<month><MONTH>)(?: (?P<year><YEAR>))?", _day_range),
        (r"(?:between |from )?(?P<month1><MONTH>)(?: (?P<year1><YEAR>))?<TO>(?P<month2><MONTH>)(?: (?P<year2><YEAR>))?", _month_range),
        (r"(?:(?P<relation><RELATIVE>) )?(?P<season><SEASON>)(?: (?:of )?(?P<year><YEAR>))?", _season),
        (r"(?:between |from )?(?P<year1>\d{4})<TO>(?P<year2>\d{4}|\d{2})", _year_range),
        (r"(?:<PART>)?(?P<month><MONTH>) (?:of )?(?P<year><YEAR>)", _month_with_year),
        (r"(?:<PART>)?(?:(?P<relation><RELATIVE>) )?(?P<month><MONTH>)", _month_alone),
        (r"(?:<PART>)?(?:year )?(?P<year><YEAR>)", _year),
        (r"<PART>(?P<unit>year|month|week)", _part_of_current_unit),
        (r"(?:<PART>)?(?P<relation><RELATIVE>) (?P<unit>week|weekend|month|quarter|year)", _relative_unit),
        (r"(?:(?P<ordinal><ORDINAL>|last|final) quarter|q(?P<number>[1-4]))(?: (?:of )?(?P<year><YEARREF>))?", _quarter),
        (r"(?P<number>[1-4])q ?(?P<year>'?\d{2}|\d{4})?", _quarter),
        (r"(?:(?P<ordinal><ORDINAL>) half|h(?P<number>[12]))(?: (?:of )?(?P<year><YEARREF>))?", _half),
        (r"(?:(?P<edge>first|last|final|initial) )?(?P<count><NUMBER>) (?P<unit>months|quarters) of (?P<year><YEARREF>)", _first_months),
        (r"(?P<edge>first|initial) (?P<count><NUMBER>) (?P<unit>months|quarters)", _first_months),
        (r"(?:(?P<relation>last|this|next|past|previous|coming) )?(?P<weekday><WEEKDAY>)", _weekday),
        (r"(?P<count><NUMBER>) (?P<unit><UNIT>) ago", _ago),
        (r"(?P<direction>past|last|previous|next|coming) (?:(?P<count><NUMBER>) )?(?P<unit><UNIT>)", _rolling),
        (r"(?:<PART>)?(?P<century>1\d|20|')?(?P<tens>\d)0s", _decade),
        (r"(?P<count><NUMBER>|<VAGUE>)[- ](?P<unit><UNIT>)(?:[- ](?:<ANCHOR>))?", _duration),
    ]
    compiled = []
    for template, handler in rules:
        pattern = re.sub(r"<([A-Z]+)>", lambda m: pieces[m.group(1)], template)
        compiled.append((re.compile(pattern), handler))
    return tuple(compiled)


# --------------------------------------------------------------------------- resolve


def resolve(text: str, published: date | None, *, prefer: Prefer = "past") -> TimeValue | None:
    """Read one time expression against the publication date; None when it names no time.

    ``prefer`` places what the text leaves open (a day without a year, a bare weekday
    or month): "past" for reported events, "future" for plans and targets.
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    if not isinstance(text, str) or len(text) > MAX_EXPRESSION_CHARS:
        return None
    return _resolve(text, published, prefer)


# The same words against the same date read the same: "on Monday", "last year", "2021"
# recur across a day's articles, and the dates component tries every stretch of a long
# date entity, so a fifth of its questions in one article are repeats.
@functools.lru_cache(maxsize=8192)
def _resolve(text: str, published: date | None, prefer: Prefer) -> TimeValue | None:
    ctx = _Context(published, prefer, time_words())
    normalised = _normalise(text)
    if not normalised:
        return None
    try:
        found = _read(normalised, ctx)
    except (OverflowError, ValueError):
        # calendar arithmetic next to date.min/date.max (a publication date in year 1)
        return None
    if found is not None and found.kind != "duration":
        if not all(EARLIEST_YEAR <= d.year <= LATEST_YEAR for d in (found.start, found.end)):
            return None
    return found


def _normalise(text: str) -> str:
    """Lower case, plain dashes and quotes, no commas, no "the", no possessive, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u02bc`]", "'", text)
    text = re.sub(r"'s\b", "", text)
    text = text.replace(",", " ")
    text = re.sub(r"\bthe\b", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .;:!?()[]\"'")


def _read(text: str, ctx: _Context) -> TimeValue | None:
    words = ctx.words
    text = _drop_leading_words(text, words)
    horizon = _starting_phrase(text, words.horizon_words)
    if horizon:
        deadline = _read(text[len(horizon) :].strip(), ctx)
        if deadline is None or deadline.kind not in ("point", "period"):
            return None
        return replace(deadline, kind="horizon")
    if text in words.day_words:
        return None if ctx.published is None else _point_day(ctx.published + timedelta(days=words.day_words[text]))
    without_part_of_day = _drop_part_of_day(text, words)
    if without_part_of_day != text:
        # "Sunday night" is Sunday; "night" alone is no date
        return _read(without_part_of_day, ctx) if without_part_of_day else None
    for pattern, handler in _rules():
        match = pattern.fullmatch(text)
        if match:
            return handler(match, ctx)
    return _explicit_date_by_dateparser(text, ctx)


def _starting_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        if text.startswith(phrase + " "):
            return phrase
    return None


def _drop_leading_words(text: str, words: TimeWords) -> str:
    """ "in early 2020" -> "early 2020"; "later this year" -> "this year"."""
    while (leading := _starting_phrase(text, words.leading_words)) is not None:
        text = text[len(leading) :].strip()
    return text


def _drop_part_of_day(text: str, words: TimeWords) -> str:
    """ "sunday night" -> "sunday"; "september 12 in morning" -> "september 12"."""
    return _part_of_day_at_end(words.parts_of_day).sub("", text).strip()


@functools.cache
def _part_of_day_at_end(parts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:^| )(?:in |at )?(?:{_alternatives(parts)})$")


_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


def _explicit_date_by_dateparser(text: str, ctx: _Context) -> TimeValue | None:
    """A calendar day in a shape the rules do not read ("12 sep 2021 10:00 gmt").

    Only text with a month name or a numeric date and a day number is given to
    dateparser, and only a day-precise answer is taken: dateparser reads almost
    anything as some date, and its months and years are unreliable (see module doc).
    """
    if not re.search(r"\d", text):
        return None
    names_a_month = any(word.rstrip(".") in ctx.words.months for word in re.findall(r"[a-z]+\.?", text))
    if not (names_a_month or _NUMERIC_DATE.search(text)):
        return None
    has_year = re.search(r"(?<!\d)\d{4}(?!\d)", text) is not None
    if ctx.published is None and not has_year:
        return None
    base = ctx.published or date(2000, 1, 1)  # only used when the year is explicit
    found = _dateparser(base, ctx.prefer).get_date_data(text)
    if found is None or found.date_obj is None or found.period != "day":
        return None
    day = found.date_obj.date()
    return _point_day(_safe_date(day.year, day.month, day.day))


@functools.lru_cache(maxsize=64)
def _dateparser(base: date, prefer: Prefer):
    """One dateparser per publication date: articles come with few distinct dates."""
    from dateparser.date import DateDataParser  # its language data loads slowly; only when needed

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer}
    return DateDataParser(languages=["en"], settings=settings)


# --------------------------------------------------------------------------- narrative time

# "A day later", "two weeks earlier", "the next day": dated from the event told before,
# not from the publication. Which way each anchor word points.
_SHIFT_DIRECTION = {"after": 1, "later": 1, "before": -1, "earlier": -1}
_NEIGHBOUR_DAYS = {"next": 1, "following": 1, "previous": -1, "preceding": -1}


def shift(text: str, anchor: date) -> TimeValue | None:
    """Resolve a duration tied to another event ("a day later", "three weeks earlier",
    "the next day", "the day before") against that event's date; None when ``text`` is
    not such an expression. Weeks and days keep day precision; months and years give
    the month or year they land in."""
    words = time_words()
    tokens = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)?", text.lower())
    if not tokens:
        return None
    if len(tokens) >= 2 and tokens[-1] in _SHIFT_DIRECTION and tokens[-2] in words.units:
        direction = _SHIFT_DIRECTION[tokens[-1]]
        unit, size = words.units[tokens[-2]]
        count_word = tokens[-3] if len(tokens) >= 3 else "one"
        count = _number(count_word, words) or (1 if count_word in ("a", "an", "one", "the") else None)
        if count is None:
            return None
        amount = direction * count * size
    else:
        neighbour = next((t for t in tokens if t in _NEIGHBOUR_DAYS), None)
        if neighbour is None or "day" not in tokens:
            if tokens[-1] in ("before", "after") and "day" in tokens:
                unit, amount = "day", _SHIFT_DIRECTION[tokens[-1]]
            else:
                return None
        else:
            unit, amount = "day", _NEIGHBOUR_DAYS[neighbour]
    try:
        if unit == "hour":
            return _point_day(anchor)
        if unit == "day":
            return _point_day(anchor + timedelta(days=amount))
        if unit == "week":
            return _point_day(anchor + timedelta(weeks=amount))
        if unit == "month":
            moved = _add_months(anchor, amount)
            return _point_month(moved.year, moved.month) if moved else None
        if unit == "year":
            return _point_year(anchor.year + amount)
    except OverflowError:
        return None
    return None
