"""A disk that really fills up, under each backend.

A small tmpfs holds the DuckDB file, or a PostgreSQL tablespace the test database
lives in (the server's own files and its write-ahead log stay on the big disk, as on
a server whose data volume fills). Mounting needs root; elsewhere these tests are
skipped, and test_store.py / test_backend.py still check the same refusals with an
engine error raised at a chosen statement.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.errors import StoreWriteError
from accord.store import Store, open_store
from tests.factories import ArticleBuilder

FILLER = 1024 * 1024  # bytes set aside on the small disk, freed once it is full


@contextlib.contextmanager
def small_disk(megabytes: int) -> Iterator[Path]:
    """A tmpfs of ``megabytes``, with a filler file taking FILLER bytes of it."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    folder = Path(tempfile.mkdtemp(prefix="accord-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        (folder / "filler").write_bytes(b"\0" * FILLER)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def big_article(number: int) -> ArticleBuilder:
    # Random text, so that neither engine can compress it away.
    article = ArticleBuilder(f"big-{number}", [os.urandom(50_000).hex() + ".", "Turkey and Azerbaijan signed a pact."])
    article.event("057", "AZE", "TUR", sentence=1, date="2021-09-12")
    return article


def fill(store: Store) -> tuple[list[str], StoreWriteError, ArticleBuilder]:
    """Write until the disk refuses: the hashes written, the error, the refused article."""
    written = []
    for number in range(2000):
        article = big_article(number)
        try:
            written.append(store.write(article.build()).content_hash)
        except StoreWriteError as exc:
            return written, exc, article
    raise AssertionError("the small disk never filled up")


def check_intact(store: Store, written: list[str]) -> None:
    query = store.backend.query
    assert sorted(row[0] for row in query("SELECT content_hash FROM articles")) == sorted(written)
    assert query("SELECT count(*) FROM sentences") == [(2 * len(written),)]
    assert query("SELECT count(*), sum(num_mentions), max(num_articles) FROM events") == [(1, len(written), len(written))]
    assert query("SELECT count(*) FROM event_mentions") == [(len(written),)]


@contextlib.contextmanager
def database_on(disk: Path, backend_name: str, request) -> Iterator[str]:
    if backend_name == "duckdb":
        yield str(disk / "full.duckdb")
        return
    server = request.getfixturevalue("postgres_server")
    if server.root is None:
        pytest.skip("ACCORD_TEST_POSTGRES is a server elsewhere: its tablespaces cannot be put on a local disk")
    space = disk / "space"
    space.mkdir()
    os.chown(space, server.user.pw_uid if server.user else os.getuid(), server.user.pw_gid if server.user else os.getgid())
    name = f"small_{uuid.uuid4().hex[:8]}"
    with server.admin() as admin:
        admin.execute(f"CREATE TABLESPACE {name} LOCATION '{space}'")
    url = server.create_database(tablespace=name)
    try:
        yield url
    finally:
        server.drop_database(url)
        with server.admin() as admin:
            admin.execute(f"DROP TABLESPACE {name}")


@pytest.mark.parametrize("backend_name", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_full_disk_is_a_write_error_and_keeps_everything_stored_before(backend_name, request):
    with small_disk(8) as disk, database_on(disk, backend_name, request) as target:
        with open_store(target) as store:
            written, error, refused = fill(store)
            assert written, "nothing fitted on the disk"
            assert error.code == "E303"
            assert "full" in str(error) or "No space left" in str(error) or "refuses writes" in str(error)
            assert not store.has_article(refused.article.content_hash)
            check_intact(store, written)

            # Space again: the same store goes on, with the article it refused.
            (disk / "filler").unlink()
            assert store.write(refused.build()).status == "written"
            check_intact(store, [*written, refused.article.content_hash])
        with open_store(target, read_only=True) as reopened:
            check_intact(reopened, [*written, refused.article.content_hash])
