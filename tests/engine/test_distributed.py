"""The Dask engine: partitions in reading order, the same stored events as one process,
a Parquet dataset DuckDB reads with year/month partitions, and a failed partition that
does not stop the run.

The cluster test starts two worker processes (``processes=True``, as a real cluster
runs them), each loading the pipeline once.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import duckdb
import pytest

from accord.engine import distributed
from accord.engine.distributed import KnownHashes, Partition, Shard, code_partition, ingest_distributed, plan_partitions
from accord.engine.local import ingest
from accord.engine.workers import PipelineSpec
from accord.errors import ConfigError, ModelError, UnreadableInputError
from accord.read import ReadOptions, read_paths
from accord.records import Article, content_hash
from accord.store import open_store
from tests.engine.helpers import copy_articles, stored

dask_distributed = pytest.importorskip("dask.distributed")


def _jsonl(path: Path, count: int, bad_line: int | None = None) -> Path:
    lines = []
    for number in range(1, count + 1):
        if number == bad_line:
            lines.append("{not json")
        else:
            lines.append(json.dumps({"id": f"j{number}", "text": f"Turkey met Iran for talk number {number}."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ids(results) -> list[str]:
    return [r.article_id if isinstance(r, Article) else r.item for r in results]


# -- planning --------------------------------------------------------------------------


def test_a_folder_gives_one_partition_per_file_in_reading_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/inner.txt", "z.txt", "a.txt", ".hidden.txt"):
        (tmp_path / name).write_text("Turkey met Iran.", encoding="utf-8")
    plan = plan_partitions([str(tmp_path)])
    assert plan == [Partition(str(tmp_path / "a.txt")), Partition(str(tmp_path / "z.txt")),
                    Partition(str(tmp_path / "b" / "inner.txt"))]  # fmt: skip
    assert [p.path for p in plan] == [a.origin for a in read_paths([tmp_path])]


def test_a_long_jsonl_file_is_split_into_ranges_that_together_read_every_item_once(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", 23, bad_line=7)
    plan = plan_partitions([str(feed)], items_per_partition=10)
    assert [(p.start, p.stop) for p in plan] == [(0, 10), (10, 20), (20, None)]
    assert plan[1].label == f"{feed} (items 11-20)"
    pieces = [item for p in plan for item in islice(read_paths([p.path]), p.start, p.stop)]
    assert _ids(pieces) == _ids(read_paths([feed])) and len(pieces) == 23
    assert f"{feed}:7" in _ids(pieces)  # the bad line keeps its own line number


def test_a_jsonl_file_is_spread_over_the_workers_in_ranges_of_at_least_twenty(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", 99)  # and a final newline: 100 lines
    assert [p.start for p in plan_partitions([str(feed)], spread=4)] == [0, 25, 50, 75]
    assert [p.start for p in plan_partitions([str(feed)], spread=50)] == [0, 20, 40, 60, 80]
    assert plan_partitions([str(feed)]) == [Partition(str(feed))]


def test_inputs_that_cannot_be_partitions_are_errors_in_the_plan(tmp_path):
    missing, stdin = plan_partitions([str(tmp_path / "gone.txt"), "-"])
    assert isinstance(missing, UnreadableInputError) and missing.item == str(tmp_path / "gone.txt")
    assert isinstance(stdin, UnreadableInputError) and "standard input" in str(stdin)


def test_known_hashes_tell_stored_texts_exactly():
    stored_texts = [content_hash(f"text {n}") for n in range(100)]
    # A digest ending in zero bytes must not match one that merely shares its start.
    zero_tail = "ab" * 30 + "0000"
    known = KnownHashes([*stored_texts, zero_tail])
    assert len(known) == 101
    assert all(digest in known for digest in stored_texts) and zero_tail in known
    assert content_hash("text 100") not in known
    assert "ab" * 30 + "0001" not in known and "ab" * 31 + "00" not in KnownHashes([])


def test_a_task_skips_known_texts_and_keeps_bad_lines_as_errors(tmp_path, pipeline):
    feed = _jsonl(tmp_path / "feed.jsonl", 4, bad_line=2)
    known = KnownHashes([content_hash("Turkey met Iran for talk number 1.")])
    shard = code_partition(Partition(str(feed)), ReadOptions(), PipelineSpec(), known)
    assert (shard.read, shard.skipped) == (3, 1)
    assert [c.article.article_id for c in shard.coded] == ["j3", "j4"]
    assert [f.item for f in shard.failed] == [f"{feed}:2"]


# -- the run, on an in-process cluster --------------------------------------------------


@pytest.fixture(scope="module")
def threads_cluster():
    """An in-process cluster: enough for what happens between the client and its tasks."""
    options = {"n_workers": 1, "threads_per_worker": 1, "dashboard_address": ":0"}
    with dask_distributed.LocalCluster(processes=False, **options) as cluster:
        yield cluster.scheduler_address


def test_a_failing_partition_is_reported_and_the_run_goes_on(tmp_path, threads_cluster, monkeypatch):
    for name in ("a.txt", "b-poison.txt", "c.txt"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text("Turkey met Iran.", encoding="utf-8")

    def fragile(partition, options, spec, known, recode=False):
        if "poison" in partition.path:
            raise RuntimeError("worker lost")
        return Shard(partition, read=1, skipped=1)  # as if the text were stored already

    monkeypatch.setattr(distributed, "code_partition", fragile)
    summary = ingest_distributed([str(tmp_path / "in")], tmp_path / "x.duckdb", scheduler=threads_cluster)
    assert (summary.read, summary.skipped) == (2, 2)
    (failure,) = summary.failed
    assert failure.item == str(tmp_path / "in" / "b-poison.txt") and "RuntimeError: worker lost" in str(failure)


def test_a_model_that_does_not_load_stops_the_run(articles_dir, tmp_path, threads_cluster):
    with pytest.raises(ModelError, match="no_such_spacy_pipeline"):
        ingest_distributed([str(articles_dir)], tmp_path / "x.duckdb", scheduler=threads_cluster,
                           model="no_such_spacy_pipeline")  # fmt: skip


def test_settings_that_cannot_work_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="not both"):
        ingest_distributed([], tmp_path / "x.duckdb", out_parquet=tmp_path / "pq")
    with pytest.raises(ConfigError, match="not both"):
        ingest_distributed([], None)
    with pytest.raises(ConfigError, match="appended"):
        ingest_distributed([], None, out_parquet=tmp_path / "pq", recode=True)


# -- the run, on a cluster of two worker processes ----------------------------------------


@pytest.fixture(scope="module")
def two_workers():
    options = {"n_workers": 2, "threads_per_worker": 1, "dashboard_address": ":0"}
    with dask_distributed.LocalCluster(processes=True, **options) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Six test articles, one of them twice (under another name), a file that is no
    article, and a JSON Lines feed of four short articles with one bad line."""
    folder = tmp_path_factory.mktemp("dask") / "news"
    first, *_ = copy_articles(folder, 6)
    (folder / "zz-copy-of-first.txt").write_bytes(first.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    feed = [
        {"id": "f1", "published": "2022-05-02",
         "text": "Greek Foreign Minister Nikos Dendias met his Turkish counterpart in Ankara on Monday."},
        {"id": "f2", "published": "2022-05-03", "text": "Egypt accused Ethiopia of filling the dam without an agreement."},
        "a line that is not an article",
        {"id": "f4", "published": "2022-06-01", "text": "Japan and South Korea agreed to resume talks on trade next month."},
    ]  # fmt: skip
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(item) for item in feed), encoding="utf-8")
    return folder


# Read 9 articles and a copy; 2 failures (the binary file, the bad line); 9 stored.
READ, STORED, SKIPPED = 10, 9, 1


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("single") / "one.duckdb"
    with open_store(db) as store:
        summary = ingest([str(corpus)], store, pipeline=pipeline)
    assert (summary.read, summary.stored, summary.skipped, len(summary.failed)) == (READ, STORED, SKIPPED, 2)
    return summary, stored(db)


def test_two_dask_workers_store_exactly_what_one_process_stores(corpus, single_process, two_workers, tmp_path):
    local_summary, expected = single_process
    db = tmp_path / "dask.duckdb"
    # Two lines a partition: the feed is split in two, and the ranges must add up.
    summary = ingest_distributed([str(corpus)], db, scheduler=two_workers, items_per_partition=2)
    # ("coded" may differ: a text met twice in one run is coded twice here, since the
    # workers only know what was stored before the run; the store then skips the copy.)
    counts = ("read", "skipped", "stored", "events", "facts")
    assert [getattr(summary, c) for c in counts] == [getattr(local_summary, c) for c in counts]
    assert [str(f) for f in summary.failed] == [str(f) for f in local_summary.failed]
    assert summary.events > 0 and expected["events"]
    assert stored(db) == expected

    again = ingest_distributed([str(corpus)], db, scheduler=two_workers)
    assert (again.read, again.skipped, again.coded) == (READ, READ, 0)  # known texts never reach the coder


def _coded_once(folder: Path, pipeline) -> list:
    """What the coder finds in each distinct text under ``folder``, in one process."""
    seen, coded = set(), []
    for article in read_paths([folder]):
        if isinstance(article, Article) and article.content_hash not in seen:
            seen.add(article.content_hash)
            coded.append(pipeline.code(article))
    return coded


def test_out_parquet_is_a_dataset_duckdb_reads_by_year_and_month(corpus, two_workers, tmp_path, pipeline):
    out = tmp_path / "dataset"
    summary = ingest_distributed([str(corpus)], None, scheduler=two_workers, out_parquet=out)
    assert (summary.read, summary.stored, summary.skipped) == (READ, STORED, SKIPPED)

    def read(table: str, columns: str) -> list[tuple]:
        files = f"{out}/{table}/**/*.parquet"
        query = f"SELECT {columns} FROM read_parquet('{files}', hive_partitioning = true) ORDER BY ALL"
        return duckdb.sql(query).fetchall()

    articles = read("articles", "article_id, published, year, month")
    assert len(articles) == STORED
    for _, published, year, month in articles:
        assert (year, month) == (published.year, published.month)
        assert (out / "articles" / f"year={year}" / f"month={month}").is_dir()

    coded = _coded_once(corpus, pipeline)
    expected_events = sorted(
        (c.article.article_id, e.event_id, e.cameo, e.source.code if e.source else None,
         e.target.code if e.target else None, e.date, e.sentence_index, e.span[0], e.span[1])
        for c in coded for e in c.events
    )  # fmt: skip
    assert expected_events
    columns = "article_id, event_id, cameo, source_code, target_code, date, sentence_index, span_start, span_end"
    assert read("events", columns) == expected_events
    expected_facts = sorted((c.article.article_id, f.fact_id, f.indicator, f.value) for c in coded for f in c.facts)
    assert read("facts", "article_id, fact_id, indicator, value") == expected_facts

    again = ingest_distributed([str(corpus)], None, scheduler=two_workers, out_parquet=out)
    assert (again.read, again.skipped, again.stored) == (READ, READ, 0)
    assert len(read("articles", "article_id")) == STORED


def test_the_dataset_partition_of_an_undated_article_is_null(tmp_path, two_workers):
    (tmp_path / "in").mkdir()
    text = "Turkey and Iran signed a trade agreement in Ankara."
    (tmp_path / "in" / "undated.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "dataset"
    summary = ingest_distributed([str(tmp_path / "in")], None, scheduler=two_workers, out_parquet=out)
    assert summary.stored == 1
    rows = duckdb.sql(
        f"SELECT published, year, month FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning = true)"
    ).fetchall()
    assert rows == [(None, None, None)]
