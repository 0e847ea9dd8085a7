"""Writing into PostgreSQL against DuckDB, and several writers on one PostgreSQL database.
Prints figures; asserts nothing.

    python bench/postgres_speed.py [--articles 1000] [--writers 1 2 3 4] [--db postgresql://...]

1. One writer: ``--articles`` invented coded articles (bench/store_speed.py's: eight
   events and a figure each) through ``Store.write``, one transaction each, into a
   DuckDB file and into a PostgreSQL database.
2. Several writers: the same articles split among N processes writing at once into one
   PostgreSQL database (each also writes a tenth of the others' articles, which it
   must find already stored), with the time each spends waiting for the writers' lock.
3. A few queries on the resulting databases, median of five.
4. End to end: `accord.engine.local.ingest` (read, code, store) of the team's test
   articles into each backend, in one process.

Without ``--db`` a throwaway server is started from the Debian packages (as the tests
do, tests/pgserver.py) but with PostgreSQL's default durability (fsync, synchronous
commit), as DuckDB syncs its write-ahead log at every commit: both pay for the disk.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store_speed import invented_article  # noqa: E402

from accord.query import Database  # noqa: E402
from accord.store import open_store  # noqa: E402

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "articles"


def corpus(count: int):
    rng = random.Random(7)
    return [invented_article(number, rng) for number in range(count)]


def write_all(target: str, articles) -> tuple[float, int]:
    with open_store(target) as store:
        started = time.perf_counter()
        for coded in articles:
            store.write(coded)
        seconds = time.perf_counter() - started
        events = store.backend.query("SELECT count(*) FROM events")[0][0]
    return seconds, events


def _writer(target: str, share: list[int], count: int, queue) -> None:
    articles = corpus(count)
    with open_store(target) as store:
        waited = 0.0
        lock = store.backend.serialize_writes

        def timed_lock() -> None:
            nonlocal waited
            started = time.perf_counter()
            lock()
            waited += time.perf_counter() - started

        store.backend.serialize_writes = timed_lock  # type: ignore[method-assign]
        started = time.perf_counter()
        written = 0
        for number in share:
            written += store.write(articles[number]).status == "written"
        queue.put((time.perf_counter() - started, waited, written, len(share)))


def concurrent(new_database, count: int, writers: int) -> None:
    url = new_database()
    open_store(url).close()
    numbers = list(range(count))
    shares = [numbers[k::writers] for k in range(writers)]
    if writers > 1:  # each also brings some of the others' articles
        rng = random.Random(writers)
        for k, share in enumerate(shares):
            others = [n for n in numbers if n % writers != k]
            share += rng.sample(others, len(others) // 10)
            share.sort()
    queue = multiprocessing.get_context("spawn").Queue()
    processes = [
        multiprocessing.get_context("spawn").Process(target=_writer, args=(url, share, count, queue)) for share in shares
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - started
    with open_store(url) as store:
        stored = store.backend.query("SELECT count(*), count(DISTINCT content_hash) FROM articles")[0]
        events = store.backend.query("SELECT count(*) FROM events")[0][0]
    busy = max(seconds for seconds, *_ in results)
    waits = [waited / seconds for seconds, waited, *_ in results]
    print(
        f"  {writers} writer(s): {stored[0]} articles ({stored[1]} distinct) in {busy:.1f} s of writing "
        f"= {count / busy:.0f} articles/s together; {events} events; "
        f"waiting for the writers' lock {100 * statistics.mean(waits):.0f}% of each writer's time "
        f"(wall {wall:.1f} s with start-up)"
    )


def timed(label: str, call, repeat: int = 5) -> str:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    return f"{label} {statistics.median(times):.1f} ms"


def queries(label: str, target: str) -> None:
    with Database(target) as db:
        figures = [
            timed("events()", lambda: db.events()),
            timed("events(dyad=AZE-TUR)", lambda: db.events(dyad="AZE-TUR")),
            timed("stats()", db.stats),
            timed("dyad_series(AZE,TUR)", lambda: db.dyad_series("AZE", "TUR")),
            timed("export-style stream", lambda: sum(len(page) for page in db.store.stream_events("TRUE", [], "e.event_id"))),
        ]
    print(f"  {label:<10} " + "; ".join(figures))


def end_to_end(targets: dict[str, str]) -> None:
    from accord.coder.pipeline import Pipeline
    from accord.engine.local import ingest

    pipeline = Pipeline()
    paths = sorted(str(path) for path in ARTICLES.glob("*.txt"))
    with open_store(":memory:") as warm_up:  # the first coding pays for loading lexicons
        ingest(paths, warm_up, pipeline=pipeline)
    for label, target in targets.items():
        with open_store(target) as store:
            summary = ingest(paths, store, pipeline=pipeline)
        print(f"  {label:<10} {summary.line()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--db", help="a PostgreSQL server's URL (a role that may CREATE DATABASE); default: a throwaway one")
    args = parser.parse_args()

    from tests.pgserver import PostgresServer

    if args.db:
        import os

        os.environ["ACCORD_TEST_POSTGRES"] = args.db
    server = PostgresServer.start(durable=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            articles = corpus(args.articles)
            duck = str(Path(folder) / "bench.duckdb")
            pg = server.create_database()
            print(f"one writer, {args.articles} articles (8 events, 1 figure each), one transaction each:")
            for label, target in (("duckdb", duck), ("postgresql", pg)):
                seconds, events = write_all(target, articles)
                print(
                    f"  {label:<10} {seconds:.1f} s = {args.articles / seconds:.0f} articles/s, "
                    f"{8 * args.articles / seconds:.0f} events/s ({events} events)"
                )
            print("several writers on one PostgreSQL database:")
            for writers in args.writers:
                concurrent(server.create_database, args.articles, writers)
            print(f"queries on the {args.articles}-article databases (median of 5):")
            queries("duckdb", duck)
            queries("postgresql", pg)
            print("end to end (read, code, store) of the team's test articles, one process:")
            end_to_end({"duckdb": str(Path(folder) / "ingest.duckdb"), "postgresql": server.create_database()})
    finally:
        server.stop()


if __name__ == "__main__":
    main()
