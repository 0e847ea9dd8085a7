"""Events as flat rows, one column per field: CSV (with a header) and Parquet.

The columns are ``FLAT_COLUMNS``; the actors are spread out as ``source_code``,
``source_country``, ... and the span as ``span_start``/``span_end``. Code columns
(``cameo``, ``root``) are strings and keep their leading zeros; in Parquet they are
typed as strings, so any reader gets "057", never 57. In CSV, read them as strings
(``pandas.read_csv(path, dtype=str)`` or ``dtype={"cameo": str, "root": str}``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ExportError
from ..records import ActorRef, Event, Fact
from .base import ExportOptions

__all__ = ["FLAT_COLUMNS", "PARQUET_SCHEMA", "flat_row", "write_csv", "CsvExporter", "ParquetExporter"]

_ACTOR_PARTS = ("code", "country", "sector", "name", "role", "actor_id")

# Column name -> Arrow type; the order is the column order of both formats.
_TYPES: dict[str, pa.DataType] = {
    "event_id": pa.string(),
    "date": pa.string(),
    "date_precision": pa.string(),
    "date_source": pa.string(),
    "cameo": pa.string(),
    "root": pa.string(),
    "event_name": pa.string(),
    "goldstein": pa.float64(),
    "quad_class": pa.int8(),
    "plover": pa.string(),
    "plover_mode": pa.string(),
    "plover_context": pa.string(),
    **{f"source_{part}": pa.string() for part in _ACTOR_PARTS},
    **{f"target_{part}": pa.string() for part in _ACTOR_PARTS},
    "reciprocal": pa.bool_(),
    "location_name": pa.string(),
    "location_country": pa.string(),
    "location_lat": pa.float64(),
    "location_lon": pa.float64(),
    "article_id": pa.string(),
    "sentence_index": pa.int32(),
    "span_start": pa.int32(),
    "span_end": pa.int32(),
    "trigger": pa.string(),
    "confidence": pa.float64(),
    "is_root_event": pa.bool_(),
    "num_mentions": pa.int32(),
    "num_articles": pa.int32(),
    "num_sources": pa.int32(),
}
FLAT_COLUMNS: tuple[str, ...] = tuple(_TYPES)
PARQUET_SCHEMA = pa.schema(list(_TYPES.items()))

_BATCH = 10_000


def _actor(side: str, ref: ActorRef | None) -> dict[str, Any]:
    return {f"{side}_{part}": (getattr(ref, part) if ref else None) for part in _ACTOR_PARTS}


def flat_row(event: Event) -> dict[str, Any]:
    """One event as {column: value}; values keep their Python types (None for missing)."""
    location = event.location
    row = {
        "event_id": event.event_id,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "cameo": event.cameo,
        "root": event.root,
        "event_name": event.event_name,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "plover_context": event.plover_context,
        **_actor("source", event.source),
        **_actor("target", event.target),
        "reciprocal": event.reciprocal,
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "location_lat": location.lat if location else None,
        "location_lon": location.lon if location else None,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "trigger": event.trigger,
        "confidence": event.confidence,
        "is_root_event": event.is_root_event,
        "num_mentions": event.num_mentions,
        "num_articles": event.num_articles,
        "num_sources": event.num_sources,
    }
    return row


def _events_only(records: Iterable[Event | Fact], fmt: str, path: object) -> Iterator[Event]:
    for record in records:
        if not isinstance(record, Event):
            raise ExportError(f"the {fmt} format holds events only", item=str(path))
        yield record


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(events: Iterable[Event], out: TextIO) -> int:
    """Write a header and one line per event to an open text stream."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    count = 0
    for event in events:
        row = flat_row(event)
        writer.writerow([_csv_value(row[column]) for column in FLAT_COLUMNS])
        count += 1
    return count


class CsvExporter:
    name = "csv"
    suffix = ".csv"
    takes_facts = False

    def write(self, records: Iterable[Event | Fact], path: Path, options: ExportOptions) -> int:
        with open(path, "w", encoding="utf-8", newline="") as out:
            return write_csv(_events_only(records, self.name, path), out)


class ParquetExporter:
    name = "parquet"
    suffix = ".parquet"
    takes_facts = False

    def write(self, records: Iterable[Event | Fact], path: Path, options: ExportOptions) -> int:
        count = 0
        # Written in batches so that a large export never holds every event in memory.
        with pq.ParquetWriter(path, PARQUET_SCHEMA) as writer:
            batch: list[dict[str, Any]] = []
            for event in _events_only(records, self.name, path):
                batch.append(flat_row(event))
                if len(batch) == _BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
                    count += len(batch)
                    batch = []
            if batch or count == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
                count += len(batch)
        return count
