"""Fixtures shared across test folders.

The spaCy pipeline is loaded once per test session (``accord.parse.nlp.load_model``
caches it per process, and the fixture keeps one ``Pipeline`` with every default
component), so modules that code text do not pay for loading it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from accord.code.pipeline import Pipeline
from accord.records import Article, CodedArticle


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
