"""The local engine: worker processes store what one process stores; an interrupted run
resumes and stores everything once; a grown folder is coded only for what is new."""

from __future__ import annotations

import pytest

from accord.engine.local import ingest
from accord.errors import ConfigError
from accord.store import open_store
from tests.engine.helpers import copy_articles, stored


def _ingest(folder, db, **options):
    with open_store(db) as store:
        return ingest([str(folder)], store, **options)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory, pipeline):
    """Five test articles ingested by one process: the reference the other runs must match."""
    root = tmp_path_factory.mktemp("reference")
    folder = root / "news"
    copy_articles(folder, 5)
    db = root / "one.duckdb"
    summary = _ingest(folder, db, pipeline=pipeline)
    assert summary.ok and summary.stored == 5 and summary.events > 0
    return folder, stored(db)


def test_two_workers_store_exactly_what_one_process_stores(one_process, tmp_path):
    folder, expected = one_process
    summary = _ingest(folder, tmp_path / "two.duckdb", workers=2)
    assert summary.ok and (summary.read, summary.coded, summary.stored) == (5, 5, 5)
    assert stored(tmp_path / "two.duckdb") == expected


class _Interrupted(Exception):
    pass


def test_an_interrupted_run_resumes_and_stores_everything_once(one_process, tmp_path):
    folder, expected = one_process
    db = tmp_path / "resumed.duckdb"

    def stop_after_two(summary) -> None:
        if summary.stored == 2:
            raise _Interrupted  # as Ctrl-C or a killed process would, between two batches

    with pytest.raises(_Interrupted):
        _ingest(folder, db, workers=2, progress=stop_after_two, store_batch=2)
    assert len(stored(db)["articles"]) == 2

    resumed = _ingest(folder, db, workers=2)
    assert (resumed.read, resumed.skipped, resumed.coded, resumed.stored) == (5, 2, 3, 3)
    assert stored(db) == expected


def test_a_grown_folder_is_coded_only_for_its_new_files(tmp_path, pipeline):
    folder = tmp_path / "feed"
    db = tmp_path / "feed.duckdb"
    copy_articles(folder, 3)
    first = _ingest(folder, db, pipeline=pipeline)
    assert (first.read, first.skipped, first.coded, first.stored) == (3, 0, 3, 3)

    copy_articles(folder, 2, first=3)  # two more files arrive
    second = _ingest(folder, db, pipeline=pipeline)
    assert (second.read, second.skipped, second.coded, second.stored) == (5, 3, 2, 2)

    third = _ingest(folder, db, pipeline=pipeline)
    assert (third.read, third.skipped, third.coded, third.stored) == (5, 5, 0, 0)
    assert len(stored(db)["articles"]) == 5


def test_workers_load_their_own_pipeline_so_a_loaded_one_is_refused(articles_dir, tmp_path, pipeline):
    with pytest.raises(ConfigError, match="give model"):
        _ingest(articles_dir, tmp_path / "x.duckdb", workers=2, pipeline=pipeline)


# -- one process: counts, skipping, recoding, bad files --------------------------------------------------

from pathlib import Path  # noqa: E402

from accord.engine.local import IngestSummary, code_paths  # noqa: E402
from accord.errors import BadDateError, BinaryInputError, EmptyInputError  # noqa: E402
from accord.query import open_database  # noqa: E402
from accord.records import CodedArticle  # noqa: E402
from tests.engine.helpers import ARTICLES  # noqa: E402

TEST_ARTICLES = sorted(ARTICLES.glob("*.txt"))


@pytest.fixture(scope="module")
def whole_folder(tmp_path_factory, pipeline):
    """Every test article ingested once, then a second time."""
    db = tmp_path_factory.mktemp("all") / "all.duckdb"
    paths = [str(p) for p in TEST_ARTICLES]
    with open_store(db) as store:
        first = ingest(paths, store, pipeline=pipeline)
        second = ingest(paths, store, pipeline=pipeline)
    return db, first, second


def test_ingest_counts_what_it_read_coded_and_stored(whole_folder):
    db, first, _ = whole_folder
    n = len(TEST_ARTICLES)
    assert n >= 10
    assert first.ok and first.failed == []
    assert (first.read, first.skipped, first.coded, first.stored) == (n, 0, n, n)
    assert first.events > n  # every test article tells several events
    assert first.facts > 0
    assert first.seconds > 0
    with open_database(db) as database:
        stats = database.stats()
    assert stats.articles == n
    assert 0 < stats.events <= first.events  # the store merges the same event told twice
    assert stats.facts <= first.facts


def test_the_summary_line_gives_the_counts(whole_folder):
    _, first, _ = whole_folder
    line = first.line()
    n = len(TEST_ARTICLES)
    assert f"read {n}," in line and f"coded {n}," in line and f"stored {n}," in line
    assert "failed 0" in line and f"events {first.events}" in line and "articles/s" in line


def test_a_second_run_skips_everything(whole_folder):
    db, _, second = whole_folder
    n = len(TEST_ARTICLES)
    assert second.ok
    assert (second.read, second.skipped, second.coded, second.stored, second.events, second.facts) == (n, n, 0, 0, 0, 0)
    with open_database(db) as database:
        assert database.stats().articles == n


def test_recode_replaces_the_stored_rows(tmp_path, pipeline):
    folder = tmp_path / "news"
    copy_articles(folder, 3)
    db = tmp_path / "recode.duckdb"
    first = _ingest(folder, db, pipeline=pipeline)
    before = stored(db)
    again = _ingest(folder, db, pipeline=pipeline, recode=True)
    assert again.ok
    assert (again.read, again.skipped, again.coded, again.stored) == (3, 0, 3, 3)
    assert again.events == first.events
    after = stored(db)
    assert [row[:2] for row in after["articles"]] == [row[:2] for row in before["articles"]]
    assert len(after["events"]) == len(before["events"])
    assert [(e["cameo"], e["date"]) for e in after["events"]] == [(e["cameo"], e["date"]) for e in before["events"]]


def test_bad_files_are_reported_by_name_and_the_rest_is_stored(tmp_path, pipeline):
    folder = tmp_path / "mixed"
    good = copy_articles(folder, 3)
    (folder / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "bad-date.txt").write_text(
        " date 2022-14-40 By Nobody Weekly\n\n\n\nKenya and Uganda signed a trade agreement.", encoding="utf-8"
    )
    db = tmp_path / "mixed.duckdb"
    summary = _ingest(folder, db, pipeline=pipeline)
    assert not summary.ok
    assert summary.stored == 3 and summary.coded == 3
    by_name = {Path(failure.item).name: failure for failure in summary.failed}
    assert set(by_name) == {"empty.txt", "binary.txt", "bad-date.txt"}
    assert isinstance(by_name["empty.txt"], EmptyInputError)
    assert isinstance(by_name["binary.txt"], BinaryInputError)
    assert isinstance(by_name["bad-date.txt"], BadDateError)
    for name, failure in by_name.items():
        assert name in str(failure)
    assert "failed 3" in summary.line()
    with open_database(db) as database:
        assert database.stats().articles == 3
    assert {row[0] for row in stored(db)["articles"]} == {p.stem for p in good}


def test_a_stopped_run_then_a_full_run_stores_each_article_once(tmp_path, pipeline):
    folder = tmp_path / "news"
    copy_articles(folder, 5)
    db = tmp_path / "stopped.duckdb"
    summary = IngestSummary()
    with open_store(db) as store:
        results = code_paths([str(folder)], pipeline=pipeline, summary=summary, batch_size=2)
        for k, coded in enumerate(results, start=1):
            assert isinstance(coded, CodedArticle)
            store.write(coded)
            if k == 2:
                break  # the run is stopped after two articles
        results.close()
    assert len(stored(db)["articles"]) == 2

    full = _ingest(folder, db, pipeline=pipeline)
    assert (full.read, full.skipped, full.coded, full.stored) == (5, 2, 3, 3)
    articles = stored(db)["articles"]
    assert len(articles) == 5
    assert len({row[1] for row in articles}) == 5  # one row per text


def test_code_paths_codes_without_storing_and_collects_failures(tmp_path, pipeline):
    folder = tmp_path / "news"
    copy_articles(folder, 2)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    summary = IngestSummary()
    coded = list(code_paths([str(folder)], pipeline=pipeline, summary=summary))
    assert [c.article.article_id for c in coded] == sorted(p.stem for p in folder.glob("*.txt") if p.name != "empty.txt")
    assert (summary.read, summary.coded, summary.stored) == (2, 2, 0)
    assert summary.events == sum(len(c.events) for c in coded)
    assert [Path(f.item).name for f in summary.failed] == ["empty.txt"]


def test_once_everything_is_read_pending_articles_are_stored_without_a_full_batch():
    from accord.engine.local import FINAL_BATCH, IngestSummary, store_results
    from accord.store.store import WriteOutcome
    from tests.factories import ArticleBuilder

    class CountingStore:
        def __init__(self):
            self.batches: list[int] = []

        def write_many(self, articles):
            self.batches.append(len(articles))
            return [WriteOutcome(status="written", article_id=a.article.article_id, content_hash="x") for a in articles]

    coded = [ArticleBuilder(f"a{n}", [f"Sentence {n}."]).build() for n in range(50)]
    read = {"all": False}

    def results():
        for n, article in enumerate(coded):
            read["all"] = n >= 30  # the reader has handed over everything from here on
            yield article

    store, summary = CountingStore(), IngestSummary()
    store_results(results(), store, summary, batch_size=100, all_read=lambda: read["all"])
    # nothing reaches a full batch: without the signal there would be one write of 50
    assert store.batches[0] == FINAL_BATCH + 15 and all(size <= FINAL_BATCH for size in store.batches[1:])
    assert sum(store.batches) == summary.stored == 50
