"""The backends: transactions, and engine errors turned into StoreError classes.

The first tests run on both backends; the rest are about DuckDB's file and its lock
(PostgreSQL's own are in test_postgres.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from accord.errors import StoreError, StoreLockedError, StoreWriteError
from accord.store.backend import DuckDBBackend
from accord.store.store import open_backend
from tests.factories import FailingConnection


@pytest.fixture
def backend(new_target):
    backend = open_backend(new_target("b"))
    backend.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    yield backend
    backend.close()


@pytest.fixture
def duckdb_backend(tmp_path):
    backend = DuckDBBackend(tmp_path / "b.duckdb")
    backend.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    yield backend
    backend.close()


def values(backend) -> list[int]:
    return [row[0] for row in backend.query("SELECT x FROM t ORDER BY x")]


def test_parameters_are_passed_apart_from_the_sql(backend):
    backend.execute("INSERT INTO t VALUES (?)", (1,))
    backend.executemany("INSERT INTO t VALUES (?)", [(2,), (3,)])
    names, rows = backend.query_columns("SELECT x AS value FROM t WHERE x > ? ORDER BY x", (1,))
    assert names == ["value"]
    assert rows == [(2,), (3,)]


def test_a_transaction_commits_everything_or_nothing(backend):
    with backend.transaction():
        backend.execute("INSERT INTO t VALUES (1)")
        backend.execute("INSERT INTO t VALUES (2)")
    with pytest.raises(RuntimeError):
        with backend.transaction():
            backend.execute("INSERT INTO t VALUES (3)")
            raise RuntimeError("stop half way")
    assert values(backend) == [1, 2]


def test_a_nested_transaction_joins_the_outer_one(backend):
    with pytest.raises(RuntimeError):
        with backend.transaction():
            with backend.transaction():
                backend.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("the outer one fails")
    assert values(backend) == []


def test_an_engine_error_becomes_a_store_error_naming_the_database(backend):
    with pytest.raises(StoreError) as caught:
        backend.execute("INSERT INTO t VALUES (1), (1)")
    assert backend.target in str(caught.value)


def test_rows_go_in_at_once_and_duplicates_can_be_skipped(backend):
    backend.insert_rows("t", ("x",), [(1,), (2,)])
    backend.insert_rows("t", ("x",), [(2,), (3,)], skip_duplicates=True)
    assert values(backend) == [1, 2, 3]
    with pytest.raises(StoreError):
        backend.insert_rows("t", ("x",), [(4,), (1,)])
    assert values(backend) == [1, 2, 3]


def test_a_stream_reads_in_batches_while_other_queries_run(backend):
    backend.insert_rows("t", ("x",), [(n,) for n in range(10)])
    first = backend.stream("SELECT x FROM t WHERE x >= ? ORDER BY x", (2,), batch=3)
    second = backend.stream("SELECT x FROM t ORDER BY x DESC", batch=4)
    names, rows = next(first)
    assert names == ["x"] and rows == [(2,), (3,), (4,)]
    assert next(second)[1] == [(9,), (8,), (7,), (6,)]
    assert values(backend) == list(range(10))  # the connection is free between batches
    assert [row for _, batch in first for row in batch] == [(5,), (6,), (7,), (8,), (9,)]
    assert sum(len(batch) for _, batch in second) == 6


def test_text_with_percent_signs_and_question_marks_is_passed_as_it_is(backend):
    backend.execute("CREATE TABLE notes (body VARCHAR)")
    backend.execute("INSERT INTO notes VALUES ('50% of what? -- all') ")
    backend.execute("INSERT INTO notes VALUES (?)", ("100%? ok",))
    rows = backend.query("SELECT body FROM notes WHERE body LIKE '%?%' AND length(body) > ? ORDER BY body", (3,))
    assert rows == [("100%? ok",), ("50% of what? -- all",)]


def test_a_missing_database_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no database here"):
        DuckDBBackend(tmp_path / "absent.duckdb", read_only=True)
    assert not (tmp_path / "absent.duckdb").exists()


def test_a_missing_folder_is_a_write_error(tmp_path):
    with pytest.raises(StoreWriteError, match="does not exist"):
        DuckDBBackend(tmp_path / "no" / "such" / "folder.duckdb")


def test_a_file_another_process_holds_raises_store_locked_error(tmp_path):
    path = tmp_path / "held.duckdb"
    DuckDBBackend(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, duckdb
            connection = duckdb.connect({str(path)!r})
            print("holding", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreLockedError) as caught:
            DuckDBBackend(path)
        message = str(caught.value)
        assert str(path) in message
        assert "another process holds this database" in message
        assert str(holder.pid) in message
        assert caught.value.code == "E302"
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)


def test_a_full_disk_during_a_transaction_is_a_write_error_and_rolls_back(duckdb_backend):
    backend = duckdb_backend
    backend.execute("INSERT INTO t VALUES (1)")
    backend._connection = FailingConnection(
        backend._connection,
        "VALUES (3)",
        duckdb.IOException('IO Error: Could not write file "b.duckdb.wal": No space left on device'),
    )
    with pytest.raises(StoreWriteError, match="refuses writes"):
        with backend.transaction():
            backend.execute("INSERT INTO t VALUES (2)")
            backend.execute("INSERT INTO t VALUES (3)")
    assert values(backend) == [1]
