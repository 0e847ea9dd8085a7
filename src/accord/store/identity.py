"""When two reports are the same event, or the same figure.

GDELT counts how often an event is told (NumMentions, NumArticles, NumSources). To do
the same, the store asks, for each event an article brings, whether an event already
stored is the same one. They are the same when all of these hold:

- the same CAMEO root code;
- the same dyad: source and target country equal, or swapped when either report
  calls the event reciprocal ("Azerbaijan and Turkey signed...");
- compatible dates: both to the day and at most one day apart (reports disagree by a
  day around midnight and time zones), or the same value at month or year precision.
  Two undated reports are the same only when their full code and both actor codes are
  equal (swapped, if reciprocal), and they come from different articles. Within one
  article the coder already merged what it could, so the store never matches an
  article's events with each other: it only looks at events stored before;
- the same place (by name, any case), or either place unknown.

Among several stored events that match, the closest wins: the same full CAMEO code
first, then the oldest.

A figure (``Fact``) is the same as a stored one with the same indicator, the same set
of countries, the same kind and period, a value within 1%, and no disagreement on
currency or unit (either may be unknown); the nearest value wins, then the oldest.

The rules are plain functions over ``EventKey`` / ``FactKey``. The store fetches the
few stored events or facts that could match an article in one query
(``event_candidates_sql``, ``fact_candidates_sql``), then applies the rules here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..records import Event, Fact
from .rows import countries_key, placeholders

__all__ = [
    "DAY_TOLERANCE",
    "VALUE_TOLERANCE",
    "EventKey",
    "FactKey",
    "date_rank",
    "same_event",
    "same_fact",
    "best_event",
    "best_fact",
    "event_candidates_sql",
    "fact_candidates_sql",
]

DAY_TOLERANCE = timedelta(days=1)
VALUE_TOLERANCE = 0.01

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def date_rank(precision: str | None, source: str | None) -> tuple[int, int]:
    """How much a date says: day > month > year > none; a date from the text beats the
    publication date used as a fallback."""
    return _PRECISION_RANK.get(precision or "", 0), 1 if source == "text" else 0


@dataclass(frozen=True)
class EventKey:
    """What identity looks at in an event, new or stored."""

    root: str
    cameo: str
    source_country: str | None
    target_country: str | None
    source_code: str | None
    target_code: str | None
    reciprocal: bool
    date_precision: str | None
    date_value: str | None
    day: date | None
    place: str | None
    date_source: str | None = None
    event_id: int | None = None

    @classmethod
    def of_event(cls, event: Event, precision: str | None, day: date | None) -> EventKey:
        return cls(
            root=event.root,
            cameo=event.cameo,
            source_country=event.source.country if event.source else None,
            target_country=event.target.country if event.target else None,
            source_code=event.source.code if event.source else None,
            target_code=event.target.code if event.target else None,
            reciprocal=event.reciprocal,
            date_precision=precision,
            date_value=event.date,
            day=day,
            place=event.location.name.lower() if event.location else None,
            date_source=event.date_source,
        )

    @classmethod
    def of_row(cls, row: Mapping[str, Any]) -> EventKey:
        """From a row of ``event_candidates_sql``."""
        return cls(
            root=row["root"],
            cameo=row["cameo"],
            source_country=row["source_country"],
            target_country=row["target_country"],
            source_code=row["source_code"],
            target_code=row["target_code"],
            reciprocal=row["reciprocal"],
            date_precision=row["date_precision"],
            date_value=row["date_value"],
            day=row["event_day"],
            place=row["location_name"].lower() if row["location_name"] else None,
            date_source=row["date_source"],
            event_id=row["event_id"],
        )


def _same_pair(first: tuple[Any, Any], second: tuple[Any, Any], either_order: bool) -> bool:
    return first == second or (either_order and first == (second[1], second[0]))


def same_event(new: EventKey, stored: EventKey) -> bool:
    """The identity rules above, for a new report and a stored event."""
    either_order = new.reciprocal or stored.reciprocal
    if new.root != stored.root:
        return False
    if not _same_pair(
        (new.source_country, new.target_country), (stored.source_country, stored.target_country), either_order
    ):
        return False
    if new.place and stored.place and new.place != stored.place:
        return False
    if new.date_precision != stored.date_precision:
        return False
    if new.date_precision == "day":
        assert new.day is not None and stored.day is not None
        return abs(new.day - stored.day) <= DAY_TOLERANCE
    if new.date_precision is not None:
        return new.date_value == stored.date_value
    return new.cameo == stored.cameo and _same_pair(
        (new.source_code, new.target_code), (stored.source_code, stored.target_code), either_order
    )


def best_event(new: EventKey, candidates: Sequence[EventKey]) -> EventKey | None:
    """The stored event this report joins, or None for a new event."""
    matches = [stored for stored in candidates if same_event(new, stored)]
    return min(matches, key=lambda stored: (stored.cameo != new.cameo, stored.event_id), default=None)


def event_candidates_sql(keys: Sequence[EventKey]) -> tuple[str, list[Any]]:
    """One query for every stored event that could match any of an article's reports.

    It narrows by root, by country and by date window; ``same_event`` decides.
    """
    roots = sorted({key.root for key in keys})
    conditions = [f"root IN ({placeholders(len(roots))})"]
    params: list[Any] = list(roots)

    countries = sorted({c for key in keys for c in (key.source_country, key.target_country) if c is not None})
    has_missing_country = any(key.source_country is None or key.target_country is None for key in keys)
    for column in ("source_country", "target_country"):
        options = [f"{column} IN ({placeholders(len(countries))})"] if countries else []
        if has_missing_country:
            options.append(f"{column} IS NULL")
        conditions.append(f"({' OR '.join(options)})")
        params += countries

    days = [key.day for key in keys if key.day is not None]
    windows = []
    if days:
        windows.append("event_day BETWEEN ? AND ?")
        # Clamped: a report dated 0001-01-01 or 9999-12-31 has no day beyond it.
        earliest = max(min(days), date.min + DAY_TOLERANCE) - DAY_TOLERANCE
        latest = min(max(days), date.max - DAY_TOLERANCE) + DAY_TOLERANCE
        params += [earliest, latest]
    if len(days) < len(keys):
        windows.append("event_day IS NULL")
    conditions.append(f"({' OR '.join(windows)})")

    sql = (
        "SELECT event_id, root, cameo, source_country, target_country, source_code, target_code, reciprocal, "
        "date_precision, date_value, date_source, event_day, location_name FROM events WHERE "
        + " AND ".join(conditions)
    )
    return sql, params


@dataclass(frozen=True)
class FactKey:
    """What identity looks at in a figure, new or stored."""

    indicator: str
    countries_key: str
    kind: str
    period_start: date | None
    period_end: date | None
    value: float
    currency: str | None
    unit: str | None
    fact_id: int | None = None

    @classmethod
    def of_fact(cls, fact: Fact) -> FactKey:
        return cls(
            fact.indicator,
            countries_key(fact.countries),
            fact.kind,
            fact.period_start,
            fact.period_end,
            fact.value,
            fact.currency,
            fact.unit,
        )

    @classmethod
    def of_row(cls, row: Mapping[str, Any]) -> FactKey:
        """From a row of ``fact_candidates_sql``."""
        return cls(
            row["indicator"],
            row["countries_key"],
            row["kind"],
            row["period_start"],
            row["period_end"],
            row["value"],
            row["currency"],
            row["unit"],
            row["fact_id"],
        )


def _agree(first: str | None, second: str | None) -> bool:
    return first is None or second is None or first == second


def same_fact(new: FactKey, stored: FactKey) -> bool:
    return (
        (new.indicator, new.countries_key, new.kind, new.period_start, new.period_end)
        == (stored.indicator, stored.countries_key, stored.kind, stored.period_start, stored.period_end)
        and abs(new.value - stored.value) <= VALUE_TOLERANCE * max(abs(new.value), abs(stored.value))
        and _agree(new.currency, stored.currency)
        and _agree(new.unit, stored.unit)
    )


def best_fact(new: FactKey, candidates: Sequence[FactKey]) -> FactKey | None:
    matches = [stored for stored in candidates if same_fact(new, stored)]
    return min(matches, key=lambda stored: (abs(stored.value - new.value), stored.fact_id), default=None)


def fact_candidates_sql(keys: Sequence[FactKey]) -> tuple[str, list[Any]]:
    """One query for every stored fact with an indicator and countries of the article's."""
    indicators = sorted({key.indicator for key in keys})
    country_keys = sorted({key.countries_key for key in keys})
    sql = (
        "SELECT fact_id, indicator, countries_key, kind, period_start, period_end, value, currency, unit "
        f"FROM facts WHERE indicator IN ({placeholders(len(indicators))}) "
        f"AND countries_key IN ({placeholders(len(country_keys))})"
    )
    return sql, [*indicators, *country_keys]
