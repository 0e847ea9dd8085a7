"""DatabasePool: one read-only connection per concurrent request, at most ``size``."""

from __future__ import annotations

import threading

import pytest

from accord.errors import StoreError
from accord.serve.pool import DatabasePool
from accord.store import open_store


def test_a_borrowed_database_answers_queries(sample_path):
    pool = DatabasePool(sample_path)
    with pool.borrow() as db:
        assert db.count_events() == 8
    pool.close()


def test_one_request_after_another_reuses_one_connection(sample_path):
    pool = DatabasePool(sample_path, size=3)
    for _ in range(5):
        with pool.borrow() as db:
            db.count_events()
    assert pool.open_connections == 1
    pool.close()


def test_concurrent_requests_get_their_own_connection_up_to_the_size(sample_path):
    pool = DatabasePool(sample_path, size=2)
    both_lent = threading.Barrier(3)  # the two holders and this test
    release = threading.Event()
    third_got_one = threading.Event()
    seen: list[int] = []

    def hold():
        with pool.borrow() as db:
            seen.append(id(db))
            both_lent.wait(timeout=5)
            release.wait(timeout=5)

    def third():
        with pool.borrow() as db:
            seen.append(id(db))
            third_got_one.set()

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for thread in holders:
        thread.start()
    both_lent.wait(timeout=5)
    latecomer = threading.Thread(target=third)
    latecomer.start()
    # While both connections are lent out, the third request waits for one.
    assert not third_got_one.wait(timeout=0.3)
    release.set()
    for thread in [*holders, latecomer]:
        thread.join(timeout=5)
    assert third_got_one.is_set()
    assert len(set(seen[:2])) == 2 and seen[2] in seen[:2]
    assert pool.open_connections == 2
    pool.close()


def test_check_reports_a_missing_database_at_once(tmp_path):
    with pytest.raises(StoreError):
        DatabasePool(tmp_path / "missing.duckdb").check()


def test_close_releases_the_file_for_a_writer(sample_path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(sample_path.read_bytes())
    pool = DatabasePool(copy)
    pool.check()
    pool.close()
    with open_store(copy) as store:  # read-write: refused while a read-only connection is open
        assert store.has_article("not a hash") is False
    with pytest.raises(RuntimeError):
        with pool.borrow():
            pass


def test_a_pool_needs_room_for_one(sample_path):
    with pytest.raises(ValueError):
        DatabasePool(sample_path, size=0)
