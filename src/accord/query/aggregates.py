"""Summaries the dashboard draws, beyond what ``Database`` answers directly.

    from accord.query import Database, EventFilter
    from accord.query.aggregates import event_series, top_dyads, country_partners, actor_partners, event_places

    with Database("accord.duckdb") as db:
        event_series(db, EventFilter(actor_id="person:ilham-aliyev"), interval="year")
        top_dyads(db, EventFilter(since="2021-01-01"), limit=10)
        country_partners(db, "AZE")
        event_places(db, EventFilter(dyad="AZE-TUR"))

Each takes the same ``EventFilter`` as every other query (its ``limit``, ``cursor`` and
``order`` are ignored: these are aggregates, not pages), counts in SQL through the
store's backend with ``?`` parameters, and returns small pydantic models. Like the rest
of ``accord.query`` they look at an event's representative telling (its ``events``
row), except ``actor_partners``, which reads every mention, since that is where actor
ids live.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from ..errors import NotFoundError, QueryError
from .database import _INTERVALS, Database, Interval, SeriesPoint, _next_period
from .filters import MAX_LIMIT, EventFilter, event_where

__all__ = [
    "DyadSummary",
    "Partner",
    "Place",
    "PlaceEvent",
    "event_series",
    "top_dyads",
    "country_partners",
    "actor_partners",
    "event_places",
]

# Count per QuadClass and Goldstein of the events in a group, for every summary below.
_QUAD_COUNTS = (
    "sum(CASE WHEN {e}.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN {e}.quad_class = 2 THEN 1 ELSE 0 END), "
    "sum(CASE WHEN {e}.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN {e}.quad_class = 4 THEN 1 ELSE 0 END), "
    "avg({e}.goldstein)"
)


class DyadSummary(BaseModel):
    """Two countries and the events between them, in either direction."""

    dyad: str = Field(description="the pair in alphabetical order: AZE-TUR")
    first: str
    second: str
    events: int
    quad_1: int
    quad_2: int
    quad_3: int
    quad_4: int
    goldstein_mean: float
    last_day: date | None = Field(description="the latest event's day")


class Partner(BaseModel):
    """Someone an actor or a country dealt with, and how."""

    partner_id: str = Field(description="an actor id (person:..., org:...) or, for a country's partners, country:XXX")
    kind: str
    code: str | None
    country: str | None
    name: str | None
    events: int
    quad_1: int
    quad_2: int
    quad_3: int
    quad_4: int
    goldstein_mean: float


class PlaceEvent(BaseModel):
    """One event at a place, enough to list it and link to the sentence that tells it."""

    event_id: str
    date: str | None
    cameo: str
    event_name: str
    quad_class: int
    source_code: str | None
    target_code: str | None
    article_id: str
    sentence_index: int


class Place(BaseModel):
    """A point where events happened (events whose place was resolved to coordinates)."""

    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    quad_1: int
    quad_2: int
    quad_3: int
    quad_4: int
    goldstein_mean: float
    latest: list[PlaceEvent] = Field(default_factory=list, description="the newest events there, newest first")


def _query(db: Database, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return db.store.backend.query(sql, params)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"{limit!r} is outside 1..{MAX_LIMIT}", item="limit")


def event_series(db: Database, event_filter: EventFilter | None = None, *, interval: Interval = "month") -> list[SeriesPoint]:
    """Events matching any filter per period, as ``Database.dyad_series`` counts a dyad's:
    per QuadClass, mentions, Goldstein sum and mean, empty periods as zeros."""
    if interval not in _INTERVALS:
        raise QueryError(f"{interval!r} is not one of {', '.join(_INTERVALS)}", item="interval")
    where, args = event_where(event_filter or EventFilter(), with_cursor=False)
    # The interval is one of four fixed words (checked above), so it is written into the SQL.
    rows = _query(
        db,
        f"SELECT CAST(date_trunc('{interval}', e.event_day) AS DATE) AS period, count(*), {_QUAD_COUNTS.format(e='e')}, "
        "sum(e.num_mentions), sum(e.goldstein) "
        f"FROM events e WHERE e.event_day IS NOT NULL AND {where} GROUP BY period ORDER BY period",
        args,
    )
    found = {
        period: SeriesPoint(period=period, events=count, quad_1=q1, quad_2=q2, quad_3=q3, quad_4=q4,
                            mentions=mentions, goldstein_sum=total, goldstein_mean=mean)
        for period, count, q1, q2, q3, q4, mean, mentions, total in rows
    }  # fmt: skip
    if not found:
        return []
    points = []
    period, last = min(found), max(found)
    while period <= last:
        points.append(found.get(period) or SeriesPoint(
            period=period, events=0, quad_1=0, quad_2=0, quad_3=0, quad_4=0, mentions=0,
            goldstein_sum=0.0, goldstein_mean=None))  # fmt: skip
        period = _next_period(period, interval)
    return points


def top_dyads(db: Database, event_filter: EventFilter | None = None, *, limit: int = 20) -> list[DyadSummary]:
    """The pairs of countries with the most events between them, either direction together.

    Events within one country (both sides the same code) and events with one side
    unknown are not dyads and are left out.
    """
    _check_limit(limit)
    where, args = event_where(event_filter or EventFilter(), with_cursor=False)
    rows = _query(
        db,
        "SELECT least(e.source_country, e.target_country) AS first, greatest(e.source_country, e.target_country) AS second, "
        f"count(*) AS n, {_QUAD_COUNTS.format(e='e')}, max(e.event_day) "
        "FROM events e WHERE e.source_country IS NOT NULL AND e.target_country IS NOT NULL "
        f"AND e.source_country <> e.target_country AND {where} "
        "GROUP BY first, second ORDER BY n DESC, first, second LIMIT ?",
        [*args, limit],
    )
    return [
        DyadSummary(dyad=f"{first}-{second}", first=first, second=second, events=n, quad_1=q1, quad_2=q2,
                    quad_3=q3, quad_4=q4, goldstein_mean=mean, last_day=last)
        for first, second, n, q1, q2, q3, q4, mean, last in rows
    ]  # fmt: skip


def country_partners(
    db: Database, country: str, event_filter: EventFilter | None = None, *, limit: int = 30
) -> list[Partner]:
    """The countries that ``country`` had events with (either direction), most events first."""
    _check_limit(limit)
    code = EventFilter(country=country).country
    merged = (event_filter or EventFilter()).model_copy(update={"country": code})
    where, args = event_where(merged, with_cursor=False)
    rows = _query(
        db,
        "SELECT partner, count(*) AS n, " + _QUAD_COUNTS.format(e="sides") + " FROM ("
        "SELECT CASE WHEN e.source_country = ? THEN e.target_country ELSE e.source_country END AS partner, "
        f"e.quad_class, e.goldstein FROM events e WHERE {where}"
        ") sides WHERE partner IS NOT NULL AND partner <> ? GROUP BY partner ORDER BY n DESC, partner LIMIT ?",
        [code, *args, code, limit],
    )
    return [
        Partner(partner_id=f"country:{partner}", kind="country", code=partner, country=partner, name=None,
                events=n, quad_1=q1, quad_2=q2, quad_3=q3, quad_4=q4, goldstein_mean=mean)
        for partner, n, q1, q2, q3, q4, mean in rows
    ]  # fmt: skip


def actor_partners(db: Database, actor_id: str, *, limit: int = 30) -> list[Partner]:
    """The actors ``actor_id`` had events with, as each mention tells them, most events first.

    An event counts once per partner however many mentions name the pair; its
    QuadClass and Goldstein are those of the telling that names them.
    """
    _check_limit(limit)
    if not _query(db, "SELECT 1 FROM actors WHERE actor_id = ?", [actor_id]):
        raise NotFoundError("no stored actor has this id", item=f"actor {actor_id}")
    rows = _query(
        db,
        "SELECT a.actor_id, a.kind, a.code, a.country, a.name, count(*) AS n, " + _QUAD_COUNTS.format(e="pairs") + " "
        "FROM (SELECT DISTINCT event_id, partner, quad_class, goldstein FROM ("
        "SELECT m.event_id, m.target_actor_id AS partner, m.quad_class, m.goldstein FROM event_mentions m "
        "WHERE m.source_actor_id = ? "
        "UNION ALL SELECT m.event_id, m.source_actor_id, m.quad_class, m.goldstein FROM event_mentions m "
        "WHERE m.target_actor_id = ?) sides WHERE partner IS NOT NULL AND partner <> ?) pairs "
        "JOIN actors a ON a.actor_id = pairs.partner "
        "GROUP BY a.actor_id, a.kind, a.code, a.country, a.name ORDER BY n DESC, a.actor_id LIMIT ?",
        [actor_id, actor_id, actor_id, limit],
    )
    return [
        Partner(partner_id=partner, kind=kind, code=code, country=country, name=name, events=n,
                quad_1=q1, quad_2=q2, quad_3=q3, quad_4=q4, goldstein_mean=mean)
        for partner, kind, code, country, name, n, q1, q2, q3, q4, mean in rows
    ]  # fmt: skip


def event_places(
    db: Database, event_filter: EventFilter | None = None, *, limit: int = 500, latest: int = 3
) -> list[Place]:
    """The places with the most events (with coordinates), each with its newest few events.

    A place is a point: events at the same coordinates are counted together, under
    the name the first of them (alphabetically) gives it.
    """
    _check_limit(limit)
    if not 0 <= latest <= 20:
        raise QueryError(f"{latest!r} is outside 0..20", item="latest")
    where, args = event_where(event_filter or EventFilter(), with_cursor=False)
    located = f"e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL AND {where}"
    rows = _query(
        db,
        "SELECT e.location_lat, e.location_lon, min(e.location_name), min(e.location_country), count(*) AS n, "
        f"{_QUAD_COUNTS.format(e='e')} FROM events e WHERE {located} "
        "GROUP BY e.location_lat, e.location_lon ORDER BY n DESC, e.location_lat, e.location_lon LIMIT ?",
        [*args, limit],
    )
    places = {
        (lat, lon): Place(name=name, country=country, lat=lat, lon=lon, events=n, quad_1=q1, quad_2=q2,
                          quad_3=q3, quad_4=q4, goldstein_mean=mean)
        for lat, lon, name, country, n, q1, q2, q3, q4, mean in rows
    }  # fmt: skip
    if places and latest:
        # The newest events of the places kept above, ranked in SQL: the same ranking of
        # places again as a join (cheaper than a condition per place), and only the
        # columns a PlaceEvent needs in the window.
        for row in _query(
            db,
            "WITH kept AS (SELECT e.location_lat AS lat, e.location_lon AS lon, count(*) AS n FROM events e "
            f"WHERE {located} GROUP BY e.location_lat, e.location_lon ORDER BY n DESC, lat, lon LIMIT ?) "
            "SELECT location_lat, location_lon, event_id, date_value, cameo, event_name, quad_class, source_code, "
            "target_code, article_id, sentence_index FROM ("
            "SELECT e.location_lat, e.location_lon, e.event_id, e.date_value, e.cameo, e.event_name, e.quad_class, "
            "e.source_code, e.target_code, e.article_id, e.sentence_index, row_number() OVER ("
            "PARTITION BY e.location_lat, e.location_lon ORDER BY e.event_day DESC NULLS LAST, e.event_id DESC) AS newness "
            f"FROM events e JOIN kept ON e.location_lat = kept.lat AND e.location_lon = kept.lon WHERE {located}"
            ") ranked WHERE newness <= ? ORDER BY location_lat, location_lon, newness",
            [*args, limit, *args, latest],
        ):
            lat, lon, event_id, day, cameo, name, quad, source, target, article_id, sentence_index = row
            places[(lat, lon)].latest.append(
                PlaceEvent(event_id=str(event_id), date=day, cameo=cameo, event_name=name, quad_class=quad,
                           source_code=source, target_code=target, article_id=article_id, sentence_index=sentence_index)
            )  # fmt: skip
    return list(places.values())
