"""Fixtures shared across test folders.

The spaCy pipeline is loaded once per test session (``accord.parse.nlp.load_model``
caches it per process, and the fixture keeps one ``Pipeline`` with every default
component), so modules that code text do not pay for loading it again.

Storage tests run against both backends: ``new_target()`` (and ``module_target()``
for module-scoped fixtures) gives a fresh database of the backend the test is
parametrised with, a DuckDB file or a database on a throwaway PostgreSQL server
(``tests.pgserver``). The PostgreSQL cases are marked ``postgres``; they are skipped
only when the server binaries are not installed, and fail loudly when they are
installed but the server does not start.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from accord.coder.pipeline import Pipeline
from accord.records import Article, CodedArticle
from tests.pgserver import PostgresServer, ServerUnavailable


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default coder: spaCy parse and every default component."""
    return Pipeline()


@pytest.fixture(scope="session")
def code_text(pipeline) -> Callable[..., CodedArticle]:
    """Code a text as one article: ``code_text("Turkey met Iran.", published=date(...))``."""

    def run(text: str, published: date | None = date(2021, 9, 15), article_id: str = "t") -> CodedArticle:
        result = pipeline.code(Article(article_id=article_id, text=text, published=published))
        assert isinstance(result, CodedArticle), result
        return result

    return run


@pytest.fixture(scope="session")
def article_texts() -> tuple[str, ...]:
    """Every article text we have: the team's test articles and the invented sample
    corpus. Tests that check a lookup against spaCy's own matching run over all of them."""
    root = Path(__file__).resolve().parents[1]
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "tests" / "data" / "articles").glob("*.txt"))]
    with (root / "src" / "accord" / "sample" / "invented-corpus.jsonl").open(encoding="utf-8") as lines:
        texts += [json.loads(line)["text"] for line in lines]
    return tuple(texts)


# -- databases of both backends -------------------------------------------------------

BACKENDS = ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session: started from the Debian binaries, or
    ACCORD_TEST_POSTGRES. Skips without binaries; fails if they are there but broken."""
    try:
        server = PostgresServer.start()
    except ServerUnavailable as reason:
        pytest.skip(str(reason))
    except Exception as exc:
        pytest.fail(f"PostgreSQL binaries are installed but no server could be started: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _target_factory(request, folder) -> Callable[..., str]:
    """Each call gives a new database: a new file, or a new database on the server."""
    if request.param == "duckdb":
        numbers = itertools.count(1)
        return lambda name="store": str(folder / f"{name}-{next(numbers)}.duckdb")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return lambda name="store": server.create_database()


@pytest.fixture(params=BACKENDS)
def new_target(request, tmp_path) -> Callable[..., str]:
    """``new_target(name)``: where a fresh database of this test's backend is opened."""
    return _target_factory(request, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_target(request, tmp_path_factory) -> Callable[..., str]:
    """``new_target`` for module-scoped fixtures."""
    return _target_factory(request, tmp_path_factory.mktemp("db"))


@pytest.fixture
def backend_name(new_target, request) -> str:
    """"duckdb" or "postgresql": the backend of this test's ``new_target``."""
    return request.node.callspec.params["new_target"]
