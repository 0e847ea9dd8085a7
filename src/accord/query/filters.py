"""The filters every way of asking for events shares: CLI options, Python keywords, HTTP
query parameters.

    EventFilter(dyad="AZE-TUR", root="05", since="2021-01-01")

A value that makes no sense raises ``QueryError`` naming the parameter and the value,
whatever the way in (pydantic's own errors are turned into ``QueryError`` too), so the
CLI can print one line and the HTTP API can answer 400 with it.

Results come ordered by event date, then id (undated events last); ``cursor`` is the
opaque position after the last event of a page, so paging stays stable while new
events arrive.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import QueryError
from ..ontology.cameo import cameo_codes

__all__ = ["EventFilter", "FactFilter", "MAX_LIMIT", "MAX_OFFSET", "encode_cursor", "decode_cursor", "event_where", "event_order"]

MAX_LIMIT = 10_000
# Beyond any store's size, and well inside the 64-bit integers the engines take.
MAX_OFFSET = 1_000_000_000

_COUNTRY = re.compile(r"^[A-Z]{3}$")
_DYAD = re.compile(r"^([A-Z]{3})-([A-Z]{3})$")
_CODE = re.compile(r"^\d{2,4}$")


def _country(parameter: str, value: str) -> str:
    # Form only, not membership: actor countries include CAMEO's non-state codes (IGO,
    # NGO, regions such as EUR), and a well-formed code no event has simply matches nothing.
    code = value.strip().upper()
    if not _COUNTRY.match(code):
        raise QueryError(f"{value!r} is not a three-letter country code such as AZE", item=parameter)
    return code


def _query_error(exc: ValidationError) -> QueryError:
    error = exc.errors()[0]
    parameter = ".".join(str(part) for part in error["loc"]) or "filter"
    if error["type"] == "extra_forbidden":
        return QueryError("is not a filter Accord knows", item=parameter)
    return QueryError(f"{error['input']!r}: {error['msg']}", item=parameter)


class _Filter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        # An empty form field or "--country ''" means "no filter", not "country ''".
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if not (isinstance(value, str) and not value.strip())}
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _errors_are_query_errors(cls, data: Any, handler: Any) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            raise _query_error(exc) from None


class EventFilter(_Filter):
    """Which events to return. Every field is optional; given ones must all hold."""

    country: str | None = None
    """ISO alpha-3 code of a country on either side."""
    dyad: str | None = None
    """Two countries, ``AZE-TUR``: in either direction unless ``directed``."""
    directed: bool = False
    source: str | None = None
    target: str | None = None
    root: str | None = None
    """CAMEO root code, ``05``."""
    code: str | None = None
    """A CAMEO code or a prefix of codes: ``057``, ``05``, ``0871``."""
    quad: int | None = None
    """QuadClass 1-4: verbal/material cooperation, verbal/material conflict."""
    since: date | None = None
    until: date | None = None
    article_id: str | None = None
    actor_id: str | None = None
    text: str | None = None
    """Words that occur in a sentence telling the event (any case)."""
    limit: int = 100
    cursor: str | None = None
    order: Literal["asc", "desc"] = "asc"

    @field_validator("country", "source", "target")
    @classmethod
    def _check_country(cls, value: str | None, info: Any) -> str | None:
        return None if value is None else _country(info.field_name, value)

    @field_validator("dyad")
    @classmethod
    def _check_dyad(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _DYAD.match(value.strip().upper()):
            raise QueryError(f"{value!r} is not two country codes joined by '-', such as AZE-TUR", item="dyad")
        return value.strip().upper()

    @field_validator("root")
    @classmethod
    def _check_root(cls, value: str | None) -> str | None:
        if value is None:
            return None
        root = value.strip().zfill(2)
        if not (root.isdigit() and root in cameo_codes() and len(root) == 2):
            raise QueryError(f"{value!r} is not a CAMEO root code (01 to 20)", item="root")
        return root

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip()
        if not _CODE.match(code) or not any(known.startswith(code) for known in cameo_codes()):
            raise QueryError(f"{value!r} is not a CAMEO code or the start of one (e.g. 057)", item="code")
        return code

    @field_validator("quad")
    @classmethod
    def _check_quad(cls, value: int | None) -> int | None:
        if value is not None and value not in (1, 2, 3, 4):
            raise QueryError(f"{value!r} is not a QuadClass (1 to 4)", item="quad")
        return value

    @field_validator("limit")
    @classmethod
    def _check_limit(cls, value: int) -> int:
        if not 1 <= value <= MAX_LIMIT:
            raise QueryError(f"{value!r} is outside 1..{MAX_LIMIT}", item="limit")
        return value

    @field_validator("text")
    @classmethod
    def _check_text(cls, value: str | None) -> str | None:
        return None if value is None else value.strip()

    @model_validator(mode="after")
    def _check_together(self) -> EventFilter:
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"since {self.since} is after until {self.until}", item="since")
        if self.cursor is not None:
            decode_cursor(self.cursor, self.order)
        return self

    @property
    def dyad_pair(self) -> tuple[str, str] | None:
        if self.dyad is None:
            return None
        first, second = self.dyad.split("-")
        return first, second


class FactFilter(_Filter):
    """Which reported figures to return."""

    countries: list[str] | None = None
    """Facts about all of these countries (and maybe others)."""
    indicator: str | None = None
    kind: Literal["actual", "target", "forecast", "pledge"] | None = None
    article_id: str | None = None
    limit: int = 100

    @field_validator("countries", mode="before")
    @classmethod
    def _split_countries(cls, value: Any) -> Any:
        # "AZE,TUR" from a command line or a URL means the list ["AZE", "TUR"].
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        return value

    @field_validator("countries")
    @classmethod
    def _check_countries(cls, value: list[str] | None) -> list[str] | None:
        return None if not value else [_country("countries", code) for code in value]

    @field_validator("limit")
    @classmethod
    def _check_limit(cls, value: int) -> int:
        if not 1 <= value <= MAX_LIMIT:
            raise QueryError(f"{value!r} is outside 1..{MAX_LIMIT}", item="limit")
        return value


# -- cursors --------------------------------------------------------------------


def encode_cursor(day: date | None, event_id: int, order: str) -> str:
    """The position after an event, as an opaque URL-safe string."""
    payload = json.dumps({"d": day.isoformat() if day else None, "i": event_id, "o": order}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: str) -> tuple[date | None, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        day = date.fromisoformat(payload["d"]) if payload["d"] is not None else None
        event_id = int(payload["i"])
        cursor_order = payload["o"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise QueryError(f"{cursor!r} is not a cursor this query returned", item="cursor") from None
    if cursor_order != order:
        raise QueryError(f"the cursor was made for order {cursor_order!r}, not {order!r}", item="cursor")
    return day, event_id


# -- SQL --------------------------------------------------------------------------


def event_where(event_filter: EventFilter, *, alias: str = "e", with_cursor: bool = True) -> tuple[str, list[Any]]:
    """The WHERE clause (without the keyword; ``TRUE`` when empty) and its parameters.

    Country, dyad, code and date conditions look at an event's representative telling,
    the columns the indexes cover; ``article_id``, ``actor_id`` and ``text`` look at every
    mention.
    """
    e = alias
    conditions: list[str] = []
    params: list[Any] = []
    f = event_filter
    if f.country:
        conditions.append(f"({e}.source_country = ? OR {e}.target_country = ?)")
        params += [f.country, f.country]
    if f.dyad_pair:
        first, second = f.dyad_pair
        if f.directed:
            conditions.append(f"({e}.source_country = ? AND {e}.target_country = ?)")
            params += [first, second]
        else:
            conditions.append(
                f"(({e}.source_country = ? AND {e}.target_country = ?) OR ({e}.source_country = ? AND {e}.target_country = ?))"
            )
            params += [first, second, second, first]
    if f.source:
        conditions.append(f"{e}.source_country = ?")
        params.append(f.source)
    if f.target:
        conditions.append(f"{e}.target_country = ?")
        params.append(f.target)
    if f.root:
        conditions.append(f"{e}.root = ?")
        params.append(f.root)
    if f.code:
        # The code is digits only (checked above), so it cannot carry LIKE wildcards.
        conditions.append(f"{e}.cameo LIKE ?")
        params.append(f"{f.code}%")
    if f.quad:
        conditions.append(f"{e}.quad_class = ?")
        params.append(f.quad)
    if f.since:
        conditions.append(f"{e}.event_day >= ?")
        params.append(f.since)
    if f.until:
        conditions.append(f"{e}.event_day <= ?")
        params.append(f.until)
    if f.article_id:
        conditions.append(
            f"EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = {e}.event_id AND m.article_id = ?)"
        )
        params.append(f.article_id)
    if f.actor_id:
        conditions.append(
            f"EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = {e}.event_id "
            "AND (m.source_actor_id = ? OR m.target_actor_id = ?))"
        )
        params += [f.actor_id, f.actor_id]
    if f.text:
        conditions.append(
            f"EXISTS (SELECT 1 FROM event_mentions m JOIN sentences s "
            "ON s.article_id = m.article_id AND s.sentence_index = m.sentence_index "
            f"WHERE m.event_id = {e}.event_id AND strpos(lower(s.text), lower(?)) > 0)"
        )
        params.append(f.text)
    if with_cursor and f.cursor:
        day, event_id = decode_cursor(f.cursor, f.order)
        after = ">" if f.order == "asc" else "<"
        if day is None:
            conditions.append(f"({e}.event_day IS NULL AND {e}.event_id {after} ?)")
            params.append(event_id)
        else:
            conditions.append(
                f"({e}.event_day {after} ? OR ({e}.event_day = ? AND {e}.event_id {after} ?) OR {e}.event_day IS NULL)"
            )
            params += [day, day, event_id]
    return (" AND ".join(conditions) or "TRUE"), params


def event_order(event_filter: EventFilter, *, alias: str = "e") -> str:
    """ORDER BY for the filter's order: by date, then id; undated events last either way."""
    direction = "ASC" if event_filter.order == "asc" else "DESC"
    return f"{alias}.event_day {direction} NULLS LAST, {alias}.event_id {direction}"
