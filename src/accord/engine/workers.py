"""The whole coder (spaCy parse and components) in worker processes, one pipeline each.

    with CodingPool(workers=2, spec=PipelineSpec(model=None)) as pool:
        for result in pool.code_many(articles):     # CodedArticle or CodingError, in input order
            ...

Why whole-pipeline workers: the parse is most of the cost, but the components after it
are pure Python and cost a fifth to a half of the parse again, so running only the
parse in other processes (spaCy's ``n_process``) leaves the components queued on one
core, and shipping each parsed ``Doc`` back costs a serialisation as well. A worker that
runs everything sends back a ``CodedArticle``: some kilobytes, taken back in about a
millisecond.

The caller (the main process) keeps what must stay in one place: reading, skipping
stored articles, and writing to the store, which DuckDB allows one process to do.

Memory stays bounded whatever the corpus size: articles go out in chunks, only
``in_flight`` chunks are out at a time and as many chunks' worth are read ahead, and
the next chunk is read only when the oldest comes back. Results come back in input
order, so the store receives articles in the order a single process would give them,
and the stored rows (labels, merged events, ids) are the same. The workers are replaced
after ``chunks_per_worker`` chunks each, because a spaCy vocabulary only grows with
every new word it sees. (The pool is replaced whole, between chunks:
``max_tasks_per_child`` of Python 3.11's process pool deadlocks when it replaces a
worker.)

Workers are forked from a fork server that has imported spaCy and the coder once, not
from the main process, which holds an open DuckDB connection and its threads that a
forked child must not inherit (see ``accord.engine.server``). A worker takes the
environment and working folder of the process that made the pool, not the server's, as
a spawned one would.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..coder.pipeline import DEFAULT_COMPONENTS
from ..errors import AccordError, CodingError, ConfigError
from ..parse.blas import limit_to_one_thread
from ..records import Article, CodedArticle
from . import allocator, collector
from .server import default_workers, process_context

if TYPE_CHECKING:
    from ..coder.pipeline import Pipeline

__all__ = ["PipelineSpec", "CodingPool", "pipeline_for", "code_isolated", "default_workers"]

# Articles sent to a worker at once: one spaCy batch of the ingest's default size.
# Small, because at the end of a run the last chunk is coded by one worker while the
# others idle: 32 articles left one core idle for up to two seconds on a 2-core machine.
# Handing over a chunk costs about a millisecond.
CHUNK_ARTICLES = 8
# The last chunks of a run are this small: the workers then finish within a fraction of
# a chunk of each other.
TAIL_CHUNK_ARTICLES = 2
# A worker codes this many chunks (about 16,000 articles) before a fresh one replaces it.
CHUNKS_PER_WORKER = 2000


@dataclass(frozen=True)
class PipelineSpec:
    """What to load to code, rather than the loaded pipeline: that is hundreds of
    megabytes, so each process loads its own once (``pipeline_for``).

    ``model`` None means the default, or ``$ACCORD_MODEL`` of the process that loads it.
    """

    model: str | None = None
    components: tuple[str, ...] = DEFAULT_COMPONENTS

    def build(self) -> Pipeline:
        from ..coder.pipeline import Pipeline

        return Pipeline(self.components, model=self.model)


_pipelines: dict[PipelineSpec, Pipeline] = {}
_pipelines_lock = threading.Lock()  # a Dask worker may run tasks on several threads


def pipeline_for(spec: PipelineSpec) -> Pipeline:
    """The pipeline ``spec`` describes, loaded once per process."""
    with _pipelines_lock:
        if spec not in _pipelines:
            _pipelines[spec] = spec.build()
        return _pipelines[spec]


def code_isolated(pipeline: Pipeline, articles: list[Article], batch_size: int) -> list[CodedArticle | CodingError]:
    """Code a batch, one result per article, even if the batch as a whole fails.

    ``Pipeline.code_many`` turns a component's failure into that article's
    ``CodingError``, but an exception inside spaCy's batched parse would take the whole
    batch with it. Then the articles are coded again one at a time, so the failure is
    pinned on the article that causes it and the others are coded.
    """
    try:
        return list(pipeline.code_many(articles, batch_size=batch_size))
    except Exception as exc:
        if len(articles) == 1:
            return [_coding_failure(articles[0], exc)]
    results: list[CodedArticle | CodingError] = []
    for article in articles:
        try:
            results.extend(pipeline.code_many([article], batch_size=1))
        except Exception as exc:
            results.append(_coding_failure(article, exc))
    return results


def _coding_failure(article: Article, exc: Exception) -> CodingError:
    return CodingError(f"coding failed: {type(exc).__name__}: {exc}", item=article.article_id)


# -- inside a worker process ---------------------------------------------------

# Set by _start_worker: a failure to load is kept and raised by the first task, because
# an exception in a pool initializer only breaks the pool, and its message is lost.
_worker_spec: PipelineSpec | None = None
_worker_load_error: AccordError | None = None


def _start_worker(spec: PipelineSpec, environment: dict[str, str]) -> None:
    """Load the pipeline as soon as the worker starts, while the main process reads."""
    global _worker_spec, _worker_load_error
    _worker_spec = spec
    # The fork server's environment is the caller's of when it started, which may have
    # changed since ($ACCORD_MODEL, $ACCORD_CACHE_DIR). (Its working folder is set by
    # multiprocessing itself.)
    if os.environ != environment:
        os.environ.clear()
        os.environ.update(environment)
    atexit.register(_leave_without_teardown)
    # One worker per core: a BLAS library's own threads would only fight them.
    limit_to_one_thread()
    # Before the model is loaded, so that its batches reuse the pages they free.
    allocator.keep_freed_memory()
    try:
        with collector.loading():
            pipeline_for(spec)
    except AccordError as exc:
        _worker_load_error = exc
    # The pipeline is loaded and stays: the collector need not walk it again.
    collector.settle()


def _leave_without_teardown() -> None:
    """End a worker as soon as the pool lets it go.

    A Python process that exits frees every object it holds one by one: for a worker,
    the spaCy model and the lexicons, about half a second in which the main process
    waits, at the end of every run. By the time the pool lets a worker go it has
    handed back its last result and holds nothing anyone needs, so it leaves at once,
    as spaCy's own worker processes do (they are terminated).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _nothing() -> None:
    """A task that only makes the pool start a worker process (CodingPool._start)."""


def _code_chunk(articles: list[Article], batch_size: int) -> list[CodedArticle | CodingError]:
    if _worker_load_error is not None:
        raise _worker_load_error
    assert _worker_spec is not None, "a worker task ran in a process that _start_worker did not start"
    return code_isolated(pipeline_for(_worker_spec), articles, batch_size)


# -- in the main process ---------------------------------------------------------


def _chunks(articles: Iterable[Article], size: int, in_flight: int) -> Iterator[list[Article]]:
    """``size`` articles at a time, except the last ``in_flight`` chunks' worth, which
    go out ``TAIL_CHUNK_ARTICLES`` at a time: the workers then finish together, rather
    than one coding a whole chunk alone at the end while the others idle. Articles are
    read that far ahead, to know where the end is."""
    ahead: deque[Article] = deque()
    kept = in_flight * size
    for article in articles:
        ahead.append(article)
        if len(ahead) >= kept + size:
            yield [ahead.popleft() for _ in range(size)]
    tail = min(TAIL_CHUNK_ARTICLES, size)
    while ahead:
        yield [ahead.popleft() for _ in range(min(tail, len(ahead)))]


class CodingPool:
    """Worker processes that each load the pipeline once and code chunks of articles.

    A pipeline that cannot be loaded (``ModelError``, ``ConfigError``) is raised by
    ``code_many``; a failure on one article comes back as its ``CodingError``, in its
    place. A worker that dies (killed for memory, say) stops the run with a
    ``CodingError``: what was stored stays stored, and the next run resumes there.
    """

    def __init__(
        self,
        workers: int | None = None,
        spec: PipelineSpec | None = None,
        *,
        chunk_articles: int = CHUNK_ARTICLES,
        in_flight: int | None = None,
        batch_size: int = 32,
        chunks_per_worker: int | None = CHUNKS_PER_WORKER,
    ):
        self.workers = workers or default_workers()
        if self.workers < 1 or chunk_articles < 1:
            raise ConfigError(f"workers and chunk size must be at least 1 (got {self.workers}, {chunk_articles})")
        self.spec = spec or PipelineSpec()
        self.chunk_articles = chunk_articles
        # One chunk being coded by each worker, and one waiting for each: no worker idles
        # while the main process stores a finished chunk.
        self.in_flight = in_flight or 2 * self.workers
        self.batch_size = batch_size
        self.chunks_per_pool = chunks_per_worker * self.workers if chunks_per_worker else None
        self._executor = self._start()
        self._chunks_sent = 0  # to the current executor

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=process_context(),
            initializer=_start_worker,
            initargs=(self.spec, dict(os.environ)),
        )
        # The pool starts a process only when a task is submitted, one per task. The
        # first chunk is submitted once the store is open and the first articles are
        # read and checked against it; started now, every worker loads its pipeline
        # (over a second) while that happens.
        for _ in range(self.workers):
            executor.submit(_nothing)
        return executor

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle | CodingError]:
        """Code ``articles`` in the workers; results in input order, one per article."""
        pending: deque[Future] = deque()
        for chunk in _chunks(articles, self.chunk_articles, self.in_flight):
            if self.chunks_per_pool and self._chunks_sent >= self.chunks_per_pool:
                while pending:
                    yield from self._result(pending.popleft())
                self._executor.shutdown(wait=True)
                self._executor = self._start()
                self._chunks_sent = 0
            pending.append(self._executor.submit(_code_chunk, chunk, self.batch_size))
            self._chunks_sent += 1
            if len(pending) >= self.in_flight:
                yield from self._result(pending.popleft())
        while pending:
            yield from self._result(pending.popleft())

    def _result(self, future: Future) -> list[CodedArticle | CodingError]:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise CodingError(
                f"a coding worker process died ({exc}); articles stored so far are kept, run again to resume"
            ) from None

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> CodingPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
