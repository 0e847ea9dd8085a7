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
from .rows import countries_key

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


def _wanted(columns: Sequence[tuple[str, str]], rows: set[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    """A derived table ``wanted`` with one row per tuple of ``rows``, passed as one
    array parameter per column: the same in DuckDB and PostgreSQL, and the number of
    parameters does not grow with the batch."""
    ordered = sorted(rows, key=repr)
    selects = ", ".join(f"unnest(CAST(? AS {kind}[])) AS {name}" for name, kind in columns)
    return f"(SELECT {selects}) AS wanted", [[row[i] for row in ordered] for i in range(len(columns))]


def event_candidates_sql(keys: Sequence[EventKey]) -> tuple[str, list[Any]]:
    """One query for every stored event that could match any of these reports.

    It joins the events table with the reports' own (root, country pair, day window)
    rather than asking for every event with any of their roots, countries and dates:
    that grew with the database, because a batch's reports span years and dozens of
    countries. ``same_event`` decides among what it returns.
    """
    wanted = set()
    for key in keys:
        if key.day is not None:
            # Clamped: a report dated 0001-01-01 or 9999-12-31 has no day beyond it.
            first = max(key.day, date.min + DAY_TOLERANCE) - DAY_TOLERANCE
            last = min(key.day, date.max - DAY_TOLERANCE) + DAY_TOLERANCE
        else:
            first = last = None
        source, target = key.source_country or "", key.target_country or ""
        # Both orders: a reciprocal report on either side matches the pair swapped.
        wanted.add((key.root, source, target, first, last))
        wanted.add((key.root, target, source, first, last))
    table, params = _wanted(
        [
            ("root", "VARCHAR"),
            ("source_country", "VARCHAR"),
            ("target_country", "VARCHAR"),
            ("first_day", "DATE"),
            ("last_day", "DATE"),
        ],
        wanted,
    )
    sql = (
        "SELECT DISTINCT e.event_id, e.root, e.cameo, e.source_country, e.target_country, e.source_code, "
        "e.target_code, e.reciprocal, e.date_precision, e.date_value, e.date_source, e.event_day, e.location_name "
        f"FROM events AS e JOIN {table} ON e.root = wanted.root "
        "AND coalesce(e.source_country, '') = wanted.source_country "
        "AND coalesce(e.target_country, '') = wanted.target_country "
        "AND (e.event_day BETWEEN wanted.first_day AND wanted.last_day "
        "OR (wanted.first_day IS NULL AND e.event_day IS NULL))"
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
    """One query for every stored fact with the indicator, countries, kind and period of
    one of these figures (``same_fact`` needs all of them equal)."""
    wanted = {(k.indicator, k.countries_key, k.kind, k.period_start, k.period_end) for k in keys}
    table, params = _wanted(
        [
            ("indicator", "VARCHAR"),
            ("countries_key", "VARCHAR"),
            ("kind", "VARCHAR"),
            ("period_start", "DATE"),
            ("period_end", "DATE"),
        ],
        wanted,
    )
    sql = (
        "SELECT DISTINCT f.fact_id, f.indicator, f.countries_key, f.kind, f.period_start, f.period_end, "
        f"f.value, f.currency, f.unit FROM facts AS f JOIN {table} ON f.indicator = wanted.indicator "
        "AND f.countries_key = wanted.countries_key AND f.kind = wanted.kind "
        "AND f.period_start IS NOT DISTINCT FROM wanted.period_start "
        "AND f.period_end IS NOT DISTINCT FROM wanted.period_end"
    )
    return sql, params
