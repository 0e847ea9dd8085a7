"""Figures over time: an indicator's actual values by period, set against its targets.

    from accord.query import Database
    from accord.query.facts import fact_series

    with Database("accord.duckdb") as db:
        for series in fact_series(db.facts(countries=["AZE", "TUR"], indicator="trade_turnover")):
            print(series.title, series.share_of_target)   # trade_turnover AZE-TUR (USD) 0.273

A series holds the figures of one indicator for one set of countries in one currency
or unit: "$4.1 billion in 2020" and "15 mlrd manat by 2023" are never compared. Each
actual is measured against the first target whose period ends on or after its own
(or the latest target, when all are older); the headline share is that of the latest
full calendar year, since a part-year total ("January-July") says little about a
yearly goal.

The functions work on ``Fact`` records from anywhere: the store, or the coder directly.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, Field

from ..records import Fact

__all__ = ["SeriesEntry", "FactSeries", "fact_series", "period_label", "format_amount", "is_full_year"]


class SeriesEntry(BaseModel):
    """One figure of a series."""

    period: str = Field(description='"2020", "Jan-Jul 2021", "2021-03-05..2021-06-30" or "undated"')
    period_start: date | None
    period_end: date | None
    kind: str
    value: float
    fact_id: str
    num_articles: int | None = None
    share_of_target: float | None = Field(default=None, description="actuals only: value / the target it is measured against")
    target_period: str | None = Field(default=None, description="the period of that target")


class FactSeries(BaseModel):
    """The figures of one indicator, one set of countries and one currency or unit."""

    indicator: str
    countries: list[str]
    currency: str | None
    unit: str | None
    actuals: list[SeriesEntry] = Field(default_factory=list)
    targets: list[SeriesEntry] = Field(default_factory=list)
    forecasts: list[SeriesEntry] = Field(default_factory=list)
    pledges: list[SeriesEntry] = Field(default_factory=list)
    latest_full_year: SeriesEntry | None = Field(default=None, description="the latest actual that covers one calendar year")
    share_of_target: float | None = Field(default=None, description="latest_full_year's share of its target")

    @property
    def title(self) -> str:
        measure = self.currency or self.unit or ""
        return f"{self.indicator} {'-'.join(self.countries) or '(no country)'} ({measure})"


def fact_series(facts: Iterable[Fact]) -> list[FactSeries]:
    """Group facts into series and compute each actual's share of its target."""
    groups: dict[tuple, list[Fact]] = {}
    for fact in facts:
        key = (fact.indicator, tuple(sorted(fact.countries)), fact.currency, None if fact.currency else fact.unit)
        groups.setdefault(key, []).append(fact)
    return [_series(key, members) for key, members in sorted(groups.items(), key=lambda item: _sortable(item[0]))]


def _sortable(key: tuple) -> tuple:
    return tuple("" if part is None else part for part in key)


def _series(key: tuple, facts: list[Fact]) -> FactSeries:
    indicator, countries, currency, unit = key
    series = FactSeries(indicator=indicator, countries=list(countries), currency=currency, unit=unit)
    by_kind = {"actual": series.actuals, "target": series.targets, "forecast": series.forecasts, "pledge": series.pledges}
    for fact in sorted(facts, key=_chronological):
        by_kind[fact.kind].append(
            SeriesEntry(
                period=period_label(fact.period_start, fact.period_end),
                period_start=fact.period_start,
                period_end=fact.period_end,
                kind=fact.kind,
                value=fact.value,
                fact_id=fact.fact_id,
                num_articles=fact.num_articles,
            )
        )
    for actual in series.actuals:
        target = _target_for(actual, series.targets)
        if target is not None and target.value:
            actual.share_of_target = actual.value / target.value
            actual.target_period = target.period
    full_years = [a for a in series.actuals if is_full_year(a.period_start, a.period_end)]
    if full_years:
        series.latest_full_year = full_years[-1]
        series.share_of_target = full_years[-1].share_of_target
    return series


def _chronological(fact: Fact) -> tuple:
    # Undated figures go last; among equal periods the shorter (earlier-ending) first.
    return (fact.period_start is None, fact.period_start or date.max, fact.period_end or date.max, fact.fact_id)


def _target_for(actual: SeriesEntry, targets: list[SeriesEntry]) -> SeriesEntry | None:
    """The first target whose period ends on or after the actual's; else the latest one."""
    dated = [t for t in targets if t.period_end is not None]
    if not dated:
        return targets[-1] if targets else None
    if actual.period_end is not None:
        ahead = [t for t in dated if t.period_end >= actual.period_end]
        if ahead:
            return min(ahead, key=lambda t: t.period_end)
    return max(dated, key=lambda t: t.period_end)


def is_full_year(start: date | None, end: date | None) -> bool:
    """Whether a period is one whole calendar year."""
    return start is not None and end is not None and start == date(start.year, 1, 1) and end == date(start.year, 12, 31)


def period_label(start: date | None, end: date | None) -> str:
    """A short name for a period: "2020", "Mar 2021", "Jan-Jul 2021", else its dates."""
    if start is None and end is None:
        return "undated"
    if start is None or end is None:
        return f"{start or '…'}..{end or '…'}"
    if is_full_year(start, end):
        return str(start.year)
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and start.year == end.year:
        first, last = calendar.month_abbr[start.month], calendar.month_abbr[end.month]
        return f"{first} {start.year}" if start.month == end.month else f"{first}-{last} {start.year}"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()}..{end.isoformat()}"


_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "mn"))


def format_amount(value: float, currency: str | None = None, unit: str | None = None) -> str:
    """A figure as a person writes it: "4.1 bn USD", "2,000 troops", "15 percent"."""
    if unit == "rank":
        return f"rank {value:g}"
    number = _format_number(value)
    measure = currency or (unit.replace("_", " ") if unit else "")
    return f"{number} {measure}".strip()


def _format_number(value: float) -> str:
    for factor, word in _SCALES:
        if abs(value) >= factor:
            return f"{value / factor:,.3g} {word}" if abs(value) < factor * 1000 else f"{value / factor:,.0f} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
