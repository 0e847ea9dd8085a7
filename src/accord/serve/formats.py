"""JSON or CSV: every list endpoint answers in either, chosen by ``?format=`` or ``Accept``.

``?format=csv`` (or ``json``) wins; without it, an ``Accept`` header that names
``text/csv`` before any JSON type gets CSV; everything else gets JSON.

CSV rows are the list's items flattened: a nested object's fields become
``parent_field`` columns (``source_code``), a list of plain values one cell joined
with ``; ``, and lists of objects (an event's mentions, a fact's sources) are left
out, since a cell cannot hold them; JSON has them. The columns come from the item's
model, so an empty list still has its header line. Events use the export format's
flat columns (``accord export --format csv``), so a downloaded page and an export read
the same.
"""

from __future__ import annotations

import csv
import io
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ..errors import QueryError
from ..export.flat import write_csv
from ..records import Event

__all__ = ["Format", "output_format", "csv_columns", "csv_rows", "csv_response", "events_csv_response"]

Format = Literal["json", "csv"]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def output_format(
    request: Request,
    format: str | None = Query(
        None, description="json (the default) or csv; an Accept: text/csv header asks for CSV too."
    ),
) -> Format:
    """The format a list endpoint answers in (a FastAPI dependency)."""
    if format is not None:
        wanted = format.strip().lower()
        if wanted not in ("json", "csv"):
            raise QueryError(f"{format!r} is not a format this API writes: json or csv", item="format")
        return typing.cast(Format, wanted)
    return "csv" if _prefers_csv(request.headers.get("accept", "")) else "json"


def _prefers_csv(accept: str) -> bool:
    # Media types in the order given; quality values are rare from the clients that
    # ask for CSV (curl, spreadsheets, pandas), so the first named of the two wins.
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media == "text/csv":
            return True
        if media in ("application/json", "application/*"):
            return False
    return False


def _unwrap(annotation: Any) -> Any:
    """``X | None`` -> ``X``; other annotations as they are."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_list_of_models(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list and any(_is_model(arg) for arg in typing.get_args(annotation))


def csv_columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The flat column names of a model's CSV rows, nested models spread out."""
    columns: list[str] = []
    for name, field in model.model_fields.items():
        annotation = _unwrap(field.annotation)
        if _is_model(annotation):
            columns += csv_columns(annotation, prefix=f"{prefix}{name}_")
        elif not _is_list_of_models(annotation):
            columns.append(f"{prefix}{name}")
    return columns


def _flatten(value: dict[str, Any], prefix: str, into: dict[str, Any]) -> None:
    for name, item in value.items():
        key = f"{prefix}{name}"
        if isinstance(item, dict):
            _flatten(item, f"{key}_", into)
        elif isinstance(item, list):
            if all(not isinstance(element, (dict, list)) for element in item):
                into[key] = "; ".join(str(element) for element in item)
        elif isinstance(item, bool):
            into[key] = "true" if item else "false"
        else:
            into[key] = "" if item is None else item


def csv_rows(items: Iterable[BaseModel], columns: Sequence[str]) -> str:
    """The items as CSV text with a header line (JSON-mode values: dates as ISO text)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for item in items:
        flat: dict[str, Any] = {}
        _flatten(item.model_dump(mode="json"), "", flat)
        writer.writerow(flat)
    return out.getvalue()


def csv_response(items: Iterable[BaseModel], model: type[BaseModel], *, headers: dict[str, str] | None = None) -> Response:
    return Response(csv_rows(items, csv_columns(model)), media_type=CSV_MEDIA_TYPE, headers=headers)


def events_csv_response(events: Iterable[Event], *, headers: dict[str, str] | None = None) -> Response:
    out = io.StringIO()
    write_csv(events, out)
    return Response(out.getvalue(), media_type=CSV_MEDIA_TYPE, headers=headers)
