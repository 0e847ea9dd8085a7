"""The coder in worker processes: same results as in-process, in input order, errors in place."""

from __future__ import annotations

import gc
import multiprocessing

import pytest

from accord.engine import allocator, collector
from accord.engine.server import start_worker_server
from accord.engine.workers import TAIL_CHUNK_ARTICLES, CodingPool, PipelineSpec, _chunks, code_isolated, pipeline_for
from accord.errors import CodingError, ConfigError, ModelError
from accord.read import read_paths
from accord.records import Article, CodedArticle
from tests.engine.helpers import copy_articles, fork_server_pid, needs_fork_server
from tests.engine.probes import worker_environment, worker_imports, worker_keeps_freed_memory, worker_parse_setup


def _articles(folder) -> list[Article]:
    return [item for item in read_paths([folder]) if isinstance(item, Article)]


def test_pipeline_for_loads_once_per_spec(pipeline):
    spec = PipelineSpec()
    first = pipeline_for(spec)
    assert pipeline_for(PipelineSpec()) is first
    assert first.name == pipeline.name


def test_pool_codes_like_one_process_in_input_order_across_pool_restarts(tmp_path, pipeline):
    articles = _articles(copy_articles(tmp_path / "news", 5)[0].parent)
    # Two articles a chunk and one chunk a worker: the pool is replaced after every two
    # chunks, so the five articles cross a replacement.
    with CodingPool(2, chunk_articles=2, chunks_per_worker=1, batch_size=8) as pool:
        assert pool.chunks_per_pool == 2
        in_workers = list(pool.code_many(articles))
    in_process = list(pipeline.code_many(articles, batch_size=8))
    assert [r.article.article_id for r in in_workers] == [a.article_id for a in articles]
    assert all(isinstance(r, CodedArticle) for r in in_workers)
    assert [r.model_dump() for r in in_workers] == [r.model_dump() for r in in_process]
    assert sum(len(r.events) for r in in_workers) > 0


def test_a_model_that_does_not_load_stops_the_pool_with_its_own_message():
    article = Article(article_id="a", text="Turkey met Iran.")
    with CodingPool(2, PipelineSpec(model="no_such_spacy_pipeline")) as pool:
        with pytest.raises(ModelError, match="no_such_spacy_pipeline"):
            list(pool.code_many([article]))


def test_the_workers_start_loading_when_the_pool_is_made_not_at_the_first_chunk():
    # Loading a pipeline takes over a second; it overlaps opening the store and reading.
    before = {process.pid for process in multiprocessing.active_children()}
    with CodingPool(2, PipelineSpec(model="no_such_spacy_pipeline")):
        started = {process.pid for process in multiprocessing.active_children()} - before
        assert len(started) == 2


@needs_fork_server
def test_workers_are_forked_from_the_server_with_the_callers_environment_and_folder(tmp_path, monkeypatch):
    import os

    start_worker_server()  # its environment is this process's of now
    server = fork_server_pid()
    monkeypatch.setenv("ACCORD_PROBE", "set after the server started")
    monkeypatch.chdir(tmp_path)
    with CodingPool(1, PipelineSpec(model="no_such_spacy_pipeline")) as pool:
        value, folder, parent = pool._executor.submit(worker_environment, "ACCORD_PROBE").result()
    assert value == "set after the server started"
    assert folder == str(tmp_path)
    assert parent == server != os.getpid()


def test_chunks_are_full_until_the_last_ones_which_are_small_so_workers_finish_together():
    read = []

    def articles(n):
        for i in range(n):
            read.append(i)
            yield i

    sizes = []
    for chunk in _chunks(articles(100), 8, 4):
        # never more than the chunks in flight read ahead of what has gone out
        assert len(read) - (sum(sizes) + len(chunk)) < (4 + 1) * 8
        sizes.append(len(chunk))
    assert sizes == [8] * 8 + [TAIL_CHUNK_ARTICLES] * 18
    assert [x for chunk in _chunks(range(7), 8, 4) for x in chunk] == list(range(7))
    assert [len(c) for c in _chunks(range(5), 8, 4)] == [2, 2, 1]
    assert [len(c) for c in _chunks(range(3), 1, 2)] == [1, 1, 1]
    assert list(_chunks([], 8, 4)) == []


def test_pool_refuses_nonsense_sizes():
    with pytest.raises(ConfigError):
        CodingPool(2, chunk_articles=0)


class _PoisonedPipeline:
    """Codes like the real one, but its batch fails whenever the batch holds 'poison'."""

    def __init__(self, real):
        self.real = real

    def code_many(self, articles, batch_size=32):
        if any("poison" in article.text for article in articles):
            raise RuntimeError("the parser choked")
        return self.real.code_many(articles, batch_size=batch_size)


def test_a_failing_batch_is_coded_again_one_article_at_a_time(pipeline):
    articles = [
        Article(article_id="good-1", text="Turkey met Iran on Monday."),
        Article(article_id="bad", text="A poison sentence."),
        Article(article_id="good-2", text="Azerbaijan signed a deal with Georgia."),
    ]
    results = code_isolated(_PoisonedPipeline(pipeline), articles, batch_size=8)
    assert [type(r) for r in results] == [CodedArticle, CodingError, CodedArticle]
    assert results[1].item == "bad" and "RuntimeError: the parser choked" in str(results[1])
    assert [r.article.article_id for r in (results[0], results[2])] == ["good-1", "good-2"]


def test_a_failing_batch_of_one_is_that_articles_error(pipeline):
    (result,) = code_isolated(_PoisonedPipeline(pipeline), [Article(article_id="bad", text="poison")], batch_size=8)
    assert isinstance(result, CodingError) and result.item == "bad"


def test_a_started_worker_is_lean_runs_blas_on_one_thread_and_has_set_its_collector_and_allocator():
    """What _start_worker sets up, asked of one real worker (starting one takes seconds)."""
    with CodingPool(1, batch_size=8) as pool:
        threads, uses_blis = pool._executor.submit(worker_parse_setup).result()
        # A worker starts in about a second; what it does not need is not imported: the
        # store's and the exports' pyarrow and duckdb, the web server, PostgreSQL.
        imported = pool._executor.submit(worker_imports, ("pyarrow", "duckdb", "fastapi", "psycopg")).result()
        threshold = pool._executor.submit(gc.get_threshold).result()
        frozen = pool._executor.submit(gc.get_freeze_count).result()
        collecting = pool._executor.submit(gc.isenabled).result()
        keeps_memory = pool._executor.submit(worker_keeps_freed_memory).result()
    # One worker per core: BLAS threads of its own would fight the others (accord.parse.blas).
    assert threads == 1
    assert uses_blis is False
    assert imported == []
    # The loaded pipeline frozen out of the collector's sight (accord.engine.collector).
    assert threshold[0] == collector.YOUNG_THRESHOLD
    assert frozen > 100_000  # the model, the lexicons and the gazetteer
    assert collecting  # paused only while the pipeline loaded
    # Batches reuse the pages they free (accord.engine.allocator), where the C library is glibc.
    assert keeps_memory is (allocator._glibc() is not None)
