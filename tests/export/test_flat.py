"""CSV and Parquet: one flat column per field, code columns as strings."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from accord.errors import ExportError
from accord.export import ExportOptions, export, flat
from accord.export.flat import (
    FLAT_COLUMNS,
    CsvExporter,
    ParquetExporter,
    flat_row,
    write_csv,
)
from accord.query import EventFilter


def test_csv_reads_back_with_every_column_and_codes_intact(sample_db, tmp_path):
    path = tmp_path / "events.csv"
    assert export(sample_db, "csv", path) == 8
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert tuple(table.columns) == FLAT_COLUMNS
    rows = table.set_index("event_id")
    assert rows.loc["2", ["cameo", "root", "source_code", "target_code"]].tolist() == ["057", "05", "AZE", "TUR"]
    assert rows.loc["6", "cameo"] == "0311"
    assert rows.loc["2", ["num_mentions", "num_articles", "num_sources", "reciprocal"]].tolist() == [
        "2",
        "2",
        "2",
        "true",
    ]
    assert rows.loc["1", ["source_name", "source_role", "location_name"]].tolist() == [
        "Rauf Mammadli",
        "Chief of General Staff",
        "Ankara",
    ]
    assert rows.loc["4", "date"] == ""
    assert rows.loc["8", ["date", "date_precision"]].tolist() == ["2022-03", "month"]


def test_csv_typed_read_gives_numbers_and_booleans(sample_db, tmp_path):
    path = tmp_path / "typed.csv"
    export(sample_db, "csv", path)
    table = pd.read_csv(path, dtype={"cameo": str, "root": str})
    assert table["goldstein"].dtype.kind == "f"
    assert table["reciprocal"].dtype == bool
    assert table["cameo"].tolist()[:2] == ["040", "057"]


def test_write_csv_to_a_stream(sample_db):
    out = io.StringIO()
    assert write_csv(sample_db.events(limit=2).events, out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(FLAT_COLUMNS)
    assert len(lines) == 3


def test_parquet_has_string_codes_and_typed_numbers(sample_db, tmp_path):
    path = tmp_path / "events.parquet"
    assert export(sample_db, "parquet", path) == 8
    table = pq.read_table(path)
    assert table.schema.field("cameo").type == pa.string()
    assert table.schema.field("root").type == pa.string()
    assert table.schema.field("goldstein").type == pa.float64()
    assert table.schema.field("quad_class").type == pa.int8()
    assert table.column("cameo").to_pylist() == ["040", "057", "111", "111", "190", "0311", "163", "062"]
    rows = duckdb.sql(f"SELECT event_id, root, num_articles FROM read_parquet('{path}') WHERE cameo = '057'").fetchall()
    assert rows == [("2", "05", 2)]


def test_parquet_writes_in_batches_and_an_empty_export_is_still_a_valid_file(sample_db, tmp_path, monkeypatch):
    monkeypatch.setattr(flat, "_BATCH", 3)
    path = tmp_path / "batched.parquet"
    assert export(sample_db, "parquet", path) == 8
    file = pq.ParquetFile(path)
    assert file.metadata.num_rows == 8
    assert file.metadata.num_row_groups == 3
    empty = tmp_path / "empty.parquet"
    assert export(sample_db, "parquet", empty, EventFilter(country="ZZZ")) == 0
    assert pq.read_table(empty).schema == flat.PARQUET_SCHEMA


def test_flat_row_has_every_column(sample_db):
    (event,) = sample_db.events(code="040").events
    assert tuple(flat_row(event)) == FLAT_COLUMNS


@pytest.mark.parametrize("exporter", [CsvExporter(), ParquetExporter()])
def test_facts_are_refused(sample_db, tmp_path, exporter):
    with pytest.raises(ExportError, match="events only"):
        exporter.write(sample_db.facts(), tmp_path / f"facts{exporter.suffix}", ExportOptions())
