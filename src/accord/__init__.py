"""Accord: news articles in, checkable event data out.

    import accord

    coded = accord.code("On Monday, Turkey and Azerbaijan signed a defence pact.",
                        published="2021-06-17", outlet="Example Wire")
    for event in coded.events:
        print(event.date, event.source.code, event.cameo, event.target.code)

    db = accord.open("accord.duckdb")          # the same queries as the CLI
    db.events(dyad="AZE-TUR", since="2021-01-01")

Everything a user needs is named in ``__all__``; other modules are private and may
change between versions.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .errors import (
    AccordError,
    CodingError,
    ConfigError,
    EvalError,
    ExportError,
    InputError,
    ModelError,
    OntologyError,
    QueryError,
    StoreError,
)

if TYPE_CHECKING:
    from .query import Database
    from .records import ActorRef, Article, CodedArticle, Event, Fact, Location, Mention, Sentence

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "code",
    "open",
    "Article",
    "CodedArticle",
    "Event",
    "Fact",
    "ActorRef",
    "Location",
    "Mention",
    "Sentence",
    "AccordError",
    "InputError",
    "CodingError",
    "ModelError",
    "OntologyError",
    "StoreError",
    "QueryError",
    "ExportError",
    "ConfigError",
    "EvalError",
]

# The records are pydantic models, a fifth of a second to import: they load when first
# asked for, so that ``import accord`` (which the ``accord`` command does first) is light.
_RECORDS = frozenset({"ActorRef", "Article", "CodedArticle", "Event", "Fact", "Location", "Mention", "Sentence"})


def __getattr__(name: str) -> object:
    if name in _RECORDS:
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_pipelines: dict[str | None, object] = {}


def code(
    text: str,
    *,
    published: date | str | None = None,
    outlet: str | None = None,
    article_id: str = "-",
    title: str | None = None,
    url: str | None = None,
    model: str | None = None,
) -> CodedArticle:
    """Code one article's text. A first line like ``date 2021-09-13 By Outlet`` and a
    ``By Name`` byline are read as metadata, as in files; explicit arguments win."""
    from .coder.pipeline import Pipeline
    from .read import read_text

    when = date.fromisoformat(published) if isinstance(published, str) else published
    article = read_text(text, article_id=article_id, published=when, outlet=outlet, title=title, url=url)
    if model not in _pipelines:
        _pipelines[model] = Pipeline(model=model)
    result = _pipelines[model].code(article)  # type: ignore[attr-defined]
    if isinstance(result, AccordError):
        raise result
    return result


def open(target: str = "accord.duckdb") -> Database:  # noqa: A001 - mirrors the CLI's --db
    """Open a database (DuckDB file or postgresql:// URL) for the same queries as the CLI."""
    from .query import Database

    return Database(target)
