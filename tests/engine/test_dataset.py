"""The Parquet dataset: rows DuckDB reads by year and month, each text once, and a flush
that is all there or not there after an interruption."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from accord.engine.dataset import ParquetDataset
from accord.errors import ExportError
from tests.factories import ArticleBuilder


def _article(article_id: str, published: date | None, events: int = 2):
    builder = ArticleBuilder(article_id, [f"Sentence {n} of {article_id}." for n in range(3)], published=published)
    for n in range(events):
        builder.event("057", "AZE", "TUR", sentence=n % 3, mentions=[2])
    builder.fact("trade_turnover", ["AZE", "TUR"], 4.1e9, sentence=1, period_start=date(2021, 1, 1))
    return builder.build()


def _read(root: Path, table: str, columns: str = "*", rest: str = "") -> list[tuple]:
    """``SELECT columns FROM`` the table's files ``rest`` (a WHERE or GROUP BY), in order."""
    files = f"{root}/{table}/**/*.parquet"
    query = f"SELECT {columns} FROM read_parquet('{files}', hive_partitioning = true) {rest} ORDER BY ALL"
    return duckdb.sql(query).fetchall()


def test_rows_land_in_year_and_month_partitions_that_duckdb_reads(tmp_path):
    with ParquetDataset(tmp_path) as dataset:
        assert dataset.add(_article("a", date(2022, 3, 9)))
        assert dataset.add(_article("b", date(2022, 3, 20), events=1))
        assert dataset.add(_article("c", date(2023, 11, 1)))
        assert dataset.add(_article("undated", None, events=0))
    assert _read(tmp_path, "articles", "article_id, year, month, events, facts") == [
        ("a", 2022, 3, 2, 1), ("b", 2022, 3, 1, 1), ("c", 2023, 11, 2, 1), ("undated", None, None, 0, 1)
    ]  # fmt: skip
    assert _read(tmp_path, "events", "year, month, count(*)", "GROUP BY ALL") == [(2022, 3, 3), (2023, 11, 2)]
    assert sorted(p.name for p in (tmp_path / "events").iterdir()) == ["year=2022", "year=2023"]
    (event,) = _read(
        tmp_path, "events", "cameo, source_code, target_code, span_start, span_end, mentions, content_hash",
        "WHERE article_id = 'b'"
    )  # fmt: skip
    coded_b = _article("b", date(2022, 3, 20), events=1)
    assert event[:5] == ("057", "AZE", "TUR", *coded_b.events[0].span)
    assert [m["sentence_index"] for m in event[5]] == [0, 2]
    assert event[6] == coded_b.article.content_hash
    (fact,) = _read(tmp_path, "facts", "indicator, countries, value, period_start", "WHERE article_id = 'c'")
    assert fact == ("trade_turnover", ["AZE", "TUR"], 4.1e9, date(2021, 1, 1))


def test_each_text_is_added_once_also_across_runs(tmp_path):
    first = _article("a", date(2022, 3, 9))
    with ParquetDataset(tmp_path) as dataset:
        assert dataset.add(first)
        assert not dataset.add(first)  # the same text again, in the same run
    with ParquetDataset(tmp_path) as dataset:
        assert dataset.has_article(first.article.content_hash)
        assert first.article.content_hash in dataset.stored_hashes()
        assert not dataset.add(first)
        assert dataset.add(_article("b", date(2022, 3, 9)))
    assert _read(tmp_path, "articles", "article_id") == [("a",), ("b",)]


def test_rows_are_written_in_flushes_of_bounded_size(tmp_path):
    with ParquetDataset(tmp_path, flush_articles=2) as dataset:
        for n in range(5):
            dataset.add(_article(f"a{n}", date(2022, 3, 9)))
        assert len(list((tmp_path / "articles").rglob("*.parquet"))) == 2  # two flushes of two; one waits
    assert len(list((tmp_path / "articles").rglob("*.parquet"))) == 3
    assert len(_read(tmp_path, "events")) == 10


def test_an_uncommitted_flush_is_dropped_and_a_committed_one_finished(tmp_path):
    with ParquetDataset(tmp_path) as dataset:
        dataset.add(_article("kept", date(2022, 3, 9)))
    # An interruption before the commit record leaves temporary files only...
    stray = tmp_path / "events" / "year=2022" / "month=3" / "part-dead-00000.parquet.tmp"
    stray.write_bytes(b"half a file")
    # ...one after it leaves a record whose files are not all renamed yet.
    with ParquetDataset(tmp_path / "elsewhere") as other:
        other.add(_article("late", date(2022, 4, 1)))
    late = next((tmp_path / "elsewhere" / "articles").rglob("*.parquet"))
    target = tmp_path / "articles" / "year=2022" / "month=4" / late.name
    target.parent.mkdir(parents=True)
    late.rename(Path(f"{target}.tmp"))
    name = str(target.relative_to(tmp_path))
    (tmp_path / "_commits" / "late.json").write_text(json.dumps({"files": [name]}), encoding="utf-8")

    with ParquetDataset(tmp_path) as dataset:
        assert not stray.exists()
        assert target.exists() and not (tmp_path / "_commits" / "late.json").exists()
        assert dataset.has_article(_article("late", date(2022, 4, 1)).article.content_hash)
    assert _read(tmp_path, "articles", "article_id") == [("kept",), ("late",)]


def test_a_folder_that_cannot_be_created_is_an_export_error(tmp_path):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create"):
        ParquetDataset(tmp_path / "file" / "dataset")
