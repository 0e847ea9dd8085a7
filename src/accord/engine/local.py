"""Running the coder on one machine: read -> skip what is stored -> code -> store.

Articles stream through in batches, so memory stays bounded whatever the corpus size.
With ``workers`` above 1 the coding (parse and components) runs in that many worker
processes (``accord.engine.workers``) while this process reads and stores; the stored
result is the same as with one process, because results come back in input order.
Each article is stored whole or not at all, ``STORE_BATCH`` to a transaction (a batch
that fails is written again one article at a time): a failure on one (unreadable,
uncodable, unstorable) is recorded in the summary with its reason, and the batch goes
on. An interrupted run resumes where it stopped, because stored articles are skipped by
their content hash before any coding is spent on them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ..coder.pipeline import Pipeline
from ..errors import AccordError, CodingError, ConfigError, InputError, StoreError
from ..read import ReadOptions, read_paths
from ..records import Article, CodedArticle
from . import collector

__all__ = ["IngestSummary", "ingest", "code_paths", "store_results"]


@dataclass
class IngestSummary:
    read: int = 0
    skipped: int = 0
    coded: int = 0
    stored: int = 0
    events: int = 0
    facts: int = 0
    failed: list[AccordError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        rate = self.coded / self.seconds if self.seconds else 0.0
        return (
            f"read {self.read}, skipped as already stored {self.skipped}, coded {self.coded}, "
            f"stored {self.stored}, failed {len(self.failed)}; events {self.events}, facts {self.facts}; "
            f"{self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


Progress = Callable[[IngestSummary], None]

# Coded articles written per transaction (see store_results). Every statement costs
# DuckDB milliseconds to plan, whatever it carries: 32 a batch cost 4.1 ms an article
# in the main process, 128 cost 2.6 (bench/store_speed.py); a stop loses at most a
# batch's coding, about six seconds of it on two cores.
STORE_BATCH = 128
# Once all input is read, coded articles are stored this many at a time (store_results).
FINAL_BATCH = 16
# Articles read ahead to ask the store at once which are stored already.
SKIP_CHECK_CHUNK = 64


def _articles(sources: Iterable[Article | InputError], summary: IngestSummary) -> Iterator[Article]:
    for item in sources:
        if isinstance(item, InputError):
            summary.failed.append(item)
            continue
        summary.read += 1
        yield item


def code_paths(
    paths: Iterable[str],
    options: ReadOptions | None = None,
    pipeline: Pipeline | None = None,
    summary: IngestSummary | None = None,
    batch_size: int = 32,
) -> Iterator[CodedArticle]:
    """Read and code, storing nothing; errors go into ``summary.failed``."""
    summary = summary if summary is not None else IngestSummary()
    pipeline = pipeline or Pipeline()
    started = time.perf_counter()
    for result in pipeline.code_many(_articles(read_paths(paths, options), summary), batch_size=batch_size):
        summary.seconds = time.perf_counter() - started
        if isinstance(result, CodingError):
            summary.failed.append(result)
            continue
        summary.coded += 1
        summary.events += len(result.events)
        summary.facts += len(result.facts)
        yield result
    summary.seconds = time.perf_counter() - started


def ingest(
    paths: Iterable[str],
    store,
    options: ReadOptions | None = None,
    pipeline: Pipeline | None = None,
    recode: bool = False,
    progress: Progress | None = None,
    batch_size: int = 8,
    workers: int = 1,
    model: str | None = None,
    store_batch: int = STORE_BATCH,
) -> IngestSummary:
    """Code and store every article under ``paths``; never raises for one bad item.

    ``workers`` > 1 codes in that many processes, each loading ``model`` itself (so
    pass ``model``, not a loaded ``pipeline``). ``batch_size`` is spaCy's batch: its
    peak memory grows by about 9 MB per article in a batch, and larger batches are not
    faster, so it is small. ``store_batch`` articles are stored per transaction (see
    ``store_results``). Raises only when the coder cannot be loaded at all.
    """
    from .workers import CodingPool, PipelineSpec

    summary = IngestSummary()
    started = time.perf_counter()
    if workers > 1:
        if pipeline is not None:
            raise ConfigError("coding in worker processes loads the pipeline in each: give model, not pipeline")
        pool = CodingPool(workers, PipelineSpec(model=model), batch_size=batch_size)
        code_many = pool.code_many
    else:
        pool = None
        pipeline = pipeline or Pipeline(model=model)

        def code_many(articles: Iterable[Article]) -> Iterator[CodedArticle | CodingError]:
            return pipeline.code_many(articles, batch_size=batch_size)

    all_read = False

    def fresh(articles: Iterable[Article]) -> Iterator[Article]:
        # Asked of the store a chunk at a time: a query per article cost more than storing it.
        nonlocal all_read
        source = iter(articles)
        while chunk := list(islice(source, SKIP_CHECK_CHUNK)):
            stored = set() if recode else store.stored_hashes([article.content_hash for article in chunk])
            for article in chunk:
                if article.content_hash in stored:
                    summary.skipped += 1
                    if progress:
                        progress(summary)
                    continue
                yield article
        all_read = True

    readable = _articles(read_paths(paths, options), summary)
    try:
        # This process unpickles or builds every coded article and stores it: the same
        # short-lived objects the collector need not keep walking (see collector.py).
        with collector.settled():
            store_results(
                code_many(fresh(readable)),
                store,
                summary,
                recode=recode,
                progress=progress,
                started=started,
                batch_size=store_batch,
                all_read=lambda: all_read,
            )
    finally:
        if pool is not None:
            pool.close()
    summary.seconds = time.perf_counter() - started
    return summary


def store_results(
    results: Iterable[CodedArticle | CodingError],
    store,
    summary: IngestSummary,
    *,
    recode: bool = False,
    progress: Progress | None = None,
    started: float | None = None,
    batch_size: int = STORE_BATCH,
    all_read: Callable[[], bool] | None = None,
) -> None:
    """Store coded articles, each whole or not at all, and count them in ``summary``;
    coding failures and refused writes go into ``summary.failed``.

    Articles are written ``batch_size`` at a time in one transaction (``Store.write_many``):
    one statement per table per batch instead of per article is what keeps the store from
    being the slowest step. A stop mid-batch loses only that batch's work, which the next
    run codes again (nothing is half-stored). ``recode`` writes one article at a time,
    since it replaces what each had stored.

    ``all_read`` says whether every input article has been handed to the coder. From
    then on only the articles in the workers are still to come, so what is pending is
    stored at once and the rest in batches of ``FINAL_BATCH``: storing overlaps the
    workers' last chunks instead of following them (a full last batch took a third of
    a second after the last article was coded)."""
    started = time.perf_counter() if started is None else started
    pending: list[CodedArticle] = []

    def flush() -> None:
        if not pending:
            return
        if recode:
            outcomes = []
            for coded in pending:
                try:
                    outcomes.append(store.write(coded, replace=True))
                except StoreError as exc:
                    outcomes.append(exc)
        else:
            outcomes = store.write_many(pending)
        for coded, outcome in zip(pending, outcomes):
            if isinstance(outcome, StoreError):
                summary.failed.append(outcome if outcome.item else type(outcome)(outcome.reason, item=coded.article.article_id))
            elif outcome.status != "skipped":
                summary.stored += 1
                summary.events += len(coded.events)
                summary.facts += len(coded.facts)
            else:
                summary.skipped += 1
        pending.clear()
        summary.seconds = time.perf_counter() - started
        if progress:
            progress(summary)

    for result in results:
        if isinstance(result, CodingError):
            summary.failed.append(result)
        else:
            summary.coded += 1
            pending.append(result)
            if len(pending) >= batch_size or (all_read is not None and len(pending) >= FINAL_BATCH and all_read()):
                flush()
        summary.seconds = time.perf_counter() - started
        if progress:
            progress(summary)
    flush()