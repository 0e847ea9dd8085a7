"""Choosing JSON or CSV, and flattening records into CSV rows."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from pydantic import BaseModel
from starlette.requests import Request

from accord.errors import QueryError
from accord.export.flat import FLAT_COLUMNS
from accord.query import ActorSummary
from accord.records import Fact
from accord.serve.formats import csv_columns, csv_response, csv_rows, events_csv_response, output_format
from tests.factories import sample_corpus


def request_with(accept: str | None) -> Request:
    headers = [(b"accept", accept.encode())] if accept is not None else []
    return Request({"type": "http", "method": "GET", "path": "/api/events", "headers": headers, "query_string": b""})


@pytest.mark.parametrize(
    ("given", "accept", "expected"),
    [
        (None, None, "json"),
        ("csv", None, "csv"),
        ("CSV", "application/json", "csv"),  # the parameter wins over the header
        ("json", "text/csv", "json"),
        (None, "text/csv", "csv"),
        (None, "text/csv;q=0.9, application/json;q=0.8", "csv"),
        (None, "application/json, text/csv", "json"),
        (None, "text/html,application/xhtml+xml,*/*;q=0.8", "json"),  # a browser
    ],
)
def test_the_format_comes_from_the_parameter_then_the_accept_header(given, accept, expected):
    assert output_format(request_with(accept), given) == expected


def test_an_unknown_format_names_the_parameter():
    with pytest.raises(QueryError) as caught:
        output_format(request_with(None), "xml")
    assert caught.value.item == "format"


class Inner(BaseModel):
    code: str
    span: tuple[int, int] | None = None


class Outer(BaseModel):
    name: str
    when: date | None = None
    flag: bool = False
    tags: list[str] = []
    inner: Inner | None = None
    children: list[Inner] = []


def test_columns_spread_nested_models_and_leave_out_lists_of_them():
    assert csv_columns(Outer) == ["name", "when", "flag", "tags", "inner_code", "inner_span"]
    assert "sources" not in csv_columns(Fact) and "countries" in csv_columns(Fact)
    assert csv_columns(ActorSummary)[-3:] == ["roles", "num_mentions", "num_articles"]


def test_rows_write_plain_values_as_a_spreadsheet_reads_them():
    rows = [
        Outer(name="a", when=date(2021, 9, 13), flag=True, tags=["x", "y"], inner=Inner(code="AZE", span=(3, 9)),
              children=[Inner(code="TUR")]),
        Outer(name="b"),
    ]  # fmt: skip
    parsed = list(csv.DictReader(io.StringIO(csv_rows(rows, csv_columns(Outer)))))
    assert parsed[0] == {"name": "a", "when": "2021-09-13", "flag": "true", "tags": "x; y", "inner_code": "AZE",
                         "inner_span": "3; 9"}  # fmt: skip
    assert parsed[1] == {"name": "b", "when": "", "flag": "false", "tags": "", "inner_code": "", "inner_span": ""}


def test_an_empty_list_still_has_its_header():
    response = csv_response([], Outer)
    assert response.body.decode() == "name,when,flag,tags,inner_code,inner_span\n"
    assert response.media_type.startswith("text/csv")


def test_events_use_the_export_columns():
    events = [event for coded in sample_corpus() for event in coded.events]
    response = events_csv_response(events, headers={"Link": "<next>"})
    lines = response.body.decode().splitlines()
    assert lines[0].split(",") == list(FLAT_COLUMNS)
    assert len(lines) == 1 + len(events)
    assert response.headers["link"] == "<next>"
