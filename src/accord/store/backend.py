"""The thin layer between the store's portable SQL and one database engine.

Everything above this module writes plain SQL with ``?`` placeholders and calls
``execute`` / ``executemany`` / ``query`` / ``transaction``. A backend connects to its
engine, runs that SQL with the parameters passed separately (never formatted into the
text), and turns the engine's errors into Accord's ``StoreError`` family.

``DuckDBBackend`` is here; ``PostgresBackend`` (``accord.store.postgres``) is the same
methods over psycopg: it rewrites ``?`` to ``%s`` and maps psycopg's errors the same way.
SQL that truly differs between the two engines does not exist yet; if it ever must, the
variants belong side by side in the backends, not in the SQL above them.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from ..errors import StoreError, StoreLockedError, StoreWriteError

__all__ = ["Backend", "DuckDBBackend", "is_postgres_url"]

Params = Sequence[Any]


class Backend(Protocol):
    """What the store needs from a database engine."""

    name: str
    target: str
    read_only: bool

    def execute(self, sql: str, params: Params = ()) -> None: ...

    def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run a SELECT (or anything with RETURNING) and return all its rows."""

    def query_columns(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Like ``query``, with the result's column names first."""

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Params], *, skip_duplicates: bool = False
    ) -> None:
        """Insert many rows in one statement; ``skip_duplicates`` ignores rows whose key
        is already stored (ON CONFLICT DO NOTHING)."""

    def stream(
        self, sql: str, params: Params = (), *, batch: int = 2000
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        """Run a query on a cursor of its own and yield (column names, rows) a batch at a
        time: a large result never sits in memory whole, and other queries (even another
        stream) can run while it is read."""

    def run_script(self, sql: str) -> None:
        """Run several statements separated by semicolons (migrations), no parameters."""

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Everything inside commits together, or rolls back together on any exception."""

    def serialize_writes(self) -> None:
        """Called first inside a write transaction: returns once no other writer can
        change what this transaction reads until it commits (see Store.write)."""

    def close(self) -> None: ...


# Substrings of engine messages that mean "the disk or the file refuses writes".
_WRITE_REFUSALS = (
    "no space left",
    "read-only",
    "read only",
    "permission denied",
    "disk quota",
    "could not write",
    "could not truncate",
    "failed to write",
)


def is_postgres_url(target: str) -> bool:
    """A PostgreSQL URL, for ``PostgresBackend``; anything else is a DuckDB file."""
    return target.startswith(("postgresql://", "postgres://"))


def _is_write_refusal(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT):
        return True
    message = str(exc).lower()
    return any(refusal in message for refusal in _WRITE_REFUSALS)


class TransactionsMixin:
    """How every backend runs a transaction: nested use joins the outer one (the
    outermost decides), any failure inside rolls back, and a COMMIT that fails (a full
    disk, a conflict) rolls back and is translated into a StoreError. A backend sets
    the statement that begins one and the driver errors it may raise."""

    BEGIN: str = "BEGIN TRANSACTION"
    DRIVER_ERRORS: tuple[type[BaseException], ...] = ()
    _in_transaction: bool = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        with self._errors("cannot start a transaction"):
            self._connection.execute(self.BEGIN)
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            with contextlib.suppress(*self.DRIVER_ERRORS):
                self._connection.execute("ROLLBACK")
            raise
        self._in_transaction = False
        try:
            self._connection.execute("COMMIT")
        except (*self.DRIVER_ERRORS, OSError) as exc:
            with contextlib.suppress(*self.DRIVER_ERRORS):
                self._connection.execute("ROLLBACK")
            # not chained: a driver's own exception may carry connection details
            raise self._translate(exc, "cannot commit") from None


class DuckDBBackend(TransactionsMixin):
    """One DuckDB database file (or ``:memory:``), opened by one process at a time.

    DuckDB lets a single process write a file; a second process that opens it gets a
    lock error, which becomes ``StoreLockedError`` naming the file and the holder.
    """

    name = "duckdb"
    BEGIN = "BEGIN TRANSACTION"
    DRIVER_ERRORS = (duckdb.Error,)

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.target = str(path)
        self.read_only = read_only
        self._in_transaction = False
        if self.target != ":memory:":
            file = Path(self.target)
            if read_only and not file.exists():
                raise StoreError("no database here; create one with `accord ingest`", item=self.target)
            if not read_only and not file.parent.exists():
                raise StoreWriteError(f"folder {file.parent} does not exist", item=self.target)
        try:
            self._connection = duckdb.connect(self.target, read_only=read_only)
            # No progress bar: a long query must not draw on the terminal of `accord events`.
            self._connection.execute("SET enable_progress_bar = false")
        except duckdb.Error as exc:
            raise self._translate(exc, "cannot open the database") from exc

    # -- errors --------------------------------------------------------------

    def _translate(self, exc: BaseException, doing: str) -> StoreError:
        message = str(exc)
        if "lock" in message.lower() and ("conflicting" in message.lower() or "could not set lock" in message.lower()):
            holder = message.split("Conflicting lock is held in", 1)[-1].split(". See also")[0].strip()
            return StoreLockedError(
                f"another process holds this database ({holder}); stop it (e.g. `accord serve`) or use another --db",
                item=self.target,
            )
        if "different configuration" in message.lower():
            return StoreLockedError(
                "this process already has the database open in another mode (read-only vs read-write)",
                item=self.target,
            )
        if _is_write_refusal(exc):
            return StoreWriteError(
                f"{doing}: the file or disk refuses writes ({message.splitlines()[0]})", item=self.target
            )
        return StoreError(f"{doing}: {message.splitlines()[0] if message else type(exc).__name__}", item=self.target)

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except (duckdb.Error, OSError) as exc:
            raise self._translate(exc, doing) from exc
        except UnicodeEncodeError as exc:
            # Text from Python that is not valid Unicode (a lone surrogate): Arrow refuses it.
            raise StoreWriteError(f"{doing}: text that is not valid Unicode ({exc.reason})", item=self.target) from exc

    # -- statements ----------------------------------------------------------

    def execute(self, sql: str, params: Params = ()) -> None:
        with self._errors("cannot write"):
            self._connection.execute(sql, list(params))

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        with self._errors("cannot write"):
            self._connection.executemany(sql, [list(row) for row in rows])

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Params], *, skip_duplicates: bool = False
    ) -> None:
        # DuckDB plans every statement afresh, and planning a wide INSERT costs several
        # milliseconds whether it carries one row or a hundred (executemany plans once per
        # row). So the rows go in as one Arrow table, scanned by a single INSERT ... SELECT.
        if not rows:
            return
        with self._errors("cannot write"):
            incoming = pa.table({column: pa.array([row[i] for row in rows]) for i, column in enumerate(columns)})
            self._connection.register("accord_incoming_rows", incoming)
            try:
                self._connection.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM accord_incoming_rows"
                    + (" ON CONFLICT DO NOTHING" if skip_duplicates else "")
                )
            finally:
                self._connection.unregister("accord_incoming_rows")

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self._errors("cannot read"):
            return self._connection.execute(sql, list(params)).fetchall()

    def query_columns(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._errors("cannot read"):
            cursor = self._connection.execute(sql, list(params))
            columns = [column[0] for column in cursor.description]
            return columns, cursor.fetchall()

    def stream(
        self, sql: str, params: Params = (), *, batch: int = 2000
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        # A DuckDB cursor is a second connection to the same database, with its own result.
        cursor = self._connection.cursor()
        try:
            with self._errors("cannot read"):
                cursor.execute(sql, list(params))
                columns = [column[0] for column in cursor.description]
            while True:
                with self._errors("cannot read"):
                    rows = cursor.fetchmany(batch)
                if not rows:
                    return
                yield columns, rows
        finally:
            cursor.close()

    def run_script(self, sql: str) -> None:
        with self._errors("cannot change the schema"):
            self._connection.execute(sql)

    def serialize_writes(self) -> None:
        # Nothing to wait for: DuckDB lets one process write a file, and the store's
        # writes in that process run one transaction at a time on one connection.
        return None


    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self._connection.close()
