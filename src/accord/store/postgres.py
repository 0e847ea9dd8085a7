"""The PostgreSQL backend: the store's portable SQL over psycopg 3.

    open_store("postgresql://accord@db.example:5432/accord")

Everything above the backend writes ``?`` placeholders; this module turns them into
psycopg's ``%s`` (and doubles every literal ``%``), passes parameters separately, and
turns psycopg's errors into Accord's ``StoreError`` family:

    disk full, read-only transaction or server, no privilege  -> StoreWriteError (E303)
    a lock not granted in time, deadlock, serialization        -> StoreLockedError (E302)
    anything else, including a server that cannot be reached  -> StoreError (E300)

Messages name the database as ``postgresql://user@host:port/dbname``: the password is
never shown, whatever the URL held.

Several writers on one database. Teams point several ``accord ingest`` processes (and
a server) at one database, so the store must not create an article or an event twice
when two writers bring overlapping inputs at the same moment. Articles are safe by
themselves (``content_hash`` is the primary key). Events and facts are not: whether a
report joins a stored event is decided by reading the candidates and then inserting,
and two writers that each read before the other inserted would both insert the same
event. Each write transaction therefore starts with ``serialize_writes``: a
transaction-scoped advisory lock (``pg_advisory_xact_lock``) that one writer holds at
a time and PostgreSQL releases at COMMIT or ROLLBACK. The transaction runs in READ
COMMITTED, so every statement after the lock sees what the previous holder committed.

Why a lock rather than SERIALIZABLE with retries: every write also updates the
``id_counters`` row, so concurrent writers already wait for each other from that point
on (under SERIALIZABLE, the second would even be aborted and have to redo the whole
article); the lock just moves that wait to the start of the transaction, where nothing
is wasted. The wait is short: a write takes milliseconds, while the coding, which
takes far longer, happens before and outside the transaction. Readers (``accord
serve``, ``accord events``) never take the lock and never wait for it. The lock is
per database, and waits at most ``lock_timeout`` (60 s) before StoreLockedError.

``read_only=True`` makes every transaction of the session read-only, so a query
process cannot write even by mistake; who may write at all is the server's business
(grant a query role SELECT only: its writes are refused as StoreWriteError).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import conninfo, sql
from psycopg.adapt import Loader

from ..errors import StoreError, StoreLockedError, StoreWriteError
from .backend import TransactionsMixin

__all__ = ["PostgresBackend", "redact_url"]

Params = Sequence[Any]

# The advisory lock key writers share (the bytes of "accord"); advisory locks are per
# database, so other databases on the same server are not affected.
WRITER_LOCK_KEY = 0x6163636F7264
LOCK_TIMEOUT = "60s"
CONNECT_TIMEOUT = 10

# SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
_REFUSED_WRITES = {
    "53100": "the disk is full",
    "53000": "the server is out of resources",
    "53200": "the server is out of memory",
    "58030": "the server cannot write its files",
    "25006": "the database is open read-only",
    "42501": "this role may not do that",
    "22021": "the text is not valid in the database's encoding",
    "22P05": "the text cannot be stored in the database's encoding",
}
_LOCKED = {
    "55P03": "another writer held the database too long",
    "40P01": "a deadlock with another writer",
    "40001": "a conflict with another writer",
}


def redact_url(target: str) -> str:
    """``postgresql://user@host:port/dbname``: the URL without password or options."""
    try:
        parts = conninfo.conninfo_to_dict(target)
    except psycopg.Error:
        return "postgresql://" + target.split("@")[-1].split("?")[0]
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = parts.get("host") or "localhost"
    port = f":{parts['port']}" if parts.get("port") else ""
    dbname = parts.get("dbname", "")
    if host.startswith("/"):  # a unix socket folder
        return f"postgresql://{user}/{dbname}?host={host}"
    return f"postgresql://{user}{host}{port}/{dbname}"


@functools.lru_cache(maxsize=512)
def to_pyformat(statement: str) -> str:
    """``?`` placeholders to psycopg's ``%s``, and every other ``%`` doubled.

    A ``?`` inside a quoted string, a quoted name or a comment is left alone; psycopg
    reads ``%`` everywhere, quoted or not, so every literal one is doubled.
    """
    out: list[str] = []
    quote: str | None = None
    i = 0
    n = len(statement)
    while i < n:
        char = statement[i]
        if char == "%":
            out.append("%%")
        elif quote is not None:
            out.append(char)
            if char == quote:
                quote = None
        elif char in ("'", '"'):
            quote = char
            out.append(char)
        elif char == "-" and statement.startswith("--", i):
            end = statement.find("\n", i)
            end = n if end < 0 else end
            out.append(statement[i:end].replace("%", "%%"))
            i = end
            continue
        elif char == "?":
            out.append("%s")
        else:
            out.append(char)
        i += 1
    return "".join(out)


class _NumberLoader(Loader):
    """NUMERIC results (``sum`` of BIGINT, ``avg``) as int or float, as DuckDB gives them,
    instead of Decimal. No column of the schema is NUMERIC; only aggregates are."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode("ascii")
        try:
            return int(text)
        except ValueError:
            return float(text)


class PostgresBackend(TransactionsMixin):
    """One PostgreSQL database, shared by any number of processes.

    ``target`` is a libpq URL (``postgresql://user:password@host:port/dbname``, with
    any libpq parameters after ``?``). The session uses READ COMMITTED and autocommit
    outside ``transaction()``.
    """

    name = "postgresql"
    BEGIN = "BEGIN ISOLATION LEVEL READ COMMITTED"
    DRIVER_ERRORS = (psycopg.Error,)

    def __init__(self, url: str, *, read_only: bool = False):
        self.url = url
        self.target = redact_url(url)
        self.read_only = read_only
        self._password = conninfo.conninfo_to_dict(url).get("password") if "@" in url else None
        self._in_transaction = False
        self._stream_connection: psycopg.Connection | None = None
        self._open_streams = 0
        self._names = itertools.count(1)
        self._connection = self._connect("cannot connect to the database")

    # -- connections ------------------------------------------------------------

    def _connect(self, doing: str) -> psycopg.Connection:
        try:
            parts = conninfo.conninfo_to_dict(self.url)
        except psycopg.Error as exc:
            raise StoreError(f"not a PostgreSQL URL: {self._clean(str(exc))}", item=self.target) from None
        parts.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
        parts.setdefault("application_name", "accord")
        try:
            connection = psycopg.connect(conninfo.make_conninfo(**parts), autocommit=True)
        except psycopg.Error as exc:
            raise self._translate(exc, doing) from None
        connection.adapters.register_loader("numeric", _NumberLoader)
        try:
            connection.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            if self.read_only:
                connection.execute("SET default_transaction_read_only = on")
        except psycopg.Error as exc:
            connection.close()
            raise self._translate(exc, doing) from None
        return connection

    # -- errors -------------------------------------------------------------------

    def _clean(self, message: str) -> str:
        """One line, without the password if the server or libpq echoed it."""
        line = " ".join(message.split())
        if self._password:
            line = line.replace(self._password, "***")
        return line

    def _translate(self, exc: BaseException, doing: str) -> StoreError:
        state = getattr(exc, "sqlstate", None)
        detail = self._clean(str(exc)) or type(exc).__name__
        if state in _REFUSED_WRITES:
            return StoreWriteError(f"{doing}: {_REFUSED_WRITES[state]} ({detail})", item=self.target)
        if state in _LOCKED:
            return StoreLockedError(
                f"{doing}: {_LOCKED[state]} ({detail}); try again, or look for a stuck writer", item=self.target
            )
        if isinstance(exc, psycopg.DataError) and "NUL" in str(exc):
            return StoreWriteError(f"{doing}: PostgreSQL cannot store a NUL character in text", item=self.target)
        if isinstance(exc, psycopg.DataError):
            return StoreWriteError(f"{doing}: the server refuses a value ({detail})", item=self.target)
        if isinstance(exc, psycopg.OperationalError) and state is None:
            return StoreError(f"{doing}: the server cannot be reached ({detail})", item=self.target)
        return StoreError(f"{doing}: {detail}", item=self.target)

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except psycopg.Error as exc:
            raise self._translate(exc, doing) from None
        except (ValueError, TypeError) as exc:
            # psycopg refuses some values before sending them (a NUL in text).
            raise self._translate(psycopg.DataError(str(exc)), doing) from None

    # -- statements -----------------------------------------------------------------

    def execute(self, statement: str, params: Params = ()) -> None:
        with self._errors("cannot write"):
            self._connection.execute(to_pyformat(statement), list(params))

    def executemany(self, statement: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        with self._errors("cannot write"), self._connection.cursor() as cursor:
            cursor.executemany(to_pyformat(statement), [list(row) for row in rows])

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Params], *, skip_duplicates: bool = False
    ) -> None:
        if not rows:
            return
        names = sql.SQL(", ").join(map(sql.Identifier, columns))
        with self._errors("cannot write"), self._connection.cursor() as cursor:
            if skip_duplicates:
                cursor.executemany(
                    sql.SQL("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING").format(
                        sql.Identifier(table), names, sql.SQL(", ").join(sql.Placeholder() * len(columns))
                    ),
                    [list(row) for row in rows],
                )
                return
            # COPY is the quickest way in: one round trip for all the rows.
            with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)) as copy:
                for row in rows:
                    copy.write_row(row)

    def query(self, statement: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self._errors("cannot read"):
            return self._connection.execute(to_pyformat(statement), list(params)).fetchall()

    def query_columns(self, statement: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._errors("cannot read"):
            cursor = self._connection.execute(to_pyformat(statement), list(params))
            columns = [column.name for column in cursor.description or ()]
            return columns, cursor.fetchall()

    def stream(
        self, statement: str, params: Params = (), *, batch: int = 2000
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        # A server-side cursor lives in a transaction. Inside a write transaction it is
        # that one. Otherwise every stream open at the same time shares one REPEATABLE
        # READ transaction on a second connection, so streams read side by side (the
        # store reads events and their mentions so) see the same snapshot even while
        # writers commit, and queries on the main connection are free to run.
        if self._in_transaction:
            connection = self._connection
        else:
            connection = self._open_stream_transaction()
        try:
            with self._errors("cannot read"), connection.cursor(name=f"accord_stream_{next(self._names)}") as cursor:
                cursor.itersize = batch
                cursor.execute(to_pyformat(statement), list(params))
                columns = [column.name for column in cursor.description or ()]
                while True:
                    rows = cursor.fetchmany(batch)
                    if not rows:
                        return
                    yield columns, rows
        finally:
            if connection is not self._connection:
                self._close_stream_transaction()

    def _open_stream_transaction(self) -> psycopg.Connection:
        if self._stream_connection is None or self._stream_connection.closed:
            self._stream_connection = self._connect("cannot open a connection for reading")
        if self._open_streams == 0:
            with self._errors("cannot start reading"):
                self._stream_connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        self._open_streams += 1
        return self._stream_connection

    def _close_stream_transaction(self) -> None:
        self._open_streams -= 1
        if self._open_streams == 0 and self._stream_connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._stream_connection.execute("COMMIT")

    def run_script(self, script: str) -> None:
        # Without parameters psycopg sends the text as it is, several statements at once.
        with self._errors("cannot change the schema"):
            self._connection.execute(script.encode("utf-8"))

    def serialize_writes(self) -> None:
        """Wait until no other writer is inside a write transaction on this database
        (see the module docstring); released when this transaction ends."""
        if not self._in_transaction:
            raise StoreError("serialize_writes is only meaningful inside a transaction", item=self.target)
        if self.read_only:
            return
        with self._errors("cannot wait for other writers"):
            self._connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,))


    def close(self) -> None:
        for connection in (self._stream_connection, self._connection):
            if connection is not None:
                with contextlib.suppress(psycopg.Error):
                    connection.close()
