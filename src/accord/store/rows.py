"""Turning records into table rows and rows back into records.

The ``events`` and ``event_mentions`` tables share one set of "coded" columns (what an
article's coding said about an event), and so do ``facts`` and ``fact_sources``. The
column lists are defined here once; the insert statements and the record rebuilding
both follow them, so a field added to the record model needs one edit here and one
migration.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..errors import StoreWriteError
from ..records import ActorRef, Event, Fact, Location, Mention, Span

__all__ = [
    "ACTOR_PARTS",
    "EVENT_COLUMNS",
    "FACT_COLUMNS",
    "actor_id_for",
    "countries_key",
    "event_values",
    "event_from_row",
    "fact_values",
    "fact_from_row",
    "MENTION_COLUMNS",
    "mention_from_row",
    "parse_event_date",
    "placeholders",
    "any_of",
]

# The parts of an ActorRef stored for an event's source and target, in column order.
ACTOR_PARTS = ("code", "country", "sector", "name", "role", "rank", "kind", "actor_id", "text", "start", "end")

EVENT_COLUMNS: tuple[str, ...] = (
    "cameo",
    "root",
    "event_name",
    "goldstein",
    "quad_class",
    "plover",
    "plover_mode",
    "plover_context",
    *(f"source_{part}" for part in ACTOR_PARTS),
    *(f"target_{part}" for part in ACTOR_PARTS),
    "reciprocal",
    "date_value",
    "date_precision",
    "date_source",
    "date_text",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "location_feature",
    "location_geonameid",
    "location_start",
    "location_end",
    "article_id",
    "sentence_index",
    "char_start",
    "char_end",
    "trigger",
    "trigger_start",
    "trigger_end",
    "confidence",
    "is_root_event",
)

FACT_COLUMNS: tuple[str, ...] = (
    "indicator",
    "countries_key",
    "value",
    "currency",
    "unit",
    "period_start",
    "period_end",
    "period_text",
    "kind",
    "rank",
    "article_id",
    "sentence_index",
    "char_start",
    "char_end",
    "text",
    "confidence",
)

_DATE_FORMS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


def placeholders(count: int) -> str:
    """``?, ?, ?`` for an IN list or a VALUES row of ``count`` parameters."""
    return ", ".join("?" * count)


# Up to this many values go in as ``IN (?, ?, ...)``, more as one list: ``= ANY(?)``.
# DuckDB binds each parameter on its own (about 0.1 ms each, so 2,000 ids cost 200 ms
# before the query starts) but filters a short IN list faster than ANY. PostgreSQL takes
# both forms.
_SHORT_LIST = 200


def any_of(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """A condition "``column`` is one of ``values``" and its parameters (FALSE for none)."""
    values = list(values)
    if not values:
        return "FALSE", []
    if len(values) <= _SHORT_LIST:
        return f"{column} IN ({placeholders(len(values))})", values
    return f"{column} = ANY(?)", [values]


def parse_event_date(value: str | None, precision: str | None, *, item: str) -> tuple[str | None, date | None]:
    """Check an event's date and return (precision, first day of it).

    The precision is taken from the form of the value when the record leaves it out.
    A month or a year counts from its first day, the same convention GDELT's SQLDATE
    uses, so "2021-09" sorts and filters as 2021-09-01.
    """
    if value is None:
        return None, None
    read = _read_event_date(value, precision)
    if isinstance(read, str):
        raise StoreWriteError(read, item=item)
    return read


# A store asks each event's date three times, and an article's events share a few dates.
@functools.lru_cache(maxsize=4096)
def _read_event_date(value: str, precision: str | None) -> tuple[str, date] | str:
    """(precision, first day), or what is wrong with the value."""
    form = next((name for name, pattern in _DATE_FORMS.items() if pattern.match(value)), None)
    if form is None or (precision is not None and precision != form):
        return f"event date {value!r} does not have the form of precision {precision or 'day/month/year'}"
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        return form, date(parts[0], parts[1], parts[2])
    except ValueError:
        return f"event date {value!r} is not a calendar date"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def actor_id_for(ref: ActorRef) -> str:
    """The canonical id of an actor: the coder's, or one made from its name or code.

    Named actors are keyed by kind and name (``person:hulusi-akar``) so the same person
    is one actor whatever code an article gives them; unnamed ones by code
    (``country:TUR`` for a bare country, ``code:TURMIL`` for a country's sector).
    """
    if ref.actor_id:
        return ref.actor_id
    if ref.name and _slug(ref.name):
        return f"{ref.kind}:{_slug(ref.name)}"
    if ref.country and ref.code == ref.country:
        return f"country:{ref.code}"
    return f"code:{ref.code}"


def countries_key(countries: Sequence[str]) -> str:
    """The same set of countries always gives the same key: sorted, unique, comma-joined."""
    return ",".join(sorted({country.upper() for country in countries}))


def _actor_values(ref: ActorRef | None) -> list[Any]:
    if ref is None:
        return [None] * len(ACTOR_PARTS)
    start, end = ref.span if ref.span else (None, None)
    return [
        ref.code,
        ref.country,
        ref.sector,
        ref.name,
        ref.role,
        ref.rank,
        ref.kind,
        actor_id_for(ref),
        ref.text,
        start,
        end,
    ]


def event_values(
    event: Event,
    *,
    article_id: str,
    sentence_index: int,
    span: Span,
    trigger: str | None,
    trigger_span: Span | None,
) -> list[Any]:
    """Values for EVENT_COLUMNS: the event as coded, told at one place in one article."""
    location = event.location
    location_span = location.span if location and location.span else (None, None)
    trigger_start, trigger_end = trigger_span if trigger_span else (None, None)
    precision, _ = parse_event_date(event.date, event.date_precision, item=f"{article_id} event {event.event_id}")
    return [
        event.cameo,
        event.root,
        event.event_name,
        event.goldstein,
        event.quad_class,
        event.plover,
        event.plover_mode,
        event.plover_context,
        *_actor_values(event.source),
        *_actor_values(event.target),
        event.reciprocal,
        event.date,
        precision,
        event.date_source,
        event.date_text,
        location.name if location else None,
        location.country if location else None,
        location.lat if location else None,
        location.lon if location else None,
        location.feature if location else None,
        location.geonameid if location else None,
        *location_span,
        article_id,
        sentence_index,
        span[0],
        span[1],
        trigger,
        trigger_start,
        trigger_end,
        event.confidence,
        event.is_root_event,
    ]


def _span(start: Any, end: Any) -> Span | None:
    return None if start is None or end is None else (int(start), int(end))


def _actor_from_row(row: Mapping[str, Any], side: str) -> ActorRef | None:
    if row[f"{side}_code"] is None:
        return None
    return ActorRef(
        code=row[f"{side}_code"],
        country=row[f"{side}_country"],
        sector=row[f"{side}_sector"],
        name=row[f"{side}_name"],
        role=row[f"{side}_role"],
        rank=row[f"{side}_rank"],
        kind=row[f"{side}_kind"] or "country",
        actor_id=row[f"{side}_actor_id"],
        text=row[f"{side}_text"],
        span=_span(row[f"{side}_start"], row[f"{side}_end"]),
    )


# The columns of event_mentions that ``mention_from_row`` reads.
MENTION_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "sentence_index",
    "char_start",
    "char_end",
    "trigger",
    "cameo",
    *(f"source_{part}" for part in ACTOR_PARTS),
    *(f"target_{part}" for part in ACTOR_PARTS),
)


def mention_from_row(row: Mapping[str, Any], event: Event) -> Mention:
    """A stored mention; its code and actors are given only where they differ from the
    event's, as ``records.Mention`` asks ("A met B and C": the second mention names C)."""
    source = _actor_from_row(row, "source")
    target = _actor_from_row(row, "target")
    return Mention(
        article_id=row["article_id"],
        sentence_index=row["sentence_index"],
        span=(row["char_start"], row["char_end"]),
        trigger=row["trigger"],
        cameo=row["cameo"] if row["cameo"] != event.cameo else None,
        source=None if _same_actor(source, event.source) else source,
        target=None if _same_actor(target, event.target) else target,
    )


def _same_actor(first: ActorRef | None, second: ActorRef | None) -> bool:
    """The same actor, wherever in the text each was named."""
    if first is None or second is None:
        return first is second
    return (first.code, first.actor_id, first.name) == (second.code, second.actor_id, second.name)


def event_from_row(row: Mapping[str, Any], mentions: list[Mention]) -> Event:
    """Rebuild a stored event (a row of ``events``) with its mentions."""
    location = None
    if row["location_name"] is not None:
        location = Location(
            name=row["location_name"],
            country=row["location_country"],
            lat=row["location_lat"],
            lon=row["location_lon"],
            feature=row["location_feature"],
            geonameid=row["location_geonameid"],
            span=_span(row["location_start"], row["location_end"]),
        )
    return Event(
        event_id=str(row["event_id"]),
        article_id=row["article_id"],
        cameo=row["cameo"],
        root=row["root"],
        event_name=row["event_name"],
        goldstein=row["goldstein"],
        quad_class=row["quad_class"],
        plover=row["plover"],
        plover_mode=row["plover_mode"],
        plover_context=row["plover_context"],
        source=_actor_from_row(row, "source"),
        target=_actor_from_row(row, "target"),
        reciprocal=row["reciprocal"],
        date=row["date_value"],
        date_precision=row["date_precision"],
        date_source=row["date_source"],
        date_text=row["date_text"],
        location=location,
        sentence_index=row["sentence_index"],
        span=(row["char_start"], row["char_end"]),
        trigger=row["trigger"],
        trigger_span=_span(row["trigger_start"], row["trigger_end"]),
        confidence=row["confidence"],
        is_root_event=row["is_root_event"],
        mentions=mentions,
        num_mentions=row["num_mentions"],
        num_articles=row["num_articles"],
        num_sources=row["num_sources"],
    )


def fact_values(fact: Fact, *, article_id: str) -> list[Any]:
    """Values for FACT_COLUMNS: the figure as one article reported it."""
    return [
        fact.indicator,
        countries_key(fact.countries),
        fact.value,
        fact.currency,
        fact.unit,
        fact.period_start,
        fact.period_end,
        fact.period_text,
        fact.kind,
        fact.rank,
        article_id,
        fact.sentence_index,
        fact.span[0],
        fact.span[1],
        fact.text,
        fact.confidence,
    ]


def fact_from_row(row: Mapping[str, Any], sources: list[Mention]) -> Fact:
    """Rebuild a stored fact (a row of ``facts``) with the sentences that reported it."""
    return Fact(
        fact_id=str(row["fact_id"]),
        article_id=row["article_id"],
        indicator=row["indicator"],
        countries=row["countries_key"].split(",") if row["countries_key"] else [],
        value=row["value"],
        currency=row["currency"],
        unit=row["unit"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        period_text=row["period_text"],
        kind=row["kind"],
        rank=row["rank"],
        sentence_index=row["sentence_index"],
        span=(row["char_start"], row["char_end"]),
        text=row["text"],
        confidence=row["confidence"],
        sources=sources,
        num_articles=row["num_articles"],
        num_sources=row["num_sources"],
    )
