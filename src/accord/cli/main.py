"""The ``accord`` command line: one typer app, commands grouped by what they work on.

Commands live in sibling modules (``coding.py``: code, ingest; ``query.py``: events,
stats, export, facts; ``serving.py``: serve; ``evaluating.py``: eval) and attach
themselves to ``app`` on import. Every command that touches a database takes ``--db``
(default ``./accord.duckdb``, or ``ACCORD_DB``).
"""

from __future__ import annotations

import importlib
import os

import typer

from ..engine.allocator import keep_freed_memory
from ..parse.blas import limit_to_one_thread

__all__ = ["app", "run", "DB_OPTION_HELP", "default_db"]

app = typer.Typer(
    name="accord",
    help=(
        "Code news articles into CAMEO/PLOVER events, actors, dates, places and figures; "
        "store them and query any pair of countries over time.\n\n"
        "Example: accord ingest articles/ && accord events --dyad AZE-TUR --since 2021-01-01"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

DB_OPTION_HELP = "Database: a DuckDB file path or a postgresql:// URL (default ./accord.duckdb, or $ACCORD_DB)."


def default_db() -> str:
    return os.environ.get("ACCORD_DB", "accord.duckdb")


# Command modules register on `app` when imported; a missing module is a bug, not an option.
for _module in ("coding", "query", "serving", "evaluating", "facts"):
    importlib.import_module(f"accord.cli.{_module}")


def run() -> None:
    # The command's own process: a BLAS library's threads would only fight the coding
    # workers for the cores, and they let the parse use numpy's faster products.
    limit_to_one_thread()
    # It unpickles and stores what the workers code, batch after batch.
    keep_freed_memory()
    app()
