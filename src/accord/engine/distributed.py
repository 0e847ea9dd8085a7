"""Coding on a Dask cluster: ``accord ingest --engine dask [--scheduler ADDRESS] [--out-parquet DIR]``.

The work is split by input. Every file is a partition; a folder gives one per file
(in the order ``read_paths`` reads them), and a JSON Lines file is split into ranges
of items: at most ``items_per_partition`` each, and small enough that one big file
keeps every worker busy (two ranges per worker thread, down to 20 items). Each task, on a
worker, reads its partition with the same readers as the local engine, leaves out the
texts already stored (their content hashes go to every worker once, as a sorted array
of digests), codes the rest with a pipeline the worker process loads once
(``accord.engine.workers.pipeline_for``), and sends back a ``Shard``: the coded
articles and the per-item errors.

The client takes the shards in partition order, which is the local engine's order,
and either writes each article to the store through ``Store.write`` (so the store's
identity rules apply as they do locally, and the stored events are the same), or, with
``out_parquet``, appends it to a Parquet dataset (``accord.engine.dataset``). Only a
bounded number of partitions is out at a time, so the client's memory does not grow
with the corpus.

Bad input stays one item's problem: a bad file, line or article is an error in its
shard; a task that fails outright (a worker lost, say) costs its partition, which is
reported, and the run goes on. Only a pipeline that cannot be loaded stops the run.

Inputs are read by the workers, so every worker must see them at the same path (a
shared filesystem, or the same volume mounted in every pod); standard input cannot be
shared and is refused.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np

from ..errors import AccordError, CodingError, ConfigError, InputError, ModelError, UnreadableInputError
from ..read import ReadOptions, read_paths
from ..read.sniff import suffix_format
from ..records import CodedArticle
from .local import IngestSummary, Progress, store_results
from .workers import PipelineSpec, code_isolated, pipeline_for

__all__ = ["ingest_distributed", "Partition", "Shard", "KnownHashes", "plan_partitions", "code_partition"]

# Items (lines) of a JSON Lines file per task: a few minutes of one worker's time, and a
# shard of a few megabytes to send back.
ITEMS_PER_PARTITION = 500
# Below this a range costs more in task overhead and pipeline batching than it spreads.
MIN_ITEMS_PER_PARTITION = 20
# spaCy's batch inside a task (see accord.engine.local.ingest on memory).
BATCH_SIZE = 8
# Failures that no partition can get past: stop the run instead of failing every one.
_FATAL = (ModelError, ConfigError)


@dataclass(frozen=True)
class Partition:
    """One task's input: items ``start`` to ``stop`` (None: the end) of what
    ``read_paths([path])`` yields, articles and errors alike."""

    path: str
    start: int = 0
    stop: int | None = None

    @property
    def label(self) -> str:
        if self.start == 0 and self.stop is None:
            return self.path
        return f"{self.path} (items {self.start + 1}-{self.stop or 'end'})"


@dataclass
class Shard:
    """What one task sends back."""

    partition: Partition
    read: int = 0
    skipped: int = 0
    coded: list[CodedArticle] = field(default_factory=list)
    failed: list[AccordError] = field(default_factory=list)


class KnownHashes:
    """The content hashes of stored articles, as a sorted array of 32-byte digests:
    32 MB per million articles, sent once to each worker."""

    def __init__(self, hex_digests: Iterable[str]):
        digests = np.array([bytes.fromhex(digest) for digest in hex_digests], dtype="S32")
        digests.sort()
        self._digests = digests

    def __len__(self) -> int:
        return len(self._digests)

    def __contains__(self, hex_digest: str) -> bool:
        probe = np.array([bytes.fromhex(hex_digest)], dtype="S32")
        at = int(np.searchsorted(self._digests, probe)[0])
        return at < len(self._digests) and bool(self._digests[at : at + 1] == probe)


def _files_in(folder: Path) -> Iterator[Path | InputError]:
    # The dask engine must walk a folder exactly as read_paths does (order, hidden
    # files, links), so that partitions come back in the local engine's order.
    from ..read import _files_under

    yield from _files_under(folder)


def _split(path: Path, items_per_partition: int, spread: int) -> list[Partition]:
    """A JSON Lines file in ranges of items, at least ``spread`` of them if the file is
    long enough; any other file whole.

    The line count is an upper bound on the items (blank lines yield none), so the last
    ranges may be empty; they cost a task each and nothing else.
    """
    if suffix_format(path) != "jsonl":
        return [Partition(str(path))]
    try:
        with path.open("rb") as stream:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")) + 1
    except OSError:
        return [Partition(str(path))]  # the task's reader reports why it cannot be read
    size = min(items_per_partition, max(MIN_ITEMS_PER_PARTITION, -(-lines // spread)))
    if lines <= size:
        return [Partition(str(path))]
    starts = range(0, lines, size)
    return [Partition(str(path), start, start + size) for start in starts[:-1]] + [
        Partition(str(path), starts[-1], None)
    ]


def plan_partitions(
    paths: Iterable[str], items_per_partition: int = ITEMS_PER_PARTITION, spread: int = 1
) -> list[Partition | InputError]:
    """The partitions of ``paths`` in reading order, and an error for each input that
    cannot be a partition (missing, standard input, an unlistable folder).

    ``spread`` is how many ranges a long JSON Lines file should at least give (two per
    worker thread keeps every worker busy on a single file)."""
    plan: list[Partition | InputError] = []
    for raw in paths:
        if str(raw) == "-":
            refusal = "standard input cannot be shared with Dask workers; save it to a file"
            plan.append(UnreadableInputError(refusal, "-"))
            continue
        path = Path(raw)
        if path.is_dir():
            for found in _files_in(path):
                plan.extend([found] if isinstance(found, InputError) else _split(found, items_per_partition, spread))
        elif path.exists():
            plan.extend(_split(path, items_per_partition, spread))
        else:
            plan.append(UnreadableInputError("no such file or folder", str(path)))
    return plan


def code_partition(
    partition: Partition, options: ReadOptions, spec: PipelineSpec, known: KnownHashes, recode: bool = False
) -> Shard:
    """The task: read one partition, leave out known texts, code the rest (runs on a worker)."""
    shard = Shard(partition)
    fresh = []
    for item in islice(read_paths([partition.path], options), partition.start, partition.stop):
        if isinstance(item, InputError):
            shard.failed.append(item)
            continue
        shard.read += 1
        if not recode and item.content_hash in known:
            shard.skipped += 1
            continue
        fresh.append(item)
    if fresh:
        for result in code_isolated(pipeline_for(spec), fresh, BATCH_SIZE):
            (shard.failed if isinstance(result, CodingError) else shard.coded).append(result)
    return shard


@contextlib.contextmanager
def _client(scheduler: str | None, n_workers: int):
    """A client of the scheduler at ``scheduler``, or of a local cluster started here."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("the dask engine needs dask[distributed]: pip install 'accord[dask]'") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler ({exc})", item=scheduler) from exc
        with client:
            yield client
        return
    # One thread per worker process: coding is CPU-bound Python, so threads would only
    # share one core; processes use them all.
    # dashboard_address ":0": any free port, never a clash with another cluster on 8787.
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            yield client


def _in_order(
    client, partitions: list[Partition], task_args: tuple, window: int
) -> Iterator[tuple[Partition, Shard | Exception]]:
    """Each partition with its shard (or the exception its task raised), in partition
    order; at most ``window`` tasks are out at a time."""
    pending: deque = deque()
    queue = iter(partitions)

    def submit_next() -> None:
        partition = next(queue, None)
        if partition is not None:
            # pure=False: a partition's file may have changed since a task with the same
            # arguments ran, so Dask must not reuse that result.
            pending.append((partition, client.submit(code_partition, partition, *task_args, pure=False)))

    for _ in range(window):
        submit_next()
    try:
        while pending:
            partition, future = pending.popleft()
            try:
                outcome: Shard | Exception = future.result()
            except Exception as exc:  # the task raised, or its worker was lost
                outcome = exc
            finally:
                future.release()
            submit_next()
            yield partition, outcome
    finally:
        for _, future in pending:
            future.cancel()


class _StoreSink:
    def __init__(self, target: str | Path, recode: bool):
        from ..store import open_store

        self.store = open_store(target)
        self.recode = recode

    def known_hashes(self) -> Iterator[str]:
        for _, rows in self.store.backend.stream("SELECT content_hash FROM articles"):
            for (digest,) in rows:
                yield digest

    def take(self, coded: list[CodedArticle], summary: IngestSummary) -> None:
        store_results(coded, self.store, summary, recode=self.recode)

    def close(self) -> None:
        self.store.close()


class _DatasetSink:
    def __init__(self, root: str | Path):
        from .dataset import ParquetDataset

        self.dataset = ParquetDataset(root)

    def known_hashes(self) -> Iterator[str]:
        return iter(self.dataset.stored_hashes())

    def take(self, coded: list[CodedArticle], summary: IngestSummary) -> None:
        for result in coded:
            summary.coded += 1
            if self.dataset.add(result):
                summary.stored += 1
                summary.events += len(result.events)
                summary.facts += len(result.facts)
            else:  # the same text came twice in this run
                summary.skipped += 1

    def close(self) -> None:
        self.dataset.close()


def ingest_distributed(
    paths: Iterable[str],
    db_target: str | Path | None,
    options: ReadOptions | None = None,
    scheduler: str | None = None,
    out_parquet: str | Path | None = None,
    recode: bool = False,
    model: str | None = None,
    n_workers: int = 2,
    progress: Progress | None = None,
    items_per_partition: int = ITEMS_PER_PARTITION,
) -> IngestSummary:
    """Code every article under ``paths`` on a Dask cluster and store the results.

    Into the database ``db_target``, or, with ``out_parquet``, into a Parquet dataset in
    that folder (then ``db_target`` must be None). ``scheduler`` is the address of a
    running scheduler; without it a local cluster of ``n_workers`` processes is started.
    Never raises for one bad item or partition; raises ``ConfigError`` for settings that
    cannot work and ``ModelError`` when the workers cannot load the pipeline.
    """
    if (db_target is None) == (out_parquet is None):
        raise ConfigError("give either a database or a Parquet folder (out_parquet) to write to, not both")
    if out_parquet is not None and recode:
        raise ConfigError("a Parquet dataset is only appended to; write the recoded articles to a new folder")
    options = options or ReadOptions()
    # Resolved here, so every worker loads the model this process was asked for.
    spec = PipelineSpec(model=model or os.environ.get("ACCORD_MODEL"))
    summary = IngestSummary()
    started = time.perf_counter()
    sink = _StoreSink(db_target, recode) if db_target is not None else _DatasetSink(out_parquet)
    try:
        with _client(scheduler, n_workers) as client:
            threads = max(1, sum(client.nthreads().values()))
            partitions: list[Partition] = []
            for planned in plan_partitions(paths, items_per_partition, spread=2 * threads):
                if isinstance(planned, InputError):
                    summary.failed.append(planned)
                else:
                    partitions.append(planned)
            known = KnownHashes([] if recode else sink.known_hashes())
            known_on_workers = client.scatter(known, broadcast=True)
            # Two tasks per worker thread: none idles while the client stores a shard.
            window = 2 * threads
            for partition, outcome in _in_order(client, partitions, (options, spec, known_on_workers, recode), window):
                if isinstance(outcome, _FATAL):
                    raise outcome
                if isinstance(outcome, Exception):
                    summary.failed.append(
                        CodingError(f"this partition failed: {type(outcome).__name__}: {outcome}", item=partition.label)
                    )
                else:
                    summary.read += outcome.read
                    summary.skipped += outcome.skipped
                    summary.failed.extend(outcome.failed)
                    sink.take(outcome.coded, summary)
                summary.seconds = time.perf_counter() - started
                if progress:
                    progress(summary)
    finally:
        sink.close()
    summary.seconds = time.perf_counter() - started
    return summary
