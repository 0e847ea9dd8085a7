from datetime import date, datetime

import pytest

from accord.read.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-09-13", date(2021, 9, 13)),
        ("2021-09-13T10:05:00Z", date(2021, 9, 13)),
        # Late evening west of Greenwich: the written day, not the UTC one.
        ("2023-05-02T23:30:00-05:00", date(2023, 5, 2)),
        ("Tue, 02 May 2023 23:30:00 -0500", date(2023, 5, 2)),
        ("13 September 2021", date(2021, 9, 13)),
        ("September 13, 2021", date(2021, 9, 13)),
        ("Sept. 13, 2021", date(2021, 9, 13)),
        (" 14 June 2023 ", date(2023, 6, 14)),
        (datetime(2020, 1, 2, 3, 4), date(2020, 1, 2)),
        (date(2020, 1, 2), date(2020, 1, 2)),
    ],
)
def test_dates_that_parse(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["2021-13-45", "yesterday", "September 2021", "sometime last spring", "", "  ", 20210913, ["2021"]]
)
def test_dates_that_do_not(value):
    with pytest.raises(ValueError):
        parse_published(value)
