"""What a reader is, and the loop that turns paths into articles.

A reader turns one input (a file, or standard input) into articles. Each reader says
which paths it takes (``accepts``); ``read`` yields an ``Article`` for every good item
and an ``InputError`` (yielded, not raised) for every bad one, so that one bad line or
feed item never stops the rest of the file, and a batch never stops on one bad file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Protocol

from ..errors import InputError
from ..records import Article

__all__ = ["Reader", "ReadOptions", "ReadResult"]

ReadResult = Article | InputError


class ReadOptions:
    """Metadata the user gives on the command line, used where the input has none."""

    def __init__(
        self,
        published: date | None = None,
        outlet: str | None = None,
        max_bytes: int = 64 * 1024 * 1024,
    ):
        self.published = published
        self.outlet = outlet
        self.max_bytes = max_bytes


class Reader(Protocol):
    name: str

    def accepts(self, path: Path, head: bytes) -> bool:
        """True if this reader handles the file; ``head`` is its first 4 KiB."""

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
        """Yield articles and per-item errors from the file's bytes."""
