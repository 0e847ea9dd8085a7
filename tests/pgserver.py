"""A throwaway PostgreSQL server for the tests, from the Debian packages.

    server = PostgresServer.start()          # initdb + pg_ctl in a temporary folder
    url = server.create_database()           # a fresh, empty database: postgresql://...
    server.stop()                            # stops the server and removes its folder

The server listens on a free port on 127.0.0.1 (and on a unix socket in its own
folder), trusts local connections, and runs without fsync (unless ``durable``): it
holds nothing worth keeping. initdb refuses to run as root, so as root the server runs as the
``postgres`` user the Debian package creates (or ``nobody``), through setpriv.

``ACCORD_TEST_POSTGRES=postgresql://user@host/db`` uses an existing server instead
(the role needs CREATEDB); the databases the tests create there are dropped at the end.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import conninfo, sql

__all__ = ["PostgresServer", "ServerUnavailable", "find_bindir"]

SUPERUSER = "accord"


class ServerUnavailable(Exception):
    """No PostgreSQL binaries on this machine (the tests that need them are skipped)."""


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb, if any."""
    found = [Path(folder) for folder in glob.glob("/usr/lib/postgresql/*/bin") if (Path(folder) / "initdb").exists()]
    if not found:
        return None

    def version(folder: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in folder.parent.name.split(".") if part.isdigit())

    return max(found, key=version)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_user() -> pwd.struct_passwd | None:
    """Who runs initdb and the server: None for the current (unprivileged) user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither a 'postgres' nor a 'nobody' user exists to run the server")


@dataclass
class PostgresServer:
    admin_url: str
    root: Path | None = None
    bindir: Path | None = None
    user: pwd.struct_passwd | None = None
    port: int | None = None
    created: list[str] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    # -- starting and stopping ---------------------------------------------------

    durable: bool = False

    @classmethod
    def start(cls, *, durable: bool = False) -> PostgresServer:
        """Start a server, or connect to ACCORD_TEST_POSTGRES.

        ``durable`` keeps PostgreSQL's default fsync and synchronous commits (for
        benchmarks); the tests' server goes without, as it holds nothing worth keeping.

        Raises ServerUnavailable when there are no binaries, and RuntimeError (with the
        server's log) when there are binaries but the server does not come up.
        """
        external = os.environ.get("ACCORD_TEST_POSTGRES")
        if external:
            server = cls(admin_url=external)
            with server.admin() as connection:
                connection.execute("SELECT 1")
            return server
        bindir = find_bindir()
        if bindir is None:
            raise ServerUnavailable(
                "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb); "
                "`scripts/bootstrap.sh --test` installs the Debian package 'postgresql'"
            )
        user = _server_user()
        root = Path(tempfile.mkdtemp(prefix="accord-pg-"))
        try:
            if user is not None:
                os.chown(root, user.pw_uid, user.pw_gid)
            root.chmod(0o700)
            server = cls(admin_url="", root=root, bindir=bindir, user=user, durable=durable)
            server._initdb()
            last_error = ""
            for _ in range(3):  # another process may take the free port before the server does
                server.port = _free_port()
                started = server._run(server._pg_ctl_start(), check=False)
                if started.returncode == 0:
                    break
                last_error = started.stdout + started.stderr + server.log()
            else:
                raise RuntimeError(f"the PostgreSQL server in {root} did not start:\n{last_error}")
            server.admin_url = f"postgresql://{SUPERUSER}@127.0.0.1:{server.port}/postgres"
            return server
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise

    def _command(self, *args: str) -> list[str]:
        if self.user is None:
            return list(args)
        return ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups", *args]

    def _run(self, args: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        if self.user is not None:
            env["HOME"] = str(self.root)
        result = subprocess.run(
            self._command(*args), capture_output=True, text=True, env=env, cwd=self.root, timeout=120
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result

    def _initdb(self) -> None:
        assert self.root is not None and self.bindir is not None
        self._run(
            [
                str(self.bindir / "initdb"),
                "-D", str(self.root / "data"),
                "-U", SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )  # fmt: skip

    def _pg_ctl_start(self) -> list[str]:
        assert self.root is not None and self.bindir is not None
        settings = [f"-p {self.port}", f"-k {self.root}", "-c listen_addresses=127.0.0.1", "-c max_connections=300"]
        if not self.durable:
            settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        options = " ".join(settings)
        return [
            str(self.bindir / "pg_ctl"), "start", "-w", "-t", "60",
            "-D", str(self.root / "data"), "-l", str(self.root / "server.log"), "-o", options,
        ]  # fmt: skip

    def log(self) -> str:
        if self.root is None:
            return ""
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.root is None:
            for url in self.created:
                self.drop_database(url)
            return
        assert self.bindir is not None
        self._run([str(self.bindir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(self.root / "data")], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    # -- databases ----------------------------------------------------------------

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10)

    def create_database(self, *, tablespace: str | None = None) -> str:
        """A new empty database; its URL."""
        name = f"accord_test_{os.getpid()}_{next(self._numbers)}_{uuid.uuid4().hex[:6]}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if tablespace:
            statement += sql.SQL(" TABLESPACE {}").format(sql.Identifier(tablespace))
        with self.admin() as connection:
            connection.execute(statement)
        parts = conninfo.conninfo_to_dict(self.admin_url)
        parts["dbname"] = name
        user = parts.get("user", "")
        password = f":{parts['password']}" if parts.get("password") else ""
        host = parts.get("host") or "localhost"
        port = f":{parts['port']}" if parts.get("port") else ""
        url = f"postgresql://{user}{password}@{host}{port}/{name}"
        self.created.append(url)
        return url

    def drop_database(self, url: str) -> None:
        name = conninfo.conninfo_to_dict(url)["dbname"]
        with self.admin() as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def run_as_server_user(self, *args: str) -> subprocess.CompletedProcess:
        """Run a command as the user the server runs as (to prepare a tablespace folder)."""
        return self._run(list(args))
