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
            raise _Interrupted  # as Ctrl-C or a killed process would, between two articles

    with pytest.raises(_Interrupted):
        _ingest(folder, db, workers=2, progress=stop_after_two)
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
