"""What a reader is, and what every reader shares.

A reader turns one input (a file, or standard input) into articles. Each reader says
which inputs it takes (``accepts``); ``read`` yields an ``Article`` for every good item
and an ``InputError`` (yielded, not raised) for every bad one, so that one bad line or
feed item never stops the rest of the file, and a batch never stops on one bad file.
A reader may also raise an ``InputError`` when the whole file is bad (it cannot be
decoded, say); ``accord.read.read_paths`` turns that into one yielded error.

Readers come from the ``accord_readers`` plugin hook; the built-in ones register
through it too (see ``accord.read.jsonl`` for the pattern).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from ..errors import BadDateError, InputError
from ..records import Article
from .dates import parse_published

__all__ = ["Reader", "ReadOptions", "ReadResult", "DEFAULT_MAX_BYTES", "published_or_error"]

ReadResult = Article | InputError

# Large enough for any single article and for a big JSON Lines dump; small enough
# that a mistaken path (a disk image, a database) is refused before it is read.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class ReadOptions:
    """Metadata the user gives (on the command line, say), used where the input has none.

    The input's own metadata wins: a file's date header beats ``published``.
    ``max_bytes`` is the largest input read; a bigger file is refused unread.
    """

    published: date | None = None
    outlet: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


class Reader(Protocol):
    name: str

    def accepts(self, path: Path, head: bytes) -> bool:
        """True if this reader handles the input; ``head`` is its first 4 KiB.

        ``path`` is ``Path("-")`` for standard input, so only ``head`` can tell.
        """

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
        """Yield articles and per-item errors from the input's bytes."""


def published_or_error(value: object, item: str, what: str) -> date | None:
    """Parse a publication date the input gives; None if it gives none.

    Raises BadDateError naming ``item`` and the value, worded for ``what`` the value
    is ("date header", "'published' field", ...).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_published(value)
    except ValueError as error:
        raise BadDateError(f"{what} {value!r} is not a date ({error}), so it is not coded", item) from None
