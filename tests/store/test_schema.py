"""Versioned schema: fresh databases, reopening, too-new and failed migrations."""

from __future__ import annotations

import pytest

from accord.errors import SchemaError
from accord.store import open_store, schema
from accord.store.store import open_backend
from accord.store.schema import (
    Migration,
    available_migrations,
    current_version,
    latest_version,
    migrate,
)

TABLES = {
    "schema_version",
    "articles",
    "sentences",
    "actors",
    "actor_mentions",
    "events",
    "event_mentions",
    "facts",
    "fact_sources",
}


def table_names(store) -> set[str]:
    return {row[0] for row in store.backend.query("SELECT table_name FROM information_schema.tables")}


def test_migration_files_are_numbered_from_one_without_gaps():
    versions = [migration.version for migration in available_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert latest_version() == len(versions)


def test_a_fresh_database_gets_every_table_and_the_latest_version(new_target):
    with open_store(new_target()) as store:
        assert TABLES <= table_names(store)
        assert store.schema_version == latest_version()
        rows = store.backend.query("SELECT version, name FROM schema_version ORDER BY version")
    assert [row[0] for row in rows] == list(range(1, latest_version() + 1))
    assert rows[0][1] == "0001_initial.sql"


def test_reopening_applies_nothing_twice(new_target):
    path = new_target()
    open_store(path).close()
    with open_store(path) as store:
        assert store.backend.query("SELECT count(*) FROM schema_version")[0][0] == latest_version()


def test_a_database_from_a_newer_accord_is_refused_with_both_versions(new_target):
    path = new_target()
    with open_store(path) as store:
        store.backend.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'future.sql', CURRENT_TIMESTAMP)",
            (latest_version() + 5,),
        )
    with pytest.raises(SchemaError) as caught:
        open_store(path)
    message = str(caught.value)
    assert f"schema version {latest_version() + 5}" in message
    assert f"up to {latest_version()}" in message
    assert "upgrade Accord" in message
    assert caught.value.code == "E301"


def test_a_failed_migration_leaves_the_database_at_its_old_version(new_target, monkeypatch):
    path = new_target()
    open_store(path).close()
    good = available_migrations()
    broken = Migration(
        len(good) + 1,
        f"{len(good) + 1:04d}_broken.sql",
        "CREATE TABLE half_done (x INTEGER); ALTER TABLE no_such_table ADD COLUMN y INTEGER;",
    )
    monkeypatch.setattr(schema, "available_migrations", lambda: [*good, broken])
    with pytest.raises(SchemaError, match="_broken.sql failed"):
        open_store(path)
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.schema_version == len(good)
        assert "half_done" not in table_names(store)


def test_read_only_opening_of_an_older_schema_asks_for_an_upgrade(new_target, monkeypatch):
    path = new_target()
    open_store(path).close()
    extra = Migration(latest_version() + 1, "9999_more.sql", "CREATE TABLE more (x INTEGER);")
    good = available_migrations()
    monkeypatch.setattr(schema, "available_migrations", lambda: [*good, extra])
    with pytest.raises(SchemaError, match="open it once for writing"):
        open_store(path, read_only=True)


def test_current_version_of_an_empty_database_is_zero(new_target):
    backend = open_backend(new_target())
    try:
        assert current_version(backend) == 0
        assert migrate(backend) == latest_version()
        assert current_version(backend) == latest_version()
    finally:
        backend.close()
