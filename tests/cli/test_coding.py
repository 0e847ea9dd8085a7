"""`accord code` and `accord ingest` through typer's CliRunner, on articles written for these tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from accord.cli.main import app
from accord.query import open_database
from tests.engine.helpers import fork_server_pid

runner = CliRunner()
ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"

ARTICLE = """Kenyan President William Ruto met Ugandan President Yoweri Museveni in Kampala on Monday.

The two presidents signed a trade agreement. Trade between Kenya and Uganda reached $1.2 billion in 2020, according to official data."""

EVENT_FIELDS = {"type", "article_id", "cameo", "source", "target", "date", "date_precision", "date_source", "location", "sentence_index", "span"}
ACTOR_FIELDS = {"code", "country", "sector", "name", "role", "text"}
FACT_FIELDS = {"type", "article_id", "indicator", "countries", "value", "currency", "unit", "period_start", "period_end", "kind"}


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})


def ingest_args() -> list[str]:
    """Code in this process: the command's default may start a worker per core."""
    command = get_command(app).commands["ingest"]
    return ["--workers", "1"] if any("--workers" in p.opts for p in command.params) else []


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "kampala-talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def coded_lines(article) -> list[dict]:
    result = run("code", str(article), "--published", "2021-09-15", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


# -- accord code ----------------------------------------------------------------------------------------


def test_code_prints_one_json_object_per_event_and_fact(coded_lines):
    assert {line["type"] for line in coded_lines} == {"event", "fact"}
    assert {line["article_id"] for line in coded_lines} == {"kampala-talks"}
    events = [line for line in coded_lines if line["type"] == "event"]
    facts = [line for line in coded_lines if line["type"] == "fact"]
    assert len(events) >= 2 and len(facts) >= 1
    # events first, then facts
    assert [line["type"] for line in coded_lines] == ["event"] * len(events) + ["fact"] * len(facts)


def test_events_carry_the_scoring_fields(coded_lines, article):
    text = article.read_text(encoding="utf-8")
    for event in (line for line in coded_lines if line["type"] == "event"):
        assert EVENT_FIELDS <= set(event)
        for side in ("source", "target"):
            assert event[side] is None or ACTOR_FIELDS <= set(event[side])
        start, end = event["span"]
        assert 0 <= start < end <= len(text)
        assert event["date_source"] in ("text", "publication", None)
    meeting = next(line for line in coded_lines if line.get("cameo") == "040")
    assert meeting["source"]["code"] == "KENGOV" and meeting["source"]["country"] == "KEN"
    assert meeting["source"]["sector"] == "GOV"
    assert meeting["source"]["name"] == "William Ruto" and meeting["source"]["role"] == "President"
    assert meeting["target"]["name"] == "Yoweri Museveni" and meeting["target"]["code"] == "UGAGOV"
    assert (meeting["date"], meeting["date_precision"], meeting["date_source"]) == ("2021-09-13", "day", "text")
    assert meeting["location"]["name"] == "Kampala" and meeting["location"]["country"] == "UGA"
    assert {"lat", "lon"} <= set(meeting["location"])
    assert meeting["sentence_index"] == 0
    assert text[meeting["span"][0] : meeting["span"][1]].startswith("Kenyan President William Ruto met")


def test_facts_carry_the_scoring_fields(coded_lines):
    (turnover,) = [line for line in coded_lines if line.get("indicator") == "trade_turnover"]
    assert FACT_FIELDS <= set(turnover)
    assert sorted(turnover["countries"]) == ["KEN", "UGA"]
    assert turnover["value"] == 1.2e9
    assert turnover["currency"] == "USD" and turnover["unit"] is None
    assert (turnover["period_start"], turnover["period_end"]) == ("2020-01-01", "2020-12-31")
    assert turnover["kind"] == "actual"


def test_code_reports_the_summary_on_stderr(article):
    result = run("code", str(article), "--published", "2021-09-15")
    assert result.exit_code == 0
    assert "read 1, skipped as already stored 0, coded 1, stored 0, failed 0" in result.stderr
    assert "read 1" not in result.stdout


def test_code_as_a_table(article):
    result = run("code", str(article), "--published", "2021-09-15", "--format", "table")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "kampala-talks (2021-09-15)" in out
    assert "040 Consult" in out and "057 Sign formal agreement" in out
    assert "KENGOV William Ruto" in out and "UGAGOV Yoweri Museveni" in out
    assert "trade_turnover (actual)" in out and "1,200,000,000 USD" in out
    assert not out.lstrip().startswith("{")


def test_code_reads_standard_input():
    result = run("code", "-", "--published", "2021-09-15", input="Kenya and Uganda signed a trade agreement on Monday.")
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (event["cameo"], event["date"], event["article_id"]) == ("057", "2021-09-13", "stdin")


def test_a_header_date_is_used_without_published(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text(" date 2022-03-10 By Test Wire\n\n\n\nKenya and Uganda signed a trade agreement on Monday.", encoding="utf-8")
    result = run("code", str(path))
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["date"] == "2022-03-07"


@pytest.mark.parametrize("value", ["13/09/2021", "2021-13-01", "yesterday"])
def test_bad_published_is_a_usage_error(article, value):
    result = run("code", str(article), "--published", value)
    assert result.exit_code == 2
    assert "--published" in result.output
    assert result.stdout == "" or not result.stdout.lstrip().startswith("{")


def test_unknown_format_is_a_usage_error(article):
    result = run("code", str(article), "--format", "xml")
    assert result.exit_code == 2
    assert "--format" in result.output


def test_code_exits_1_when_an_input_fails_and_prints_the_rest(article, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run("code", str(article), str(empty), "--published", "2021-09-15")
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "failed 1" in result.stderr
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"kampala-talks"}


# -- accord ingest -------------------------------------------------------------------------------------------


def test_ingest_stores_and_prints_the_summary_line(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for path in sorted(ARTICLES.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    db = tmp_path / "cli.duckdb"
    result = run("ingest", str(folder), "--db", str(db), *ingest_args())
    assert result.exit_code == 0, result.output
    assert "read 2, skipped as already stored 0, coded 2, stored 2, failed 0" in result.stderr
    with open_database(db) as database:
        assert database.stats().articles == 2

    again = run("ingest", str(folder), "--db", str(db), *ingest_args())
    assert again.exit_code == 0
    assert "read 2, skipped as already stored 2, coded 0, stored 0" in again.stderr


def test_ingest_exits_1_when_an_item_failed(tmp_path, article):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    db = tmp_path / "failed.duckdb"
    result = run("ingest", str(article), str(tmp_path / "binary.txt"), "--db", str(db), "--published", "2021-09-15", *ingest_args())
    assert result.exit_code == 1
    assert "binary.txt" in result.stderr
    assert "stored 1, failed 1" in result.stderr
    with open_database(db) as database:
        assert database.stats().articles == 1


def test_ingest_needs_a_path_or_sample(tmp_path):
    result = run("ingest", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2
    assert "--sample" in result.output


def test_ingest_sample_stores_the_packaged_invented_corpus(tmp_path):
    from accord.cli.coding import sample_corpus

    lines = Path(sample_corpus()).read_text(encoding="utf-8").splitlines()
    expected = sum(1 for line in lines if line.strip())
    db = tmp_path / "sample.duckdb"
    result = run("ingest", "--sample", "--db", str(db), *ingest_args())
    assert result.exit_code == 0, result.output
    assert f"read {expected}, skipped as already stored 0, coded {expected}, stored {expected}, failed 0" in result.stderr
    with open_database(db) as database:
        stats = database.stats()
    assert stats.articles == expected
    assert stats.events > expected and stats.facts > 0


# -- help -------------------------------------------------------------------------------------------------------


def test_top_level_help_has_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "accord ingest" in result.stdout


@pytest.mark.parametrize("command", sorted(get_command(app).commands))
def test_every_command_help_has_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.stdout
    assert f"accord {command}" in result.stdout


# -- accord ingest: worker processes and the Dask engine ------------------------------------------------


def _copy_articles(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(ARTICLES / f"{name}.txt", folder / f"{name}.txt")
    return folder


def test_ingest_with_two_workers_codes_only_what_is_new(tmp_path):
    folder = _copy_articles(tmp_path / "news", ["caspian-ledger-2022-07-20", "harbour-times-2023-04-26"])
    db = str(tmp_path / "w.duckdb")
    first = run("ingest", str(folder), "--db", db, "--workers", "2")
    assert first.exit_code == 0, first.output
    assert "coded 2, stored 2, failed 0" in " ".join(first.output.split())
    _copy_articles(folder, ["levant-observer-2022-06-21"])
    second = run("ingest", str(folder), "--db", db, "--workers", "2")
    assert second.exit_code == 0, second.output
    assert "read 3, skipped as already stored 2, coded 1, stored 1" in " ".join(second.output.split())
    assert fork_server_pid() is None  # stopped and waited for once the coding was done


def test_ingest_on_a_local_dask_cluster_into_a_parquet_dataset(tmp_path):
    import duckdb

    folder = _copy_articles(tmp_path / "news", ["caspian-ledger-2022-07-20", "harbour-times-2023-04-26"])
    out = tmp_path / "dataset"
    result = run("ingest", str(folder), "--engine", "dask", "--workers", "2", "--out-parquet", str(out))
    assert result.exit_code == 0, result.output
    assert "stored 2, failed 0" in " ".join(result.output.split())
    files = f"{out}/articles/**/*.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{files}', hive_partitioning = true)").fetchall() == [(2,)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:8786"], "go with --engine dask"),
        (["--out-parquet", "out"], "go with --engine dask"),
        (["--engine", "dask", "--out-parquet", "out", "--db", "x.duckdb"], "drop --db"),
        (["--engine", "spark"], "choose local or dask"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_ingest_options_that_do_not_go_together_are_usage_errors(tmp_path, options, message):
    result = run("ingest", str(tmp_path), *options)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_a_model_that_workers_cannot_load_is_one_clear_error(tmp_path):
    folder = _copy_articles(tmp_path / "news", ["caspian-ledger-2022-07-20"])
    db = str(tmp_path / "m.duckdb")
    result = run("ingest", str(folder), "--db", db, "--workers", "2", "--model", "no_such_spacy_pipeline")
    assert result.exit_code == 2, result.output
    assert "no_such_spacy_pipeline" in result.output and "Traceback" not in result.output
    assert fork_server_pid() is None
