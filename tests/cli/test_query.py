"""`accord events`, `stats` and `export` through typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.export.flat import FLAT_COLUMNS
from accord.export.gdelt import GDELT_COLUMNS
from tests.factories import write_sample

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(write_sample(tmp_path_factory.mktemp("cli") / "sample.duckdb"))


def run(*args: str):
    return runner.invoke(app, list(args))


# -- events -----------------------------------------------------------------------------------


def test_events_table_shows_date_actors_code_goldstein_and_sentence(db):
    result = runner.invoke(app, ["events", "--dyad", "AZE-TUR", "--root", "05", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2021-09-12" in result.stdout
    assert "057 Sign formal agreement" in result.stdout
    assert "+8.0" in result.stdout
    assert "The two sides signed a memorandum on military training." in result.stdout
    assert "1 of 1 events" in result.stderr


def test_events_as_jsonl_are_the_record_model(db):
    result = run("events", "--country", "AZE", "--format", "jsonl", "--db", db)
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["event_id"] for line in lines] == ["1", "2", "3", "5", "4"]
    assert lines[1]["cameo"] == "057" and lines[1]["num_articles"] == 2


def test_events_as_csv(db):
    result = run("events", "--code", "03", "--format", "csv", "--db", db)
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.split(",") == list(FLAT_COLUMNS)
    assert dict(zip(FLAT_COLUMNS, row.split(",")))["cameo"] == "0311"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--quad", "4"], ["7", "8"]),
        (["--since", "2022-01-01", "--until", "2022-02-28"], ["7"]),
        (["--source", "RUS"], ["3", "7"]),
        (["--target", "AZE"], ["3", "5"]),
        (["--dyad", "RUS-AZE", "--directed"], ["3"]),
        (["--article", "harbour-2"], ["2", "5"]),
        (["--actor", "person:dana-whitfield"], ["8"]),
        (["--text", "condemned"], ["5"]),
        (["--limit", "2"], ["1", "2"]),
        (["--newest-first", "--limit", "2"], ["8", "6"]),
    ],
)
def test_events_filters(db, options, expected):
    result = run("events", *options, "--format", "jsonl", "--db", db)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["event_id"] for line in result.stdout.splitlines()] == expected


def test_events_pages_with_the_printed_cursor(db):
    first = run("events", "--limit", "3", "--db", db)
    assert "next page: --cursor" in first.stderr
    cursor = first.stderr.split("--cursor", 1)[1].split()[0]
    rest = run("events", "--cursor", cursor, "--format", "jsonl", "--db", db)
    assert [json.loads(line)["event_id"] for line in rest.stdout.splitlines()] == ["5", "7", "6", "8", "4"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--country", "Azerbaijan"], "country: 'Azerbaijan' is not a three-letter country code"),
        (["--dyad", "AZE+TUR"], "dyad: 'AZE+TUR' is not two country codes"),
        (["--root", "42"], "root: '42' is not a CAMEO root code"),
        (["--quad", "7"], "quad: 7 is not a QuadClass"),
        (["--since", "2021-13-01"], "since: '2021-13-01'"),
        (["--limit", "0"], "limit: 0 is outside 1..10000"),
        (["--cursor", "garbage"], "cursor: 'garbage' is not a cursor"),
    ],
)
def test_a_bad_filter_is_one_red_line_and_status_2(db, options, words):
    result = run("events", *options, "--db", db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().startswith("error:")
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_missing_database_is_a_store_error(tmp_path):
    result = run("events", "--db", str(tmp_path / "nothing.duckdb"))
    assert result.exit_code == 2
    assert "no database here" in result.stderr and "[E300]" in result.stderr


def test_a_bad_format_is_a_usage_error(db):
    result = run("events", "--format", "xml", "--db", db)
    assert result.exit_code == 2


def test_the_database_comes_from_accord_db_when_not_given(db, monkeypatch):
    monkeypatch.setenv("ACCORD_DB", db)
    result = run("events", "--format", "jsonl", "--limit", "1")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["event_id"] == "1"


def test_a_database_another_process_writes_to_is_reported_as_locked(db, tmp_path):
    path = str(write_sample(tmp_path / "busy.duckdb"))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, duckdb
            connection = duckdb.connect({path!r})
            print("holding", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        result = run("stats", "--db", path)
        assert result.exit_code == 2
        assert "another process holds this database" in result.stderr and "[E302]" in result.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)


# -- stats ---------------------------------------------------------------------------


def test_stats_by_root_country_and_month(db):
    result = runner.invoke(app, ["stats", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "4 articles, 8 events (9 mentions, 1 undated), 2 figures" in out
    assert "ENGAGE IN DIPLOMATIC COOPERATION" in out
    for heading in ("Events by root code", "Events by country", "Events by month"):
        assert heading in out
    assert "2021-09" in out and "2022-03" in out


# -- export -----------------------------------------------------------------------------------


def test_export_gdelt_with_filters(db, tmp_path):
    out = tmp_path / "aze-tur.tsv"
    result = run(
        "export", "--format", "gdelt", "--out", str(out), "--dyad", "AZE-TUR", "--since", "2021-01-01", "--db", db
    )
    assert result.exit_code == 0, result.output
    assert f"wrote 2 rows to {out}" in result.stderr
    table = pd.read_csv(out, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str, keep_default_na=False)
    assert table["EventCode"].tolist() == ["040", "057"]


def test_export_gdelt_header_and_parquet_and_jsonl_with_facts(db, tmp_path):
    with_header = tmp_path / "h.tsv"
    assert run("export", "-f", "gdelt", "-o", str(with_header), "--header", "--db", db).exit_code == 0
    assert with_header.read_text().splitlines()[0].split("\t") == list(GDELT_COLUMNS)

    parquet = tmp_path / "e.parquet"
    assert run("export", "-f", "parquet", "-o", str(parquet), "--quad", "4", "--db", db).exit_code == 0
    assert pd.read_parquet(parquet)["cameo"].tolist() == ["190", "163"]

    jsonl = tmp_path / "e.jsonl"
    result = run("export", "-f", "jsonl", "-o", str(jsonl), "--dyad", "AZE-TUR", "--facts", "--limit", "1", "--db", db)
    assert result.exit_code == 0, result.output
    types = [json.loads(line)["type"] for line in jsonl.read_text().splitlines()]
    assert types == ["event", "fact"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["-f", "xml"], "no exporter for format 'xml'"),
        (["-f", "csv", "--facts"], "holds events only"),
        (["-f", "csv", "--root", "99"], "root: '99'"),
    ],
)
def test_export_errors_are_one_line_and_write_nothing(db, tmp_path, options, words):
    out = tmp_path / "never.out"
    result = run("export", *options, "-o", str(out), "--db", db)
    assert result.exit_code == 2
    assert words in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["events", "stats", "export"])
def test_every_command_explains_itself_with_an_example(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: accord " in result.stdout
    assert "--db" in result.stdout
