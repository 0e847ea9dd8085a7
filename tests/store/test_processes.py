"""Real `accord ingest` processes on one database: several at once, one killed mid-batch,
a second DuckDB writer.

The articles are the team's test articles (tests/data/articles/*.txt) and variants of
them: the same story under another outlet with one more sentence, so a variant's
events join the original's (the cross-article identity the writers must agree on).

What "the same result" means across runs: every article stored once, with the same
rows, and the same grouping of reports into events (and of figures into facts). Event
ids are compared too where the articles are written in the same order (the killed and
resumed run against one uninterrupted run); concurrent writers take ids in the order
they commit, so there only the grouping can be compared.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from accord.engine.local import ingest
from accord.errors import StoreLockedError
from accord.query import Database
from accord.store import open_store
from tests.factories import write_sample

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
TIMEOUT = 120  # seconds any one `accord ingest` may take before the test gives up on it

pytestmark = pytest.mark.slow


def team_articles() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt"))


def variant(text: str, number: int) -> str:
    """The same story from another desk: another outlet, one more sentence."""
    first, rest = text.split("\n", 1)
    return f"{first} Wire Desk {number}\n{rest}\n\nThis report was filed again by wire desk {number}."


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` distinct articles: the team's, then variants of them, in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    originals = team_articles()
    written = []
    for number in range(count):
        source = originals[number % len(originals)]
        text = source.read_text(encoding="utf-8")
        round_ = number // len(originals)
        name = f"{source.stem}.txt" if round_ == 0 else f"{source.stem}-v{round_}.txt"
        path = folder / name
        path.write_text(text if round_ == 0 else variant(text, round_), encoding="utf-8")
        written.append(path)
    return written


def accord_ingest(paths: list[Path] | Path, target: str, **popen) -> subprocess.Popen:
    """Start `accord ingest` in a process of its own, coding in that process."""
    paths = [paths] if isinstance(paths, Path) else paths
    command = [sys.executable, "-c", "from accord.cli.main import run; run()", "ingest", *map(str, paths)]
    # one article per transaction, so a kill can fall between any two of them
    command += ["--db", target, "--workers", "1", "--store-batch", "1"]
    env = {key: value for key, value in os.environ.items() if key not in ("ACCORD_DB", "ACCORD_MODEL")}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **popen)


def finish(process: subprocess.Popen) -> str:
    """Wait for a run that must succeed; its summary line (stderr)."""
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err
    return " ".join(err.split())


def contents(target: str) -> dict:
    """What a database holds, in terms that do not depend on the order of writing."""
    with Database(target) as db:
        query = db.store.backend.query
        hashes = [row[0] for row in query("SELECT content_hash FROM articles")]
        rows_per_article = {}
        for table in ("sentences", "actor_mentions", "event_mentions", "fact_sources"):
            for content_hash, number in query(
                f"SELECT a.content_hash, count(*) FROM {table} t JOIN articles a ON a.article_id = t.article_id "
                "GROUP BY a.content_hash"
            ):
                rows_per_article[(content_hash, table)] = number

        def grouping(parent: str, child: str, key: str, columns: str) -> set[frozenset]:
            groups: dict[int, set] = {}
            for row in query(
                f"SELECT c.{key}, a.content_hash, c.sentence_index, c.char_start, c.char_end, {columns} "
                f"FROM {child} c JOIN articles a ON a.article_id = c.article_id"
            ):
                groups.setdefault(row[0], set()).add(row[1:])
            assert set(groups) == {row[0] for row in query(f"SELECT {key} FROM {parent}")}, f"{parent} without {child}"
            return {frozenset(group) for group in groups.values()}

        return {
            "articles": sorted(hashes),
            "duplicate articles": len(hashes) - len(set(hashes)),
            "rows per article": rows_per_article,
            "events": grouping("events", "event_mentions", "event_id", "c.cameo, c.source_code, c.target_code, c.date_value"),
            "facts": grouping("facts", "fact_sources", "fact_id", "c.indicator, c.countries_key, c.value, c.kind"),
            "event counts": sorted(query("SELECT num_mentions, num_articles, num_sources FROM events")),
        }


def event_rows(target: str) -> list[tuple]:
    with Database(target) as db:
        return db.store.backend.query(
            "SELECT event_id, cameo, source_code, target_code, date_value, location_name, "
            "num_mentions, num_articles, num_sources FROM events ORDER BY event_id"
        )


def reference(pipeline, paths: list[Path], target: str) -> dict:
    """One uninterrupted, sequential run over ``paths`` in this process."""
    with open_store(target) as store:
        summary = ingest([str(path) for path in paths], store, pipeline=pipeline)
    assert summary.ok, [str(error) for error in summary.failed]
    return contents(target)


def summary_numbers(line: str) -> dict[str, int]:
    found = re.search(r"skipped as already stored (\d+), coded (\d+), stored (\d+), failed (\d+)", line)
    assert found, line
    return dict(zip(("skipped", "coded", "stored", "failed"), map(int, found.groups())))


# -- several writers on one PostgreSQL database ------------------------------------------


@pytest.mark.postgres
def test_three_ingest_processes_with_overlapping_folders_store_what_one_process_stores(
    tmp_path, postgres_server, pipeline
):
    articles = write_articles(tmp_path / "all", 2 * len(team_articles()))
    # Three folders; every article is in two of them, and an original and its variant
    # never share both folders, so writers race on the same articles and on each
    # other's events.
    folders = []
    for which in range(3):
        folder = tmp_path / f"folder-{which}"
        folder.mkdir()
        for number, path in enumerate(articles):
            if number % 3 != which:
                (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        folders.append(folder)
    expected = reference(pipeline, articles, postgres_server.create_database())

    url = postgres_server.create_database()
    open_store(url).close()
    reads: list[tuple[int, int]] = []
    read_errors: list[Exception] = []
    done = threading.Event()

    def serve_reads() -> None:
        # What a running server does meanwhile: read-only queries on its own connection.
        try:
            with Database(url) as db:
                while not done.is_set():
                    stats = db.stats()
                    page = db.events(limit=50)
                    assert all(event.mentions for event in page.events)
                    reads.append((stats.articles, stats.events))
                    time.sleep(0.05)
        except Exception as exc:
            read_errors.append(exc)

    reader = threading.Thread(target=serve_reads)
    reader.start()
    try:
        processes = [accord_ingest(folder, url) for folder in folders]
        lines = [finish(process) for process in processes]
    finally:
        done.set()
        reader.join(timeout=60)
    assert read_errors == []
    assert reads and reads == sorted(reads)  # the readers only ever saw the data grow
    numbers = [summary_numbers(line) for line in lines]
    assert sum(n["stored"] for n in numbers) == len(articles)
    assert all(n["failed"] == 0 for n in numbers)

    got = contents(url)
    assert got["duplicate articles"] == 0
    assert got == expected


# -- a killed run, then the same run again -------------------------------------------------


def _stored_so_far(target: str) -> Callable[[], int]:
    """How far a running ingest has got, without disturbing it."""
    if target.startswith("postgresql://"):

        def articles() -> int:
            with psycopg.connect(target) as connection:
                return connection.execute("SELECT count(*) FROM articles").fetchone()[0]

        return articles
    # The writer holds the DuckDB file; every commit appends to its write-ahead log.
    wal = Path(target + ".wal")
    sizes: list[int] = []

    def commits() -> int:
        size = wal.stat().st_size if wal.exists() else 0
        if size and (not sizes or size != sizes[-1]):
            sizes.append(size)
        return len(sizes)

    return commits


@pytest.fixture(scope="module")
def thirty_articles(tmp_path_factory, pipeline) -> tuple[Path, str, dict]:
    """A folder of 30 articles, and one uninterrupted run over it (a DuckDB file, which
    the runs on PostgreSQL must match too)."""
    root = tmp_path_factory.mktemp("thirty")
    articles = write_articles(root / "articles", 30)
    target = str(root / "reference.duckdb")
    return root / "articles", target, reference(pipeline, articles, target)


@contextlib.contextmanager
def _writer_stopped_mid_transaction(url: str) -> Iterator[None]:
    """On PostgreSQL, catch the writer inside an article's transaction: hold the id
    counters, which a write takes after it has inserted the article, its sentences and
    its actors, and wait until the writer waits for them."""
    with psycopg.connect(url) as blocker, psycopg.connect(url, autocommit=True) as watcher:
        blocker.execute("SELECT * FROM id_counters FOR UPDATE")
        deadline = time.monotonic() + TIMEOUT
        # (A transaction sees pg_stat_activity as it was at its start: the watcher has none.)
        while not watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = 'accord' AND wait_event_type = 'Lock' AND query LIKE 'UPDATE id_counters%'"
        ).fetchone()[0]:
            assert time.monotonic() < deadline, "the writer never reached the id counters"
            time.sleep(0.01)
        yield
        blocker.rollback()


def test_an_ingest_killed_mid_batch_and_run_again_stores_every_article_exactly_once(
    new_target, backend_name, thirty_articles
):
    folder, expected_target, expected = thirty_articles
    articles = sorted(folder.iterdir())
    target = new_target("killed")
    open_store(target).close()
    process = accord_ingest(folder, target)
    progress = _stored_so_far(target)
    deadline = time.monotonic() + TIMEOUT
    while progress() < 4:
        assert process.poll() is None, f"ingest ended before it could be killed: {process.communicate()[1]}"
        assert time.monotonic() < deadline, "ingest stored nothing in time"
        time.sleep(0.02)
    # DuckDB: killed wherever it is (coding, or writing). PostgreSQL: killed inside
    # a write, with half of an article's rows sent.
    stopped = _writer_stopped_mid_transaction(target) if backend_name == "postgresql" else contextlib.nullcontext()
    with stopped:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL

    # What the killed run left: whole articles only, each with all of its rows.
    left = _wait_for(lambda: contents(target))
    kept = len(left["articles"])
    # The DuckDB progress reading counts growths of the write-ahead log, which a
    # commit may make in more than one step: it proves some commits, not four.
    assert kept >= (4 if backend_name == "postgresql" else 1) and left["duplicate articles"] == 0
    assert left["rows per article"] == {
        key: number for key, number in expected["rows per article"].items() if key[0] in left["articles"]
    }

    line = finish(accord_ingest(folder, target))
    numbers = summary_numbers(line)
    assert numbers["skipped"] == kept, line  # what the killed run committed is kept...
    assert numbers["stored"] == len(articles) - kept >= 1, line  # ...and the rest is stored now

    got = contents(target)
    assert got["duplicate articles"] == 0
    assert got == expected
    # Written in the same order, so even the ids are the same: nothing the killed run
    # left unfinished took an id.
    assert event_rows(target) == event_rows(expected_target)


def _wait_for(read: Callable[[], dict]) -> dict:
    """Read once the killed writer's session is gone (PostgreSQL ends it a moment later;
    a DuckDB file is free at once)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return read()
        except StoreLockedError:
            assert time.monotonic() < deadline
            time.sleep(0.1)


# -- DuckDB: one writer at a time -------------------------------------------------------------


def test_a_second_duckdb_writer_gets_a_clear_message_and_the_file_stays_whole(tmp_path):
    path = tmp_path / "busy.duckdb"
    write_sample(path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys
                from accord.store import open_store
                store = open_store({str(path)!r})
                print("holding", flush=True)
                sys.stdin.read()
                store.close()
            """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        second = subprocess.run(
            [sys.executable, "-c", "from accord.cli.main import run; run()", "ingest", str(team_articles()[0]),
             "--db", str(path), "--workers", "2"],
            capture_output=True, text=True, timeout=TIMEOUT,
        )  # fmt: skip
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    message = " ".join(second.stderr.split())
    assert second.returncode == 2, second.stderr
    assert "another process holds this database" in message and "[E302]" in message
    assert "Traceback" not in second.stderr
    with Database(path) as db:
        assert db.stats().articles == 4 and db.count_events() == 8
