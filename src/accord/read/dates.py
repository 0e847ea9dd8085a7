"""Publication dates as inputs write them, to ``datetime.date``.

ISO 8601 (with or without a time) and RFC 2822 (RSS) are parsed directly; anything else goes to
dateparser, restricted to absolute dates that give day, month and year. A relative
date ("yesterday") or a month alone would force Accord to invent the missing part,
and every event date resolved against the publication date would inherit the guess.

A date-time keeps the calendar day it names in its own time zone: an article
published at 23:30 on 2 May in Lima is dated 2 May, not 3 May (UTC).
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["parse_published"]

_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}


@functools.cache
def _dateparser():
    # Imported on first use: most inputs carry ISO dates and never need it.
    import dateparser

    return dateparser


def parse_published(value: object) -> date:
    """The calendar date ``value`` names; ValueError with a short reason if none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a {type(value).__name__}, not a date string")
    text = value.strip()
    if not text:
        raise ValueError("empty")
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        # RFC 2822, as RSS writes dates ("Fri, 04 Mar 2022 10:00:00 +0000"); far
        # quicker than dateparser, which a feed of a thousand items notices.
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    parsed = _dateparser().parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        raise ValueError("needs an absolute day, month and year")
    return parsed.date()
