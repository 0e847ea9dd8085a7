"""accord.coder.when: one time expression, read against the publication date.

Most cases use an article published on Monday 2021-09-13. Expected values are
written as the calendar says them; comments give the rule each case pins down.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.coder.when import EARLIEST_YEAR, LATEST_YEAR, TimeValue, covering, resolve, time_words
from accord.errors import OntologyError

PUBLISHED = date(2021, 9, 13)  # a Monday


def day(iso: str, kind: str = "point") -> TimeValue:
    d = date.fromisoformat(iso)
    return TimeValue(iso, "day", d, d, kind)


def month(iso: str, kind: str = "point") -> TimeValue:
    y, m = map(int, iso.split("-"))
    start = date(y, m, 1)
    end = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
    return TimeValue(iso, "month", start, end, kind)


def year(iso: str, kind: str = "point") -> TimeValue:
    y = int(iso)
    return TimeValue(iso, "year", date(y, 1, 1), date(y, 12, 31), kind)


def period(start: str, end: str) -> TimeValue:
    return TimeValue(None, None, date.fromisoformat(start), date.fromisoformat(end), "period")


DURATION = TimeValue(None, None, None, None, "duration")

# (text, published, prefer, expected)
CASES = [
    # a month and a day, in the orders and abbreviations news copy uses
    ("September 12", PUBLISHED, "past", day("2021-09-12")),
    ("12 September", PUBLISHED, "past", day("2021-09-12")),
    ("Sept. 12", PUBLISHED, "past", day("2021-09-12")),
    ("Sep 12th", PUBLISHED, "past", day("2021-09-12")),
    ("the 12th of September", PUBLISHED, "past", day("2021-09-12")),
    ("SEPTEMBER 12", PUBLISHED, "past", day("2021-09-12")),
    ("on June 15, 2021", PUBLISHED, "past", day("2021-06-15")),
    ("15 June 2021", PUBLISHED, "past", day("2021-06-15")),
    ("Monday, September 13, 2021", PUBLISHED, "past", day("2021-09-13")),
    ("Sept. 12, '21", PUBLISHED, "past", day("2021-09-12")),
    # no year: the latest on or before publication, or the next with prefer=future
    ("February 18", PUBLISHED, "past", day("2021-02-18")),
    ("February 18", PUBLISHED, "future", day("2022-02-18")),
    ("September 13", PUBLISHED, "past", day("2021-09-13")),
    ("September 13", PUBLISHED, "future", day("2021-09-13")),
    ("September 14", PUBLISHED, "past", day("2020-09-14")),
    ("December 30", date(2022, 1, 3), "past", day("2021-12-30")),
    ("January 2", date(2021, 12, 30), "future", day("2022-01-02")),
    # leap day: back (or forward) to the nearest leap year
    ("February 29", PUBLISHED, "past", day("2020-02-29")),
    ("February 29", PUBLISHED, "future", day("2024-02-29")),
    ("February 29, 2020", None, "past", day("2020-02-29")),
    ("February 29, 2021", None, "past", None),
    # days that do not exist
    ("February 30", PUBLISHED, "past", None),
    ("September 31, 2021", PUBLISHED, "past", None),
    ("13/13/2021", PUBLISHED, "past", None),
    # numeric dates: ISO; slashes month first; dots and dashes day first
    ("2021-09-12", None, "past", day("2021-09-12")),
    ("2021/09/12", None, "past", day("2021-09-12")),
    ("09/12/2021", None, "past", day("2021-09-12")),
    ("13/09/2021", None, "past", day("2021-09-13")),
    ("12.09.2021", None, "past", day("2021-09-12")),
    ("05-04-2021", None, "past", day("2021-04-05")),
    # words for days near publication
    ("yesterday", PUBLISHED, "past", day("2021-09-12")),
    ("today", PUBLISHED, "past", day("2021-09-13")),
    ("tomorrow", PUBLISHED, "past", day("2021-09-14")),
    ("the day before yesterday", PUBLISHED, "past", day("2021-09-11")),
    ("this morning", PUBLISHED, "past", day("2021-09-13")),
    ("last night", PUBLISHED, "past", day("2021-09-12")),
    ("yesterday evening", PUBLISHED, "past", day("2021-09-12")),
    ("earlier today", PUBLISHED, "past", day("2021-09-13")),
    # weekdays; the publication's own weekday is the publication day
    ("Monday", PUBLISHED, "past", day("2021-09-13")),
    ("on Monday", PUBLISHED, "past", day("2021-09-13")),
    ("Monday", PUBLISHED, "future", day("2021-09-13")),
    ("last Monday", PUBLISHED, "past", day("2021-09-06")),
    ("next Monday", PUBLISHED, "past", day("2021-09-20")),
    ("Tuesday", PUBLISHED, "past", day("2021-09-07")),
    ("last Tuesday", PUBLISHED, "past", day("2021-09-07")),
    ("Wednesday", PUBLISHED, "future", day("2021-09-15")),
    ("on Sunday night", PUBLISHED, "past", day("2021-09-12")),
    ("Friday's", PUBLISHED, "past", day("2021-09-10")),
    ("last Tuesday", date(2021, 9, 18), "past", day("2021-09-14")),
    # weeks run Monday to Sunday and are periods without a calendar value
    ("last week", PUBLISHED, "past", period("2021-09-06", "2021-09-12")),
    ("this week", PUBLISHED, "past", period("2021-09-13", "2021-09-19")),
    ("next week", PUBLISHED, "past", period("2021-09-20", "2021-09-26")),
    ("last weekend", PUBLISHED, "past", period("2021-09-11", "2021-09-12")),
    ("the past week", PUBLISHED, "past", period("2021-09-07", "2021-09-13")),
    # months
    ("last month", PUBLISHED, "past", month("2021-08")),
    ("this month", PUBLISHED, "past", month("2021-09")),
    ("next month", PUBLISHED, "past", month("2021-10")),
    ("last month", date(2021, 1, 15), "past", month("2020-12")),
    ("next month", date(2021, 12, 10), "past", month("2022-01")),
    ("in March", PUBLISHED, "past", month("2021-03")),
    ("in March", PUBLISHED, "future", month("2022-03")),
    ("in September", PUBLISHED, "future", month("2021-09")),
    ("in October", PUBLISHED, "past", month("2020-10")),
    ("last March", date(2021, 3, 20), "past", month("2020-03")),
    ("March 2021", None, "past", month("2021-03")),
    ("March of 2020", None, "past", month("2020-03")),
    ("mid-March 2021", None, "past", month("2021-03")),
    ("2020-12", None, "past", month("2020-12")),
    # years; "mid-", "early", "the end of" keep year precision
    ("in 2020", PUBLISHED, "past", year("2020")),
    ("2020", None, "past", year("2020")),
    ("the year 2020", None, "past", year("2020")),
    ("in mid-2019", None, "past", year("2019")),
    ("early 2020", None, "past", year("2020")),
    ("the end of 2020", None, "past", year("2020")),
    ("last year", PUBLISHED, "past", year("2020")),
    ("this year", PUBLISHED, "past", year("2021")),
    ("next year", PUBLISHED, "past", year("2022")),
    ("last year", date(2021, 1, 1), "past", year("2020")),
    # quarters and halves
    ("the first quarter of 2021", None, "past", period("2021-01-01", "2021-03-31")),
    ("Q3 2021", None, "past", period("2021-07-01", "2021-09-30")),
    ("3Q21", None, "past", period("2021-07-01", "2021-09-30")),
    ("the third quarter", PUBLISHED, "past", period("2021-07-01", "2021-09-30")),
    ("the fourth quarter", PUBLISHED, "past", period("2020-10-01", "2020-12-31")),
    ("the last quarter of 2020", None, "past", period("2020-10-01", "2020-12-31")),
    ("last quarter", PUBLISHED, "past", period("2021-04-01", "2021-06-30")),
    ("the first half of 2020", None, "past", period("2020-01-01", "2020-06-30")),
    ("the second half of last year", PUBLISHED, "past", period("2020-07-01", "2020-12-31")),
    ("H1 2021", None, "past", period("2021-01-01", "2021-06-30")),
    # stretches of months, as figures report them
    ("the first seven months of 2021", None, "past", period("2021-01-01", "2021-07-31")),
    ("seven months of 2021", None, "past", period("2021-01-01", "2021-07-31")),
    ("the first nine months of this year", PUBLISHED, "past", period("2021-01-01", "2021-09-30")),
    ("the last two months of 2020", None, "past", period("2020-11-01", "2020-12-31")),
    ("the first three quarters of 2021", None, "past", period("2021-01-01", "2021-09-30")),
    ("January-July 2021", None, "past", period("2021-01-01", "2021-07-31")),
    ("January\u2013July 2021", None, "past", period("2021-01-01", "2021-07-31")),
    ("January through July", PUBLISHED, "past", period("2021-01-01", "2021-07-31")),
    ("between March and May", PUBLISHED, "past", period("2021-03-01", "2021-05-31")),
    ("from November 2020 to February 2021", None, "past", period("2020-11-01", "2021-02-28")),
    ("November to February", PUBLISHED, "past", period("2020-11-01", "2021-02-28")),
    ("September 12-13", PUBLISHED, "past", period("2021-09-12", "2021-09-13")),
    ("from 12 to 14 October 2021", None, "past", period("2021-10-12", "2021-10-14")),
    ("between 3 and 5 May", PUBLISHED, "future", period("2022-05-03", "2022-05-05")),
    ("2019-2021", None, "past", period("2019-01-01", "2021-12-31")),
    ("2020-21", None, "past", period("2020-01-01", "2021-12-31")),
    ("the 1990s", None, "past", period("1990-01-01", "1999-12-31")),
    ("summer 2020", None, "past", period("2020-06-01", "2020-08-31")),
    ("the past three years", PUBLISHED, "past", period("2018-09-14", "2021-09-13")),
    ("the next five years", PUBLISHED, "past", period("2021-09-13", "2026-09-12")),
    # "ago" counts back from publication, at the precision of its unit
    ("two days ago", PUBLISHED, "past", day("2021-09-11")),
    ("three months ago", PUBLISHED, "past", month("2021-06")),
    ("a year ago", PUBLISHED, "past", year("2020")),
    # horizons: the unit named, read as a deadline
    ("by 2025", PUBLISHED, "past", year("2025", "horizon")),
    ("by 2025", None, "past", year("2025", "horizon")),
    ("by the end of 2023", PUBLISHED, "past", year("2023", "horizon")),
    ("until 2030", PUBLISHED, "past", year("2030", "horizon")),
    ("no later than March 2022", PUBLISHED, "past", month("2022-03", "horizon")),
    ("by the end of the year", PUBLISHED, "past", year("2021", "horizon")),
    ("at the end of the month", PUBLISHED, "past", month("2021-09")),
    ("by the end of the week", PUBLISHED, "past", TimeValue(None, None, date(2021, 9, 13), date(2021, 9, 19), "horizon")),
    ("by the end of next year", PUBLISHED, "past", year("2022", "horizon")),
    # durations say how long, not when
    ("44-day", PUBLISHED, "past", DURATION),
    ("eight months", PUBLISHED, "past", DURATION),
    ("eight months after", PUBLISHED, "past", DURATION),
    ("in eight months", PUBLISHED, "past", DURATION),
    ("two years later", PUBLISHED, "past", DURATION),
    ("several weeks", PUBLISHED, "past", DURATION),
    ("twenty-four hours", PUBLISHED, "past", DURATION),
    # not times at all
    ("45-year-old", PUBLISHED, "past", None),
    ("recently", PUBLISHED, "past", None),
    ("soon", PUBLISHED, "past", None),
    ("in the coming years", PUBLISHED, "past", None),
    ("in recent years", PUBLISHED, "past", None),
    ("the past few years", PUBLISHED, "past", None),
    ("", PUBLISHED, "past", None),
    ("   ", PUBLISHED, "past", None),
    ("!!!", PUBLISHED, "past", None),
    ("qwerty uiop", PUBLISHED, "past", None),
    ("12345678", PUBLISHED, "past", None),
    ("night", PUBLISHED, "past", None),
    ("x" * 500 + " 2020", PUBLISHED, "past", None),
    # years no news article means
    ("year 0", PUBLISHED, "past", None),
    ("the year 0", PUBLISHED, "past", None),
    ("0000-01-01", None, "past", None),
    ("9999", PUBLISHED, "past", None),
    ("by 9999", PUBLISHED, "past", None),
    ("December 31, 9999", None, "past", None),
    # relative words need a publication date; explicit ones do not
    ("Monday", None, "past", None),
    ("last week", None, "past", None),
    ("February 18", None, "past", None),
    ("in March", None, "past", None),
    ("the third quarter", None, "past", None),
    ("yesterday", None, "past", None),
    ("Q1 2020", None, "past", period("2020-01-01", "2020-03-31")),
    # at the ends of Python's calendar: None, never an exception
    ("yesterday", date(1, 1, 1), "past", None),
    ("tomorrow", date(9999, 12, 31), "past", None),
    ("next year", date(2199, 6, 1), "past", None),
    ("last week", date(1, 1, 3), "past", None),
    # explicit dates with a time of day: dateparser reads these
    ("12 Sep 2021 10:00 GMT", PUBLISHED, "past", day("2021-09-12")),
    ("September 12 at 10:30 a.m.", PUBLISHED, "past", day("2021-09-12")),
    ("2021-09-12T10:00:00Z", None, "past", day("2021-09-12")),
]


@pytest.mark.parametrize(("text", "published", "prefer", "expected"), CASES, ids=[f"{c[0][:40]}|{c[1]}|{c[2]}" for c in CASES])
def test_resolve(text, published, prefer, expected):
    assert resolve(text, published, prefer=prefer) == expected


def test_table_is_large_and_without_duplicates():
    keys = [(text, published, prefer) for text, published, prefer, _ in CASES]
    assert len(keys) >= 60
    assert len(set(keys)) == len(keys)


def test_prefer_must_be_past_or_future():
    with pytest.raises(ValueError, match="prefer"):
        resolve("Monday", PUBLISHED, prefer="sometime")  # type: ignore[arg-type]


def test_not_a_string_is_no_time():
    assert resolve(None, PUBLISHED) is None  # type: ignore[arg-type]
    assert resolve(20210913, PUBLISHED) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2021, 9, 12), date(2021, 9, 12), ("2021-09-12", "day")),
        (date(2021, 9, 6), date(2021, 9, 12), ("2021-09", "month")),
        (date(2021, 1, 1), date(2021, 7, 31), ("2021", "year")),
        (date(2020, 11, 1), date(2021, 2, 28), None),
    ],
)
def test_covering(start, end, expected):
    assert covering(start, end) == expected


def test_vocabulary_loads_from_the_data_file():
    words = time_words()
    assert sorted(set(words.months.values())) == list(range(1, 13))
    assert sorted(set(words.weekdays.values())) == list(range(7))
    assert words.units["decade"] == ("year", 10)


def _packaged_vocabulary() -> dict:
    with resources.files("accord.ontology").joinpath("data/time_words.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize(
    ("section", "entries", "message"),
    [
        ("months", {"smarch": 13}, "month smarch=13"),
        ("weekdays", {"Funday": 3}, "not lower case: Funday"),
        ("units", {"eon": ["aeon", 1]}, "unit eon"),
        ("months", {"june": "sixth"}, "mistyped"),
    ],
)
def test_a_bad_vocabulary_entry_is_named(section, entries, message):
    from accord.coder.when import _time_words_from

    data = _packaged_vocabulary()
    data[section] = {**data[section], **entries}
    with pytest.raises(OntologyError, match=message):
        _time_words_from(data)


def test_a_missing_vocabulary_section_is_an_ontology_error():
    from accord.coder.when import _time_words_from

    data = _packaged_vocabulary()
    del data["weekdays"]
    with pytest.raises(OntologyError, match="weekdays"):
        _time_words_from(data)


# Anything at all, against any publication date: never an exception, and whatever
# comes back is a consistent value inside the supported years.
time_texts = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            ["the", "first", "last", "by", "in", "of", "-", "2021", "'21", "12", "31", "0", "9999", "march", "May",
             "Monday", "week", "months", "quarter", "half", "q4", "ago", "until", "year", "2/29/2020", "eight", ","]
        ),
        max_size=6,
    ).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=time_texts, published=st.one_of(st.none(), st.dates()), prefer=st.sampled_from(["past", "future"]))
def test_resolve_never_raises_and_stays_consistent(text, published, prefer):
    found = resolve(text, published, prefer=prefer)
    if found is None:
        return
    if found.kind == "duration":
        assert (found.value, found.precision, found.start, found.end) == (None, None, None, None)
        return
    assert found.start <= found.end
    assert EARLIEST_YEAR <= found.start.year and found.end.year <= LATEST_YEAR
    if found.value is not None:
        assert covering(found.start, found.end) == (found.value, found.precision)
    else:
        assert found.precision is None


def test_the_same_words_against_the_same_date_are_read_once(monkeypatch):
    from accord.coder import when

    readings = []
    real_read = when._read

    def counting_read(text, ctx):
        readings.append(text)
        return real_read(text, ctx)

    monkeypatch.setattr(when, "_read", counting_read)
    when._resolve.cache_clear()
    published = date(2031, 3, 5)
    first = resolve("last Tuesday", published)
    assert resolve("last Tuesday", published) == first == resolve("last Tuesday", published, prefer="past")
    assert readings == ["last tuesday"]
    # another publication date, or the other preference, is another question
    assert resolve("last Tuesday", date(2031, 3, 12)) != first
    resolve("last Tuesday", published, prefer="future")
    assert len(readings) == 3
    when._resolve.cache_clear()
