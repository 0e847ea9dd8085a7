"""Helpers the engine tests share: a few of the team's test articles, and what a database holds."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest

from accord.store import open_store

needs_fork_server = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="workers are spawned here"
)


def fork_server_pid() -> int | None:
    """The process id of the fork server coding workers are started from, if it runs."""
    from multiprocessing import forkserver

    return forkserver._forkserver._forkserver_pid

ARTICLES = Path(__file__).parents[1] / "data" / "articles"


def copy_articles(folder: Path, count: int, first: int = 0) -> list[Path]:
    """Copy ``count`` of the test articles (in name order, from ``first``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = sorted(ARTICLES.glob("*.txt"))[first : first + count]
    assert len(chosen) == count, "not enough test articles"
    return [Path(shutil.copy(path, folder / path.name)) for path in chosen]


def stored(path: Path) -> dict[str, Any]:
    """Everything a database holds that coding decides: articles, events with their
    mentions, and facts, each in id order, as plain data to compare."""
    with open_store(path, read_only=True) as store:
        articles = store.backend.query("SELECT article_id, content_hash, coder FROM articles ORDER BY article_id")
        events = [event.model_dump() for page in store.stream_events("TRUE", (), "e.event_id") for event in page]
        fact_ids = [row[0] for row in store.backend.query("SELECT fact_id FROM facts ORDER BY fact_id")]
        facts = [fact.model_dump() for fact in store.facts_by_ids(fact_ids)]
    return {"articles": articles, "events": events, "facts": facts}
