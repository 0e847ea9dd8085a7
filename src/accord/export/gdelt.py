"""Events as GDELT 2.0 event-table rows: 61 tab-separated columns in GDELT's order.

Tools written for GDELT read the file as they read GDELT's own exports. It has no
header line, as GDELT's files have none, unless ``header`` is asked for. Where Accord's
data differ from GDELT's, this is what is written:

- Day (SQLDATE, YYYYMMDD), MonthYear, Year and FractionDate come from the event's date.
  A date known only to the month or the year is written as its first day (2021-09 ->
  20210901). An event without a date gets its article's publication date; with neither,
  the four fields are empty.
- FractionDate follows GDELT's formula: year + (month * 30 + day) / 365, 4 decimals.
- Actor*CountryCode is the ISO 3166-1 alpha-3 code (GDELT's CAMEO country codes are
  the same letters for nearly every country); Actor*Type1Code is the sector (GOV, MIL);
  Actor*Name is the named person or organisation, else the words of the mention.
  KnownGroup, Ethnic, Religion and Type2/Type3 codes are left empty: Accord does not
  code them.
- Codes keep their leading zeros: EventCode "057", EventBaseCode "057", EventRootCode "05".
- AvgTone is empty: Accord does not score tone.
- Actor1Geo and Actor2Geo are empty (Accord places the event, not each actor).
  ActionGeo is the event's place: Type from its feature (1 country, 4 city, 5 region;
  3 and 2 for US cities and states), FullName its name, CountryCode the ISO alpha-3
  code Accord has (GDELT writes FIPS 10-4 here), Lat/Long, and FeatureID the GeoNames
  id. ADM1/ADM2 codes are empty.
- NumMentions, NumSources, NumArticles are the store's counts; an event straight from
  the coder (not stored) counts its mentions in its one article.
- DATEADDED is when the article that first told the event was coded (UTC,
  YYYYMMDDHHMMSS); SOURCEURL that article's URL, empty if it has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..records import ActorRef, Event, Fact, Location
from .base import ExportOptions

if TYPE_CHECKING:
    from ..query import ArticleSummary

__all__ = ["GDELT_COLUMNS", "GdeltExporter", "gdelt_row"]

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{field}" for field in _ACTOR_FIELDS),
    *(f"Actor2{field}" for field in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{field}" for field in _GEO_FIELDS),
    *(f"Actor2Geo_{field}" for field in _GEO_FIELDS),
    *(f"ActionGeo_{field}" for field in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)

# GDELT's geographic resolution codes.
_GEO_TYPE_WORLD = {
    "country": "1",
    "city": "4",
    "town": "4",
    "village": "4",
    "region": "5",
    "state": "5",
    "province": "5",
}
_GEO_TYPE_US = {"city": "3", "town": "3", "village": "3", "region": "2", "state": "2", "province": "2"}


def _text(value: object) -> str:
    """A field as GDELT writes it: empty for nothing, no tabs or line breaks inside."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _actor(ref: ActorRef | None) -> list[str]:
    if ref is None:
        return [""] * len(_ACTOR_FIELDS)
    return [_text(ref.code), _text(ref.name or ref.text), _text(ref.country), "", "", "", "", _text(ref.sector), "", ""]


def _geo(location: Location | None) -> list[str]:
    if location is None:
        return [""] * len(_GEO_FIELDS)
    feature = (location.feature or "").lower()
    types = _GEO_TYPE_US if location.country == "USA" and feature != "country" else _GEO_TYPE_WORLD
    return [
        types.get(feature, ""),
        _text(location.name),
        _text(location.country),
        "",
        "",
        "" if location.lat is None else str(location.lat),
        "" if location.lon is None else str(location.lon),
        "" if location.geonameid is None else str(location.geonameid),
    ]


def _event_day(event: Event, article: ArticleSummary | None) -> date | None:
    if event.date:
        parts = [int(part) for part in event.date.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])
    return article.published if article else None


def gdelt_row(event: Event, options: ExportOptions) -> list[str]:
    """The 61 fields of one event, as strings."""
    article = options.article(event.article_id)
    day = _event_day(event, article)
    if day is None:
        dates = ["", "", "", ""]
    else:
        fraction = day.year + (day.month * 30 + day.day) / 365
        dates = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]
    row = [
        _text(event.event_id),
        *dates,
        *_actor(event.source),
        *_actor(event.target),
        "1" if event.is_root_event else "0",
        event.cameo,
        event.cameo[:3],
        event.root,
        str(event.quad_class),
        _number(event.goldstein),
        str(event.num_mentions if event.num_mentions is not None else max(len(event.mentions), 1)),
        str(event.num_sources if event.num_sources is not None else 1),
        str(event.num_articles if event.num_articles is not None else 1),
        "",
        *_geo(None),
        *_geo(None),
        *_geo(event.location),
        article.coded_at.strftime("%Y%m%d%H%M%S") if article else "",
        _text(article.url) if article else "",
    ]
    assert len(row) == len(GDELT_COLUMNS)
    return row


class GdeltExporter:
    name = "gdelt"
    suffix = ".tsv"
    takes_facts = False

    def write(self, records: Iterable[Event | Fact], path: Path, options: ExportOptions) -> int:
        count = 0
        with open(path, "w", encoding="utf-8", newline="") as out:
            if options.header:
                out.write("\t".join(GDELT_COLUMNS) + "\n")
            for record in records:
                if not isinstance(record, Event):
                    raise ExportError("the gdelt format holds events only", item=str(path))
                out.write("\t".join(gdelt_row(record, options)) + "\n")
                count += 1
        return count
