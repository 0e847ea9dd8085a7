"""Series of figures: actual values by period against targets, and how they are shown."""

from __future__ import annotations

from datetime import date

import pytest

from accord.query.facts import fact_series, format_amount, is_full_year, period_label
from accord.records import Fact


def fact(value, kind="actual", start=None, end=None, *, indicator="trade_turnover", countries=("AZE", "TUR"),
         currency="USD", unit=None, fact_id=None, num_articles=None) -> Fact:  # fmt: skip
    return Fact(
        fact_id=fact_id or f"f{value}-{kind}-{start}",
        article_id="a",
        indicator=indicator,
        countries=list(countries),
        value=value,
        currency=currency,
        unit=unit,
        period_start=start,
        period_end=end,
        kind=kind,
        sentence_index=0,
        span=(0, 1),
        text="x",
        num_articles=num_articles,
    )


YEAR_2020 = (date(2020, 1, 1), date(2020, 12, 31))
JAN_JUL_2021 = (date(2021, 1, 1), date(2021, 7, 31))
YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))


def test_the_seed_series_the_latest_full_year_is_27_percent_of_the_2023_target():
    (series,) = fact_series([fact(15e9, "target", *YEAR_2023), fact(2.5e9, "actual", *JAN_JUL_2021), fact(4.1e9, "actual", *YEAR_2020)])
    assert [a.period for a in series.actuals] == ["2020", "Jan-Jul 2021"]
    assert [t.period for t in series.targets] == ["2023"]
    assert series.latest_full_year.period == "2020"
    assert series.share_of_target == pytest.approx(4.1 / 15)
    assert series.actuals[1].share_of_target == pytest.approx(2.5 / 15)
    assert series.actuals[0].target_period == "2023"
    assert series.title == "trade_turnover AZE-TUR (USD)"


def test_each_actual_is_measured_against_the_first_target_still_ahead_of_it():
    (series,) = fact_series([
        fact(10e9, "target", date(2022, 1, 1), date(2022, 12, 31)),
        fact(20e9, "target", date(2025, 1, 1), date(2025, 12, 31)),
        fact(5e9, "actual", *YEAR_2020),
        fact(12e9, "actual", date(2023, 1, 1), date(2023, 12, 31)),
        fact(30e9, "actual", date(2026, 1, 1), date(2026, 12, 31)),
    ])  # fmt: skip
    shares = [(a.period, a.target_period, a.share_of_target) for a in series.actuals]
    assert shares == [("2020", "2022", 0.5), ("2023", "2025", 0.6), ("2026", "2025", 1.5)]
    assert series.share_of_target == 1.5


def test_series_are_kept_apart_by_indicator_countries_and_currency():
    all_series = fact_series([
        fact(1e9, countries=("TUR", "AZE")),
        fact(2e9, countries=("AZE", "TUR")),
        fact(3e9, currency="AZN"),
        fact(4e9, indicator="exports"),
        fact(15, currency=None, unit="percent", indicator="trade_turnover_change"),
    ])  # fmt: skip
    assert [(s.indicator, s.countries, s.currency, s.unit, len(s.actuals)) for s in all_series] == [
        ("exports", ["AZE", "TUR"], "USD", None, 1),
        ("trade_turnover", ["AZE", "TUR"], "AZN", None, 1),
        ("trade_turnover", ["AZE", "TUR"], "USD", None, 2),
        ("trade_turnover_change", ["AZE", "TUR"], None, "percent", 1),
    ]


def test_without_a_target_or_a_full_year_there_is_no_share():
    (no_target,) = fact_series([fact(4.1e9, "actual", *YEAR_2020)])
    assert no_target.latest_full_year is not None and no_target.share_of_target is None
    (part_year,) = fact_series([fact(2.5e9, "actual", *JAN_JUL_2021), fact(15e9, "target", *YEAR_2023)])
    assert part_year.latest_full_year is None and part_year.share_of_target is None


def test_forecasts_pledges_and_undated_figures_have_their_place():
    (series,) = fact_series([fact(9e9, "forecast", *YEAR_2023), fact(1e9, "pledge"), fact(3e9, "actual"), fact(2e9, "actual", *YEAR_2020)])
    assert [a.period for a in series.actuals] == ["2020", "undated"]
    assert len(series.forecasts) == 1 and len(series.pledges) == 1


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2020, 1, 1), date(2020, 12, 31), "2020"),
        (date(2021, 3, 1), date(2021, 3, 31), "Mar 2021"),
        (date(2021, 1, 1), date(2021, 7, 31), "Jan-Jul 2021"),
        (date(2021, 7, 1), date(2021, 9, 30), "Jul-Sep 2021"),
        (date(2021, 9, 13), date(2021, 9, 13), "2021-09-13"),
        (date(2005, 1, 1), date(2023, 11, 22), "2005-01-01..2023-11-22"),
        (date(2020, 12, 1), date(2021, 1, 31), "2020-12-01..2021-01-31"),
        (None, None, "undated"),
        (date(2020, 1, 1), None, "2020-01-01..…"),
    ],
)
def test_period_labels(start, end, label):
    assert period_label(start, end) == label


def test_full_years():
    assert is_full_year(*YEAR_2020)
    assert not is_full_year(*JAN_JUL_2021) and not is_full_year(None, None)


@pytest.mark.parametrize(
    ("value", "currency", "unit", "shown"),
    [
        (4.1e9, "USD", None, "4.1 bn USD"),
        (15e9, "USD", None, "15 bn USD"),
        (168e9, "EUR", None, "168 bn EUR"),
        (300e6, "AZN", None, "300 mn AZN"),
        (1.5e12, "USD", None, "1.5 tn USD"),
        (2000, None, "troops", "2,000 troops"),
        (15, None, "percent", "15 percent"),
        (-14.5, None, "percent", "-14.5 percent"),
        (1.9e6, None, "barrels_per_day", "1.9 mn barrels per day"),
        (2, None, "rank", "rank 2"),
    ],
)
def test_amounts_are_shown_as_people_write_them(value, currency, unit, shown):
    assert format_amount(value, currency, unit) == shown
