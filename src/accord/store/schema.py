"""Versioned schema: numbered SQL files applied in order, recorded in ``schema_version``.

``migrations/NNNN_what.sql`` holds the change that takes the schema from version
NNNN-1 to NNNN. Opening a database for writing applies every file newer than the
database's version, all in one transaction, so a failed migration leaves the database
as it was. A database whose version is newer than the newest file here was written by
a later Accord; it is refused rather than misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from ..errors import SchemaError, StoreError
from .backend import Backend

__all__ = ["Migration", "available_migrations", "latest_version", "current_version", "migrate"]

_FILE_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """The migration files shipped with this Accord, in version order, checked for gaps."""
    folder = resources.files("accord.store").joinpath("migrations")
    migrations = []
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            migrations.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    migrations.sort(key=lambda migration: migration.version)
    expected = list(range(1, len(migrations) + 1))
    if [migration.version for migration in migrations] != expected:
        raise SchemaError(f"migration files are not numbered 1..{len(migrations)} without gaps", item=str(folder))
    return migrations


def latest_version() -> int:
    return len(available_migrations())


def current_version(backend: Backend) -> int:
    """The database's schema version; 0 for a database Accord never wrote to."""
    # Only the schema Accord works in: a PostgreSQL database may hold other schemas.
    tables = backend.query(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()",
        ("schema_version",),
    )
    if tables[0][0] == 0:
        return 0
    rows = backend.query("SELECT max(version) FROM schema_version")
    return rows[0][0] or 0


def migrate(backend: Backend) -> int:
    """Bring the database up to this Accord's schema; return the version it ends at."""
    migrations = available_migrations()
    newest = len(migrations)
    version = current_version(backend)
    if version > newest:
        raise SchemaError(
            f"the database has schema version {version}, newer than this Accord knows (up to {newest}); "
            "upgrade Accord to read it",
            item=backend.target,
        )
    if version == newest:
        return version
    if backend.read_only:
        raise SchemaError(
            f"the database has schema version {version}, older than this Accord's {newest}; "
            "open it once for writing (e.g. `accord ingest`) to upgrade it",
            item=backend.target,
        )
    with backend.transaction():
        # Two processes may open a new PostgreSQL database at once: one migrates, the
        # other waits here and then finds the work done.
        backend.serialize_writes()
        version = current_version(backend)
        if version >= newest:
            return version
        backend.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        for migration in migrations[version:]:
            try:
                backend.run_script(migration.sql)
            except StoreError as exc:
                raise SchemaError(f"migration {migration.name} failed: {exc.reason}", item=backend.target) from exc
            backend.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                (migration.version, migration.name),
            )
    return newest
