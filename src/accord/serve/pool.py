"""The database connections the server's request threads share, for reading.

A DuckDB connection must not run two queries at once, and FastAPI runs each request
in a thread of its own. So every request borrows a ``Database`` for the time it needs
one and gives it back; at most ``size`` are open, and a request that finds all of
them busy waits for one. Connections to the same file share one DuckDB instance (its
cache and its threads), so a few of them cost little and let queries run side by side.

They are read-only connections, except when the server also writes to a DuckDB file:
one process cannot hold a DuckDB file read-only and read-write at once, so then they
are read-write connections to the writer's database (``read_only=False``), used for
the query layer's SELECTs only.

    pool = DatabasePool("accord.duckdb")
    with pool.borrow() as db:
        db.events(dyad="AZE-TUR")
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

from ..query import Database

__all__ = ["DatabasePool"]


class DatabasePool:
    """Up to ``size`` ``Database`` objects over one store (read-only unless told), opened as needed."""

    def __init__(self, target: str | Path, *, size: int = 4, read_only: bool = True):
        if size < 1:
            raise ValueError("a pool needs room for at least one connection")
        self.target = str(target)
        self.size = size
        self.read_only = read_only
        self._idle: queue.LifoQueue[Database] = queue.LifoQueue()
        self._opened: list[Database] = []
        self._lock = threading.Lock()
        self._closed = False

    def check(self) -> None:
        """Open one connection now, so a missing or unreadable database is reported at
        start-up rather than on the first request (raises ``StoreError``)."""
        with self.borrow():
            pass

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Database]:
        database = self._take()
        try:
            yield database
        finally:
            self._idle.put(database)

    def _take(self) -> Database:
        if self._closed:
            raise RuntimeError("the database pool is closed")
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._opened) < self.size:
                # Opened under the lock so that two threads never both take the last place.
                database = Database(self.target, read_only=self.read_only)
                self._opened.append(database)
                return database
        return self._idle.get()

    @property
    def open_connections(self) -> int:
        return len(self._opened)

    def close(self) -> None:
        """Close every connection (at server shutdown, when no request is running)."""
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, []
            while not self._idle.empty():
                self._idle.get_nowait()
        for database in opened:
            database.close()
