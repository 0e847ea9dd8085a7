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
  equal, and they come from different articles (within one article the coder already
  merged what it could; two undated events it kept apart stay apart);
- the same place, or either place unknown.

A figure (``Fact``) is the same as a stored one with the same indicator, the same set
of countries, the same kind and period, a value within 1%, and no disagreement on
currency or unit (either may be unknown).

Each function returns SQL and its parameters; the store runs them. Among several
matches the closest wins: the same full code (events) or the nearest value (facts),
then the oldest.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..records import Event, Fact
from .rows import countries_key

__all__ = ["event_candidates_sql", "fact_candidates_sql", "date_rank", "DAY_TOLERANCE", "VALUE_TOLERANCE"]

DAY_TOLERANCE = timedelta(days=1)
VALUE_TOLERANCE = 0.01

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def date_rank(precision: str | None, source: str | None) -> tuple[int, int]:
    """How much a date says: day > month > year > none; a date from the text beats the
    publication date used as a fallback."""
    return _PRECISION_RANK.get(precision or "", 0), 1 if source == "text" else 0


def _equal(column: str, value: Any) -> tuple[str, list[Any]]:
    """``column = ?``, or ``column IS NULL`` for a missing value (NULL never equals NULL)."""
    if value is None:
        return f"{column} IS NULL", []
    return f"{column} = ?", [value]


def _pair(first: str, second: str, values: tuple[Any, Any]) -> tuple[str, list[Any]]:
    first_sql, first_params = _equal(first, values[0])
    second_sql, second_params = _equal(second, values[1])
    return f"({first_sql} AND {second_sql})", first_params + second_params


def _either_order(first: str, second: str, values: tuple[Any, Any], reciprocal: bool) -> tuple[str, list[Any]]:
    """The pair in this order; or swapped, if this report or the stored one is reciprocal."""
    same_sql, same_params = _pair(first, second, values)
    swapped_sql, swapped_params = _pair(first, second, (values[1], values[0]))
    swapped_allowed = swapped_sql if reciprocal else f"(reciprocal AND {swapped_sql})"
    return f"({same_sql} OR {swapped_allowed})", same_params + swapped_params


def event_candidates_sql(event: Event, precision: str | None, day: date | None) -> tuple[str, list[Any]]:
    """A query for the ids of stored events that are the same as ``event``, best first.

    ``precision`` and ``day`` are the event's date as ``rows.parse_event_date`` checked it.
    """
    source_country = event.source.country if event.source else None
    target_country = event.target.country if event.target else None
    conditions = ["root = ?"]
    params: list[Any] = [event.root]

    dyad_sql, dyad_params = _either_order(
        "source_country", "target_country", (source_country, target_country), event.reciprocal
    )
    conditions.append(dyad_sql)
    params += dyad_params

    if precision == "day":
        assert day is not None
        conditions.append("date_precision = 'day' AND event_day BETWEEN ? AND ?")
        params += [day - DAY_TOLERANCE, day + DAY_TOLERANCE]
    elif precision is not None:
        conditions.append("date_precision = ? AND date_value = ?")
        params += [precision, event.date]
    else:
        # Undated: only the very same coding counts. The stored event always comes
        # from other articles: the article being written has no rows yet (a recode
        # deletes its old ones first), and events it creates are not candidates.
        source_code = event.source.code if event.source else None
        target_code = event.target.code if event.target else None
        codes_sql, codes_params = _either_order("source_code", "target_code", (source_code, target_code), event.reciprocal)
        conditions.append(f"date_value IS NULL AND cameo = ? AND {codes_sql}")
        params += [event.cameo, *codes_params]

    if event.location is not None:
        conditions.append("(location_name IS NULL OR lower(location_name) = lower(?))")
        params.append(event.location.name)

    sql = (
        "SELECT event_id FROM events WHERE "
        + " AND ".join(conditions)
        + " ORDER BY CASE WHEN cameo = ? THEN 0 ELSE 1 END, event_id"
    )
    return sql, params + [event.cameo]


def fact_candidates_sql(fact: Fact) -> tuple[str, list[Any]]:
    """A query for the ids of stored facts that report the same figure, best first."""
    conditions = ["indicator = ?", "countries_key = ?", "kind = ?"]
    params: list[Any] = [fact.indicator, countries_key(fact.countries), fact.kind]
    for column, value in (("period_start", fact.period_start), ("period_end", fact.period_end)):
        sql, column_params = _equal(column, value)
        conditions.append(sql)
        params += column_params
    conditions.append("abs(value - ?) <= ? * greatest(abs(value), abs(?))")
    params += [fact.value, VALUE_TOLERANCE, fact.value]
    for column, value in (("currency", fact.currency), ("unit", fact.unit)):
        if value is not None:
            conditions.append(f"({column} IS NULL OR {column} = ?)")
            params.append(value)
    sql = "SELECT fact_id FROM facts WHERE " + " AND ".join(conditions) + " ORDER BY abs(value - ?), fact_id"
    return sql, params + [fact.value]
