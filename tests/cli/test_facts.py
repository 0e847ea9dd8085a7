"""`accord facts`: listing stored figures, filtering, formats, and the series view."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from accord.cli.facts import CSV_COLUMNS, SERIES_CSV_COLUMNS
from accord.cli.main import app
from accord.store import open_store
from tests.factories import ArticleBuilder

runner = CliRunner()

YEAR_2020 = {"period_start": date(2020, 1, 1), "period_end": date(2020, 12, 31)}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """Three invented articles: the 2020 turnover told twice, a part-year figure and a
    target, a figure of another pair, and exports in manat."""
    first = ArticleBuilder("ledger-1", [
        "Trade between the two countries reached $4.1 billion in 2020.",
        "The sides aim to raise it to $15 billion in 2023.",
        "Kazakhstan and Uzbekistan expect trade of $10 billion by 2025.",
    ], published=date(2021, 3, 1), outlet="Ledger")  # fmt: skip
    first.fact("trade_turnover", ["AZE", "TUR"], 4.1e9, sentence=0, **YEAR_2020)
    first.fact("trade_turnover", ["AZE", "TUR"], 15e9, sentence=1, kind="target",
               period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))  # fmt: skip
    first.fact("trade_turnover", ["KAZ", "UZB"], 10e9, sentence=2, kind="forecast",
               period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))  # fmt: skip

    second = ArticleBuilder("courier-2", [
        "Mutual trade amounted to 4.1 billion dollars last year.",
        "In January-July 2021 it came to $2.5 billion.",
        "Azerbaijani exports to Turkey were worth 1.9 bln manat in 2020.",
    ], published=date(2021, 9, 13), outlet="Courier")  # fmt: skip
    second.fact("trade_turnover", ["TUR", "AZE"], 4.1e9, sentence=0, **YEAR_2020)
    second.fact("trade_turnover", ["AZE", "TUR"], 2.5e9, sentence=1,
                period_start=date(2021, 1, 1), period_end=date(2021, 7, 31))  # fmt: skip
    second.fact("exports", ["AZE", "TUR"], 1.9e9, sentence=2, currency="AZN", **YEAR_2020)

    path = tmp_path_factory.mktemp("facts") / "facts.duckdb"
    with open_store(path) as store:
        for builder in (first, second):
            store.write(builder.build())
    return str(path)


def run(*args: str):
    return runner.invoke(app, ["facts", *args], env={"COLUMNS": "220"})


def jsonl(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_table_lists_each_figure_once_with_its_number_of_sources(db):
    result = run("--db", db)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "trade_turnover" in line or "exports" in line]
    assert len(rows) == 5
    (twice,) = [[cell.strip() for cell in line.split("│")[1:-1]] for line in rows if "4.1 bn USD" in line]
    # id, indicator, countries, value, kind, period, sources, words
    assert twice[1:7] == ["trade_turnover", "AZE,TUR", "4.1 bn USD", "actual", "2020", "2"]
    assert "5 figures" in result.stderr


def test_countries_given_as_a_list_or_one_by_one(db):
    by_list = jsonl(run("--countries", "AZE,TUR", "--format", "jsonl", "--db", db))
    one_by_one = jsonl(run("--country", "TUR", "--country", "AZE", "--format", "jsonl", "--db", db))
    assert by_list == one_by_one
    assert {tuple(f["countries"]) for f in by_list} == {("AZE", "TUR")} and len(by_list) == 4
    assert [f["countries"] for f in jsonl(run("--countries", "uzb", "--format", "jsonl", "--db", db))] == [["KAZ", "UZB"]]


def test_indicator_and_kind_filters(db):
    assert [f["indicator"] for f in jsonl(run("--indicator", "exports", "-f", "jsonl", "--db", db))] == ["exports"]
    targets = jsonl(run("--kind", "target", "-f", "jsonl", "--db", db))
    assert [(f["value"], f["kind"]) for f in targets] == [(15e9, "target")]


def test_jsonl_is_the_record_model_with_its_sources(db):
    (merged,) = [f for f in jsonl(run("--countries", "AZE,TUR", "-f", "jsonl", "--db", db)) if f["value"] == 4.1e9]
    assert merged["num_articles"] == 2
    assert sorted(s["article_id"] for s in merged["sources"]) == ["courier-2", "ledger-1"]
    assert merged["period_start"] == "2020-01-01" and merged["currency"] == "USD"


def test_csv_has_a_header_and_one_row_per_figure(db):
    result = run("--indicator", "trade_turnover", "--countries", "AZE,TUR", "-f", "csv", "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert sorted(float(r["value"]) for r in rows) == [2.5e9, 4.1e9, 15e9]
    assert {r["countries"] for r in rows} == {"AZE,TUR"}
    assert [r["num_articles"] for r in rows if float(r["value"]) == 4.1e9] == ["2"]


def test_the_series_sets_actuals_by_period_against_the_target(db):
    result = run("--countries", "AZE,TUR", "--indicator", "trade_turnover", "--series", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "trade_turnover AZE-TUR (USD)" in out
    for shown in ("2020", "4.1 bn USD", "Jan-Jul 2021", "2.5 bn USD", "2023", "15 bn USD", "27% of 2023"):
        assert shown in out, shown
    assert "latest full-year actual (2020) = 27% of the 2023 target" in out
    assert out.index("Jan-Jul 2021") < out.index("15 bn USD")  # actuals first, by period, then targets


def test_the_series_keeps_currencies_apart_and_says_when_there_is_no_target(db):
    result = run("--countries", "AZE,TUR", "--series", "--db", db)
    assert "exports AZE-TUR (AZN)" in result.stdout
    assert "latest full-year actual (2020): 1.9 bn AZN; no target" in result.stdout


def test_the_series_as_jsonl_and_csv(db):
    (series,) = jsonl(run("--countries", "AZE,TUR", "--indicator", "trade_turnover", "--series", "-f", "jsonl", "--db", db))
    assert series["share_of_target"] == pytest.approx(4.1 / 15)
    assert [a["period"] for a in series["actuals"]] == ["2020", "Jan-Jul 2021"]
    result = run("--countries", "AZE,TUR", "--indicator", "trade_turnover", "--series", "-f", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(SERIES_CSV_COLUMNS)
    assert [(r["kind"], r["period"]) for r in rows] == [("actual", "2020"), ("actual", "Jan-Jul 2021"), ("target", "2023")]
    assert float(rows[0]["share_of_target"]) == pytest.approx(4.1 / 15)


def test_no_matching_figures_is_not_an_error(db):
    result = run("--countries", "FRA", "--series", "--db", db)
    assert result.exit_code == 0 and "no figures match" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--countries", "AZERBAIJAN"], "countries"),
        (["--kind", "hope"], "kind"),
        (["--limit", "0"], "limit"),
    ],
)
def test_a_bad_filter_is_one_red_line_and_status_2(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_format_is_refused(db):
    result = run("--format", "xml", "--db", db)
    assert result.exit_code == 2 and "table, jsonl, csv" in result.output


def test_a_database_that_is_not_there_is_one_line(tmp_path):
    result = run("--db", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 2
    assert "error:" in result.stderr and "Traceback" not in result.output


@pytest.mark.slow
def test_the_seed_article_coded_stored_and_shown_as_a_series(tmp_path):
    """The issue's example, end to end: the seed through the coder and the store, then
    `accord facts --series` shows 2020 and January-July 2021 against the 2023 target."""
    from pathlib import Path

    from accord.coder.pipeline import Pipeline
    from accord.records import Article

    seed = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seed" / "azernews-2021-09-13.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")[1:]
    text = "\n\n".join(line for line in lines if line.strip() and not line.startswith("By "))
    coded = Pipeline().code(Article(article_id="azernews-2021-09-13", text=text, published=date(2021, 9, 13)))
    path = tmp_path / "seed.duckdb"
    with open_store(path) as store:
        store.write(coded)
    result = run("--countries", "AZE,TUR", "--indicator", "trade_turnover", "--series", "--db", str(path))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    cells = [[cell.strip() for cell in row.split("│")[1:-1]][:4] for row in rows]
    assert cells == [
        ["2020", "actual", "4.1 bn USD", "27% of 2023"],
        ["Jan-Jul 2021", "actual", "2.5 bn USD", "17% of 2023"],
        ["2023", "target", "15 bn USD", ""],
    ]
    assert "latest full-year actual (2020) = 27% of the 2023 target" in result.stdout
